/**
 * Code the app fetches when a view or a part is first shown, on a network that drops requests
 * (a ward's Wi-Fi) or after a deployment has removed the files an open page asks for: what the
 * user sees, and that "Try again" fetches afresh (components/ui/lazy-code.tsx, app/retry-code.ts).
 */
import type { Page } from '@playwright/test';
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

test.describe('code that does not arrive', () => {
  for (const [chunk, what] of [
    ['start', 'the session and first reads (app/start.ts)'],
    ['app', 'React and the app (app/boot.tsx)'],
  ] as const) {
    test(`the app opens when the request for ${what} is dropped twice (its preload and its first fetch, or the fetch they share and the next)`, async ({ page }) => {
      const requests = await dropRequests(page, `**/assets/${chunk}-*.js`, 2);
      const app = await openChart(page, 'itb-stable');
      await expect(app.getByTestId('current-dose')).toContainText('450 micrograms/day');
      expect(requests.tries()).toBeGreaterThan(2);
    });
  }

  test('the app\'s code that cannot be fetched three times says so, and Try again opens the app once the network is back', async ({ page }) => {
    const chunk = await dropRequests(page, '**/assets/start-*.js', Infinity);
    await page.goto(`${SANDBOX}/chart/itb-stable`);
    const app = page.frameLocator(APP_FRAME);
    const alert = app.getByRole('alert');
    await expect(alert).toContainText('ITB Companion could not be loaded (the network failed). Nothing you saved is lost.', { timeout: 30_000 });
    await expectAccessible(page, 'the app whose code could not be fetched');
    chunk.mend();
    await alert.getByRole('button', { name: 'Try again' }).click();
    // A reload: the session the page had signed in is used again, no new launch.
    await expect(app.getByTestId('current-dose')).toContainText('450 micrograms/day');
  });

  test('a site configuration whose request drops is asked for again, and the app opens', async ({ page }) => {
    const requests = await dropRequests(page, '**/site-config.json', 1);
    const app = await openChart(page, 'itb-stable');
    await expect(app.getByTestId('current-dose')).toContainText('450 micrograms/day');
    expect(requests.tries()).toBe(2);
  });

  test('a site configuration that cannot be fetched twice is named as the network, not the set-up, and Try again opens the app once it is back', async ({ page }) => {
    const requests = await dropRequests(page, '**/site-config.json', Infinity);
    await page.goto(`${SANDBOX}/chart/itb-stable`);
    const app = page.frameLocator(APP_FRAME);
    const alert = app.getByRole('alert');
    await expect(alert).toContainText('ITB Companion could not reach its web server', { timeout: 30_000 });
    await expect(alert).toContainText('The site configuration could not be loaded (network error). It was asked for twice.');
    await expect(alert).toContainText('This is the network or the web server, not how the app is set up. Nothing you saved is lost.');
    await expect(alert).not.toContainText('not configured');
    await expectAccessible(page, 'the web server could not be reached');
    requests.mend();
    await alert.getByRole('button', { name: 'Try again' }).click();
    // A reload: the session the page had signed in is used again, no new launch.
    await expect(app.getByTestId('current-dose')).toContainText('450 micrograms/day');
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
