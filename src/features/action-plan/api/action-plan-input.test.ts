import { describe, expect, it } from 'vitest';
import { microgramsPerDay, microgramsPerMl, millilitres } from '../../../domain';
import type { DoseChange, PumpInfo } from '../../../fhir';
import { assembleActionPlanInput, planContacts, readDoseScheduleSinceFill } from './action-plan-input';
import { SITE } from '../../../../test/fixtures/site';

const order = (id: string, dose: number | undefined, start: string, status = 'active'): DoseChange => ({
  id,
  status,
  authoredOn: start,
  validFrom: start,
  validTo: undefined,
  dailyDose: dose === undefined ? undefined : microgramsPerDay(dose),
  concentration: microgramsPerMl(2000),
  flex: false,
  steps: [],
  text: undefined,
  medication: 'Baclofen intrathecal 2000 micrograms/mL',
});

const FILL = '2026-07-05T10:00:00+10:00';

describe('the dose schedule since the last refill', () => {
  it('is the current dose alone when it started before the refill', () => {
    expect(readDoseScheduleSinceFill(order('now', 450, '2026-01-16T11:00:00+11:00'), FILL, undefined)).toEqual({
      kind: 'schedule',
      schedule: [{ effectiveFrom: '2026-01-16T11:00:00+11:00', dailyDose: 450 }],
    });
  });

  it('asks for the history when the dose changed after the refill', () => {
    expect(readDoseScheduleSinceFill(order('now', 450, '2026-08-14T11:00:00+10:00'), FILL, undefined)).toEqual({ kind: 'needs-history' });
  });

  it('takes the dose in effect at the refill and every change since, skipping cancelled orders', () => {
    const history = [
      order('a', 200, '2025-01-01T11:00:00+11:00', 'completed'),
      order('b', 300, '2026-03-01T11:00:00+11:00', 'completed'),
      order('x', 999, '2026-07-20T11:00:00+10:00', 'cancelled'),
      order('c', 400, '2026-08-01T11:00:00+10:00', 'completed'),
    ];
    const reading = readDoseScheduleSinceFill(order('d', 450, '2026-08-14T11:00:00+10:00'), FILL, history);
    expect(reading).toEqual({
      kind: 'schedule',
      schedule: [
        { effectiveFrom: '2026-03-01T11:00:00+11:00', dailyDose: 300 },
        { effectiveFrom: '2026-08-01T11:00:00+10:00', dailyDose: 400 },
        { effectiveFrom: '2026-08-14T11:00:00+10:00', dailyDose: 450 },
      ],
    });
  });

  it('says so when no order covers the refill, or a change since cannot be read', () => {
    expect(readDoseScheduleSinceFill(order('d', 450, '2026-08-14T11:00:00+10:00'), FILL, [])).toEqual({
      kind: 'gap',
      reason: 'No dose order in effect at the last refill was found in the dose history.',
    });
    const unreadable = [order('b', 300, '2026-03-01T11:00:00+11:00', 'completed'), order('c', undefined, '2026-08-01T11:00:00+10:00', 'completed')];
    expect(readDoseScheduleSinceFill(order('d', 450, '2026-08-14T11:00:00+10:00'), FILL, unreadable)).toMatchObject({
      kind: 'gap',
      reason: 'The daily dose of the order from 2026-08-01T11:00:00+10:00 could not be read.',
    });
  });
});

describe('site settings as the plan uses them', () => {
  it('prints phone and pager together and says when a contact has no number', () => {
    expect(
      planContacts([
        { role: 'Kids Rehab CNC', name: 'CNC', phone: '9845 2815', pager: 'page 6431', hours: 'Mon–Fri' },
        { role: 'Fellow', name: 'Fellow on call' },
      ]),
    ).toEqual([
      { role: 'Kids Rehab CNC', name: 'CNC', phone: '9845 2815; page 6431', when: 'Mon–Fri' },
      { role: 'Fellow', name: 'Fellow on call', phone: 'No number configured' },
    ]);
  });
});

describe('assembling the plan input', () => {
  const pump = (fillVolume: number | undefined, concentration: number): PumpInfo => ({
    device: { id: 'd', name: 'SynchroMed II', model: '8637-40', reservoirVolume: millilitres(40), lowReservoirAlarmVolume: millilitres(2), replacementDate: undefined },
    implantDate: '2023-09-14T09:00:00+10:00',
    procedures: [],
    refills: [{ procedureId: 'r1', performed: FILL, fillVolume: fillVolume === undefined ? undefined : millilitres(fillVolume), concentration: microgramsPerMl(concentration) }],
    issues: [],
  });
  const base = {
    asOf: new Date('2026-09-13T00:00:00Z'),
    patient: { id: 'p1', name: 'Liam O’Brien', birthDate: '2012-05', age: undefined, sex: 'male' as const, mrn: 'MRN1' },
    weight: undefined,
    medications: { timeline: [], current: order('now', 450, '2026-01-16T11:00:00+11:00'), activeIntrathecal: [], oral: [], unclassified: [], issues: [] },
    doseHistory: undefined,
    site: SITE,
  };

  it('uses the refill’s concentration for the pump and flags an order that disagrees', () => {
    const { input, gaps } = assembleActionPlanInput({ ...base, pump: pump(40, 1000) });
    expect(input.drug?.concentration).toBe(1000);
    expect(gaps.concentrationMismatch).toEqual({ prescribed: 2000, refilled: 1000 });
    expect(gaps.concentrationFrom).toBe('last refill');
    expect(input.lastRefill).toEqual({ at: FILL, volume: 40, alarmVolume: 2 });
    expect(input.doseSchedule).toEqual([{ effectiveFrom: '2026-01-16T11:00:00+11:00', dailyDose: 450 }]);
  });

  it('keeps the refill date but forecasts nothing when the fill volume is missing', () => {
    const { input, gaps } = assembleActionPlanInput({ ...base, pump: pump(undefined, 2000) });
    expect(input.lastRefill).toBeUndefined();
    expect(gaps.lastRefillAt).toBe(FILL);
    expect(gaps.refill).toContain('fill volume of the last refill is not recorded');
  });

  it('leaves out a partial birth date rather than guessing a day', () => {
    const { input } = assembleActionPlanInput({ ...base, pump: pump(40, 2000) });
    expect(input.patient.birthDate).toBeUndefined();
    expect(input.patient.identifiers).toEqual([{ label: 'MRN', value: 'MRN1' }]);
  });
});
