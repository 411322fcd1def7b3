/**
 * Doctor: dose and refill, through a real launch from the sandbox chart. Expected values are
 * worked out here by hand from the seeded FHIR resources (read with the admin API), never with
 * the app's own code.
 */
import { expect, test, type FrameLocator, type Page } from './test';
import { expectAccessible, openChart, resetSandbox } from './helpers';
import { fhirDay, searchAll } from './doctor-fhir';

test.beforeEach(async () => {
  await resetSandbox();
});

const ITB_PROCEDURE = 'https://itb-companion.example/fhir/CodeSystem/itb-procedure';
const ITB_ASSESSMENT = 'https://itb-companion.example/fhir/CodeSystem/itb-assessment';
const DEVICE_PROPERTY = 'https://itb-companion.example/fhir/CodeSystem/itb-device-property';
const SITE_TIME_ZONE = 'Australia/Sydney';
/** The site's drug-stability setting (public/site-config.json clinical.drugStabilityDays). */
const STABILITY_DAYS = 180;

/** `28 Mar 2027`, on the Sydney calendar (the site's zone), built from numeric parts. */
function sydneyDay(ms: number): string {
  const parts = new Intl.DateTimeFormat('en-AU', { timeZone: SITE_TIME_ZONE, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return fhirDay(`${get('year')}-${String(get('month')).padStart(2, '0')}-${String(get('day')).padStart(2, '0')}`);
}

async function openDoctor(page: Page, patientId: string): Promise<FrameLocator> {
  const app = await openChart(page, patientId);
  await expect(app.getByRole('heading', { name: 'Summary' })).toBeVisible();
  return app;
}

test.describe('Doctor: dose and refill', () => {
  test('the stable pump child shows the current dose and the refill due date worked out by hand from the seed', { tag: '@clock' }, async ({ page }) => {
    // The seeded facts, read from the EHR the way a pharmacist would look them up.
    const [refill] = await searchAll(`Procedure?patient=itb-stable&code=${encodeURIComponent(`${ITB_PROCEDURE}|pump-refill`)}&_sort=-date&_count=1`);
    const fillAt = String(refill?.performedDateTime);
    const volumes = await searchAll(`Observation?patient=itb-stable&code=${encodeURIComponent(`${ITB_ASSESSMENT}|reservoir-fill-volume`)}&_sort=-date&_count=5`);
    const fillObs = volumes.find((o) => JSON.stringify(o.partOf ?? []).includes(`Procedure/${String(refill?.id)}`));
    const fillVolume = Number((fillObs?.valueQuantity as { value: number }).value);
    const [device] = await searchAll('Device?patient=itb-stable');
    const alarmProp = (device?.property as { type: { coding: { system: string; code: string }[] }; valueQuantity: { value: number }[] }[]).find((p) =>
      p.type.coding.some((c) => c.system === DEVICE_PROPERTY && c.code === 'low-reservoir-alarm-volume'),
    );
    const alarmVolume = Number(alarmProp?.valueQuantity[0]?.value);
    const [order] = await searchAll('MedicationRequest?patient=itb-stable&status=active');
    const dose = Number((order?.dosageInstruction as { doseAndRate: { rateQuantity: { value: number; code: string } }[] }[])[0]?.doseAndRate[0]?.rateQuantity.value);
    const med = (order?.contained as unknown[])[0] as { ingredient: { strength: { numerator: { value: number; code: string } } }[] };
    const concentration = Number(med.ingredient[0]?.strength.numerator.value);
    expect([fillVolume, alarmVolume, dose, concentration]).toEqual([40, 2, 450, 2000]);
    // The dose started long before the fill, so one dose period: (40 − 2) mL ÷ (450 ÷ 2000 mL/day).
    expect(Date.parse(String((order?.dispenseRequest as { validityPeriod: { start: string } }).validityPeriod.start))).toBeLessThan(Date.parse(fillAt));
    const daysToAlarm = (fillVolume - alarmVolume) / (dose / concentration);
    expect(daysToAlarm).toBeCloseTo(168.89, 2);
    expect(daysToAlarm).toBeLessThan(STABILITY_DAYS);
    const expectedDue = sydneyDay(Date.parse(fillAt) + daysToAlarm * 86_400_000);

    // The summary's cards (the patient, the current dose, the weight, the pump's four searches) are
    // one wave; the heavy reads (dose history, assessments, planned test doses) one more parallel
    // wave, sent once the patient and the current dose have answered.
    const reads: { url: string; start: number; end?: number }[] = [];
    page.on('request', (r) => {
      if (/\/fhir\/(?!\.well-known|metadata)/.test(r.url())) reads.push({ url: decodeURIComponent(r.url()), start: Date.now() });
    });
    page.on('requestfinished', (r) => {
      const read = reads.find((x) => x.url === decodeURIComponent(r.url()) && x.end === undefined);
      if (read) read.end = Date.now();
    });
    const app = await openDoctor(page, 'itb-stable');
    await expect(app.getByTestId('current-dose')).toHaveText('450 micrograms/day');
    await expect(app.getByTestId('refill-due-date')).toBeVisible();
    const firstScreenPatterns = [/\/fhir\/Patient\/itb-stable$/, /\/fhir\/MedicationRequest\?.*status=active/];
    const firstWavePatterns = [
      ...firstScreenPatterns,
      /\/fhir\/Observation\?.*code=http:\/\/loinc\.org\|29463-7/,
      /\/fhir\/Device\?patient=itb-stable/,
      /\/fhir\/Procedure\?.*code=/,
      /\/fhir\/Observation\?.*code=https:\/\/itb-companion\.example\/fhir\/CodeSystem\/itb-assessment\|reservoir-fill-volume/,
      // The pump's recent Procedures, which are also the procedure history's first page.
      /\/fhir\/Procedure\?patient=itb-stable&_sort=-date&_count=50$/,
    ];
    // The Altered Calling Criteria card reads once the first screen is drawn.
    const heavyPatterns = [/\/fhir\/MedicationRequest\?.*_sort=-authoredon/, /\/fhir\/Observation\?.*category=/, /\/fhir\/Observation\?.*altered-calling-criteria/, /\/fhir\/ServiceRequest\?/];
    const matching = (patterns: RegExp[]) => reads.filter((r) => patterns.some((p) => p.test(r.url)));
    const firstWave = matching(firstWavePatterns);
    const heavy = matching(heavyPatterns);
    expect(firstWave.map((r) => r.url.replace(/^.*?\/fhir\//, '').replace(/\?.*/, '')).sort()).toEqual(['Device', 'MedicationRequest', 'Observation', 'Observation', 'Patient/itb-stable', 'Procedure', 'Procedure']);
    expect(heavy.map((r) => r.url.replace(/^.*?\/fhir\//, '').replace(/\?.*/, '')).sort()).toEqual(['MedicationRequest', 'Observation', 'Observation', 'ServiceRequest']);
    // Every read is one of the two waves.
    expect(reads.filter((r) => !firstWave.includes(r) && !heavy.includes(r)).map((r) => r.url)).toEqual([]);
    // The first wave is sent together: each of its reads before any read has answered.
    const firstAnswer = Math.min(...reads.map((r) => r.end ?? Infinity));
    expect(firstWave.filter((r) => r.start > firstAnswer).map((r) => r.url)).toEqual([]);
    // The heavy reads wait for the first screen (the patient and the current dose), then go together.
    const firstScreenAnswered = Math.max(...matching(firstScreenPatterns).map((r) => r.end ?? Infinity));
    expect(heavy.filter((r) => r.start < firstScreenAnswered).map((r) => r.url)).toEqual([]);
    const heavyFirstAnswer = Math.min(...heavy.map((r) => r.end ?? Infinity));
    expect(heavy.filter((r) => r.start > heavyFirstAnswer).map((r) => r.url)).toEqual([]);
    // The dashboard's reads, both histories' first pages, the planned test doses (ServiceRequest) and
    // the Altered Calling Criteria, the procedure history's first page shared with the pump's.
    expect(reads.length).toBe(11);
    await expect(app.getByTestId('refill-due-date')).toHaveText(expectedDue);
    await expect(app.getByTestId('refill-governing')).toHaveText('the low-reservoir alarm volume');
    await expect(app.getByTestId('refill-inputs')).toContainText(`From the refill on ${fhirDay(fillAt)}: 40 mL of 2000 micrograms/mL`);
    await expect(app.getByTestId('refill-inputs')).toContainText('0.225 mL/day');
    await expect(app.getByText('MRI', { exact: false }).first()).toBeVisible();
    await expectAccessible(page, 'the doctor summary');
  });

  test('the dose history lists every seeded prescription of the child titrating after implant', { tag: '@clock' }, async ({ page }) => {
    const seeded = (await searchAll('MedicationRequest?patient=itb-titration&_count=200')).filter((r) => JSON.stringify(r.dosageInstruction ?? []).includes('72607000'));
    expect(seeded.length).toBe(6);
    const app = await openDoctor(page, 'itb-titration');
    await app.getByRole('button', { name: 'All time' }).click();
    const table = app.getByTestId('dose-history-table');
    await expect(table.locator('tbody tr')).toHaveCount(seeded.length);
    for (const r of seeded) {
      const row = table.locator(`tr[data-request-id="${String(r.id)}"]`);
      const rate = (r.dosageInstruction as { doseAndRate: { rateQuantity: { value: number } }[] }[])[0]?.doseAndRate[0]?.rateQuantity.value;
      await expect(row.getByRole('rowheader')).toHaveText(fhirDay(String(r.authoredOn)));
      // The dose, then where it was read from in the order.
      await expect(row.getByRole('cell').first()).toHaveText(`${String(rate)} micrograms/dayfrom the order's rate: ${String(rate)} micrograms/day`);
    }
    // Titration steps are compared with the dose before: 250 → 275 is +25 (+10%).
    await expect(table.getByRole('cell', { name: '+25 micrograms/day (+10%)' })).toBeVisible();
  });

  test('five years of history: every seeded dose change is in the table and the chart draws on demand', async ({ page }) => {
    const seeded = (await searchAll('MedicationRequest?patient=itb-history&_count=200')).filter((r) => JSON.stringify(r.dosageInstruction ?? []).includes('72607000'));
    expect(seeded.length).toBeGreaterThan(50);
    const chartRequests: string[] = [];
    page.on('request', (r) => {
      if (/DoseHistoryChart/i.test(r.url())) chartRequests.push(r.url());
    });
    const app = await openDoctor(page, 'itb-history');
    await app.getByRole('button', { name: 'All time' }).click();
    const table = app.getByTestId('dose-history-table');
    await expect(table.locator('tbody tr')).toHaveCount(seeded.length);
    const ids = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-request-id')));
    expect(new Set(ids)).toEqual(new Set(seeded.map((r) => String(r.id))));
    // The current order is flex dosing: two steps, 640 micrograms/day in total.
    await expect(app.getByTestId('current-dose')).toHaveText('640 micrograms/day');

    // The chart is not drawn until asked for, but its code is fetched while the view is idle.
    await expect(app.getByTestId('dose-chart-svg')).toHaveCount(0);
    await expect.poll(() => chartRequests.length).toBeGreaterThan(0);
    await app.getByRole('button', { name: 'Show chart' }).click();
    const chart = app.getByTestId('dose-chart-svg');
    await expect(chart).toBeVisible();
    await expect(chart.locator('path').first()).toHaveAttribute('d', /^M[\d.]+,[\d.]+H/);
    await expect(app.locator('.doctor-chart figcaption')).toContainText('Step chart of the daily dose');
    // Hovering names the dose at that instant, with its unit.
    await chart.hover();
    await expect(app.getByTestId('dose-chart-hover')).toContainText('micrograms/day');
  });

  test('for the child whose only weight is old, dose guidance says the weight is stale', { tag: '@clock' }, async ({ page }) => {
    const [weight] = await searchAll('Observation?patient=itb-pounds&code=http://loinc.org|29463-7');
    expect((weight?.valueQuantity as { code: string }).code).toBe('[lb_av]');
    const app = await openDoctor(page, 'itb-pounds');
    await expect(app.getByTestId('refill-governing')).toBeVisible();
    await expect(app.getByTestId('titration-stale-weight')).toContainText('STALE');
    await expect(app.getByTestId('titration-stale-weight')).toContainText('re-weigh');
    await expect(app.getByRole('region', { name: 'Summary' }).getByText('STALE', { exact: true })).toBeVisible();
    // 88 lb = 39.92 kg, shown to one decimal place with the original unit (as written, not UCUM) beside it.
    await expect(app.getByTestId('weight-kg')).toHaveText('39.9 kg');
    await app.getByLabel('Proposed daily dose').fill('330');
    await app.getByLabel('Outpatient (§4.1.4)').check();
    await expect(app.getByTestId('titration-result')).toContainText('+30 micrograms/day (+10%)');
  });

  test('a child before the test dose gets the §3.1.5 suggestion once the prescriber picks the indication', { tag: '@clock' }, async ({ page }) => {
    const app = await openDoctor(page, 'itb-pretest');
    await expect(app.getByTestId('test-dose-result')).toHaveCount(0);
    await app.getByLabel('Spasticity', { exact: true }).check();
    const result = app.getByTestId('test-dose-result');
    await expect(result).toContainText('25 micrograms');
    await expect(result).toContainText('0.5 mL');
    await expect(result).toContainText('over at least 1 minute');
    await expect(result).toContainText('§1.1');
    await expectAccessible(page, 'test-dose planning');
  });

  test('a failed medication read shows an error with retry, never "not recorded"', async ({ page }) => {
    let failing = true;
    await page.route(/\/fhir\/MedicationRequest\?.*status=active/, (route) =>
      failing ? route.fulfill({ status: 503, contentType: 'application/fhir+json', body: '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient"}]}' }) : route.fallback(),
    );
    const app = await openChart(page, 'itb-stable');
    const retry = app.getByRole('button', { name: 'Retry medication records' }).first();
    await expect(retry).toBeVisible({ timeout: 30_000 });
    await expect(app.getByText('No active intrathecal baclofen prescription recorded')).toHaveCount(0);
    failing = false;
    await retry.click();
    await expect(app.getByTestId('current-dose')).toHaveText('450 micrograms/day');
  });

  test('messy transfer-in data: an active baclofen order with no route is named for checking, never counted as a dose', async ({ page }) => {
    const app = await openChart(page, 'itb-messy');
    // "380 mcg/day" in other spellings still reads as micrograms/day.
    await expect(app.getByTestId('current-dose')).toHaveText('380 micrograms/day');
    const warning = app.getByTestId('unrouted-baclofen-orders');
    await expect(warning).toContainText('does not state the route');
    await expect(warning).toContainText('Lioresal Intrathecal (baclofen) 2000mcg/mL');
    await expectAccessible(page, 'the messy record');
  });
});
