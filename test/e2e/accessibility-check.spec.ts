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

/** The app's page as the chart frames it (the frame the check looks for), or on its own as in a tab. */
const LAYOUTS: Record<string, { html: (inner: string) => string; field: (page: Page) => ReturnType<Page['locator']> }> = {
  'in the chart’s frame': {
    html: (inner) =>
      `<!doctype html><html lang="en"><head><title>Chart</title></head><body><main><h1>Chart</h1>` +
      `<iframe title="ITB Companion" srcdoc="${inner.replaceAll('"', '&quot;')}"></iframe></main></body></html>`,
    field: (page) => page.frameLocator('iframe').locator('input'),
  },
  'in a tab': { html: (inner) => inner, field: (page) => page.locator('input') },
};

for (const [where, layout] of Object.entries(LAYOUTS)) {
  test(`an app page ${where} with an unlabelled field and unreadable text fails the check, naming both rules`, async ({ page }) => {
    await page.setContent(layout.html(APP_PAGE(BROKEN)));
    await expect(layout.field(page)).toBeVisible();
    const failure = await expectAccessible(page, 'a broken page').then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
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
  await page.setContent(LAYOUTS['in the chart’s frame']!.html(APP_PAGE(SOUND)).replace('<h1>Chart</h1>', '<h1>Chart</h1><input type="text">'));
  await expect(page.locator('body > main > input')).toBeVisible();
  await expectAccessible(page, 'the app in the chart');
  const failure = await expectAccessible(page, 'the chart', { document: 'chart' }).then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );
  expect(failure).toContain('label (critical)');
});
