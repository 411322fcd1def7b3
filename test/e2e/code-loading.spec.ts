/**
 * Code the app fetches when a view or a part is first shown, on a network that drops requests
 * (a ward's Wi-Fi) or after a deployment has removed the files an open page asks for: what the
 * user sees, and that "Try again" fetches afresh (components/ui/lazy-code.tsx, app/retry-code.ts).
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './test';
import { APP_FRAME, expectAccessible, openChart, resetSandbox } from './helpers';
import { SANDBOX } from './ports';

test.beforeEach(async () => {
  await resetSandbox();
});

/**
 * Requests matching `pattern` are dropped (the connection reset): the first `drops` of them, or
 * every one until `mend()` is called when `drops` is Infinity.
 */
async function dropRequests(page: Page, pattern: string, drops: number): Promise<{ mend: () => void; tries: () => number }> {
  let left = drops;
  let tries = 0;
  await page.route(pattern, async (route) => {
    tries += 1;
    if (left-- > 0) await route.abort('connectionreset');
    else await route.continue();
  });
  return { mend: () => (left = 0), tries: () => tries };
}

/**
 * Open the chart with `pattern` refused until mended; `notice` checks the app's alert (then axe);
 * once mended, its Try again (a reload, the signed-in session used again) opens the app on the dose.
 */
async function failsThenTryAgain(page: Page, pattern: string, context: string, notice: (alert: Locator) => Promise<void>): Promise<void> {
  const requests = await dropRequests(page, pattern, Infinity);
  await page.goto(`${SANDBOX}/chart/itb-stable`);
  const app = page.frameLocator(APP_FRAME);
  const alert = app.getByRole('alert');
  await notice(alert);
  await expectAccessible(page, context);
  requests.mend();
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(app.getByTestId('current-dose')).toContainText('450 micrograms/day');
}

test.describe('code that does not arrive', () => {
  // Each is asked for again on its own, and the app opens on the dose. The two chunks: dropped twice
  // (their preload and first fetch, or the fetch they share and the next), so at least three tries;
  // the site configuration: once, so its request and the one retry.
  for (const { what, pattern, drops, tries } of [
    { what: 'the session and first reads (app/start.ts)', pattern: '**/assets/start-*.js', drops: 2, tries: (n: number) => expect(n).toBeGreaterThan(2) },
    { what: 'React and the app (app/boot.tsx)', pattern: '**/assets/app-*.js', drops: 2, tries: (n: number) => expect(n).toBeGreaterThan(2) },
    { what: 'the site configuration', pattern: '**/site-config.json', drops: 1, tries: (n: number) => expect(n).toBe(2) },
  ]) {
    test(`the app opens when the request for ${what} is dropped ${drops === 1 ? 'once' : 'twice'}`, async ({ page }) => {
      const requests = await dropRequests(page, pattern, drops);
      const app = await openChart(page, 'itb-stable');
      await expect(app.getByTestId('current-dose')).toContainText('450 micrograms/day');
      tries(requests.tries());
    });
  }

  test('the app\'s code that cannot be fetched three times says so, and Try again opens the app once the network is back', async ({ page }) => {
    await failsThenTryAgain(page, '**/assets/start-*.js', 'the app whose code could not be fetched', async (alert) => {
      await expect(alert).toContainText('ITB Companion could not be loaded (the network failed). Nothing you saved is lost.', { timeout: 30_000 });
    });
  });

  test('a site configuration that cannot be fetched twice is named as the network, not the set-up, and Try again opens the app once it is back', async ({ page }) => {
    await failsThenTryAgain(page, '**/site-config.json', 'the web server could not be reached', async (alert) => {
      await expect(alert).toContainText('ITB Companion could not reach its web server', { timeout: 30_000 });
      await expect(alert).toContainText('The site configuration could not be loaded (network error). It was asked for twice.');
      await expect(alert).toContainText('This is the network or the web server, not how the app is set up. Nothing you saved is lost.');
      await expect(alert).not.toContainText('not configured');
    });
  });

  test('the Emergency view whose code cannot be fetched says so and why, and opens on Try again once the network is back', async ({ page }) => {
    const chunk = await dropRequests(page, '**/assets/EmergencyView-*.js', Infinity);
    const app = await openChart(page, 'itb-stable');
    await app.getByRole('link', { name: /Emergency: withdrawal or overdose/ }).click();
    const notice = app.getByTestId('code-load-failed');
    await expect(notice).toContainText('Emergency could not be opened');
    await expect(notice).toContainText('Its code could not be loaded. The network failed, or ITB Companion was updated since this page was opened.');
    await expect(notice).not.toContainText('unexpected');
    // Tried twice more on its own before the notice (and maybe fetched ahead while the app was idle).
    expect(chunk.tries()).toBeGreaterThanOrEqual(3);
    await expectAccessible(page, 'a view whose code could not be fetched');
    chunk.mend();
    await app.getByRole('button', { name: 'Try again' }).click();
    await expect(app.getByText('DO NOT PERFORM A LUMBAR PUNCTURE').first()).toBeVisible();
    await expect(notice).toHaveCount(0);
  });

  test('a dose chart whose code cannot be fetched leaves the doctor\'s view working, and draws on Try again', async ({ page }) => {
    const chunk = await dropRequests(page, '**/assets/DoseHistoryChart-*.js', Infinity);
    const app = await openChart(page, 'itb-history');
    await expect(app.getByTestId('current-dose')).toHaveText('640 micrograms/day');
    await app.getByRole('button', { name: 'Show chart' }).click();
    const notice = app.getByTestId('code-load-failed');
    await expect(notice).toContainText('The dose chart could not be loaded.');
    // The rest of the view is still there and still answers.
    await expect(app.getByTestId('current-dose')).toHaveText('640 micrograms/day');
    await expect(app.getByRole('region', { name: 'Dose history' }).locator('tbody tr').first()).toBeVisible();
    chunk.mend();
    await notice.getByRole('button', { name: 'Try again' }).click();
    await expect(app.getByTestId('dose-chart-svg')).toBeVisible();
    await expect(notice).toHaveCount(0);
  });
});
