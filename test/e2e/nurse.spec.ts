import { expect, test, type FrameLocator, type Page } from './test';
import { APP_FRAME, admin, expectAccessible, openChart, resetSandbox } from './helpers';
import { APP } from './ports';
import { countByIdentifier, groupObservations, observationsSince, observationsWithCode, readObservation, validateAll } from './nurse-fhir';

test.beforeEach(async () => {
  await resetSandbox();
});

async function openRounds(page: Page, patientId: string): Promise<FrameLocator> {
  const app = await openChart(page, patientId);
  await app.getByRole('link', { name: 'Nurse: observation rounds' }).click();
  await expect(app.getByRole('heading', { name: 'Enter a round' })).toBeVisible();
  return app;
}

/** A full round for a 9-year-old with a slowed respiratory rate of 8 /min: red (≤ 10 for 4–12 y). */
async function enterRedRound(app: FrameLocator): Promise<void> {
  await app.getByRole('textbox', { name: 'Heart rate', exact: true }).fill('88');
  await app.getByRole('textbox', { name: 'Respiratory rate', exact: true }).fill('8');
  await app.getByRole('textbox', { name: 'SpO2', exact: true }).fill('95');
  await app.getByRole('radio', { name: 'Room air' }).check();
  await app.getByRole('textbox', { name: 'Systolic blood pressure', exact: true }).fill('98');
  await app.getByRole('textbox', { name: 'Diastolic blood pressure', exact: true }).fill('58');
  await app.getByRole('textbox', { name: 'Temperature', exact: true }).fill('36.8');
  await app.getByRole('textbox', { name: 'Pain score', exact: true }).fill('1');
  await app.getByRole('radio', { name: 'V — Responds to voice' }).check();
  const answers: [string, 'Yes' | 'No'][] = [
    ['Drowsiness', 'Yes'],
    ['Floppiness or hypotonia', 'No'],
    ['Slowed breathing', 'Yes'],
    ['Seizure', 'No'],
    ['Vomiting', 'No'],
    ['Headache', 'No'],
    ['Voided urine since the dose', 'No'],
    ['Itch', 'No'],
    ['Sweating', 'No'],
  ];
  for (const [check, answer] of answers) {
    await app.getByRole('group', { name: check, exact: true }).getByRole('radio', { name: answer }).check();
  }
}

test.describe('Nurse: test-dose day observation rounds', () => {
  test('a red-zone round shows the escalation and saves; the Observations are in the EHR, coded and validated', { tag: '@clock' }, async ({ page }) => {
    const started = new Date().toISOString();
    const app = await openRounds(page, 'itb-testdose');

    // Schedule from the documented injection (~90 min ago): four rounds done, the 2 h round upcoming.
    await expect(app.getByTestId('time-since-dose')).toHaveText(/^1 h 3\d min$/);
    const slots = app.getByRole('list', { name: 'Observation rounds' }).getByRole('listitem');
    await expect(slots.filter({ hasText: 'Done' })).toHaveCount(4);
    await expect(slots.nth(4)).toContainText('Upcoming');

    await enterRedRound(app);
    const zone = app.getByTestId('live-zone');
    await expect(zone).toContainText('RED ZONE');
    await expect(zone).toContainText('Rapid response call NOW');
    await expect(zone).toContainText('Respiratory rate 8 breaths/min: at or below 10 breaths/min');
    // Contacts come from the site configuration; overdose signs bring the guideline's steps.
    await expect(app.getByText('Rapid Response Team')).toBeVisible();
    await expect(app.getByText('Dial 2222')).toBeVisible();
    await expect(app.getByTestId('syndrome-guidance')).toContainText('nurse-to-patient ratio');
    await expectAccessible(page, 'the round entry screen');

    await app.getByRole('button', { name: 'Review round' }).click();
    await expect(app.getByRole('heading', { name: /exactly what will be written/ })).toBeFocused();
    const review = app.getByRole('table', { name: /Observations in this round/ });
    await expect(review.getByRole('row')).toHaveCount(1 + 19); // 17 values, the concern and the zone shown (issue 12)
    await expect(review.getByRole('row', { name: /Respiratory rate/ })).not.toContainText('LOINC');
    await app.getByText(/How each value is coded in the EHR/).click();
    await expect(app.getByText(/^Respiratory rate: LOINC 9279-1/)).toBeVisible();
    await expect(app.getByTestId('review-zone')).toHaveText('RED ZONE');
    await app.getByRole('button', { name: 'Save round to chart' }).click();
    await expect(app.getByTestId('round-saved')).toContainText('19 observations');

    // At once in the schedule (the 2 h slot is not due yet, so the round is in the trend table).
    const table = app.getByTestId('trend-table');
    await expect(table.getByRole('row')).toHaveCount(1 + 6); // baseline + 4 rounds + this one
    await expect(table.getByRole('row').last()).toContainText('RED ZONE');
    await app.getByRole('heading', { name: "Today's rounds" }).scrollIntoViewIfNeeded();

    const written = await observationsSince('itb-testdose', started);
    const groups = groupObservations(written);
    expect(groups.size).toBe(1);
    const [obs] = [...groups.values()];
    expect(obs).toHaveLength(19);
    // Indexed by every coding: SpO2 carries 2708-6 (the R4 oxygen saturation profile) and 59408-5.
    const byCode = new Map((obs ?? []).flatMap((o) => o.code.coding.map((c) => [c.code, o] as const)));
    const expectVital = (code: string, value: number, unit: string, category = 'vital-signs') => {
      const o = byCode.get(code);
      expect(o, code).toBeDefined();
      expect(o?.valueQuantity).toMatchObject({ value, system: 'http://unitsofmeasure.org', code: unit });
      expect(o?.category?.[0]?.coding?.[0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: category });
      expect(o?.code.coding[0]?.system).toBe('http://loinc.org');
    };
    expectVital('8867-4', 88, '/min');
    expectVital('9279-1', 8, '/min');
    expectVital('59408-5', 95, '%');
    expect(byCode.get('2708-6')).toBe(byCode.get('59408-5'));
    expectVital('3150-0', 21, '%');
    expectVital('8310-5', 36.8, 'Cel');
    // The 0–10 pain rating is not in the R4 vital-signs set: a reported score, category survey.
    expectVital('72514-3', 1, '{score}', 'survey');
    const bp = byCode.get('85354-9');
    expect(bp?.component?.map((c) => [c.code.coding[0]?.code, c.valueQuantity?.value, c.valueQuantity?.code])).toEqual([
      ['8480-6', 98, 'mm[Hg]'],
      ['8462-4', 58, 'mm[Hg]'],
    ]);
    expect(byCode.get('67775-7')?.valueCodeableConcept?.coding[0]).toMatchObject({ system: 'http://snomed.info/sct', code: '300202002' });
    expect(byCode.get('drowsiness')).toMatchObject({ valueBoolean: true, category: [{ coding: [{ code: 'exam' }] }] });
    expect(byCode.get('slowed-breathing')?.valueBoolean).toBe(true);
    expect(byCode.get('seizure')?.valueBoolean).toBe(false);
    for (const o of obs ?? []) {
      expect(o.status).toBe('final');
      expect(o.subject.reference).toBe('Patient/itb-testdose');
      expect(o.encounter?.reference).toBe('Encounter/enc-itb-testdose');
      expect(o.performer?.[0]?.reference).toBe('Practitioner/prac-rehab-lee');
      expect(o.effectiveDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+1[01]:00$/);
    }
    // The sandbox validated each on create; validate again here against the R4 definitions.
    expect(() => validateAll(obs ?? [])).not.toThrow();
    expect([...countByIdentifier(obs ?? []).values()].every((n) => n === 1)).toBe(true);
  });

  for (const mode of ['transaction', 'one create per Observation (Oracle Health-like)'] as const) {
    test(`saving while the EHR fails half of all requests ends, after retries, with exactly one copy of each Observation: ${mode}`, async ({ page }) => {
      const oracle = mode !== 'transaction';
      // Oracle mode (no transactions, If-None-Exist ignored) must be on before the launch reads the CapabilityStatement.
      if (oracle) await admin('POST', 'faults', { oracleMode: true });
      const started = new Date().toISOString();
      const app = await openRounds(page, 'itb-testdose');
      await enterRedRound(app);
      await app.getByRole('button', { name: 'Review round' }).click();
      await expect(app.getByText(oracle ? 'one create per observation' : 'one transaction', { exact: false })).toBeVisible();
      await admin('POST', 'faults', { failRate: 0.5, dropRate: 0.2, seed: 3 });
      await app.getByRole('button', { name: 'Save round to chart' }).click();
      let retries = 0;
      const saved = app.getByTestId('round-saved');
      const retry = app.getByRole('button', { name: 'Retry save' });
      for (; retries < 40; retries++) {
        await expect(saved.or(retry)).toBeVisible({ timeout: 20_000 });
        if (await saved.isVisible()) break;
        await expect(retry).toBeEnabled();
        // Until every part is confirmed the round is not shown as saved, and says what is missing.
        await expect(app.getByTestId('save-incomplete')).toContainText('Not saved yet');
        await retry.click();
      }
      await expect(saved).toContainText('19 observations');
      if (oracle) {
        // Without If-None-Exist the browser's own resend of a dropped POST can make a second copy;
        // the app finds and retires extra copies, retrying as the nurse would while requests fail.
        // Each check is a search, then a read and an If-Match PUT per copy, all under 50% failures
        // and 20% lost replies: about 1 check in 10 succeeds, so 20 tries left a 1-in-8 chance of
        // giving up (seen once in a full run); 60 leave about 1 in 500.
        const check = app.getByTestId('duplicate-check');
        for (let i = 0; i < 60; i++) {
          await expect(check).not.toContainText('Checking', { timeout: 20_000 });
          if (!(await check.getByRole('button', { name: 'Check again' }).isVisible())) break;
          await check.getByRole('button', { name: 'Check again' }).click();
        }
        await expect(check).toContainText('one copy of each');
      }
      await admin('POST', 'faults', { failRate: 0, dropRate: 0 });
      // With seed 3 the first attempt fails, so the run goes through the retry path (a seed whose
      // first attempt succeeded would prove nothing: this line says so rather than pass quietly).
      expect(retries).toBeGreaterThan(0);
      test.info().annotations.push({ type: 'retries', description: String(retries) });

      const written = await observationsSince('itb-testdose', started);
      // Extra copies are never deleted: they are entered-in-error, with a note naming the copy kept.
      const retired = written.filter((o) => o.status === 'entered-in-error');
      for (const o of retired) expect(o.note?.at(-1)?.text).toMatch(/Duplicate copy created by a network resend; the recorded value is Observation\//);
      test.info().annotations.push({ type: 'retired duplicate copies', description: String(retired.length) });
      const counts = countByIdentifier(written.filter((o) => o.status !== 'entered-in-error'));
      expect(counts.size).toBe(19);
      expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
      expect(groupObservations(written).size).toBe(1);
      expect(() => validateAll(written)).not.toThrow();
    });
  }

  test('a reload in the middle of a round keeps what was typed; saving afterwards writes it once', async ({ page }) => {
    const started = new Date().toISOString();
    let app = await openRounds(page, 'itb-testdose');
    await app.getByRole('textbox', { name: 'Heart rate', exact: true }).fill('131');
    await app.getByRole('textbox', { name: 'Respiratory rate', exact: true }).fill('22');
    await app.getByRole('group', { name: 'Drowsiness', exact: true }).getByRole('radio', { name: 'Yes' }).check();
    await expect(app.getByTestId('live-zone')).toContainText('YELLOW ZONE');

    const frame = page.frames().find((f) => f.url().startsWith(APP));
    const stored = await frame?.evaluate(() => ({ session: Object.keys(sessionStorage), local: Object.keys(localStorage) }));
    expect(stored?.session).toContain('itb:draft:round:itb-testdose');
    expect(stored?.local.filter((k) => k.startsWith('itb:'))).toEqual([]);

    await page.reload();
    app = page.frameLocator(APP_FRAME);
    await app.getByRole('link', { name: 'Nurse: observation rounds' }).click();
    await expect(app.getByText('Restored the round you were entering')).toBeVisible();
    await expect(app.getByRole('textbox', { name: 'Heart rate', exact: true })).toHaveValue('131');
    await expect(app.getByRole('textbox', { name: 'Respiratory rate', exact: true })).toHaveValue('22');
    await expect(app.getByRole('group', { name: 'Drowsiness', exact: true }).getByRole('radio', { name: 'Yes' })).toBeChecked();
    await expect(app.getByTestId('live-zone')).toContainText('YELLOW ZONE');

    await app.getByRole('button', { name: 'Review round' }).click();
    await app.getByRole('button', { name: 'Save round to chart' }).click();
    await expect(app.getByTestId('round-saved')).toContainText('5 observations');
    const written = await observationsSince('itb-testdose', started);
    expect(written.map((o) => o.code.coding[0]?.code).sort()).toEqual(['8867-4', '9279-1', 'drowsiness', 'escalation-concern', 'escalation-zone']);
    const after = await page.frames().find((f) => f.url().startsWith(APP))?.evaluate(() => Object.keys(sessionStorage));
    expect(after).not.toContain('itb:draft:round:itb-testdose');
  });

  test('amending a seeded round\'s systolic blood pressure with a reason writes status amended, the new value and the note; the trend turns red', async ({ page }) => {
    // The seeded 4th round after the dose (the newest), BP 99/57 mmHg: the Observation about to be amended.
    const panels = await observationsWithCode('itb-testdose', 'http://loinc.org|85354-9');
    const newest = [...panels].sort((a, b) => Date.parse(b.effectiveDateTime ?? '') - Date.parse(a.effectiveDateTime ?? ''))[0];
    expect(newest?.component?.map((c) => c.valueQuantity?.value)).toEqual([99, 57]);
    const before = await readObservation(newest?.id ?? '');

    const app = await openRounds(page, 'itb-testdose');
    const table = app.getByTestId('trend-table');
    const latest = table.getByRole('row').last();
    await expect(latest).toContainText('99/57');
    await latest.getByRole('button', { name: /^Amend the round at / }).click();
    const form = app.getByRole('form', { name: /^Amend the round at / });
    await form.getByRole('combobox', { name: 'Value to amend' }).selectOption('blood-pressure');
    const systolic = form.getByRole('textbox', { name: 'Corrected systolic' });
    await expect(systolic).toHaveValue('99');
    await expect(form.getByRole('textbox', { name: 'Corrected diastolic' })).toHaveValue('57');
    await systolic.fill('76');
    await form.getByRole('textbox', { name: 'Reason for the amendment' }).fill('read from the neighbouring bed\'s monitor');
    // 76 mmHg at 9 years is below the MET criterion (SBP < 80 for 5–12 y): shown before saving.
    await expect(form.getByTestId('amend-zone')).toContainText('With this amendment: RED ZONE (was Within the calling criteria)');
    await expect(form.getByTestId('amend-zone')).toContainText('Systolic blood pressure 76 mmHg: below 80 mmHg');
    await form.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'the amend panel');
    await form.getByRole('button', { name: 'Save amendment' }).click();
    await expect(form.getByRole('status')).toContainText('Blood pressure amended to 76/57 mmHg. Status is now “amended”.');

    const after = await readObservation(newest?.id ?? '');
    expect(after.status).toBe('amended');
    expect(after.component?.map((c) => [c.code.coding[0]?.code, c.valueQuantity?.value, c.valueQuantity?.code])).toEqual([
      ['8480-6', 76, 'mm[Hg]'],
      ['8462-4', 57, 'mm[Hg]'],
    ]);
    expect(after.note?.map((n) => n.text)).toEqual(['Amended: read from the neighbouring bed\'s monitor']);
    expect(after.meta?.versionId).not.toBe(before.meta?.versionId);
    // The same Observation, same time and identifiers: amended in place, not a second copy.
    expect(after.effectiveDateTime).toBe(before.effectiveDateTime);
    expect(after.identifier).toEqual(before.identifier);
    expect(after.subject.reference).toBe('Patient/itb-testdose');
    expect(() => validateAll([after])).not.toThrow();
    const requests = await admin<{ method: string; path: string; status: number }[]>('GET', 'requests');
    expect(requests.filter((r) => r.method === 'PUT').map((r) => [r.path, r.status])).toEqual([[`Observation/${newest?.id ?? ''}`, 200]]);

    // The trend re-reads: the amended value, the pill, and the zone it now puts the round in.
    await expect(latest).toContainText('76/57');
    await expect(latest).toContainText('amended');
    await expect(latest).toContainText('RED ZONE');
  });

  test('without a documented test dose the injection time can be recorded, and the schedule starts from it', { tag: '@clock' }, async ({ page }) => {
    const app = await openRounds(page, 'itb-pretest');
    await expect(app.getByText('No test-dose injection time is documented')).toBeVisible();
    await app.getByRole('button', { name: 'Record the test-dose injection time' }).click();
    await app.getByRole('textbox', { name: 'Test dose given', exact: true }).fill('25');
    await app.getByRole('button', { name: 'Review injection' }).click();
    await app.getByRole('button', { name: 'Record injection' }).click();
    await expect(app.getByTestId('time-since-dose')).toHaveText('0 min');
    await expect(app.getByRole('list', { name: 'Observation rounds' }).getByRole('listitem').first()).toContainText('+15 min');
    const injections = await admin<{ entry?: { resource: { valueQuantity?: { value?: number; code?: string } } }[] }>(
      'GET',
      `fhir/Observation?patient=itb-pretest&code=${encodeURIComponent('https://itb-companion.example/fhir/CodeSystem/itb-assessment|test-dose-injection')}`,
    );
    expect(injections.entry?.map((e) => e.resource.valueQuantity)).toEqual([expect.objectContaining({ value: 25, code: 'ug' })]);
  });
});
