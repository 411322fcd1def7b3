/**
 * Issue 15: values a hostile or careless EHR sends are never shown as figures. Each case is one of
 * those the fuzzing found reaching the screen without a word; each must now be left out and named.
 */
import { describe, expect, it } from 'vitest';
import { mapLatestWeight, mapObservationResources, withWeightForAge } from './observations';
import { parseBundle } from './parse';
import { mapPatient } from './patient';
import { classifyProcedures, mapDevice, mapPump, mapRefills, type ProcedureRecord } from './pump';
import { mapPlannedTestDoses } from './service-requests';
import type { FhirDevice, FhirProcedure } from './schemas';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const ITB_ASSESSMENT = 'https://itb-companion.example/fhir/CodeSystem/itb-assessment';

const weight = (valueQuantity: Record<string, unknown>, id = 'w1') => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: LOINC, code: '29463-7' }] },
  effectiveDateTime: '2026-11-20T09:00:00+11:00',
  valueQuantity,
});

describe('a body weight', () => {
  it('with a comparator ("< 35.5 kg") is not used as 35.5 kg, and is named as written', () => {
    const w = mapLatestWeight([weight({ value: 35.5, comparator: '<', unit: 'kg', system: UCUM, code: 'kg' })]);
    expect(w.latest).toBeUndefined();
    expect(w.issues[0]?.message).toContain('"< 35.5 kg"');
  });

  it('whose unit says kg and code says [lb_av] is not used: neither is trusted', () => {
    const w = mapLatestWeight([weight({ value: 44, unit: 'kg', system: UCUM, code: '[lb_av]' })]);
    expect(w.latest).toBeUndefined();
    expect(w.issues[0]?.message).toBe('"44 kg": the unit written ("kg") and the coded unit (lb) disagree, so the value is not used');
  });

  it('dated in year 0000 or next year is left out and named', () => {
    const w = mapLatestWeight([
      { ...weight({ value: 20, unit: 'kg', system: UCUM, code: 'kg' }, 'old'), effectiveDateTime: '0000-01-01' },
      { ...weight({ value: 21, unit: 'kg', system: UCUM, code: 'kg' }, 'future'), effectiveDateTime: '2027-06-01' },
    ]);
    expect(w.latest).toBeUndefined();
    expect(w.issues.map((i) => i.message).join(' ')).toMatch(/before 1900.*|in the future/);
    expect(w.issues).toHaveLength(2);
  });
});

describe('a newest weight that fails its schema (fuzz, seed 1: its value written as the string "42.5")', () => {
  it('is named beside the older weight shown, not only in the read\'s notice', () => {
    const w = mapLatestWeight([
      { ...weight({ value: '42.5', unit: 'kg', system: UCUM, code: 'kg' }, 'new'), effectiveDateTime: '2026-11-20T09:00:00+11:00' },
      { ...weight({ value: 41.2, unit: 'kg', system: UCUM, code: 'kg' }, 'old'), effectiveDateTime: '2026-05-08T10:00:00+10:00' },
    ]);
    expect(w.latest?.id).toBe('old');
    expect(w.skippedNewer.map((i) => i.id)).toEqual(['new']);
    expect(w.issues.filter((i) => i.id === 'new')).toHaveLength(1);
  });
  it('an older unreadable weight, or an unreadable Observation that is not a weight, is not named beside it', () => {
    const w = mapLatestWeight([
      { ...weight({ value: 41.2, unit: 'kg', system: UCUM, code: 'kg' }, 'cur'), effectiveDateTime: '2026-11-20T09:00:00+11:00' },
      { ...weight({ value: '40', unit: 'kg', system: UCUM, code: 'kg' }, 'older'), effectiveDateTime: '2026-05-08T10:00:00+10:00' },
      { ...weight({ value: '98', unit: '%', system: UCUM, code: '%' }, 'spo2'), code: { coding: [{ system: LOINC, code: '59408-5' }] } },
    ]);
    expect(w.latest?.id).toBe('cur');
    expect(w.skippedNewer).toEqual([]);
  });
});

describe('a body weight against the child\'s age (issue 15: 1–150 kg is not enough)', () => {
  const SYDNEY = 'Australia/Sydney';
  const read = (kg: number) => mapLatestWeight([weight({ value: kg, unit: 'kg', system: UCUM, code: 'kg' })]);
  it('4 kg for a boy of 10 years 6 months is kept, marked implausible and named, so nothing is calculated from it unconfirmed', () => {
    const w = withWeightForAge(read(4), { birthDate: '2016-05-06', sex: 'male' }, SYDNEY);
    expect(w.latest?.kg).toBe(4);
    expect(w.latest?.forAge?.plausible).toBe(false);
    expect(w.issues).toEqual([
      {
        resourceType: 'Observation',
        id: 'w1',
        path: 'valueQuantity',
        message: expect.stringMatching(/^4 kg is outside the usual range for a 10-year 6-month-old .*CDC 2000 weight-for-age \(boys\).*nothing is calculated from it until a clinician confirms it\.$/) as unknown,
      },
    ]);
  });

  it('32.4 kg for the same boy is plausible and adds no notice', () => {
    const w = withWeightForAge(read(32.4), { birthDate: '2016-05-06', sex: 'male' }, SYDNEY);
    expect(w.latest?.forAge?.plausible).toBe(true);
    expect(w.issues).toEqual([]);
  });

  it('a weight dated before the birth date is not this child\'s: left out and named, the next one used', () => {
    const w = withWeightForAge(
      mapLatestWeight([weight({ value: 185, unit: 'lbs', system: UCUM, code: '[lb_av]' }, 'adult'), { ...weight({ value: 19.8, unit: 'kg', system: UCUM, code: 'kg' }, 'child'), effectiveDateTime: '2026-10-26T10:05:00+11:00' }].map((o, i) => (i === 0 ? { ...o, effectiveDateTime: '2016-03-28' } : o))),
      { birthDate: '2020-05-06', sex: 'male' },
      SYDNEY,
    );
    expect(w.latest?.id).toBe('child');
    expect(w.issues).toEqual([{ resourceType: 'Observation', id: 'adult', path: 'effectiveDateTime', message: "weight dated 28 Mar 2016, before the child's birth date (6 May 2020): not this child's weight, not used" }]);
  });

  it.each([
    ['no birth date', { birthDate: undefined, sex: 'male' }],
    ['a birth date the reader refused', { birthDate: '0000-01-01', sex: 'male', birthDateProblem: 'before 1900' }],
    ['the Patient not read', undefined],
  ])('with %s the weight is not checked against age and nothing is added', (_why, child) => {
    const w = withWeightForAge(read(4), child, SYDNEY);
    expect(w.latest?.forAge).toBeUndefined();
    expect(w.issues).toEqual([]);
  });
});

describe('vital signs', () => {
  const vital = (code: string, valueQuantity: Record<string, unknown>) => ({
    resourceType: 'Observation',
    id: code,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: LOINC, code }] },
    effectiveDateTime: '2026-11-24T09:00:00+11:00',
    valueQuantity,
  });
  it.each([
    ['8310-5', { value: 60, system: UCUM, code: 'Cel' }, /Temperature of 60/],
    ['8867-4', { value: -120, system: UCUM, code: '/min' }, /Heart rate of -120/],
    ['59408-5', { value: 140, system: UCUM, code: '%' }, /SpO2 of 140/],
  ])('an impossible %s reading is left out and named', (code, q, message) => {
    const r = mapObservationResources([vital(code, q)], new Set(['temperature', 'heart-rate', 'spo2']));
    expect(r.items).toEqual([]);
    expect(r.issues[0]?.message).toMatch(message);
  });

  it('a possible one is read', () => {
    const r = mapObservationResources([vital('8310-5', { value: 38.2, system: UCUM, code: 'Cel' })], new Set(['temperature']));
    expect(r.items[0]?.value).toEqual({ kind: 'quantity', value: 38.2, unit: 'Cel' });
  });
});

describe('statuses are matched against the FHIR value set exactly', () => {
  const procedure = (status: string): FhirProcedure => ({
    resourceType: 'Procedure',
    id: `p-${status}`,
    status,
    code: { text: 'Intrathecal baclofen pump refill' },
    performedDateTime: '2026-11-01T10:00:00+11:00',
  });
  it.each(['', 'ENTERED-IN-ERROR', 'Final', 'deleted'])('a Procedure with status "%s" is left out and named', (status) => {
    const problems: { message: string }[] = [];
    const { records } = classifyProcedures([procedure(status)], undefined, problems as never);
    expect(records).toEqual([]);
    expect(problems[0]?.message).toBe(`status "${status}" is not a Procedure status: the record is left out`);
  });
  it('a completed one is read', () => {
    expect(classifyProcedures([procedure('completed')]).records.map((r) => r.kind)).toEqual(['pump-refill']);
  });
  it('a Procedure performed in year 0000 is left out', () => {
    const problems: { message: string }[] = [];
    const { records } = classifyProcedures([{ ...procedure('completed'), performedDateTime: '0000-01-01' }], undefined, problems as never);
    expect(records).toEqual([]);
    expect(problems[0]?.message).toMatch(/before 1900/);
  });
  it.each(['Final', 'preliminary', ''])('a weight with status "%s" is not used', (status) => {
    expect(mapLatestWeight([{ ...weight({ value: 20, system: UCUM, code: 'kg' }), status }]).latest).toBeUndefined();
  });
});

describe('pump volumes and refill figures', () => {
  const device = (value: number, code: string): FhirDevice => ({
    resourceType: 'Device',
    id: 'd1',
    property: [{ type: { coding: [{ system: 'https://itb-companion.example/fhir/CodeSystem/itb-device-property', code: 'reservoir-volume' }] }, valueQuantity: [{ value, system: UCUM, code }] }],
  });
  it.each([
    [1e16, 'mL', /outside 1–60 mL/],
    [-20, 'mL', /not a positive volume/],
    [0.04, 'L', /not in mL/],
    [40000, 'uL', /not in mL/],
    [0, 'mL', /not a positive volume/],
  ])('a reservoir of %s %s is left out and named', (value, code, reason) => {
    const pump = mapDevice(device(value, code));
    expect(pump.reservoirVolume).toBeUndefined();
    expect(pump.refused?.[0]).toMatch(reason);
  });

  const refill: ProcedureRecord = { id: 'r1', kind: 'pump-refill', status: 'completed', performed: '2026-11-01T10:00:00+11:00', note: undefined, codeText: 'ITB pump refill', devices: [], usedText: [] };
  const obs = (id: string, code: string, value: number, unit: string) => ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: ITB_ASSESSMENT, code }] },
    effectiveDateTime: '2026-11-01T10:00:00+11:00',
    valueQuantity: { value, system: UCUM, code: unit },
    partOf: [{ reference: 'Procedure/r1' }],
  });
  it.each([1e308, 5e-324])('a refill concentration of %s micrograms/mL is left out and named', (value) => {
    const { refills } = mapRefills([refill], [obs('fc', 'refill-concentration', value, 'ug/mL')]);
    expect(refills[0]?.concentration).toBeUndefined();
    expect(refills[0]?.refused?.[0]).toMatch(/not a supplied intrathecal strength/);
  });
  it.each([
    [0, 'mL', 'The fill volume on Observation/fv was left out: 0 mL is not a positive volume.'],
    [-20, 'mL', 'The fill volume on Observation/fv was left out: -20 mL is not a positive volume.'],
    [0.02, 'L', 'The fill volume on Observation/fv was left out: 0.02 L is not in mL.'],
  ])('a fill volume of %s %s on the refill is left out and named (fixed case of the fuzz generators)', (value, unit, reason) => {
    const { refills } = mapRefills([refill], [obs('fv', 'reservoir-fill-volume', value, unit)]);
    expect(refills[0]?.fillVolume).toBeUndefined();
    expect(refills[0]?.refused).toEqual([reason]);
  });
  it('a fill volume of 1e16 mL is left out and named', () => {
    const { refills } = mapRefills([refill], [obs('fv', 'reservoir-fill-volume', 1e16, 'mL')]);
    expect(refills[0]?.fillVolume).toBeUndefined();
    expect(refills[0]?.refused?.[0]).toMatch(/more than the largest reservoir/);
  });
});

describe('a procedure on the pump that is not recognised (fuzz, seed 31337)', () => {
  const page = (resources: unknown[]) => ({ resources, next: undefined, outcomes: [] });
  const pumpDevice = { resourceType: 'Device', id: 'd1', status: 'active', deviceName: [{ name: 'SynchroMed II', type: 'user-friendly-name' }] };
  const procedure = (id: string, text: string, performedDateTime: string, onPump = true) => ({
    resourceType: 'Procedure',
    id,
    status: 'completed',
    code: { text },
    performedDateTime,
    ...(onPump ? { focalDevice: [{ manipulated: { reference: 'Device/d1' } }] } : {}),
  });
  const read = (...procedures: unknown[]) => mapPump({ devices: page([pumpDevice]), recent: page(procedures), implant: page([]), refillObservations: page([]) });
  const older = procedure('p-old', 'Intrathecal baclofen pump refill (20 mL of 2000 mcg/mL)', '2026-07-02T10:00:00+10:00');

  it('newer than the last recognised refill ("0,5 mg/mL" as its text) is named: the forecast would otherwise start silently from the fill before it', () => {
    const pump = read(procedure('p-new', '0,5 mg/mL', '2026-09-20'), older);
    expect(pump.refills.map((r) => r.procedureId)).toEqual(['p-old']);
    expect(pump.issues).toEqual([
      {
        resourceType: 'Procedure',
        id: 'p-new',
        path: 'code',
        message: 'acts on the pump (Device/d1) but "0,5 mg/mL" is not a pump procedure this app recognises: if it was a refill, the forecast is from an earlier fill. Check the record.',
      },
    ]);
  });
  it('older than the last refill, or not on the pump, adds no notice', () => {
    expect(read(older, procedure('p-before', 'Wound review', '2026-06-01T10:00:00+10:00')).issues).toEqual([]);
    expect(read(older, procedure('p-other', 'Botulinum toxin injection', '2026-09-20T10:00:00+10:00', false)).issues).toEqual([]);
  });
});

describe('a planned test dose', () => {
  const sr = (extra: Record<string, unknown>) => ({
    resourceType: 'ServiceRequest',
    id: 'sr1',
    status: 'active',
    intent: 'order',
    code: { text: 'Intrathecal baclofen test dose' },
    ...extra,
  });
  it.each([
    [{ quantityQuantity: { value: 50, comparator: '<', system: UCUM, code: 'ug' } }, /comparator/],
    [{ quantityQuantity: { value: 50, unit: 'mg', system: UCUM, code: 'ug' } }, /disagree/],
    [{ quantityQuantity: { value: -50, system: UCUM, code: 'ug' } }, /not a positive dose/],
    [{ quantityQuantity: { value: 1e9, system: UCUM, code: 'ug' } }, /above 1000 micrograms/],
    [{ orderDetail: [{ text: '0,5 micrograms' }] }, /less than 1 microgram/],
    [{ orderDetail: [{ text: '2 000 micrograms' }] }, /groups its digits/],
  ])('%j is not read as a dose, and says why', (extra, reason) => {
    const dose = mapPlannedTestDoses([sr(extra)]).items[0]?.dose;
    expect(dose?.ok).toBe(false);
    expect(dose?.ok === false ? dose.reason : '').toMatch(reason);
  });
  it('"1,000 micrograms" in the text is neither 1000 nor 1 nor 0: refused as ambiguous, and named', () => {
    expect(mapPlannedTestDoses([sr({ orderDetail: [{ text: 'baclofen 1,000 micrograms' }] })]).items[0]?.dose).toMatchObject({ ok: false, reason: expect.stringContaining('"1,000" could be a thousands separator') as unknown });
  });
  it('"12,5 micrograms" in the text is 12.5 micrograms (an unambiguous decimal comma)', () => {
    expect(mapPlannedTestDoses([sr({ orderDetail: [{ text: 'baclofen 12,5 micrograms' }] })]).items[0]?.dose).toMatchObject({ ok: true, micrograms: 12.5 });
  });
});

describe('a birth date', () => {
  it('in year 0000 gives no age (never 2026 years) and says why', () => {
    const p = mapPatient({ resourceType: 'Patient', id: 'p', birthDate: '0000-01-01' }, new Date(), 'Australia/Sydney');
    expect(p.age).toBeUndefined();
    expect(p.birthDateProblem).toMatch(/before 1900/);
  });
});

describe('an OperationOutcome inside a searchset', () => {
  it('is returned as an issue of the read, not as a resource', () => {
    const page = parseBundle({
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        { resource: { resourceType: 'Observation', id: 'o1' }, search: { mode: 'match' } },
        { resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'incomplete', diagnostics: 'some results omitted' }] }, search: { mode: 'outcome' } },
      ],
    });
    expect(page.resources).toHaveLength(1);
    expect(page.outcomes).toEqual([{ resourceType: 'OperationOutcome', id: undefined, path: '', message: 'the server says: "some results omitted" — the list may be incomplete' }]);
  });
  it('that only informs is not a notice', () => {
    const page = parseBundle({ resourceType: 'Bundle', entry: [{ resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'information', diagnostics: 'ok' }] }, search: { mode: 'outcome' } }] });
    expect(page.outcomes).toEqual([]);
  });
});
