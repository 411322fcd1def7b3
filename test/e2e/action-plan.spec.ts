import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from './test';
import { admin, expectAccessible, launchInTab, openChart, resetSandbox, seedPatientName } from './helpers';
import { testNow } from '../clock/test-clock';
import { fleschKincaidGrade } from '../../src/domain/readability';
import { generateSeed } from '../sandbox/seed/generate';

test.beforeEach(async () => {
  await resetSandbox();
});

const MS_PER_DAY = 86_400_000;

/** The sandbox's children at this run's instant, known when the tests are listed (one print test each). */
const SEED_CHILDREN = generateSeed(testNow()).patients.map((p) => p.id);
/** The children whose print tests also run after midnight (see the print tests below). */
const PRINT_AFTER_MIDNIGHT = new Set(['itb-stable', 'itb-refill-due', 'itb-refill-soon', 'itb-testdose', 'itb-pounds']);
/** Pages in a PDF Chromium printed: its /Type /Page objects. */
const pdfPages = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `13 Sep 2026 08:40` in Sydney time, written independently of the app's formatter. */
function sydney(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-AU', { timeZone: 'Australia/Sydney', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${Number(parts['day'])} ${MONTHS[Number(parts['month']) - 1]} ${parts['year']} ${parts['hour']}:${parts['minute']}`;
}

type Bundle<T> = { entry?: { resource: T }[] };
type Procedure = { performedDateTime?: string };
type Observation = { valueQuantity?: { value?: number; unit?: string; code?: string }; effectiveDateTime?: string; partOf?: { reference?: string }[] };

async function latestWeightKg(patientId: string): Promise<number> {
  const b = await admin<Bundle<Observation>>('GET', `fhir/Observation?patient=${patientId}&code=http://loinc.org|29463-7&_sort=-date&_count=1`);
  const q = b.entry?.[0]?.resource.valueQuantity;
  expect(q?.code, 'the seeded weight is in kg').toBe('kg');
  return q?.value ?? Number.NaN;
}

async function openActionPlan(page: Page): Promise<void> {
  await launchInTab(page, 'itb-stable');
  await page.getByRole('link', { name: 'ITB action plan' }).click();
  await expect(page.getByRole('heading', { name: 'ITB Action Plan', level: 1 })).toBeVisible({ timeout: 20_000 });
}

test.describe('ITB action plan and emergency mode', () => {
  test('the stable pump child’s action plan shows the dose, a refill due date matching a hand calculation, and prints on one A4 page', { tag: '@clock' }, async ({ page }, testInfo) => {
    await openActionPlan(page);
    const plan = page.locator('article.action-plan');
    const name = await seedPatientName('itb-stable');
    await expect(plan.getByText(name, { exact: true })).toBeVisible();
    await expect(plan.getByText('450 micrograms/day', { exact: true })).toBeVisible();
    await expect(plan.getByText('2000 micrograms/mL', { exact: true })).toBeVisible();
    await expect(plan.getByText(/SynchroMed II 8637-40, reservoir 40 mL/)).toBeVisible();

    // Hand calculation from the seeded FHIR data: the last refill + (fill − alarm) / (dose / concentration).
    const refills = await admin<Bundle<Procedure>>(
      'GET',
      'fhir/Procedure?patient=itb-stable&code=https://itb-companion.example/fhir/CodeSystem/itb-procedure|pump-refill&_sort=-date&_count=1',
    );
    const refilledAt = refills.entry?.[0]?.resource.performedDateTime;
    expect(refilledAt).toBeDefined();
    const fill = await admin<Bundle<Observation>>(
      'GET',
      'fhir/Observation?patient=itb-stable&code=https://itb-companion.example/fhir/CodeSystem/itb-assessment|reservoir-fill-volume&_sort=-date&_count=1',
    );
    const fillMl = fill.entry?.[0]?.resource.valueQuantity?.value ?? Number.NaN;
    const days = (fillMl - 2) / (450 / 2000); // 168.9 days: earlier than the 180-day stability limit
    expect(days).toBeLessThan(180);
    const due = new Date(Date.parse(refilledAt ?? '') + days * MS_PER_DAY);
    await expect(plan.getByText(sydney(due), { exact: true })).toBeVisible();
    await expect(plan.getByText(/reservoir reaches the 2 mL low-reservoir alarm/)).toBeVisible();
    await expect(plan.getByText(sydney(new Date(refilledAt ?? '')), { exact: false }).first()).toBeVisible();

    // Rescue dose from this child's weight, the no-LP warning, precautions and contacts.
    const kg = await latestWeightKg('itb-stable');
    expect(kg).toBeGreaterThan(30);
    await expect(plan.getByText('20 mg oral baclofen stat')).toBeVisible();
    await expect(plan.getByText(`From weight ${kg.toFixed(1)} kg`, { exact: false })).toBeVisible();
    await expect(plan.getByText('max 120 mg (the guideline does not say per day)', { exact: false })).toBeVisible();
    await expect(plan.getByText('DO NOT PERFORM A LUMBAR PUNCTURE', { exact: true })).toBeVisible();
    await expect(plan.getByText(/MRI: the magnetic field can temporarily stall the pump rotor/)).toBeVisible();
    await expect(plan.getByText(/no short wave \(monopolar\) diathermy/)).toBeVisible();
    await expect(plan.getByRole('cell', { name: '13 11 26' })).toBeVisible();
    await expect(plan.getByTestId('as-of')).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}$/);
    await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
    await expectAccessible(page, 'the action plan');

    // Print: the header and controls are hidden, the content stays, and it fits one A4 page.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.app-header')).toBeHidden();
    await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
    for (const heading of ['Pump, drug and current dose', 'Withdrawal (too little baclofen): a medical emergency', 'Overdose (too much baclofen)', 'Precautions', 'Contacts']) {
      await expect(page.getByRole('heading', { name: heading })).toBeVisible();
    }
    await expect(plan.getByText('DO NOT PERFORM A LUMBAR PUNCTURE', { exact: true })).toBeVisible();
    // The printable width of A4 portrait with 10 mm side margins: 190 mm at 96 px per inch.
    await page.setViewportSize({ width: Math.round((190 / 25.4) * 96), height: 1000 });
    mkdirSync(testInfo.outputDir, { recursive: true });
    await page.screenshot({ path: testInfo.outputPath('action-plan-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: false });
    await testInfo.attach('action-plan.pdf', { body: pdf, contentType: 'application/pdf' });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
    expect(pages.length, 'the action plan prints on one A4 page').toBe(1);
  });

  test('emergency mode is one click from another view and shows this child’s rescue dose with its inputs', { tag: '@clock' }, async ({ page }) => {
    const app = await openChart(page, 'itb-stable');
    await app.getByRole('link', { name: 'Nurse: observation rounds' }).click();
    await app.getByRole('link', { name: /Emergency: withdrawal or overdose/ }).click();
    await expect(app.getByRole('heading', { name: 'Emergency: baclofen withdrawal or overdose', level: 1 })).toBeVisible();

    const kg = await latestWeightKg('itb-stable');
    const band = kg <= 30 ? '< 30kg' : '> 30kg';
    await expect(app.getByTestId('rescue-weight')).toHaveText(`${kg.toFixed(1)} kg`);
    await expect(app.getByTestId('rescue-band')).toHaveText(band);
    await expect(app.locator('.em-facts')).not.toContainText('reading');
    await expect(app.getByTestId('rescue-dose')).toContainText(kg <= 30 ? '10 mg oral baclofen stat' : '20 mg oral baclofen stat');
    await expect(app.getByText('DO NOT PERFORM A LUMBAR PUNCTURE', { exact: true })).toBeVisible();
    // What the emergency team asks (§5.1.3.4c): dose, last refill, implant, MRI.
    await expect(app.getByText('450 micrograms/day', { exact: true })).toBeVisible();
    // Whole days from the seeded record to the run's reference instant (the browser's now), so
    // the expectation holds at any hour: an MRI at 13:00 twelve days back is 11 days ago at 12:59.
    const wholeDaysAgo = async (code: string): Promise<string> => {
      const b = await admin<Bundle<Procedure>>('GET', `fhir/Procedure?patient=itb-stable&code=${encodeURIComponent(code)}&_sort=-date&_count=1`);
      const at = Date.parse(b.entry?.[0]?.resource.performedDateTime ?? '');
      expect(at, `a seeded ${code} procedure`).not.toBeNaN();
      const days = Math.floor((testNow().getTime() - at) / MS_PER_DAY);
      return days === 1 ? '1 day ago' : `${days} days ago`;
    };
    await expect(app.locator('.em-fact', { hasText: 'Recent MRI' })).toContainText(await wholeDaysAgo('http://snomed.info/sct|113091000'));
    await expect(app.locator('.em-fact', { hasText: 'Last refill' })).toContainText(await wholeDaysAgo('https://itb-companion.example/fhir/CodeSystem/itb-procedure|pump-refill'));

    // The checklist suggests which syndrome the ticked signs point to, as guidance.
    await app.getByRole('checkbox', { name: 'Hypotonia (floppiness)' }).check();
    await app.getByRole('checkbox', { name: 'Drowsiness' }).check();
    await expect(app.getByRole('status').filter({ hasText: 'Points to overdose.' })).toBeVisible();
    await expect(app.getByText('Guidance, not a diagnosis', { exact: false })).toBeVisible();
    await expectAccessible(page, 'emergency mode');
  });

  test('emergency mode with no usable weight: a weight entered for this session gives the rescue dose, labelled, never written to the EHR', async ({ page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    // The chart answers the weight search with nothing (the pump child's other records as seeded).
    await page.route(/\/fhir\/Observation\?.*29463-7/, (route) =>
      route.fulfill({ status: 200, contentType: 'application/fhir+json', body: JSON.stringify({ resourceType: 'Bundle', type: 'searchset', total: 0, entry: [] }) }),
    );
    const writes: string[] = [];
    page.on('request', (r) => {
      if (/\/fhir\//.test(r.url()) && r.method() !== 'GET') writes.push(`${r.method()} ${r.url()}`);
    });
    await launchInTab(page, 'itb-stable');
    await page.getByRole('link', { name: /Emergency: withdrawal or overdose/ }).click();
    const rescue = page.getByRole('region', { name: 'Withdrawal: oral baclofen rescue dose' });
    await expect(rescue).toContainText('No dose calculated: no weight is recorded for this child.');
    await expect(rescue).toContainText('Searched the 10 newest body-weight Observations (LOINC 29463-7, 3141-9)');

    // Keyboard only: a value that is not a number is refused in an alert tied to the field.
    const field = rescue.getByRole('textbox', { name: 'Weight' });
    await field.focus();
    await page.keyboard.type('forty');
    await page.keyboard.press('Enter');
    await expect(rescue.getByRole('alert')).toContainText('Enter the weight as a number of kg');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(page, 'emergency mode, weight entry refused');

    await field.fill('42');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('rescue-dose')).toContainText('20 mg oral baclofen stat');
    await expect(page.getByTestId('rescue-band')).toHaveText('> 30kg');
    await expect(page.getByTestId('rescue-weight')).toContainText('42.0 kg — entered for this session, not in the chart');
    await expect(rescue).toContainText('Guideline §5.1.4.1');
    await expect(page.getByTestId('session-weight-used')).toContainText('never written to the EHR');
    // Kept for this session and patient only.
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('itb:session-weight:')))).toEqual(['itb:session-weight:itb-stable']);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('weight')))).toEqual([]);
    await expectAccessible(page, 'emergency mode with a weight entered for this session');
    expect(writes).toEqual([]);
  });

  test('emergency mode still gives the guidance and says what failed when the pump and medicine reads fail', async ({ page }) => {
    // Failing before the launch, so no other view has them cached.
    await page.route(/\/fhir\/(MedicationRequest|Device|Procedure)\b/, (route) => route.fulfill({ status: 503, contentType: 'application/fhir+json', body: '{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient","diagnostics":"unavailable"}]}' }));
    await launchInTab(page, 'itb-stable');
    await page.getByRole('link', { name: /Emergency: withdrawal or overdose/ }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Could not read from the EHR' })).toContainText('medicines');
    await expect(page.getByRole('alert').filter({ hasText: 'Could not read from the EHR' })).toContainText('pump and procedures');
    await expect(page.getByTestId('rescue-dose')).toContainText('oral baclofen stat');
    await expect(page.getByRole('heading', { name: /Overdose: what to do/ })).toBeVisible();
    await expect(page.getByText('Call the Poisons Information Centre: 13 11 26 (§5.2.3.3).')).toBeVisible();
    await expect(page.locator('.em-fact', { hasText: 'Current dose' })).toContainText('could not be read');
  });

  test('for the child whose only weight is old and in pounds, emergency mode and the plan say the weight is stale', { tag: '@clock' }, async ({ page }) => {
    const app = await openChart(page, 'itb-pounds');
    await app.getByRole('link', { name: /Emergency: withdrawal or overdose/ }).click();
    const b = await admin<Bundle<Observation>>('GET', 'fhir/Observation?patient=itb-pounds&code=http://loinc.org|29463-7&_sort=-date&_count=1');
    const q = b.entry?.[0]?.resource.valueQuantity;
    expect(q?.code).toBe('[lb_av]');
    const kg = (q?.value ?? Number.NaN) * 0.45359237;
    // One decimal place, and the unit as people write it (never UCUM's "[lb_av]").
    await expect(app.getByTestId('rescue-weight')).toHaveText(`${kg.toFixed(1)} kg (recorded as ${q?.value} lb)`);
    await expect(app.getByText('STALE WEIGHT')).toBeVisible();
    await expect(app.getByTestId('rescue-band')).toHaveText(kg <= 30 ? '< 30kg' : '> 30kg');

    await app.getByRole('link', { name: 'ITB action plan' }).click();
    await expect(app.getByRole('heading', { name: 'ITB Action Plan', level: 1 })).toBeVisible();
    await expect(app.locator('.ap-fact', { hasText: 'Weight' }).first()).toContainText('STALE');
    await expect(app.getByText(/Weight \d+(\.\d+)? kg was recorded \d+ days ago/)).toBeVisible();
    await expectAccessible(page, 'the action plan in the chart frame');
  });

  test('the sandbox holds exactly the seed children the print tests below cover', async () => {
    expect((await admin<{ id: string }[]>('GET', 'patients')).map((p) => p.id)).toEqual(SEED_CHILDREN);
    expect(SEED_CHILDREN, 'the children printed again after midnight').toEqual(expect.arrayContaining([...PRINT_AFTER_MIDNIGHT]));
  });

  // One test per child (issue 10): they spread over the workers, and each child is launched once
  // for both printed plans rather than once per plan. All of them run at 23:30 Sydney; after
  // midnight (`@clock`) only the children whose printed plans carry a date that a calendar-day
  // slip would move: the refill due, due soon and stable (the family plan's refill date), the
  // test-dose day and the weight that is stale by its age. The others' dates are covered there by
  // the action plan's and doctor view's own @clock tests; their print layout does not change with the hour.
  for (const id of SEED_CHILDREN) {
    test(`${id}: the action plan prints on one A4 page, and the family plan on one A4 page in large type at reading grade 7 or lower, whatever is missing or unusual in the record`, PRINT_AFTER_MIDNIGHT.has(id) ? { tag: '@clock' } : {}, async ({ page }, testInfo) => {
      await page.emulateMedia({ media: 'screen' });
      await launchInTab(page, id);
      await page.getByRole('link', { name: 'ITB action plan' }).click();
      await expect(page.getByRole('heading', { name: 'ITB Action Plan', level: 1 })).toBeVisible({ timeout: 20_000 });
      await page.emulateMedia({ media: 'print' });
      expect(pdfPages(await page.pdf({ format: 'A4', preferCSSPageSize: true })), 'pages of the printed action plan').toBe(1);

      await page.emulateMedia({ media: 'screen' });
      await page.getByRole('button', { name: 'Plan for the family and school' }).click();
      const family = page.locator('article.family-plan');
      await expect(family.getByText('In an emergency, always call 000 (triple zero).')).toBeVisible();
      if (id === 'itb-stable') {
        await expect(family.getByTestId('family-next-refill')).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
        await expectAccessible(page, 'the family plan');
      }
      await page.emulateMedia({ media: 'print' });
      await expect(page.getByRole('button', { name: 'Plan for clinicians' })).toBeHidden();
      // Large type: the body text prints at 12 pt or more (16 px at 96 px per inch is 12 pt).
      const bodyPx = await family.locator('p').first().evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      expect(bodyPx * 0.75, 'family plan body text in points').toBeGreaterThanOrEqual(12);
      const text = (await family.innerText()).replace(/\bPrint\b[\s\S]*?folder\.[^\n]*\n/, '');
      const grade = fleschKincaidGrade(text).grade;
      process.stdout.write(`Family plan Flesch–Kincaid grade as printed, ${id}: ${grade}\n`);
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      if (id === 'itb-stable') await testInfo.attach('family-plan.pdf', { body: pdf, contentType: 'application/pdf' });
      expect(pdfPages(pdf), 'pages of the printed family plan').toBe(1);
      expect(grade, `reading grade of ${id}'s family plan`).toBeLessThanOrEqual(7);
    });
  }
});
