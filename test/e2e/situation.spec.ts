/**
 * Escalation and emergency guidance that fit the child in front of the nurse (issue 12), through
 * a real launch from the sandbox chart. Each test names the guideline text it checks
 * (/work/shared/seeds/001_*, the CHW ITB practice guideline).
 */
import { expect, test, type FrameLocator, type Page } from './test';
import { APP_FRAME, expectAccessible, launchInTab, openChart, resetSandbox } from './helpers';
import { observationsSince } from './nurse-fhir';
import { SANDBOX } from './ports';

test.beforeEach(async () => {
  await resetSandbox();
});

async function openRounds(page: Page, patientId: string): Promise<FrameLocator> {
  const app = await openChart(page, patientId);
  await app.getByRole('link', { name: 'Nurse: observation rounds' }).click();
  await expect(app.getByRole('heading', { name: 'Enter a round' })).toBeVisible();
  return app;
}

const codeOf = (o: { code: { coding: { code?: string | undefined }[] } }) => o.code.coding[0]?.code;

test.describe('Guidance that fits the child (issue 12)', () => {
  test('test-dose day with drowsiness and slowed breathing: overdose leads, no withdrawal or pump steps, in rounds and in Emergency', async ({ page }) => {
    // §3.4.7: "Child should be observed for possible reactions to baclofen that may indicate
    // overdose"; the oral rescue dose is for ITB withdrawal (§5.1.4.1); reservoir steps need a pump (§5.2.4.4).
    const app = await openRounds(page, 'itb-testdose');
    await app.getByRole('group', { name: 'Drowsiness', exact: true }).getByRole('radio', { name: 'Yes' }).check();
    await app.getByRole('group', { name: 'Slowed breathing', exact: true }).getByRole('radio', { name: 'Yes' }).check();
    const guidance = app.getByTestId('syndrome-guidance');
    await expect(guidance).toContainText('Suspected baclofen overdose (Guideline §3.4.5, §5.2)');
    await expect(guidance).not.toContainText('Suspected baclofen withdrawal');
    await expect(guidance).not.toContainText('pump reservoir');
    await expect(app.getByTestId('withdrawal-banner')).toHaveCount(0);

    await app.getByRole('link', { name: /Emergency: withdrawal or overdose/ }).click();
    await expect(app.getByTestId('em-situation')).toContainText('Test-dose day, no pump running: overdose is the danger');
    await app.getByRole('checkbox', { name: 'Drowsiness' }).check();
    const steps = app.getByTestId('em-steps');
    await expect(steps.getByRole('heading', { level: 2 }).first()).toContainText('Overdose: what to do');
    await expect(steps).not.toContainText('Withdrawal: what to do');
    await expect(steps).not.toContainText('pump reservoir');
    await expect(app.getByText('DO NOT PERFORM A LUMBAR PUNCTURE')).toHaveCount(0);
  });

  test('a child without a birth date with SpO2 80 % on air, respiratory rate 6, AVPU U and a seizure is RED, naming the missing birth date', async ({ page }) => {
    // §3.4.4: "If child deteriorates into the Red Zone (or there is a serious concern by any staff
    // or family member) ... escalation to a Rapid Response Call or an arrest call should be made immediately."
    const app = await openRounds(page, 'itb-messy');
    await app.getByRole('textbox', { name: 'SpO2', exact: true }).fill('80');
    await app.getByRole('radio', { name: 'Room air' }).check();
    await app.getByRole('textbox', { name: 'Respiratory rate', exact: true }).fill('6');
    await app.getByRole('radio', { name: 'U — Unresponsive' }).check();
    await app.getByRole('group', { name: 'Seizure', exact: true }).getByRole('radio', { name: 'Yes' }).check();
    const zone = app.getByTestId('live-zone');
    await expect(zone).toContainText('RED ZONE');
    await expect(zone).toContainText('Rapid response call NOW');
    await expect(zone).toContainText('Level of consciousness: U, unresponsive');
    await expect(zone).toContainText('Seizure recorded');
    await expect(zone).toContainText('No birth date is recorded: the age band is unknown');
  });

  test('a pump child with temperature 38.7 °C and itch gets the withdrawal emergency banner, never green', async ({ page }) => {
    // §5.1: withdrawal "is considered a medical emergency"; §2 and §5.1.2 list fever and pruritus.
    const app = await openRounds(page, 'itb-stable');
    await app.getByRole('textbox', { name: 'Heart rate', exact: true }).fill('118');
    await app.getByRole('textbox', { name: 'Temperature', exact: true }).fill('38.7');
    await app.getByRole('group', { name: 'Itch', exact: true }).getByRole('radio', { name: 'Yes' }).check();
    await app.getByRole('group', { name: 'Sweating', exact: true }).getByRole('radio', { name: 'Yes' }).check();
    const banner = app.getByTestId('withdrawal-banner');
    await expect(banner).toContainText('SUSPECTED BACLOFEN WITHDRAWAL: A MEDICAL EMERGENCY');
    await expect(banner).toContainText('considered a medical emergency (Guideline §5.1)');
    const zone = app.getByTestId('live-zone');
    await expect(zone).not.toContainText('Within the calling criteria');
    await expect(zone).not.toHaveClass(/zone-normal/);
    await expect(zone).toContainText('Temperature 38.7 °C');
    await expectAccessible(page, 'the withdrawal banner');
  });

  test('a round red for serious concern is saved with its concern and zone: in the table, in the EHR, and the next round proposed 15 minutes on', { tag: '@clock' }, async ({ page }) => {
    // §3.4.4 (serious concern → red); §3.4.5: "consideration should be given to increase observation".
    const started = new Date().toISOString();
    const app = await openRounds(page, 'itb-testdose');
    await app.getByRole('textbox', { name: 'Heart rate', exact: true }).fill('88');
    await app.getByRole('textbox', { name: 'Respiratory rate', exact: true }).fill('20');
    await app.getByRole('textbox', { name: 'SpO2', exact: true }).fill('97');
    await app.getByRole('radio', { name: 'Room air' }).check();
    await app.getByRole('combobox', { name: 'Staff or family concern' }).selectOption('serious-concern');
    await expect(app.getByTestId('live-zone')).toContainText('RED ZONE');
    await app.getByRole('button', { name: 'Review round' }).click();
    const review = app.getByRole('table', { name: /Observations in this round/ });
    await expect(review.getByRole('row', { name: /Staff or family concern/ })).toContainText('Seriously concerned');
    await expect(review.getByRole('row', { name: /Zone shown when saved/ })).toContainText('RED ZONE');
    await app.getByRole('button', { name: 'Save round to chart' }).click();
    await expect(app.getByTestId('round-saved')).toContainText('6 observations');

    const last = app.getByTestId('trend-table').getByRole('row').last();
    await expect(last).toContainText('Serious concern');
    await expect(last).toContainText('RED ZONE');
    await expect(last).toContainText('Shown when saved: RED ZONE');
    const closer = app.getByTestId('closer-interval');
    await expect(closer).toContainText(/Next round proposed \d\d:\d\d: every 15 minutes after the RED ZONE round at \d\d:\d\d, sooner than the schedule's \d\d:\d\d\./);
    await expect(closer).toContainText('(§3.4.5)');

    // Read back from the EHR: the concern and the zone are coded Observations of the round.
    const written = await observationsSince('itb-testdose', started);
    const concern = written.find((o) => codeOf(o) === 'escalation-concern');
    expect(concern?.valueCodeableConcept?.coding[0]).toMatchObject({ system: 'https://itb-companion.example/fhir/CodeSystem/itb-assessment', code: 'serious-concern' });
    expect(concern?.category?.[0]?.coding?.[0]?.code).toBe('survey');
    expect(written.find((o) => codeOf(o) === 'escalation-zone')?.valueCodeableConcept?.coding[0]?.code).toBe('zone-red');
  });

  test('the injection form refuses 0.05 micrograms, confirms 10 micrograms only with a reason, and the doctor view reads the same record', { tag: '@clock' }, async ({ page }) => {
    // §3.1.5: "Children 4 - 7 years / < 18kg: 25 micrograms" is the smallest test dose in the guideline.
    const started = new Date().toISOString();
    const app = await openRounds(page, 'itb-pretest');
    await app.getByRole('button', { name: 'Record the test-dose injection time' }).click();
    const form = app.getByRole('form', { name: 'Record the test-dose injection' });
    await form.getByRole('textbox', { name: 'Test dose given' }).fill('0.05');
    await form.getByRole('button', { name: 'Review injection' }).click();
    await expect(form.getByRole('alert')).toContainText("0.05 micrograms is not a test dose: the guideline's smallest is 25 micrograms (§3.1.5). If 0.05 mg was given, that is 50 micrograms");
    await expect(app.getByTestId('injection-review')).toHaveCount(0);

    await form.getByRole('textbox', { name: 'Test dose given' }).fill('10');
    await form.getByRole('button', { name: 'Review injection' }).click();
    await expect(form.getByRole('alert')).toContainText("Give the reason for a dose outside the guideline's bands");
    await form.getByRole('textbox', { name: 'Reason for this dose' }).fill('reduced dose prescribed by the consultant');
    await form.getByRole('button', { name: 'Review injection' }).click();
    await expect(app.getByTestId('injection-review')).toContainText('10 micrograms intrathecal');
    expect((await observationsSince('itb-pretest', started)).filter((o) => codeOf(o) === 'test-dose-injection')).toHaveLength(0);
    await app.getByRole('button', { name: 'Record injection' }).click();
    await expect(app.getByTestId('time-since-dose')).toBeVisible();

    const [written] = (await observationsSince('itb-pretest', started)).filter((o) => codeOf(o) === 'test-dose-injection');
    expect(written?.valueQuantity).toMatchObject({ value: 10, code: 'ug' });
    expect(written?.note?.[0]?.text).toContain('reduced dose prescribed by the consultant');

    await app.getByRole('link', { name: 'Doctor: dose and refill' }).click();
    await expect(app.getByTestId('doctor-test-dose-injection')).toContainText(`Injection recorded on the ward: 10 micrograms`);
    await expect(app.getByTestId('doctor-test-dose-injection')).toContainText(`Observation/${written?.id ?? ''}`);
  });

  test('at 1024×768 the zone headline stays in view below the header while the nurse enters the ITB checks', async ({ page }) => {
    // §3.4.4: the red-zone action is "immediately": it must not scroll away during entry.
    await launchInTab(page, 'itb-testdose');
    await page.getByRole('link', { name: 'Nurse: observation rounds' }).click();
    await page.getByRole('textbox', { name: 'Respiratory rate', exact: true }).fill('8');
    await expect(page.getByTestId('live-zone')).toContainText('RED ZONE');
    const itch = page.getByRole('group', { name: 'Itch', exact: true }).getByRole('radio', { name: 'No' });
    await itch.scrollIntoViewIfNeeded();
    await itch.check();
    await page.getByRole('group', { name: 'Sweating', exact: true }).getByRole('radio', { name: 'No' }).check();
    const header = await page.locator('header.app-header').boundingBox();
    const title = await page.getByTestId('live-zone').locator('.zone-box__title').boundingBox();
    expect(page.viewportSize()).toEqual({ width: 1024, height: 768 });
    expect(header).not.toBeNull();
    expect(title).not.toBeNull();
    expect(title?.y ?? -1).toBeGreaterThanOrEqual((header?.y ?? 0) + (header?.height ?? 0) - 1);
    expect((title?.y ?? 9999) + (title?.height ?? 0)).toBeLessThanOrEqual(768);
    await expect(page.getByTestId('live-zone')).toContainText('Rapid response call NOW');
  });

  test('launched from a nurse\'s workflow (SMART intent "nurse") the app opens on the rounds, not the doctor view', async ({ page }) => {
    await page.goto(`${SANDBOX}/chart/itb-testdose?intent=nurse`);
    const app = page.frameLocator(APP_FRAME);
    await expect(app.getByRole('heading', { name: 'Enter a round' })).toBeVisible({ timeout: 30_000 });
    await expect(app.getByRole('heading', { name: 'Summary' })).toHaveCount(0);
  });
});
