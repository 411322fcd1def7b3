/**
 * The accessibility check every browser test relies on (`expectAccessible`) can fail: a serious
 * violation inside a framed page, as the app sits inside the EHR's chart, is reported with its
 * rule. Without this, a change to how axe is run (the rules, the result types, the frames) could
 * leave 40-odd checks passing whatever the page holds.
 */
import { expect, test } from './test';
import { expectAccessible } from './helpers';

const FRAMED = (inner: string) =>
  `<!doctype html><html lang="en"><head><title>Chart</title></head><body><main><h1>Chart</h1>` +
  `<iframe title="App" srcdoc="${inner.replaceAll('"', '&quot;')}"></iframe></main></body></html>`;
const PAGE = (body: string) => `<!doctype html><html lang="en"><head><title>App</title></head><body><main><h1>App</h1>${body}</main></body></html>`;

test('a framed page with an unlabelled field and unreadable text fails the check, naming both rules', async ({ page }) => {
  await page.setContent(FRAMED(PAGE('<input type="text"><p style="color:#ccc;background:#fff">Dose 120 micrograms/day</p>')));
  await expect(page.frameLocator('iframe').locator('input')).toBeVisible();
  const failure = await expectAccessible(page, 'a broken frame').then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );
  expect(failure, 'the check must fail on a broken frame').toBeDefined();
  expect(failure).toContain('label (critical)');
  expect(failure).toContain('color-contrast (serious)');
});

test('the same page with the field labelled and the text readable passes', async ({ page }) => {
  await page.setContent(FRAMED(PAGE('<label>Note <input type="text"></label><p style="color:#222;background:#fff">Dose 120 micrograms/day</p>')));
  await expect(page.frameLocator('iframe').locator('input')).toBeVisible();
  await expectAccessible(page, 'a sound frame');
});
