/**
 * Records shaped like other EHRs' (issue 11): the Oracle Health-shaped and Epic-shaped sandbox
 * children carry none of the app's own codes. Expected figures are worked out here by hand from
 * the seeded resources (read through the admin API), never with the app's code.
 */
import { expect, test, type FrameLocator, type Page } from './test';
import { expectAccessible, openChart, resetSandbox } from './helpers';
import { fhirDay, searchAll } from './doctor-fhir';

test.beforeEach(async () => {
  await resetSandbox();
});

const MS_PER_DAY = 86_400_000;
const SITE_TIME_ZONE = 'Australia/Sydney';
/** public/site-config.json clinical.drugStabilityDays */
const STABILITY_DAYS = 180;

/** The Sydney calendar day of an instant, as `3 Sep 2026`. */
function sydneyDay(ms: number): string {
  const parts = new Intl.DateTimeFormat('en-AU', { timeZone: SITE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(ms));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return fhirDay(`${get('year')}-${get('month')}-${get('day')}`);
}

/** A date-only FHIR value plus whole days, on the calendar: `2026-09-01` + 80 → `20 Nov 2026`. */
function calendarPlusDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return fhirDay(new Date(Date.UTC(y, m - 1, d) + days * MS_PER_DAY).toISOString().slice(0, 10));
}

async function openDoctor(page: Page, patientId: string): Promise<FrameLocator> {
  const app = await openChart(page, patientId);
  await expect(app.getByRole('heading', { name: 'Summary' })).toBeVisible();
  return app;
}

type Procedure = { code?: { text?: string; coding?: { system?: string; code?: string }[] }; performedDateTime?: string; performedPeriod?: { start?: string }; note?: { text?: string }[] };

test.describe('Records as other EHRs write them', () => {
  test('Oracle Health-shaped child: per-day doseQuantity, text-only refills with a date-only last refill, text Device properties, unusable newest weights', { tag: '@clock' }, async ({ page }) => {
    // The seeded facts, as a pharmacist would look them up.
    const [order] = await searchAll('MedicationRequest?patient=itb-oracle&status=active');
    const dose = (order?.dosageInstruction as { doseAndRate: { doseQuantity: { value: number; code: string } }[] }[])[0]?.doseAndRate[0]?.doseQuantity;
    expect(dose).toMatchObject({ value: 450, code: 'ug/d' });
    const refills = (await searchAll('Procedure?patient=itb-oracle&_count=50')).filter((p) => /pump refill/i.test(String((p as Procedure).code?.text))) as Procedure[];
    const last = refills.map((p) => String(p.performedDateTime)).sort().at(-1) ?? '';
    expect(last).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const text = refills.find((p) => p.performedDateTime === last)?.code?.text ?? '';
    const [, fill, conc] = /\((\d+) mL of (\d+) mcg\/mL\)/.exec(text) ?? [];
    expect([Number(fill), Number(conc)]).toEqual([20, 2000]);
    // (20 − 2 mL alarm) ÷ (450 ÷ 2000 mL/day) = 80 days from the refill's calendar day in Sydney.
    const daysToAlarm = (Number(fill) - 2) / (450 / Number(conc));
    expect(daysToAlarm).toBe(80);

    const app = await openDoctor(page, 'itb-oracle');
    await expect(app.getByTestId('current-dose')).toHaveText('450 micrograms/day');
    await expect(app.getByTestId('dose-source')).toHaveText("Daily dose from the order's dose: 450 micrograms/day");
    await expect(app.getByTestId('refill-due-date')).toHaveText(calendarPlusDays(last, daysToAlarm));
    await expect(app.getByTestId('refill-governing')).toHaveText('the low-reservoir alarm volume');
    await expect(app.getByTestId('refill-inputs')).toContainText('20 mL of 2000 micrograms/mL');
    await expect(app.getByText(/matched by its text/i).filter({ visible: true }).first()).toBeVisible();
    // The three newest weights are unusable; the 19.8 kg of 30 days ago is the one.
    await expect(app.getByTestId('weight-kg')).toHaveText('19.8 kg');
    await expectAccessible(page, 'the doctor summary of an Oracle Health-shaped record');

    await app.getByRole('link', { name: /Emergency: withdrawal or overdose/ }).click();
    await expect(app.getByTestId('rescue-weight')).toHaveText('19.8 kg');
    await expect(app.getByTestId('rescue-band')).toHaveText('< 30kg');
    await expect(app.locator('.em-fact', { hasText: 'Current dose' })).toContainText('450 micrograms/day');

    await app.getByRole('link', { name: 'ITB action plan' }).click();
    const plan = app.locator('article.action-plan');
    await expect(plan.getByText('450 micrograms/day', { exact: true })).toBeVisible();
    await expect(plan.getByText('2000 micrograms/mL', { exact: true }).first()).toBeVisible();
    await expect(plan).toContainText(calendarPlusDays(last, daysToAlarm));
  });

  test('Epic-shaped child: rateRatio per 24 h, a separate Medication, locally coded procedures, the fill in the note; stability governs', { tag: '@clock' }, async ({ page }) => {
    const [order] = await searchAll('MedicationRequest?patient=itb-epic&status=active');
    const ratio = (order?.dosageInstruction as { doseAndRate: { rateRatio: { numerator: { value: number }; denominator: { value: number; code: string } } }[] }[])[0]?.doseAndRate[0]?.rateRatio;
    expect(ratio?.denominator).toMatchObject({ value: 24, code: 'h' });
    const dailyDose = ((ratio?.numerator.value ?? Number.NaN) / (ratio?.denominator.value ?? Number.NaN)) * 24;
    expect(dailyDose).toBe(375);
    const refills = (await searchAll('Procedure?patient=itb-epic&_count=50')).filter((p) => (p as Procedure).code?.coding?.some((c) => c.code === '1099') === true) as Procedure[];
    const lastStart = refills.map((p) => String(p.performedPeriod?.start)).sort().at(-1) ?? '';
    // (40 − 2) ÷ (375 ÷ 2000) = 202.7 days: beyond the 180-day stability limit, which governs.
    expect((40 - 2) / (dailyDose / 2000)).toBeGreaterThan(STABILITY_DAYS);
    const due = sydneyDay(Date.parse(lastStart) + STABILITY_DAYS * MS_PER_DAY);

    const app = await openDoctor(page, 'itb-epic');
    await expect(app.getByTestId('current-dose')).toHaveText('375 micrograms/day');
    await expect(app.getByTestId('refill-due-date')).toHaveText(due);
    await expect(app.getByTestId('refill-governing')).toHaveText('drug stability in the reservoir');
    await expect(app.getByTestId('refill-inputs')).toContainText('40 mL of 2000 micrograms/mL');
    await expect(app.getByTestId('weight-kg')).toHaveText('38.2 kg');

    await app.getByRole('link', { name: /Emergency: withdrawal or overdose/ }).click();
    await expect(app.getByTestId('rescue-weight')).toHaveText('38.2 kg');
    await expect(app.getByTestId('rescue-band')).toHaveText('> 30kg');
    await expect(app.locator('.em-fact', { hasText: 'Current dose' })).toContainText('375 micrograms/day');
  });
});
