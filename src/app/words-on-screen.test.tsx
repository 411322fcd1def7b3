// @vitest-environment jsdom
/**
 * Words on every clinical screen and print (issue 13 item 7, issue 11): no internal references
 * ("A4", "clinical-reference §3.2", "ambiguity"), no raw UCUM ("[lb_av]", "ug/d", "{score}"), no
 * LOINC or SNOMED codes, no false precision ("39.916129 kg") and no "[per day? unit missing in
 * source]". Each view is rendered for children whose records are written in different ways, and
 * its visible text is scanned. Text meant for the technically minded is kept in tooltips (`title`,
 * not scanned) or in a collapsed section marked `data-technical`, which is left out of the scan.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { at10, chartHandlers, daysBefore, device, itbOrder, patient, procedure, refillObservations, weight, withSession, type FakeChart } from '../../test/fixtures/fake-chart';
import { ActionPlanView } from '../features/action-plan/components/ActionPlanView';
import { DoctorView } from '../features/doctor/components/DoctorView';
import { EmergencyView } from '../features/emergency/components/EmergencyView';
import { NurseRoundsView } from '../features/rounds/components/NurseRoundsView';
import { TherapistView } from '../features/assessments/components/TherapistView';
import { injection, round, sydney, WardChart, withSession as withWardSession } from '../features/rounds/testing/ward-chart';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());

const NOW = new Date('2026-09-13T00:00:00Z'); // 10:00 in Sydney
beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ['Date'] }));
afterEach(() => vi.useRealTimers());

/** The patterns a clinician or a family should never read. */
export const JARGON: readonly (readonly [what: string, pattern: RegExp])[] = [
  // "A4 page" is the paper size, not ambiguity A4.
  ['an internal ambiguity reference (A1–A16)', /\bA(?:[0-35-9]|1\d)\b|\bA4\b(?! page| paper)/],
  ['a clinical-reference section', /clinical-reference/i],
  ['the word "ambiguity"', /\bambiguity\b/i],
  ['a raw UCUM pound unit', /\[lb_av\]/],
  ['a raw UCUM microgram unit', /\bug(?:\/|\b)/],
  ['a UCUM annotation', /\{[a-z][a-z .]*\}/i],
  ['a LOINC code', /\bLOINC\b|\b\d{4,5}-\d\b/],
  ['a SNOMED code', /\bSNOMED\b|\b72607000\b/],
  ['"per day? unit missing"', /per day\? unit missing/i],
  // Weights to one decimal place; no figure with four or more decimals (a daily volume of 0.225 mL is as calculated).
  ['false precision', /\d\.\d{2,}\s*kg\b|\d\.\d{4,}\s*(?:mL|micrograms|mg)\b/],
  // Dates are written so no reader can misread them ("13 Sep 2026 08:40"); a value quoted as the
  // record wrote it ("dated only \"2026-08\"") is the exception.
  ['a date written as FHIR writes it', /(?<!["'])\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}[^\s]*)?/],
  ['a FHIR dose element', /\b(?:doseQuantity|rateQuantity|rateRatio|quantityQuantity|ingredient\.strength)\b/],
  // Element paths belong in a tooltip or a section for the technically minded (issue 11): "timing.repeat",
  // "dosageInstruction[0].text", "Patient.birthDate", or an element named alone ("valueString").
  ['a FHIR element path', /\b[a-z]+\[\d+\]|\b[A-Za-z]+(?:[A-Z][a-z]+)+\.[a-z]|\b[a-z]+\.[a-z]+(?:[A-Z][a-z]+)+\b|\b[A-Z][a-z]+\.[a-z]+[A-Z]|\b[a-z]+\.(?:code|coding|text|display|repeat|strength|unit|value|system)\b/],
  [
    'a FHIR element name',
    /\b(?:dosageInstruction|doseAndRate|valueQuantity|valueString|valueCodeableConcept|dataAbsentReason|effectiveDateTime|effectivePeriod|performedDateTime|performedPeriod|medicationReference|medicationCodeableConcept|dispenseRequest|validityPeriod|authoredOn|focalDevice|orderDetail|occurrenceDateTime|birthDate|expirationDate|partOf|usedCode|boundsPeriod|dayOfWeek|timeOfDay|periodUnit|frequencyMax|periodMax)\b/,
  ],
];

/** The visible words of the page, without the sections marked for the technically minded. */
function visibleWords(root: HTMLElement): string {
  const copy = root.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('[data-technical], script, style').forEach((e) => e.remove());
  return copy.textContent ?? '';
}

function jargonIn(text: string): string[] {
  return JARGON.flatMap(([what, pattern]) => {
    const m = pattern.exec(text);
    return m === null ? [] : [`${what}: "…${text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 20)}…"`];
  });
}

const refillAt = at10(daysBefore(NOW, 70));
const base: FakeChart = {
  patient: patient(),
  weights: [weight('w1', 42.5, at10(daysBefore(NOW, 3)))],
  orders: [itbOrder('mr6', 450, at10(daysBefore(NOW, 240)))],
  devices: [device(2)],
  procedures: [procedure('refill1', 'pump-refill', refillAt), procedure('mri1', 'mri', at10(daysBefore(NOW, 12))), procedure('implant1', 'pump-implant', at10(daysBefore(NOW, 3 * 365)))],
  refillObservations: refillObservations('refill1', refillAt, 40, 2000),
};

/** An Oracle-shaped order: the daily dose as a per-day doseQuantity once a day, route SNOMED, strength in the text. */
const perDayDoseQuantity = {
  ...itbOrder('mr-oracle', 450, at10(daysBefore(NOW, 200))),
  contained: undefined,
  medicationReference: undefined,
  medicationCodeableConcept: { text: 'baclofen 2000 mcg/mL intrathecal solution' },
  dosageInstruction: [
    {
      text: '450 mcg/day intrathecal',
      route: { coding: [{ system: 'http://snomed.info/sct', code: '72607000', display: 'Intrathecal route' }] },
      timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
      doseAndRate: [{ doseQuantity: { value: 450, unit: 'mcg/day', system: 'http://unitsofmeasure.org', code: 'ug/d' } }],
    },
  ],
};

const corpus = (name: string) => (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../test/fixtures/interop', name), 'utf8')) as { resource: Record<string, unknown> }).resource;
const unusableWeight = (id: string, days: number, fields: Record<string, unknown>) => ({ ...weight(id, 1, at10(daysBefore(NOW, days))), valueQuantity: undefined, ...fields });
/** Records the readers take in part, so every Partial notice has something to say (issue 11). */
const readInPart: FakeChart = {
  ...base,
  orders: [{ ...corpus('medicationrequest-day-of-week-not-read.json'), subject: { reference: 'Patient/p1' }, authoredOn: at10(daysBefore(NOW, 240)) }],
  weights: [
    { ...weight('w-eie', 195, at10(daysBefore(NOW, 1))), status: 'entered-in-error' },
    unusableWeight('w-absent', 2, { dataAbsentReason: { text: 'Not performed' } }),
    unusableWeight('w-text', 3, { valueString: 'see notes' }),
    { ...weight('w-lb', 44, at10(daysBefore(NOW, 4))), valueQuantity: { value: 44, unit: 'kg', system: 'http://unitsofmeasure.org', code: '[lb_av]' } },
    weight('w-good', 42.5, at10(daysBefore(NOW, 5))),
  ],
  devices: [{ ...corpus('device-epic-pump-units-not-ml.json'), patient: { reference: 'Patient/p1' } }],
  procedures: [
    { ...corpus('procedure-oracle-cpt-refill-thousands-comma.json'), subject: { reference: 'Patient/p1' }, performedDateTime: refillAt },
    procedure('implant1', 'pump-implant', at10(daysBefore(NOW, 3 * 365))),
  ],
  refillObservations: [],
};

const CHARTS: readonly (readonly [name: string, chart: FakeChart])[] = [
  ['records read in part (a day-of-week order, unusable newer weights, a pump in cc, an ambiguous refill note)', readInPart],
  ['a weight far below the range for age (4 kg at 14 years)', { ...base, weights: [weight('w1', 4, at10(daysBefore(NOW, 1)))] }],
  ['the stable child', base],
  ['a weight recorded in pounds (88 lb = 39.916 kg)', { ...base, weights: [weight('w1', 88, at10(daysBefore(NOW, 430)), { unit: 'lb', code: '[lb_av]' })] }],
  ['an Oracle-shaped per-day doseQuantity order', { ...base, orders: [perDayDoseQuantity] }],
  [
    'a refill recorded only as text (the reason names its date)',
    {
      ...base,
      procedures: [{ resourceType: 'Procedure', id: 'note1', status: 'completed', code: { text: 'Pump refilled, see nursing note' }, subject: { reference: 'Patient/p1' }, focalDevice: [{ manipulated: { reference: 'Device/pump1' } }], performedDateTime: refillAt }],
      refillObservations: [],
    },
  ],
  [
    'an intrathecal order whose dose is in words only (the reason names its start)',
    { ...base, orders: [{ ...itbOrder('mr-text', 450, at10(daysBefore(NOW, 240))), dosageInstruction: [{ text: 'as directed by the pump clinic', route: { coding: [{ system: 'http://snomed.info/sct', code: '72607000' }] } }] }] },
  ],
  ['a child of exactly 30 kg (the boundary between the rescue bands)', { ...base, weights: [weight('w1', 30, at10(daysBefore(NOW, 1)))] }],
];

/** Any read the fake chart does not answer (test-dose orders, vitals) is an empty search. */
const emptySearches = () => [http.get('*/fhir/:type', () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [] }))];

async function settle(ready: () => Promise<unknown>) {
  await ready();
  // Let the second wave (dose history, refill observations) arrive.
  await waitFor(() => expect(screen.queryAllByRole('status').filter((s) => /Reading/.test(s.textContent ?? ''))).toHaveLength(0));
}

type View = { readonly name: string; readonly ui: () => ReactNode; readonly ready: () => Promise<unknown>; readonly open?: () => Promise<void> };

const VIEWS: readonly View[] = [
  { name: 'doctor view', ui: () => <DoctorView />, ready: () => screen.findByTestId('current-dose') },
  { name: 'printed action plan (clinicians)', ui: () => <ActionPlanView />, ready: () => screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 }) },
  {
    name: 'family action plan',
    ui: () => <ActionPlanView />,
    ready: () => screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 }),
    open: async () => {
      vi.useRealTimers();
      await userEvent.click(screen.getByRole('button', { name: /family/i }));
    },
  },
  // The rescue dose, or the weight check that holds it back.
  { name: 'emergency mode', ui: () => <EmergencyView />, ready: () => screen.findAllByTestId(/^(rescue-dose|weight-for-age)$/) },
];

describe('the words on every view name no internal reference, code or raw unit', () => {
  describe.each(CHARTS)('%s', (_, chart) => {
    it.each(VIEWS)('$name', async (view) => {
      server.use(...chartHandlers(chart), ...emptySearches());
      const { container } = render(withSession(view.ui()));
      await settle(view.ready);
      if (view.open !== undefined) await view.open();
      const text = visibleWords(container);
      expect(text.length).toBeGreaterThan(500);
      expect(jargonIn(text)).toEqual([]);
    });
  });

  it.each(VIEWS.filter((v) => v.open === undefined))('$name: the Partial notices say in words what was not used, the FHIR element only in the tooltip', async (view) => {
    server.use(...chartHandlers(readInPart), ...emptySearches());
    const { container } = render(withSession(view.ui()));
    await settle(view.ready);
    const text = visibleWords(container);
    expect(text).toMatch(/Partial: \d+ .*records? could not be read as recorded/);
    expect(text).toContain('Prescription medrx-itb-dow: the schedule gives days of the week, which the app does not read');
    expect(text).toContain('Observation w-lb: "44 kg": the unit written ("kg") and the coded unit (lb) disagree');
    const item = screen.getAllByText(/^Prescription medrx-itb-dow:/)[0];
    expect(item).toHaveAttribute('title', 'MedicationRequest/medrx-itb-dow dosageInstruction[0].timing');
  });

  it("the nurse's rounds and review step", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    const before = (m: number) => sydney(new Date(NOW.getTime() - m * 60_000));
    const chart = new WardChart([injection(before(90)), ...round('g1', before(75), { hr: 90, rr: 20, spo2: 98, sbp: 102, dbp: 60 })]);
    server.use(...chart.handlers());
    const { container } = render(withWardSession(<NurseRoundsView />).ui);
    await screen.findByTestId('trend-table');
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Heart rate' }), '90');
    await user.type(screen.getByRole('textbox', { name: 'Respiratory rate' }), '20');
    await user.type(screen.getByRole('textbox', { name: 'SpO2' }), '97');
    await user.click(screen.getByRole('radio', { name: 'Room air' }));
    await user.click(screen.getByRole('button', { name: 'Review round' }));
    await screen.findByRole('table', { name: /Observations in this round/ });
    const text = visibleWords(container);
    expect(text).toContain('beats/min');
    expect(jargonIn(text)).toEqual([]);
    sessionStorage.clear();
  });

  it("the therapist's form, comparison with its evidence and source, and verdict", async () => {
    // A baseline and a 2-hour assessment (BADS for every region, a Modified Ashworth grade) as the
    // app writes them: the comparison panel shows the guideline evidence and where it comes from.
    const LOCAL = 'https://itb-companion.example/fhir/CodeSystem/itb-assessment';
    let n = 0;
    const obs = (group: string, code: string, item: string, timePoint: string, effective: string, value: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      resourceType: 'Observation',
      id: `t${++n}`,
      meta: { versionId: '1' },
      status: 'final',
      identifier: [
        { system: 'https://itb-companion.example/fhir/NamingSystem/client-entry-id', value: `${group}:${item}` },
        { system: 'https://itb-companion.example/fhir/NamingSystem/entry-group-id', value: group },
      ],
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'exam' }] }],
      code: { coding: [{ system: LOCAL, code }] },
      subject: { reference: 'Patient/p1' },
      effectiveDateTime: effective,
      ...value,
      component: [{ code: { coding: [{ system: LOCAL, code: 'time-point' }] }, valueCodeableConcept: { coding: [{ system: LOCAL, code: timePoint }] } }],
      ...extra,
    });
    const regions = ['eyes', 'mouth', 'neck', 'trunk', 'upper-left', 'upper-right', 'lower-left', 'lower-right'];
    const bads = (group: string, tp: string, at: string, scores: readonly number[]) => regions.map((r, i) => obs(group, `bads-${r}`, `bads-${r}`, tp, at, { valueInteger: scores[i] }));
    const mas = (group: string, tp: string, at: string, grade: string) => obs(group, 'mas-grade', 'mas-grade:Hamstrings (left)', tp, at, { valueCodeableConcept: { coding: [{ system: LOCAL, code: grade }] } }, { bodySite: { text: 'Hamstrings (left)' } });
    const assessments = [
      ...bads('gb', 'baseline', '2026-09-13T07:00:00+10:00', [1, 3, 3, 4, 4, 3, 4, 3]),
      mas('gb', 'baseline', '2026-09-13T07:00:00+10:00', 'mas-2'),
      ...bads('g2', '2h', '2026-09-13T09:30:00+10:00', [0, 2, 2, 3, 3, 2, 3, 3]),
      mas('g2', '2h', '2026-09-13T09:30:00+10:00', 'mas-1plus'),
    ];
    server.use(...chartHandlers({ ...base, devices: [], procedures: [], assessments }), ...emptySearches());
    const { container } = render(withSession(<TherapistView />));
    await screen.findByRole('heading', { name: 'Record an assessment' });
    const form = visibleWords(container);
    expect(form).toContain('Barry');
    vi.useRealTimers();
    await userEvent.click(screen.getByRole('tab', { name: 'Compare and verdict' }));
    await screen.findByTestId('bads-2h');
    const compare = visibleWords(container);
    expect(compare).toContain('28% reduction');
    expect(compare).toContain('Guideline §3.4.8');
    expect(jargonIn(form)).toEqual([]);
    expect(jargonIn(compare)).toEqual([]);
  });

  it('the scan itself catches each pattern (a scan that cannot fail is no test)', () => {
    const samples = [
      'band (A4)',
      'clinical-reference §3.2',
      'an ambiguity',
      '88 [lb_av]',
      '450 ug/d',
      '{score}',
      'LOINC 8867-4',
      'SNOMED 72607000',
      '[per day? unit missing in source]',
      '39.916129 kg',
      'read from rateQuantity 450',
      'MedicationRequest/mr1 dosageInstruction[0].timing.repeat.dayOfWeek: not read',
      'timing.repeat: not understood',
      'valueQuantity.unit missing',
      'Observation/w2 valueString: text',
      'Source: Patient.birthDate',
      'repeat.dayOfWeek',
      'medication.code.text',
    ];
    samples.forEach((s) => expect(jargonIn(s), s).not.toEqual([]));
    expect(jargonIn('One A4 page; 450 micrograms/day; 39.9 kg; 88 lb; 13 Sep 2026 10:00; MRN100004; e.g. Observation/w1; Procedure/refill-text; fhir.cerner.com')).toEqual([]);
  });
});
