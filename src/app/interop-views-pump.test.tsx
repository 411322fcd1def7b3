// @vitest-environment jsdom
/**
 * Issue 11, "Done when", for the pump Procedures, Devices and body weights of the interoperability
 * corpus (test/fixtures/interop, README-procedures.md and README-observations.md): each resource,
 * as the EHR wrote it, is rendered through the doctor view, the printed action plan and emergency
 * mode. Each view shows the figure the corpus says must be read (last refill, refill due date with
 * its governing limit, implant date, reservoir, weight), or says what is missing and what was
 * searched for, and the doctor view offers to enter it. The expected figures are worked by hand.
 *
 * The child: a boy born 6 May 2016 (32.4 kg), on 450 micrograms/day (the Oracle-shaped per-day
 * order, 2000 micrograms/mL). Today: 25 Nov 2026 11:00 in Sydney (+11:00).
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { chartHandlers, device, patient, procedure, refillObservations, weight, withSession, type FakeChart } from '../../test/fixtures/fake-chart';
import { ACTION_PLAN, DOCTOR, EMERGENCY, emergencyFact, emptySearches, factIn, interopServer, loadReading, loadResource, planFact, type InteropView } from './testing/interop-views';

const NOW = new Date('2026-11-25T00:00:00Z');
const server = interopServer(NOW);

const order = {
  ...loadReading('medicationrequest-oracle-dose-per-day.json').resource,
  status: 'active',
  subject: { reference: 'Patient/p1' },
  authoredOn: '2026-01-01T09:00:00+11:00',
  dispenseRequest: undefined,
};
/** The corpus resource as written, about this child. */
const forChild = (name: string) => {
  const r = loadResource(name);
  return r.resourceType === 'Device' ? { ...r, patient: { reference: 'Patient/p1' } } : { ...r, subject: { reference: 'Patient/p1' } };
};
const base: FakeChart = {
  patient: patient('2016-05-06'),
  weights: [weight('w1', 32.4, '2026-11-20T09:00:00+11:00')],
  orders: [order],
  devices: [device(2)],
  procedures: [],
  refillObservations: [],
};

async function open(view: InteropView, chart: FakeChart) {
  server.use(...chartHandlers(chart), ...emptySearches());
  render(withSession(view.ui()));
  await view.ready();
  // The second wave (pump, procedure history) has answered.
  await waitFor(() => expect(screen.queryAllByText(/^Loading|Loading…$/)).toHaveLength(0));
}
const card = (name: string) => screen.getByRole('article', { name });

// --- Procedures ------------------------------------------------------------------------------

type RefillReading =
  /** Found and forecast: the doctor's date, the plan's and emergency mode's date-time, the due date. */
  | { readonly found: string; readonly at: string; readonly ml: number; readonly due: string; readonly dueAt: string; readonly limit: RegExp }
  /** Found, but a fact the forecast needs is missing: named and asked for. */
  | { readonly found: string; readonly at: string; readonly missing: 'Fill volume' }
  /** Not found: what was searched for, and the date of the last refill asked for. */
  | 'not found';
type ImplantReading = { readonly found: string; readonly at: string } | 'not found';

const NO_REFILL = 'not found' as const;
const NO_IMPLANT = 'not found' as const;
const ALARM = /low-reservoir alarm/;

const PROCEDURES: readonly (readonly [file: string, refill: RefillReading, implant: ImplantReading, mri?: string])[] = [
  // 40 mL of 2000 on 13 Sep 2026 10:00: (40 − 2) mL ÷ 0.225 mL/day = 168.9 days → 1 Mar 2027.
  ['procedure-oracle-refill-text-focal-device.json', { found: '13 Sep 2026', at: '13 Sep 2026 10:00', ml: 40, due: '1 Mar 2027', dueAt: '1 Mar 2027', limit: ALARM }, NO_IMPLANT],
  // 20 mL of 1000 on 2 Aug 2026 (a date only: that day in Sydney): 18 mL ÷ 0.45 mL/day = 40 days → 11 Sep 2026 00:00.
  ['procedure-oracle-refill-date-only-two-volumes.json', { found: '2 Aug 2026', at: '2 Aug 2026', ml: 20, due: '11 Sep 2026', dueAt: '11 Sep 2026 00:00', limit: ALARM }, NO_IMPLANT],
  // 40 mL on 2 Jul 2026 09:30, the note's "2,000 mcg/mL" refused, the order's 2000 used: 168.9 days → 18 Dec 2026 07:50 (+11:00).
  ['procedure-oracle-cpt-refill-thousands-comma.json', { found: '2 Jul 2026', at: '2 Jul 2026 09:30', ml: 40, due: '18 Dec 2026', dueAt: '18 Dec 2026 07:50', limit: ALARM }, NO_IMPLANT],
  // 20 mL on 1 May 2026 11:00, "2 mg/mL" refused, the order's 2000 used: 18 mL ÷ 0.225 = 80 days → 20 Jul 2026.
  ['procedure-oracle-refill-mg-per-ml.json', { found: '1 May 2026', at: '1 May 2026 11:00', ml: 20, due: '20 Jul 2026', dueAt: '20 Jul 2026 11:00', limit: ALARM }, NO_IMPLANT],
  // 20 mL of 1000 on 11 Sep 2026 09:15: 40 days → 21 Oct 2026 10:15 (+11:00).
  ['procedure-epic-eap-refill.json', { found: '11 Sep 2026', at: '11 Sep 2026 09:15', ml: 20, due: '21 Oct 2026', dueAt: '21 Oct 2026 10:15', limit: ALARM }, NO_IMPLANT],
  // "60 mL" is more than the 40 mL reservoir: left out, so the fill volume is asked for.
  ['procedure-oracle-refill-overfilled.json', { found: '1 Jun 2026', at: '1 Jun 2026 11:00', missing: 'Fill volume' }, NO_IMPLANT],
  ['procedure-oracle-refill-entered-in-error.json', NO_REFILL, NO_IMPLANT],
  ['procedure-epic-implant-cpt.json', NO_REFILL, { found: '11 Nov 2023', at: '11 Nov 2023 09:00' }],
  ['procedure-oracle-pump-replacement.json', NO_REFILL, { found: '21 Jan 2026', at: '21 Jan 2026 09:00' }],
  ['procedure-oracle-mri-snomed.json', NO_REFILL, NO_IMPLANT, '5 Oct 2026 15:00'],
  ['procedure-oracle-mri-text.json', NO_REFILL, NO_IMPLANT, '11 Feb 2025 15:00'],
  ['procedure-epic-interrogation-cpt.json', NO_REFILL, NO_IMPLANT],
  ['procedure-oracle-test-dose-text.json', NO_REFILL, NO_IMPLANT],
  ['procedure-oracle-catheter-revision.json', NO_REFILL, NO_IMPLANT],
  ['procedure-oracle-mri-and-interrogation.json', NO_REFILL, NO_IMPLANT],
  ['procedure-fhir-r4-example-implant-pacemaker.json', NO_REFILL, NO_IMPLANT],
  ['procedure-fhir-r4-example-appendectomy.json', NO_REFILL, NO_IMPLANT],
];

const procedureRows = PROCEDURES.map(([file, refill, implant, mri]) => ({ file, refill, implant, mri }));

describe.each(procedureRows)('$file, the only Procedure in the record', ({ file, refill, implant, mri }) => {
  const chart: FakeChart = { ...base, procedures: [forChild(file)] };

  it('the doctor view: the refill and its forecast, or what was searched for and the facts asked for; the implant, or what was searched for', async () => {
    await open(DOCTOR, chart);
    const dates = card('Key dates');
    const due = card('Refill due');
    if (refill === NO_REFILL) {
      expect(factIn(dates, 'Last refill')).toHaveTextContent('not found (see Refill due for what was searched)');
      expect(within(due).getByTestId('searched-pump-refill')).toHaveTextContent('Searched the one most recent Procedure of this patient (up to 50) for a pump refill:');
      expect(within(due).getByLabelText('Date of last refill')).toBeInTheDocument();
    } else if ('missing' in refill) {
      expect(factIn(dates, 'Last refill')).toHaveTextContent(refill.found);
      expect(within(due).getByText(/The fill volume of the refill on .* is not recorded/)).toBeInTheDocument();
      expect(within(due).getByLabelText(refill.missing)).toBeInTheDocument();
      expect(within(due).queryByLabelText('Date of last refill')).not.toBeInTheDocument();
    } else {
      expect(factIn(dates, 'Last refill')).toHaveTextContent(refill.found);
      expect(within(due).getByTestId('refill-due-date')).toHaveTextContent(refill.due);
      expect(within(due).getByTestId('refill-governing')).toHaveTextContent(refill.limit);
    }
    if (implant === NO_IMPLANT) {
      expect(factIn(dates, 'Implant')).toHaveTextContent('not found (see Pump for what was searched)');
      expect(within(card('Pump')).getByTestId('searched-pump-implant')).toHaveTextContent('for a pump implant or pump replacement, and the whole record for the implant codes:');
    } else expect(factIn(dates, 'Implant')).toHaveTextContent(implant.found);
    const mriCard = card('Test dose response and MRI');
    if (mri !== undefined) expect(mriCard).toHaveTextContent(`MRI ${mri}.`);
    else expect(mriCard).toHaveTextContent('No MRI among the recent procedures.');
  });

  it('the printed action plan: the same refill, due date and limit, implant and MRI, or what is missing and what was searched for', async () => {
    await open(ACTION_PLAN, chart);
    if (refill === NO_REFILL) {
      expect(planFact('Last refill')).toHaveTextContent('Last refill not recorded.');
      expect(planFact('Next refill due')).toHaveTextContent(
        "No pump refill was found (searched the 1 most recent procedures, for the codes ITB Companion pump-refill, CPT 62369, CPT 62370 and the site's refill text patterns), so the refill date cannot be forecast.",
      );
    } else if ('missing' in refill) {
      expect(planFact('Last refill')).toHaveTextContent(refill.at);
      expect(planFact('Next refill due')).toHaveTextContent('The fill volume of the last refill is not recorded, so the refill date cannot be forecast.');
    } else {
      expect(planFact('Last refill')).toHaveTextContent(refill.at);
      expect(planFact('Next refill due')).toHaveTextContent(refill.dueAt);
      expect(planFact('Next refill due')).toHaveTextContent(/reservoir reaches the 2 mL low-reservoir alarm/);
    }
    if (implant === NO_IMPLANT) {
      expect(planFact('Implant')).toHaveTextContent('Implant date not recorded. (searched the 1 most recent procedures for an implant or replacement, and the whole record for the codes');
    } else expect(planFact('Implant')).toHaveTextContent(implant.at);
    expect(planFact('Recent MRI')).toHaveTextContent(mri ?? 'Recent MRI not recorded.');
  });

  it('emergency mode: the same last refill, implant and MRI, or says they are not recorded and where it looked', async () => {
    await open(EMERGENCY, chart);
    if (refill === NO_REFILL) expect(emergencyFact('Last refill')).toHaveTextContent('no refill recorded');
    else {
      expect(emergencyFact('Last refill')).toHaveTextContent(refill.at);
      if ('ml' in refill) expect(emergencyFact('Last refill')).toHaveTextContent(`, ${refill.ml} mL`);
      else expect(emergencyFact('Last refill')).not.toHaveTextContent(/\d mL \(/);
    }
    if (implant === NO_IMPLANT) expect(emergencyFact('Implant')).toHaveTextContent('Implant date not recorded (none among the 1 most recent procedures, nor by the implant codes across the record)');
    else expect(emergencyFact('Implant')).toHaveTextContent(implant.at);
    expect(emergencyFact('Recent MRI')).toHaveTextContent(mri ?? 'none among the 1 most recent procedures');
  });
});

// --- Devices ---------------------------------------------------------------------------------

/** The coded refill (20 mL of 2000 micrograms/mL, 1 Sep 2026 10:00) and implant (1 Sep 2023) beside each Device. */
const REFILLED = '2026-09-01T10:00:00+10:00';
type DeviceReading = { readonly model: string; readonly reservoir: number | undefined; readonly due: string; readonly dueAt: string; readonly alarm: number; readonly named?: string };

const DEVICES: readonly (readonly [file: string, reading: DeviceReading])[] = [
  // Properties typed by text. (20 − 2) mL ÷ 0.225 mL/day = 80 days → 20 Nov 2026 11:00 (+11:00).
  ['device-oracle-synchromed-text-properties.json', { model: 'SynchroMed II 8637-40', reservoir: 40, alarm: 2, due: '20 Nov 2026', dueAt: '20 Nov 2026 11:00' }],
  // The app's own codes, a 20 mL pump alarming at 4 mL: 16 mL ÷ 0.225 = 71.1 days → 11 Nov 2026 13:40.
  ['device-itb-coded-properties.json', { model: 'SynchroMed II 8637-20', reservoir: 20, alarm: 4, due: '11 Nov 2026', dueAt: '11 Nov 2026 13:40' }],
  // "20 cc" and a unitless alarm: both left out and named; the forecast says it uses the default 2 mL alarm.
  [
    'device-epic-pump-units-not-ml.json',
    { model: 'SYNCHROMED II INFUSION PUMP 8637-20', reservoir: undefined, alarm: 2, due: '20 Nov 2026', dueAt: '20 Nov 2026 11:00', named: 'Reservoir volume on Device/eDEV1 left out: 20 cc is not in mL.' },
  ],
];
const NOT_THE_PUMP: readonly (readonly [file: string, named: string])[] = [
  ['device-oracle-insulin-pump.json', 'Device/15575768 "Insulin Pump" is not an intrathecal pump'],
  ['device-oracle-total-hip-set.json', 'Device/15577765 "Total Hip Set" is not an intrathecal pump'],
  ['device-fhir-r4-example-pacemaker.json', 'Device/example-pacemaker "Octane" is not an intrathecal pump'],
];
const withDevice = (file: string): FakeChart => ({
  ...base,
  devices: [forChild(file)],
  procedures: [procedure('refill1', 'pump-refill', REFILLED), procedure('implant1', 'pump-implant', '2023-09-01T10:00:00+10:00')],
  refillObservations: refillObservations('refill1', REFILLED, 20, 2000),
});

describe.each(DEVICES.map(([file, d]) => ({ file, d })))('$file as the pump', ({ file, d }) => {
  it('the doctor view: the model, reservoir and alarm volume (or what was left out), and the due date they give', async () => {
    await open(DOCTOR, withDevice(file));
    const pump = card('Pump');
    expect(pump).toHaveTextContent(d.model);
    expect(factIn(pump, 'Reservoir')).toHaveTextContent(d.reservoir === undefined ? 'not recorded' : `${d.reservoir} mL`);
    if (d.named !== undefined) {
      expect(within(pump).getByText(d.named)).toBeInTheDocument();
      expect(factIn(pump, 'Alarm volume')).toHaveTextContent('not recorded (forecast uses the default 2 mL)');
    } else expect(factIn(pump, 'Alarm volume')).toHaveTextContent(`${d.alarm} mL`);
    expect(screen.getByTestId('refill-due-date')).toHaveTextContent(d.due);
    expect(screen.getByTestId('refill-governing')).toHaveTextContent('the low-reservoir alarm volume');
    expect(card('Refill due')).toHaveTextContent(`(alarm at ${d.alarm} mL left, ${d.due};`);
  });

  it('the printed action plan: the same pump and reservoir, and the same due date', async () => {
    await open(ACTION_PLAN, withDevice(file));
    expect(planFact('Pump')).toHaveTextContent(`${d.model}, ${d.reservoir === undefined ? 'reservoir volume not recorded' : `reservoir ${d.reservoir} mL`}`);
    expect(planFact('Next refill due')).toHaveTextContent(d.dueAt);
    expect(planFact('Next refill due')).toHaveTextContent(`reservoir reaches the ${d.alarm} mL low-reservoir alarm`);
  });

  it('emergency mode: the same pump and reservoir', async () => {
    await open(EMERGENCY, withDevice(file));
    expect(emergencyFact('Pump')).toHaveTextContent(`${d.model}, ${d.reservoir === undefined ? 'reservoir volume not recorded' : `reservoir ${d.reservoir} mL`}`);
  });
});

describe.each(NOT_THE_PUMP.map(([file, named]) => ({ file, named })))('$file, the only Device', ({ file, named }) => {
  it('the doctor view names it and shows no pump; the forecast says it uses the default alarm volume', async () => {
    await open(DOCTOR, withDevice(file));
    const pump = card('Pump');
    expect(pump).toHaveTextContent('Device not recorded');
    expect(pump).toHaveTextContent(named);
    expect(factIn(pump, 'Alarm volume')).toHaveTextContent('not recorded (forecast uses the default 2 mL)');
    expect(screen.getByTestId('refill-due-date')).toHaveTextContent('20 Nov 2026');
  });

  it('the printed action plan and emergency mode record no pump, never this device', async () => {
    await open(ACTION_PLAN, withDevice(file));
    expect(planFact('Pump')).toHaveTextContent('not recorded, reservoir volume not recorded');
  });

  it('emergency mode records no pump device', async () => {
    await open(EMERGENCY, withDevice(file));
    expect(emergencyFact('Pump')).toHaveTextContent('no pump device recorded');
  });
});

// --- Body weights ----------------------------------------------------------------------------

/** A boy born 6 May 2020 (19.8 kg is near the median for his age). */
const SIX = patient('2020-05-06');
type WeightReading =
  | { readonly kg: string; readonly plan: string; readonly emergency: string; readonly rescue: string; readonly passedOver?: number }
  | { readonly none: readonly string[] };

const WEIGHTS: readonly (readonly [name: string, chart: FakeChart, reading: WeightReading])[] = [
  ['observation-weight-oracle-health-kg.json', { ...base, patient: SIX, weights: [forChild('observation-weight-oracle-health-kg.json')] }, { kg: '19.8 kg', plan: '19.8 kg on 26 Oct 2026 10:05', emergency: '19.8 kg', rescue: '10 mg oral baclofen stat' }],
  // 35.27 lb = 15.998 kg, cut (not rounded) to 15.9 kg everywhere so the figure stays on the side of the band it was chosen from.
  [
    'observation-weight-epic-flowsheet-lb.json',
    { ...base, patient: SIX, weights: [forChild('observation-weight-epic-flowsheet-lb.json')] },
    { kg: '15.9 kg', plan: '15.9 kg (recorded as 35.27 lb) on 5 Aug 2026 01:20', emergency: '15.9 kg (recorded as 35.27 lb)', rescue: '10 mg oral baclofen stat' },
  ],
  ['observation-weight-grams.json', { ...base, patient: SIX, weights: [forChild('observation-weight-grams.json')] }, { kg: '16.2 kg', plan: '16.2 kg (recorded as 16200 g) on 2 Oct 2026 07:45', emergency: '16.2 kg (recorded as 16200 g)', rescue: '10 mg oral baclofen stat' }],
  // The R4 example: 185 lb on the date 28 Mar 2016, for a boy born 6 May 1998 (17 then): 83.9 kg, a date without a time.
  [
    'observation-weight-fhir-spec-lb-date-only.json',
    { ...base, patient: patient('1998-05-06'), weights: [forChild('observation-weight-fhir-spec-lb-date-only.json')] },
    { kg: '83.9 kg', plan: '83.9 kg (recorded as 185 lb) on 28 Mar 2016 (', emergency: '83.9 kg (recorded as 185 lb)', rescue: '20 mg oral baclofen stat' },
  ],
  // The same weight beside a birth date four years later is not this child's: left out and named.
  ['observation-weight-fhir-spec-lb-date-only.json, dated before the birth date', { ...base, patient: SIX, weights: [forChild('observation-weight-fhir-spec-lb-date-only.json')] }, { none: ["before the child's birth date (6 May 2020): not this child's weight, not used"] }],
  ['observation-weight-entered-in-error.json', { ...base, patient: SIX, weights: [forChild('observation-weight-entered-in-error.json')] }, { none: ['weight marked entered-in-error in the EHR: not used'] }],
  ['observation-weight-data-absent.json', { ...base, patient: SIX, weights: [forChild('observation-weight-data-absent.json')] }, { none: ['no value recorded (data absent: Not performed: child in theatre)'] }],
  ['observation-weight-epic-valuestring.json', { ...base, patient: SIX, weights: [forChild('observation-weight-epic-valuestring.json')] }, { none: ['weight recorded as text "19.8kg? re-weigh, scale not zeroed": not read as a number'] }],
  ['observation-weight-preliminary.json', { ...base, patient: SIX, weights: [forChild('observation-weight-preliminary.json')] }, { none: ['weight with status "preliminary" is not a final result: not used'] }],
  // The four unusable ones are newer than the good 19.8 kg of 26 Oct: they never hide it, and are passed over by name.
  [
    'the four unusable weights newer than observation-weight-oracle-health-kg.json',
    {
      ...base,
      patient: SIX,
      weights: ['entered-in-error', 'data-absent', 'epic-valuestring', 'preliminary', 'oracle-health-kg'].map((w) => forChild(`observation-weight-${w}.json`)),
    },
    { kg: '19.8 kg', plan: '19.8 kg on 26 Oct 2026 10:05', emergency: '19.8 kg', rescue: '10 mg oral baclofen stat', passedOver: 4 },
  ],
];

describe.each(WEIGHTS.map(([name, chart, reading]) => ({ name, chart, reading })))('$name', ({ chart, reading }) => {
  it('the doctor view: the weight in kg, or "No usable weight recorded." with each record not used named and the entry for this session offered', async () => {
    await open(DOCTOR, chart);
    const w = card('Weight and age');
    if ('none' in reading) {
      expect(within(w).getByText(/^No (usable )?weight recorded\.$/)).toBeInTheDocument();
      reading.none.forEach((why) => expect(w).toHaveTextContent(why));
      expect(within(w).getByRole('button', { name: 'Use this weight for this session' })).toBeInTheDocument();
    } else {
      expect(within(w).getByTestId('weight-kg')).toHaveTextContent(reading.kg);
      if (reading.passedOver !== undefined) expect(within(w).getByTestId('passed-over-notice')).toHaveTextContent(`${reading.passedOver} newer weight records could not be used`);
    }
  });

  it('the printed action plan: the same weight, or "no usable weight recorded"', async () => {
    await open(ACTION_PLAN, chart);
    if ('none' in reading) expect(planFact('Weight')).toHaveTextContent(/^(not recorded|no (usable )?weight recorded)/);
    else expect(planFact('Weight')).toHaveTextContent(reading.plan);
  });

  it('emergency mode: the same weight and the rescue dose it gives, or no dose and the guideline bands', async () => {
    await open(EMERGENCY, chart);
    const rescue = screen.getByRole('region', { name: 'Withdrawal: oral baclofen rescue dose' });
    if ('none' in reading) {
      expect(within(rescue).getByText(/no (usable )?weight is recorded for this child/)).toBeInTheDocument();
      // No weight is shown, so the unusable records are the reason, not "a newer entry passed over".
      expect(within(rescue).queryByText(/Not the newest weight entry/)).not.toBeInTheDocument();
      expect(within(rescue).getByText(/< 30 kg: 10 mg stat/)).toBeInTheDocument();
      expect(within(rescue).queryByTestId('rescue-dose')).not.toBeInTheDocument();
      reading.none.forEach((why) => expect(document.body).toHaveTextContent(why));
    } else {
      expect(within(rescue).getByTestId('rescue-weight')).toHaveTextContent(reading.emergency);
      expect(within(rescue).getByTestId('rescue-dose')).toHaveTextContent(reading.rescue);
    }
  });
});
