import { describe, expect, it } from 'vitest';
import { readDose } from './medication-dose';
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
