import { describe, expect, it } from 'vitest';
import { prescribedInMilligrams, readDose } from './medication-dose';
import { mapItbMedications } from './medications';
import type { FhirDosage } from './schemas';

const ucum = (value: number, code: string) => ({ value, unit: code, system: 'http://unitsofmeasure.org', code });
const IT = { coding: [{ system: 'http://snomed.info/sct', code: '72607000' }] };

describe('the daily dose of an intrathecal order', () => {
  it('adds up single doses given at times of day, showing each step', () => {
    const dosages: FhirDosage[] = [
      { route: IT, timing: { repeat: { timeOfDay: ['08:00:00'] } }, doseAndRate: [{ doseQuantity: ucum(100, 'ug') }] },
      { route: IT, timing: { repeat: { timeOfDay: ['20:00:00'] } }, doseAndRate: [{ doseQuantity: ucum(150, 'ug') }] },
    ];
    const r = readDose(dosages);
    expect([r.daily, r.flex, r.source, r.steps.map((s) => s.dailyRate)]).toEqual([250, true, "from the order's 2 dose steps", [100, 150]]);
  });

  it('does not add up several dosage instructions that have no times of day', () => {
    const dosages: FhirDosage[] = [
      { route: IT, doseAndRate: [{ rateQuantity: ucum(400, 'ug/d') }] },
      { route: IT, doseAndRate: [{ rateQuantity: ucum(450, 'ug/d') }] },
    ];
    const r = readDose(dosages);
    expect(r.daily).toBeUndefined();
    expect(r.problems[0]?.message).toContain('which applies when is not stated');
  });

  it('does not pick between dose entries that disagree', () => {
    const r = readDose([{ route: IT, doseAndRate: [{ rateQuantity: ucum(400, 'ug/d') }, { rateQuantity: ucum(18.75, 'ug/h') }] }]);
    expect(r.daily).toBeUndefined();
    expect(r.problems[0]?.message).toContain('the dose entries disagree');
  });

  it('does not read an as-needed dose as a daily dose', () => {
    const r = readDose([{ route: IT, asNeededBoolean: true, timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: ucum(50, 'ug') }] }]);
    expect(r.daily).toBeUndefined();
    expect(r.problems[0]?.message).toContain('as-needed');
  });

  it.each([
    [{ frequency: 1, period: 1, periodUnit: 'wk' }, 'not a daily schedule'],
    [{ frequency: 1, period: 2, periodUnit: 'd' }, 'the schedule "every 2 days" is not every day'],
    [{ frequency: 1, period: 1, periodUnit: 'd', when: ['HS'] }, 'the schedule gives times tied to daily events (such as meals or bedtime), which the app does not read'],
    // A weekly dose written as once a day on Mondays must not read as a daily one (issue 15).
    [{ frequency: 1, period: 1, periodUnit: 'd', dayOfWeek: ['mon'] }, 'the schedule gives days of the week, which the app does not read'],
    [{ frequency: 1, period: 1, periodUnit: 'd', count: 1 }, 'the schedule gives a number of doses, which'],
    [{ frequency: 1, period: 1, periodUnit: 'd', offset: 30 }, 'the schedule gives an offset from such an event, which'],
    [{ frequency: 1, period: 1, periodUnit: 'd', frequencyMax: 3 }, 'the schedule gives a maximum frequency, which'],
    [{ frequency: 1, period: 1, periodUnit: 'd', dayOfWeek: ['mon'], when: ['HS'] }, 'days of the week and times tied to daily events'],
    [{ frequency: 1, period: 1, periodUnit: 'd', timeOfDay: ['08:00:00', '20:00:00'] }, 'disagrees with its 2 times of day'],
    [{ frequency: 2 }, 'no complete period'],
  ])('reads no daily figure from a dose given on timing %j', (repeat, reason) => {
    const r = readDose([{ route: IT, timing: { repeat }, doseAndRate: [{ doseQuantity: ucum(450, 'ug') }] }]);
    expect(r.daily).toBeUndefined();
    expect(r.problems.map((p) => p.message).join(' ')).toContain(reason);
  });

  it('reads a period of 24 hours as once a day', () => {
    const r = readDose([{ route: IT, timing: { repeat: { frequency: 1, period: 24, periodUnit: 'h' } }, doseAndRate: [{ doseQuantity: ucum(450, 'ug') }] }]);
    expect([r.daily, r.source, r.sourceDetail]).toEqual([450, "from the order's dose: 450 micrograms every 24 hours", 'doseQuantity 450 ug × 1 per 24 h']);
  });
});

describe('the status of an intrathecal order', () => {
  it.each(['ACTIVE', 'Active', '', 'deleted'])('never uses the dose of an order whose status is "%s", keeps it in the history as unknown, and names it', (status) => {
    const m = mapItbMedications([
      { resourceType: 'MedicationRequest', id: 'x', status, medicationCodeableConcept: { text: 'baclofen' }, dosageInstruction: [{ route: IT, doseAndRate: [{ rateQuantity: ucum(450, 'ug/d') }] }] },
    ]);
    expect(m.current).toBeUndefined();
    expect(m.activeIntrathecal).toEqual([]);
    expect(m.timeline).toEqual([expect.objectContaining({ id: 'x', status: 'unknown', dailyDose: undefined })]);
    expect(m.issues).toEqual([expect.objectContaining({ id: 'x', path: 'status', message: `status "${status}" is not a MedicationRequest status: its dose is not used, and whether it ran is not known` })]);
  });
});

/**
 * Issue 15: the fuzz generators' cases as fixed ones at the order reader, so a regression names
 * the input rather than a seed and a mutation number.
 */
describe('hostile dose figures on an intrathecal order (issue 15, fixed cases)', () => {
  const once = { repeat: { frequency: 1, period: 1, periodUnit: 'd' } };
  it.each([
    [-120, 'rateQuantity -120 ug/h: a daily dose of -2880 micrograms/day is negative'],
    [0, 'rateQuantity 0 ug/h: a daily dose of 0 micrograms/day is zero'],
    [1e308, 'rateQuantity 1e+308 ug/h: the daily dose works out too large to be a number that can be used'],
    [Number.MIN_VALUE, 'rateQuantity 5e-324 ug/h: a daily dose of 1.19e-322 micrograms/day is implausible for intrathecal baclofen (app default range 1–2000 micrograms/day)'],
  ])('a rate of %s micrograms/hour gives no daily figure, and says why', (value, reason) => {
    const r = readDose([{ route: IT, doseAndRate: [{ rateQuantity: ucum(value, 'ug/h') }] }]);
    expect(r.daily).toBeUndefined();
    expect(r.candidate).toBeUndefined();
    expect(r.problems.map((p) => p.message).join(' ')).toContain(reason);
  });

  it('a single dose whose timing was removed gives no daily figure: how often is not stated', () => {
    const r = readDose([{ route: IT, doseAndRate: [{ doseQuantity: ucum(450, 'ug') }] }]);
    expect(r.daily).toBeUndefined();
    expect(r.problems.map((p) => p.message)).toEqual(['doseQuantity 450 ug is one administration and the timing does not say how often: not read as a daily dose']);
  });

  it('a daily rate in mg/d is refused, never converted (clinical-reference A15)', () => {
    const dosages: FhirDosage[] = [{ route: IT, doseAndRate: [{ rateQuantity: ucum(0.45, 'mg/d') }] }];
    const r = readDose(dosages);
    expect(r.daily).toBeUndefined();
    expect(r.problems.map((p) => p.message).join(' ')).toContain('intrathecal baclofen is prescribed in micrograms, not mg: the dose is not converted');
    expect(prescribedInMilligrams(dosages)).toBe(true);
  });

  it('a rate whose unit says ug/d and whose code says mg/d is not read: neither is trusted', () => {
    const r = readDose([{ route: IT, doseAndRate: [{ rateQuantity: { value: 450, unit: 'ug/d', system: 'http://unitsofmeasure.org', code: 'mg/d' } }] }]);
    expect(r.daily).toBeUndefined();
    expect(r.problems.map((p) => p.message)).toEqual(['rateQuantity 450 ug/d: the unit written ("ug/d") and the coded unit (mg/day) disagree']);
  });

  it('a dose of 450 ug once a day is read as 450 micrograms/day (the control for the cases above)', () => {
    const r = readDose([{ route: IT, timing: once, doseAndRate: [{ doseQuantity: ucum(450, 'ug') }] }]);
    expect(r.daily).toBe(450);
  });
});
