/**
 * The accessibility check every browser test relies on (`expectAccessible`) can fail: a serious
 * violation in the app, whether it sits inside the EHR's chart frame or was launched in a tab of
 * its own, is reported with its rule. Without this, a change to how axe is run (the rules, the
 * result types, which document) could leave 40-odd checks passing whatever the page holds.
 */
import { expect, test, type Page } from './test';
import { expectAccessible } from './helpers';

const APP_PAGE = (body: string) => `<!doctype html><html lang="en"><head><title>App</title></head><body><main><h1>App</h1>${body}</main></body></html>`;
const BROKEN = '<input type="text"><p style="color:#ccc;background:#fff">Dose 120 micrograms/day</p>';
const SOUND = '<label>Note <input type="text"></label><p style="color:#222;background:#fff">Dose 120 micrograms/day</p>';
/** A chart page (with `chart` in it) framing the app's page as the sandbox chart does, in the frame the check looks for. */
const CHART = (app: string, chart = '') =>
  `<!doctype html><html lang="en"><head><title>Chart</title></head><body><main><h1>Chart</h1>${chart}` +
  `<iframe title="ITB Companion" srcdoc="${app.replaceAll('"', '&quot;')}"></iframe></main></body></html>`;

/** The app's page in the chart's frame, or on its own as in a tab. */
const LAYOUTS: Record<string, { html: (app: string) => string; field: (page: Page) => ReturnType<Page['locator']> }> = {
  'in the chart’s frame': { html: (app) => CHART(app), field: (page) => page.frameLocator('iframe').locator('input') },
  'in a tab': { html: (app) => app, field: (page) => page.locator('input') },
};

/** The check's failure message, or undefined when it passed. */
const failureOf = (check: Promise<void>): Promise<string | undefined> =>
  check.then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );

for (const [where, layout] of Object.entries(LAYOUTS)) {
  test(`an app page ${where} with an unlabelled field and unreadable text fails the check, naming both rules`, async ({ page }) => {
    await page.setContent(layout.html(APP_PAGE(BROKEN)));
    await expect(layout.field(page)).toBeVisible();
    const failure = await failureOf(expectAccessible(page, 'a broken page'));
    expect(failure, 'the check must fail on a broken page').toBeDefined();
    expect(failure).toContain('label (critical)');
    expect(failure).toContain('color-contrast (serious)');
  });

  test(`the same page ${where} with the field labelled and the text readable passes`, async ({ page }) => {
    await page.setContent(layout.html(APP_PAGE(SOUND)));
    await expect(layout.field(page)).toBeVisible();
    await expectAccessible(page, 'a sound page');
  });
}

test('the chart check looks at the chart page, not the app in its frame', async ({ page }) => {
  await page.setContent(CHART(APP_PAGE(SOUND), '<input type="text">'));
  await expect(page.locator('body > main > input')).toBeVisible();
  await expectAccessible(page, 'the app in the chart');
  const failure = await failureOf(expectAccessible(page, 'the chart', { document: 'chart' }));
  expect(failure).toContain('label (critical)');
});
