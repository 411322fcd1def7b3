/**
 * Per-patient Altered Calling Criteria and the opening role picker (issue 12), through a real
 * launch from the sandbox chart. Guideline text cited: /work/shared/seeds/001_* (CHW ITB practice
 * guideline) §3.4.2 ("on the age appropriate Standard Paediatric Observation Chart (SPOC)") and
 * §3.4.4; the SPOC chart's "Altered Calling Criteria" box (clinical-reference §1.1–1.2).
 */
import { expect, test, type FrameLocator, type Page } from './test';
import { z } from 'zod';
import { APP_FRAME, admin, expectAccessible, openChart, resetSandbox } from './helpers';
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

const accComponent = z.object({
  code: z.object({ coding: z.array(z.object({ code: z.string().optional() })) }),
  valueQuantity: z.object({ value: z.number().optional(), comparator: z.string().optional(), code: z.string().optional() }).optional(),
  interpretation: z.array(z.object({ coding: z.array(z.object({ code: z.string().optional() })) })).optional(),
  valueString: z.string().optional(),
  valueDateTime: z.string().optional(),
});
const accSearch = z.object({ entry: z.array(z.object({ resource: z.object({ effectiveDateTime: z.string().optional(), performer: z.array(z.object({ reference: z.string() })).optional(), component: z.array(accComponent).optional() }) })).optional() });

/** The patient's Altered Calling Criteria Observations as the sandbox holds them (every field kept). */
async function alteredCriteriaInEhr(patientId: string) {
  const code = encodeURIComponent('https://itb-companion.example/fhir/CodeSystem/itb-assessment|altered-calling-criteria');
  return (accSearch.parse(await admin('GET', `fhir/Observation?patient=${patientId}&code=${code}`)).entry ?? []).map((e) => e.resource);
}

const DATE_TIME = /\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d/;

test.describe('Altered Calling Criteria (issue 12)', () => {
  test('a 9-year-old\'s heart rate 75 is red by the DEFAULT table (labelled with its source and the PEWS disagreement); criteria set with a reason and end time are written, read back after a reload, and used by the zone', async ({ page }) => {
    const app = await openRounds(page, 'itb-testdose');
    const panel = app.getByTestId('altered-criteria');
    await expect(panel.getByTestId('acc-status')).toContainText('None recorded for this child: the standard calling criteria apply.');

    // The default row and its source: MET bradycardia < 80 at 5–12 y, which Bedside PEWS scores normal.
    await app.getByRole('textbox', { name: 'Heart rate', exact: true }).fill('75');
    const zone = app.getByTestId('live-zone');
    await expect(zone).toContainText('RED ZONE');
    await expect(zone).toContainText('Heart rate 75 beats/min: below 80 beats/min');
    await expect(zone).toContainText('DEFAULT: Paediatric MET trigger (Pediatrics table).');
    await expect(zone).toContainText('71–79/min scores 0 (normal) in Bedside PEWS 4–12 y');

    // Set: start from the standard heart-rate criteria for 5–11 y, lower the red bradycardia trigger.
    await panel.getByRole('button', { name: 'Set Altered Calling Criteria' }).click();
    const form = panel.getByRole('form', { name: 'Set Altered Calling Criteria' });
    await form.getByRole('combobox', { name: 'Vital sign' }).selectOption('heartRate');
    await form.getByRole('button', { name: 'Add its criteria' }).click();
    const first = form.getByRole('textbox', { name: 'Threshold of criterion 1, Heart rate' });
    await expect(first).toHaveValue('80');
    await expect(form.getByRole('combobox', { name: 'Direction of criterion 1, Heart rate' })).toHaveValue('<');
    await expect(form.getByRole('textbox', { name: 'Threshold of criterion 2, Heart rate' })).toHaveValue('140');
    await first.fill('60');
    await form.getByRole('button', { name: 'Review Altered Calling Criteria' }).click();
    await expect(form.getByRole('alert')).toContainText('Give the reason for the Altered Calling Criteria.');
    await expect(form.getByRole('alert')).toContainText('Name the medical officer who authorised them.');
    await form.getByRole('textbox', { name: 'Reason' }).fill('sleeping heart rate 65-75 on the ward');
    await form.getByRole('textbox', { name: 'Authorised by (medical officer)' }).fill('Dr A Registrar');
    await form.getByRole('button', { name: 'Review Altered Calling Criteria' }).click();
    const review = panel.getByTestId('acc-review');
    await expect(review).toContainText('Heart rate below 60 beats/min: RED ZONE');
    await expect(review).toContainText('Heart rate above 140 beats/min: RED ZONE');
    expect(await alteredCriteriaInEhr('itb-testdose')).toHaveLength(0);
    await expectAccessible(page, 'the Altered Calling Criteria review');
    await review.getByRole('button', { name: 'Save Altered Calling Criteria' }).click();

    const status = panel.getByTestId('acc-status');
    await expect(status).toContainText('Altered Calling Criteria in force until');
    await expect(status).toContainText('authorised by Dr A Registrar. Reason: sleeping heart rate 65-75 on the ward.');
    await expect(status).toContainText(new RegExp(`set ${DATE_TIME.source} by [A-Z]`));
    await expect(status).not.toContainText('could not be read');
    await expect(zone).not.toContainText('RED ZONE');
    await expect(app.getByTestId('zone-altered-criteria')).toContainText('Altered Calling Criteria used for heart rate, in force until');

    // In the EHR: one Observation, each criterion a comparator quantity with the zone as interpretation.
    const written = await alteredCriteriaInEhr('itb-testdose');
    expect(written).toHaveLength(1);
    expect(written[0]?.performer?.[0]?.reference).toMatch(/^Practitioner\//);
    const components = written[0]?.component ?? [];
    expect(components.find((c) => c.code.coding[0]?.code === '8867-4' && c.valueQuantity?.value === 60)).toMatchObject({ valueQuantity: { comparator: '<', code: '/min' }, interpretation: [{ coding: [{ code: 'zone-red' }] }] });
    expect(components.find((c) => c.code.coding[0]?.code === 'acc-reason')?.valueString).toBe('sleeping heart rate 65-75 on the ward');

    // Read back after a reload (a new launch from the chart), and used by the zone.
    await page.reload();
    const again = await openRounds(page, 'itb-testdose');
    await expect(again.getByTestId('acc-status')).toContainText('Altered Calling Criteria in force until');
    await again.getByRole('textbox', { name: 'Heart rate', exact: true }).fill('75');
    await expect(again.getByTestId('live-zone')).not.toContainText('RED ZONE');
    await again.getByRole('textbox', { name: 'Heart rate', exact: true }).fill('55');
    const red = again.getByTestId('live-zone');
    await expect(red).toContainText('RED ZONE');
    await expect(red).toContainText('Heart rate 55 beats/min: below 60 beats/min');
    await expect(red).toContainText('Altered Calling Criteria: set');
    await expectAccessible(page, 'the rounds with Altered Calling Criteria in force');
  });

  test('criteria past their end time are named as expired and not used: the standard criteria apply again', async ({ page }) => {
    const app = await openRounds(page, 'itb-testdose');
    const panel = app.getByTestId('altered-criteria');
    await panel.getByRole('button', { name: 'Set Altered Calling Criteria' }).click();
    const form = panel.getByRole('form', { name: 'Set Altered Calling Criteria' });
    await form.getByRole('button', { name: 'Add its criteria' }).click();
    await form.getByRole('textbox', { name: 'Threshold of criterion 1, Heart rate' }).fill('60');
    await form.getByRole('textbox', { name: 'Reason' }).fill('asleep overnight');
    await form.getByRole('textbox', { name: 'Authorised by (medical officer)' }).fill('Dr A Registrar');
    // End time: three minutes from the app's own clock, on the site's calendar.
    const end = await page.frames().find((f) => f !== page.mainFrame())?.evaluate(() => {
      const at = new Date(Date.now() + 3 * 60_000);
      const part = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney', ...o }).format(at);
      return { date: part({ year: 'numeric', month: '2-digit', day: '2-digit' }), clock: part({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) };
    });
    expect(end).toBeDefined();
    await form.getByRole('combobox', { name: 'Day' }).selectOption(end?.date ?? '');
    await form.getByRole('textbox', { name: 'Time (24-hour)' }).fill(end?.clock ?? '');
    await form.getByRole('button', { name: 'Review Altered Calling Criteria' }).click();
    await panel.getByRole('button', { name: 'Save Altered Calling Criteria' }).click();
    await expect(panel.getByTestId('acc-status')).toContainText('Altered Calling Criteria in force until');

    await page.clock.fastForward('05:00');
    const status = panel.getByTestId('acc-status');
    await expect(status).toContainText(/expired \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d/, { timeout: 40_000 });
    await expect(status).toContainText('are not used: the standard calling criteria apply');
    await app.getByRole('button', { name: 'Set to now' }).click();
    await app.getByRole('textbox', { name: 'Heart rate', exact: true }).fill('75');
    await expect(app.getByTestId('live-zone')).toContainText('RED ZONE');
    await expect(app.getByTestId('zone-altered-criteria')).toContainText('Altered Calling Criteria expired');
  });
});

test.describe('Altered Calling Criteria from the doctor view (issue 12)', () => {
  test('set from the doctor view, they are what the rounds\' zone uses; ended now from the doctor view, with a reason, the zone uses the standard criteria again', async ({ page }) => {
    const app = await openChart(page, 'itb-testdose');
    await app.getByRole('link', { name: 'Doctor: dose and refill' }).click();
    await expect(app.getByRole('heading', { name: 'Doctor: dose and refill' })).toBeVisible();
    const panel = app.getByTestId('altered-criteria');
    await expect(panel.getByTestId('acc-status')).toContainText('None recorded for this child: the standard calling criteria apply.');
    await expect(panel.getByRole('button', { name: 'End these criteria now' })).toHaveCount(0);

    await panel.getByRole('button', { name: 'Set Altered Calling Criteria' }).click();
    const form = panel.getByRole('form', { name: 'Set Altered Calling Criteria' });
    await form.getByRole('combobox', { name: 'Vital sign' }).selectOption('heartRate');
    await form.getByRole('button', { name: 'Add its criteria' }).click();
    await expect(form.getByRole('textbox', { name: 'Threshold of criterion 1, Heart rate' })).toHaveValue('80');
    await form.getByRole('textbox', { name: 'Threshold of criterion 1, Heart rate' }).fill('60');
    await form.getByRole('textbox', { name: 'Reason' }).fill('sleeping heart rate 65-75, consultant review');
    await form.getByRole('textbox', { name: 'Authorised by (medical officer)' }).fill('Dr C Consultant');
    await form.getByRole('button', { name: 'Review Altered Calling Criteria' }).click();
    await expect(panel.getByTestId('acc-review')).toContainText('Heart rate below 60 beats/min: RED ZONE');
    await panel.getByRole('button', { name: 'Save Altered Calling Criteria' }).click();
    await expect(panel.getByTestId('acc-status')).toContainText('Altered Calling Criteria in force until');
    await expect(panel.getByTestId('acc-status')).toContainText('authorised by Dr C Consultant. Reason: sleeping heart rate 65-75, consultant review.');
    expect(await alteredCriteriaInEhr('itb-testdose')).toHaveLength(1);

    // The rounds view reads the same record: heart rate 75 is not red by them.
    await app.getByRole('link', { name: 'Nurse: observation rounds' }).click();
    await expect(app.getByRole('heading', { name: 'Enter a round' })).toBeVisible();
    await expect(app.getByTestId('acc-status')).toContainText('authorised by Dr C Consultant');
    await app.getByRole('textbox', { name: 'Heart rate', exact: true }).fill('75');
    await expect(app.getByTestId('live-zone')).not.toContainText('RED ZONE');
    await expect(app.getByTestId('zone-altered-criteria')).toContainText('Altered Calling Criteria used for heart rate, in force until');

    // End them now from the doctor view: a reason is asked for, then one more record is written.
    await app.getByRole('link', { name: 'Doctor: dose and refill' }).click();
    const doctorPanel = app.getByTestId('altered-criteria');
    await doctorPanel.getByRole('button', { name: 'End these criteria now' }).click();
    const end = doctorPanel.getByRole('form', { name: 'End the Altered Calling Criteria now' });
    await expect(end).toContainText('Ends Heart rate below 60 beats/min: RED ZONE');
    await end.getByRole('button', { name: 'End the criteria now' }).click();
    await expect(end.getByRole('alert')).toContainText('Give the reason for ending the Altered Calling Criteria.');
    expect(await alteredCriteriaInEhr('itb-testdose')).toHaveLength(1);
    await end.getByRole('textbox', { name: 'Reason for ending them' }).fill('awake, heart rate back to 90');
    await expectAccessible(page, 'ending the Altered Calling Criteria');
    await end.getByRole('button', { name: 'End the criteria now' }).click();
    const status = doctorPanel.getByTestId('acc-status');
    await expect(status).toContainText(new RegExp(`Altered Calling Criteria ended ${DATE_TIME.source} by [A-Z]`));
    await expect(status).toContainText('the standard calling criteria apply. Reason: awake, heart rate back to 90.');
    await expect(doctorPanel.getByRole('button', { name: 'End these criteria now' })).toHaveCount(0);

    // In the EHR: the ending is a second record, its end time the moment it was set, same criteria.
    const written = await alteredCriteriaInEhr('itb-testdose');
    expect(written).toHaveLength(2);
    const ending = written.find((o) => o.component?.some((c) => c.valueString === 'awake, heart rate back to 90'));
    expect(ending?.effectiveDateTime).toBeDefined();
    expect(Date.parse(ending?.component?.find((c) => c.code.coding[0]?.code === 'acc-valid-until')?.valueDateTime ?? '')).toBe(Date.parse(ending?.effectiveDateTime ?? ''));
    expect(ending?.component?.find((c) => c.code.coding[0]?.code === '8867-4' && c.valueQuantity?.value === 60)).toBeDefined();

    // The rounds' zone uses the standard criteria again, after a relaunch too.
    await page.reload();
    const again = await openRounds(page, 'itb-testdose');
    await expect(again.getByTestId('acc-status')).toContainText('Altered Calling Criteria ended');
    await again.getByRole('textbox', { name: 'Heart rate', exact: true }).fill('75');
    await expect(again.getByTestId('live-zone')).toContainText('RED ZONE');
    await expect(again.getByTestId('live-zone')).toContainText('Heart rate 75 beats/min: below 80 beats/min');
    await expect(again.getByTestId('zone-altered-criteria')).toContainText('Altered Calling Criteria ended');
  });
});

test.describe('Opening view (issue 12)', () => {
  test('a launch with no intent at a site without a default view opens a role picker that says why, accessible', async ({ page }) => {
    // The site configuration is served beside the bundle: this site leaves defaultView out.
    await page.route('**/site-config.json', async (route) => {
      const response = await route.fetch();
      const config = (await response.json()) as { site: Record<string, unknown> };
      delete config.site.defaultView;
      await route.fulfill({ response, json: config });
    });
    await page.goto(`${SANDBOX}/chart/itb-stable`);
    const app = page.frameLocator(APP_FRAME);
    const picker = app.getByRole('region', { name: 'Which view do you need?' });
    await expect(picker).toBeVisible({ timeout: 30_000 });
    await expect(picker).toContainText('The EHR did not say which role opened the app, and the site sets no default view.');
    await expect(app.getByRole('heading', { name: 'Summary' })).toHaveCount(0);
    await expect(picker.getByRole('link', { name: 'Nurse: observation rounds' })).toBeVisible();
    await expectAccessible(page, 'the role picker');
    await picker.getByRole('link', { name: 'Nurse: observation rounds' }).click();
    await expect(app.getByRole('heading', { name: 'Enter a round' })).toBeVisible();
  });
});
