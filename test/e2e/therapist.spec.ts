import { expect, test, type FrameLocator, type Page } from './test';
import { admin, expectAccessible, openChart, resetSandbox } from './helpers';
import { testNow } from '../clock/test-clock';
import { formatSiteDateTime, toSiteIso, toSiteLocalInput } from '../../src/domain/clinical-time';

const SITE_ZONE = 'Australia/Sydney';
const MINUTE = 60_000;

const LOCAL = 'https://itb-companion.example/fhir/CodeSystem/itb-assessment';
const REGIONS = ['Eyes', 'Mouth', 'Neck', 'Trunk', 'Left upper extremity', 'Right upper extremity', 'Left lower extremity', 'Right lower extremity'] as const;

test.beforeEach(async () => {
  await resetSandbox();
});

async function openTherapist(page: Page, patientId: string): Promise<FrameLocator> {
  const app = await openChart(page, patientId);
  await app.getByRole('link', { name: 'Therapist: tone assessments' }).click();
  await expect(app.getByRole('heading', { name: 'Tone assessments: test-dose day' })).toBeVisible();
  return app;
}

async function scoreBads(app: FrameLocator, scores: readonly number[]): Promise<void> {
  for (const [i, region] of REGIONS.entries()) {
    await app.getByRole('group', { name: region, exact: true }).getByRole('radio', { name: new RegExp(`^${scores[i]} `) }).check();
  }
}

const mas = (app: FrameLocator, muscleSide: string, grade: string) => app.getByRole('group', { name: muscleSide, exact: true }).getByRole('radio', { name: grade, exact: true });

async function tardieu(app: FrameLocator, muscleSide: string, r1: string, r2: string, quality: string): Promise<void> {
  await app.getByLabel(`${muscleSide}: R1 in degrees`).fill(r1);
  await app.getByLabel(`${muscleSide}: R2 in degrees`).fill(r2);
  await app.getByLabel(`${muscleSide}: quality`).selectOption(quality);
}

interface SearchBundle {
  entry?: { resource: { status: string; effectiveDateTime?: string; valueInteger?: number; valueString?: string; category?: { coding: { code: string }[] }[]; valueCodeableConcept?: { coding: { code: string }[] }; component?: { code: { coding: { code: string }[] }; valueCodeableConcept?: { coding: { code: string }[] } }[]; method?: { coding: { system: string; code: string }[] }; bodySite?: { text: string }; note?: { text: string }[]; performer?: { reference: string }[] } }[];
}
const search = (patient: string, code: string) => admin<SearchBundle>('GET', `fhir/Observation?patient=${patient}&code=${encodeURIComponent(`${LOCAL}|${code}`)}&_count=100`);
const timePointOf = (r: NonNullable<SearchBundle['entry']>[number]['resource']) => r.component?.find((c) => c.code.coding[0]?.code === 'time-point')?.valueCodeableConcept?.coding[0]?.code;

test.describe('Therapist: tone assessments on test-dose day', () => {
  test('baseline and 2-hour scores show a 28% BADS reduction; the verdict is saved; a relaunch reads it all back from the EHR', async ({ page, context }) => {
    const app = await openTherapist(page, 'itb-pretest');
    // No injection recorded for this child: the form starts at baseline, and the GMFCS level already recorded is shown.
    await expect(app.getByRole('radio', { name: 'Baseline' })).toBeChecked();
    await expect(app.getByText(/No test-dose injection is recorded/)).toBeVisible();
    await expect(app.getByText(/Level IV/)).toBeVisible();
    await expectAccessible(page, 'the assessment form');

    // Baseline: BADS 1+3+3+4+4+3+4+3 = 25.
    await scoreBads(app, [1, 3, 3, 4, 4, 3, 4, 3]);
    await expect(app.getByText('25 of 32')).toBeVisible();
    await mas(app, 'Hamstrings, left', '2').check();
    await mas(app, 'Hip adductors, right', '1+').check();
    await tardieu(app, 'Hamstrings, left', '110', '150', '2');
    await app.getByLabel("Goals, in the family's words").fill('Easier dressing and sitting');
    await app.getByLabel('Range of movement', { exact: true }).fill('Hip abduction 20° each side; knee extension −30° left');
    await app.getByLabel('Transfers', { exact: true }).fill('Two-person lift bed to chair');
    await app.getByRole('button', { name: 'Save assessment' }).click();
    await expect(app.getByRole('status').filter({ hasText: 'Saved to the EHR: Baseline assessment' })).toBeVisible();

    // 2 hours: BADS 0+2+2+3+3+2+3+3 = 18. Relaunching midway in the same tab keeps what was entered (sessionStorage draft).
    await app.getByRole('radio', { name: '2 hours' }).check();
    await scoreBads(app, [0, 2, 2, 3, 3, 2, 3, 3]);
    await app.getByLabel('Range of movement', { exact: true }).fill('Hip abduction 35° each side; knee extension −20° left');
    await openTherapist(page, 'itb-pretest');
    await expect(app.getByRole('radio', { name: '2 hours' })).toBeChecked();
    await expect(app.getByText('18 of 32')).toBeVisible();
    await expect(app.getByLabel('Range of movement', { exact: true })).toHaveValue('Hip abduction 35° each side; knee extension −20° left');
    // While writing a later time point, the baseline note is shown to compare against.
    await expect(app.getByText('Baseline: “Two-person lift bed to chair”')).toBeVisible();
    await app.getByLabel('Transfers', { exact: true }).fill('Stand-pivot with one assist');
    await app.getByLabel('Transfers', { exact: true }).scrollIntoViewIfNeeded();
    await mas(app, 'Hamstrings, left', '1+').check();
    await mas(app, 'Hip adductors, right', '1+').check();
    await tardieu(app, 'Hamstrings, left', '130', '150', '1');
    await app.getByRole('button', { name: 'Save assessment' }).click();
    await expect(app.getByRole('status').filter({ hasText: 'Saved to the EHR: 2 hours assessment' })).toBeVisible();

    await app.getByRole('tab', { name: 'Compare and verdict' }).click();
    const bads2h = app.getByTestId('bads-2h');
    await expect(bads2h).toContainText('18');
    await expect(bads2h).toContainText('−7 (28% reduction)');
    await expect(bads2h).toContainText('≥25% reduction: met');
    await expect(app.getByTestId('bads-baseline')).toContainText('25');
    await expect(app.getByTestId('bads-1h')).toHaveText('not assessed');
    await expect(app.getByTestId('bads-4h')).toHaveText('not assessed');
    await expect(app.getByRole('row', { name: /Hamstrings, left/ }).first()).toContainText('2 → 1+ (reduced)');
    await expect(app.getByRole('row', { name: /Hip adductors, right/ })).toContainText('1+ → 1+ (unchanged)');
    await expect(app.getByRole('row', { name: /Hamstrings, left/ }).last()).toContainText('baseline 40°, change −20°');
    await expect(app.getByText(/Guideline §3\.4\.8: "A reduction in the Barry Albright Dystonia Scale of at least 25% and\/or a change in the Modified Ashworth score/)).toBeVisible();
    await expect(app.getByTestId('rom-baseline')).toHaveText('Hip abduction 20° each side; knee extension −30° left');
    await expect(app.getByTestId('rom-2h')).toHaveText('Hip abduction 35° each side; knee extension −20° left');
    await expect(app.getByTestId('transfers-2h')).toHaveText('Stand-pivot with one assist');
    await expect(app.getByTestId('transfers-1h')).toHaveText('not recorded');

    await app.getByRole('radio', { name: 'Positive' }).check();
    await app.getByLabel('Note').fill('BADS down 28% at 2 h; dressing easier.');
    await expectAccessible(page, 'the comparison and verdict');
    await app.getByRole('button', { name: 'Record verdict' }).click();
    await expect(app.getByText('Verdict saved to the EHR.')).toBeVisible();
    await expect(app.getByTestId('verdict-current')).toContainText('Positive response');
    await expect(app.getByTestId('verdict-current')).toContainText('Recorded by Dr Jordan Lee');

    // What the EHR holds: two BADS totals with their time points, MAS and Tardieu with their instruments, the verdict.
    const totals = (await search('itb-pretest', 'bads-total')).entry?.map((e) => [timePointOf(e.resource), e.resource.valueInteger]);
    expect(totals?.sort()).toEqual([
      ['2h', 18],
      ['baseline', 25],
    ]);
    const masRecords = (await search('itb-pretest', 'mas-grade')).entry ?? [];
    expect(masRecords).toHaveLength(4);
    expect(masRecords.map((e) => e.resource.method?.coding[0]?.code)).toEqual(['765771006', '765771006', '765771006', '765771006']);
    expect(masRecords.map((e) => e.resource.bodySite?.text).sort()).toEqual(['Hamstrings (left)', 'Hamstrings (left)', 'Hip adductors (right)', 'Hip adductors (right)']);
    const mts = (await search('itb-pretest', 'mts')).entry ?? [];
    expect(mts.map((e) => e.resource.method?.coding[0]?.code)).toEqual(['1290510006', '1290510006']);
    const verdicts = (await search('itb-pretest', 'itb-test-response')).entry ?? [];
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]?.resource.valueCodeableConcept?.coding[0]?.code).toBe('response-positive');
    expect(verdicts[0]?.resource.note?.[0]?.text).toBe('BADS down 28% at 2 h; dressing easier.');
    expect(verdicts[0]?.resource.performer?.[0]?.reference).toBe('Practitioner/prac-rehab-lee');
    // GMFCS was already recorded and unchanged: not written again.
    expect((await search('itb-pretest', 'gmfcs-level')).entry).toHaveLength(1);

    // A new launch (another page) reads everything back from the EHR.
    const again = await context.newPage();
    const relaunched = await openTherapist(again, 'itb-pretest');
    await relaunched.getByRole('tab', { name: 'Compare and verdict' }).click();
    await expect(relaunched.getByTestId('bads-2h')).toContainText('−7 (28% reduction)');
    await expect(relaunched.getByRole('row', { name: /Hamstrings, left/ }).first()).toContainText('2 → 1+ (reduced)');
    await expect(relaunched.getByTestId('verdict-current')).toContainText('Positive response');
    await expect(relaunched.getByTestId('verdict-current')).toContainText('BADS down 28% at 2 h; dressing easier.');
    await expect(relaunched.getByTestId('rom-baseline')).toHaveText('Hip abduction 20° each side; knee extension −30° left');
    await expect(relaunched.getByTestId('transfers-baseline')).toHaveText('Two-person lift bed to chair');
    await expect(relaunched.getByTestId('rom-2h')).toHaveText('Hip abduction 35° each side; knee extension −20° left');
    await expect(relaunched.getByTestId('transfers-2h')).toHaveText('Stand-pivot with one assist');
    await expect(relaunched.getByTestId('rom-4h')).toHaveText('not recorded');

    // And the EHR holds each note once, as exam text with its time point.
    const notes = async (code: string) =>
      ((await search('itb-pretest', code)).entry ?? []).map((e) => [timePointOf(e.resource), e.resource.category?.[0]?.coding[0]?.code, e.resource.status, e.resource.valueString]).sort();
    expect(await notes('rom-notes')).toEqual([
      ['2h', 'exam', 'final', 'Hip abduction 35° each side; knee extension −20° left'],
      ['baseline', 'exam', 'final', 'Hip abduction 20° each side; knee extension −30° left'],
    ]);
    expect(await notes('transfers-notes')).toEqual([
      ['2h', 'exam', 'final', 'Stand-pivot with one assist'],
      ['baseline', 'exam', 'final', 'Two-person lift bed to chair'],
    ]);
    await relaunched.getByTestId('rom-2h').scrollIntoViewIfNeeded();
  });

  test("on test-dose day the seeded baseline is compared, the time point follows the dose time, and an edit amends the saved score", { tag: '@clock' }, async ({ page }) => {
    const app = await openTherapist(page, 'itb-testdose');
    // The dose was ~90 minutes ago: inside the 1-hour assessment window.
    await expect(app.getByRole('radio', { name: '1 hour' })).toBeChecked();
    await expect(app.getByText(/Test dose 50 micrograms/)).toBeVisible();
    await app.getByRole('tab', { name: 'Compare and verdict' }).click();
    // Seeded baseline: 0+2+2+3+3+2+3+3 = 18; nothing yet after the dose.
    await expect(app.getByTestId('bads-baseline')).toContainText('18');
    await expect(app.getByTestId('bads-1h')).toHaveText('not assessed');
    await expect(app.getByRole('row', { name: /Hamstrings, left/ }).first()).toContainText('3');

    await app.getByRole('button', { name: 'Edit the baseline assessment' }).click();
    await expect(app.getByText(/Editing the Baseline assessment/)).toBeVisible();
    await app.getByRole('group', { name: 'Eyes', exact: true }).getByRole('radio', { name: /^1 / }).check();
    // The dose has been given: changing the baseline needs a reason, as a nurse's amendment does.
    await app.getByRole('button', { name: 'Save changes' }).click();
    const injectedAt = formatSiteDateTime(new Date(testNow().getTime() - 90 * MINUTE), SITE_ZONE);
    await expect(app.getByRole('alert').filter({ hasText: 'Not saved' })).toContainText(`This baseline is being changed after the test dose was injected ${injectedAt}: give the reason for the change.`);
    expect((await search('itb-testdose', 'bads-eyes')).entry?.map((e) => e.resource.status)).toEqual(['final']);
    await app.getByLabel('Reason for the change').fill('Eyes score misread from the paper sheet');
    await expectAccessible(page, 'the baseline edit with its reason');
    await app.getByRole('button', { name: 'Save changes' }).click();
    await expect(app.getByText(/Changes saved to the EHR: 2 amended, 0 added/)).toBeVisible();
    // Who changed what: each amended score with the reason, what it was, the person and when.
    const changes = app.getByRole('region', { name: 'Changes to saved scores' });
    await expect(changes.getByTestId('amendment')).toHaveCount(2);
    await expect(changes).toContainText('Baseline, BADS eyes: now 1 — Amended: Eyes score misread from the paper sheet. Was 0. — by Dr Jordan Lee');
    await expect(changes).toContainText('Baseline, BADS total: now 19 — Amended: Eyes score misread from the paper sheet. Was 18. — by Dr Jordan Lee');
    await expect(app.getByTestId('bads-baseline')).toContainText('19');
    await expect(app.getByTestId('bads-baseline').locator('..')).toBeVisible();

    const eyes = (await search('itb-testdose', 'bads-eyes')).entry ?? [];
    expect(eyes.map((e) => [e.resource.status, e.resource.valueInteger, e.resource.note?.[0]?.text, e.resource.performer?.[0]?.reference])).toEqual([
      ['amended', 1, 'Amended: Eyes score misread from the paper sheet. Was 0.', 'Practitioner/prac-rehab-lee'],
    ]);
    const total = (await search('itb-testdose', 'bads-total')).entry ?? [];
    expect(total.map((e) => [e.resource.status, e.resource.valueInteger, timePointOf(e.resource)])).toEqual([['amended', 19, 'baseline']]);
  });
});

test.describe('Therapist: a 2-hour score typed in later, with the browser in another zone (issue 13)', () => {
  // The app must write and show the site's time whatever zone the browser is in.
  test.use({ timezoneId: 'America/Los_Angeles' });

  test('a paper 2-hour score entered 4.5 hours after the dose keeps its own time, in the site zone, in the header, table, record and doctor view', { tag: '@clock' }, async ({ page }) => {
    const now = testNow().getTime();
    const injected = new Date(now - 90 * MINUTE);
    // The therapist sits down to type the paper scores 3 hours later: 4 h 30 min after the dose.
    await page.clock.setSystemTime(new Date(now + 180 * MINUTE));
    const app = await openTherapist(page, 'itb-testdose');
    await expect(app.getByRole('radio', { name: '4 hours' })).toBeChecked();
    // The 2-hour assessment was done 2 h 5 min after the injection.
    const assessed = new Date(injected.getTime() + 125 * MINUTE);
    const local = toSiteLocalInput(assessed, SITE_ZONE);
    await app.getByLabel('Day', { exact: true }).selectOption(local.slice(0, 10));
    await app.getByLabel('Time (24-hour)').fill(local.slice(11));
    await expect(app.getByRole('radio', { name: '2 hours' })).toBeChecked();
    await expect(app.getByRole('group', { name: 'Assessed at' })).toContainText(`2 h 5 min after the injection at ${formatSiteDateTime(injected, SITE_ZONE)}`);
    // 0+1+1+2+2+1+2+2 = 11 against the seeded baseline of 18.
    await scoreBads(app, [0, 1, 1, 2, 2, 1, 2, 2]);
    await expectAccessible(page, 'the assessment time field');
    await app.getByRole('button', { name: 'Save assessment' }).click();
    const at = formatSiteDateTime(assessed, SITE_ZONE);
    await expect(app.getByRole('status').filter({ hasText: `Saved to the EHR: 2 hours assessment, assessed ${at}` })).toBeVisible();

    // One source for "done": the header and the table agree.
    await expect(app.getByTestId('slot-2h')).toContainText(`done assessed ${at}`);
    await expect(app.getByTestId('slot-1h')).not.toContainText('done');
    await app.getByRole('tab', { name: 'Compare and verdict' }).click();
    await expect(app.getByRole('row', { name: /^Assessed/ })).toContainText(at);
    await expect(app.getByTestId('bads-2h')).toContainText('−7 (38.9% reduction)');
    await expect(app.getByTestId('bads-1h')).toHaveText('not assessed');
    // §3.4.8: "A reduction in the Barry Albright Dystonia Scale of at least 25% … positive test dose response".
    await expect(app.getByTestId('criterion-met')).toContainText('Yes');

    // The EHR holds the assessment's own time with the site's offset, not the browser's (-08:00) or UTC.
    const total = (await search('itb-testdose', 'bads-total')).entry?.find((e) => timePointOf(e.resource) === '2h');
    expect(total?.resource.effectiveDateTime).toBe(toSiteIso(assessed, SITE_ZONE));

    // The verdict, written with the site's offset and shown at the site's time in the doctor view.
    await app.getByRole('radio', { name: 'Positive' }).check();
    await app.getByRole('button', { name: 'Record verdict' }).click();
    await expect(app.getByText('Verdict saved to the EHR.')).toBeVisible();
    const verdict = (await search('itb-testdose', 'itb-test-response')).entry?.[0]?.resource;
    expect(verdict?.effectiveDateTime).toMatch(/[+]1[01]:00$/);
    const verdictAt = formatSiteDateTime(verdict?.effectiveDateTime ?? '', SITE_ZONE);
    await expect(app.getByTestId('verdict-current')).toContainText(`Recorded by Dr Jordan Lee, ${verdictAt}`);
    await app.getByRole('link', { name: 'Doctor: dose and refill' }).click();
    const response = app.getByRole('article', { name: 'Test dose response and MRI' });
    await expect(response).toContainText(verdictAt);
  });
});
