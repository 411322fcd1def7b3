/**
 * The CDS Hooks service through the sandbox chart (issue 18): opening a chart sends patient-view
 * and the chart's alert banner shows the cards above the embedded app; the order box sends
 * order-sign; a card's SMART link launches the app for that child in the chart's frame.
 * Expected cards are worked out from the seed and the run's instant (test/fixtures/cds-expected).
 */
import { expect, test, type Page } from './test';
import { APP_FRAME, expectAccessible, resetSandbox } from './helpers';
import { APP, SANDBOX } from './ports';
import { expectedChartCards, LP_ORDER_CARD } from '../fixtures/cds-expected';
import { MRI_TODAY } from '../sandbox/seed/generate';

test.beforeEach(async () => {
  await resetSandbox();
});

/** Open a chart and wait for the patient-view hook's answer in the alert banner. */
async function openChartAlerts(page: Page, patientId: string): Promise<string[]> {
  await page.goto(`${SANDBOX}/chart/${patientId}`);
  const banner = page.getByRole('region', { name: 'Decision support alerts' });
  await expect(banner).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
  return banner.locator('article.cds-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label') ?? ''));
}

test.describe('CDS Hooks cards in the sandbox chart', () => {
  test('the chart shows the right cards for every sandbox child', { tag: '@clock' }, async ({ page }) => {
    // Only the banner is under test here: the embedded app is not loaded for each of the children.
    await page.route(`${APP}/**`, (route) => route.abort());
    const expected = expectedChartCards();
    for (const [patientId, cards] of Object.entries(expected)) {
      expect(await openChartAlerts(page, patientId), patientId).toEqual(cards);
      if (cards.length === 0) await expect(page.getByText('No decision support alerts for this chart.')).toBeVisible();
    }
  });

  test('a lumbar puncture ordered for a pump child gets a critical card, in words', async ({ page }) => {
    await page.route(`${APP}/**`, (route) => route.abort());
    await openChartAlerts(page, 'itb-stable');
    await page.getByText('New order').click();
    const box = page.getByRole('form', { name: 'New order' });
    await box.getByLabel('Lumbar puncture').check();
    await box.getByRole('button', { name: 'Sign order' }).click();
    const alerts = page.getByRole('region', { name: 'Order alerts' });
    await expect(alerts).toHaveAttribute('aria-busy', 'false');
    const card = alerts.getByRole('article', { name: LP_ORDER_CARD });
    await expect(card).toBeVisible();
    await expect(card.locator('.cds-indicator')).toHaveText('Critical');
    await expect(card.getByText('Suggestion: Remove the lumbar puncture order (recommended)')).toBeVisible();
    // An intrathecal baclofen order written in mg, on select.
    await box.getByLabel('Intrathecal baclofen infusion').check();
    await box.getByLabel('Dose').fill('0.5');
    await box.getByLabel('Unit').selectOption('mg/d');
    await box.getByRole('button', { name: 'Select order' }).click();
    await expect(alerts.getByRole('article', { name: 'Critical: Intrathecal baclofen ordered in mg: prescribe in micrograms (1 mg = 1000 micrograms)' })).toBeVisible();
    await expectAccessible(page, 'the chart with order alerts', { document: 'chart' });
  });

  test('a card\'s links launch the app for that child: the emergency guidance, then the app itself', { tag: '@clock' }, async ({ page }) => {
    const cards = await openChartAlerts(page, MRI_TODAY.patientId);
    expect(cards).toEqual(expectedChartCards()[MRI_TODAY.patientId]);
    const app = page.frameLocator(APP_FRAME);
    await expect(app.getByRole('navigation', { name: 'Views' })).toBeVisible({ timeout: 30_000 });
    const mriCard = page.getByRole('article', { name: /^Warning: MRI today/ });
    await mriCard.getByText('Details').click();
    await expect(mriCard.getByText(/no pump interrogation is recorded after it/)).toBeVisible();
    await expect(mriCard.getByText('Source: CHW Intrathecal Baclofen practice guideline §2 (MRI)')).toBeVisible();
    await expectAccessible(page, 'the chart\'s alert banner', { document: 'chart' });

    await mriCard.getByRole('link', { name: 'ITB emergency guidance' }).click();
    await expect(app.getByRole('heading', { name: 'Emergency: baclofen withdrawal or overdose' })).toBeVisible({ timeout: 30_000 });
    await expect(app.getByText('400 micrograms/day').first()).toBeVisible();

    await mriCard.getByRole('link', { name: 'Open ITB Companion' }).click();
    await expect(app.getByRole('heading', { name: 'Emergency: baclofen withdrawal or overdose' })).toHaveCount(0, { timeout: 30_000 });
    await expect(app.getByRole('navigation', { name: 'Views' })).toBeVisible({ timeout: 30_000 });
  });
});
