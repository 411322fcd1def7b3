import { describe, expect, it } from 'vitest';
import { buildActionPlan, type ActionPlanInput } from './action-plan';
import { expectError, expectOk } from './testing';
import { microgramsPerDay, microgramsPerMl, millilitres } from './units';

const input: ActionPlanInput = {
  asOf: '2026-09-13T08:40:00+10:00',
  patient: { name: 'Alex Example', birthDate: '2014-05-02', identifiers: [{ label: 'MRN', value: '123456' }] },
  pump: { model: 'SynchroMed II 8637-40', reservoirMl: 40, implantDate: '2024-03-01' },
  drug: { name: 'Baclofen intrathecal', concentration: microgramsPerMl(2000) },
  currentDose: { dailyDose: microgramsPerDay(400), mode: 'simple continuous' },
  lastRefill: { at: '2026-07-01T10:00:00+10:00', volume: millilitres(40) },
  lastDoseChangeAt: '2026-06-01',
  weight: { value: 32, unit: 'kg', recordedAt: '2026-08-20' },
  contacts: [{ role: 'Kids Rehab CNC', phone: 'from site configuration', when: 'Business hours' }],
};

describe('ITB Action Plan content (§5.1.3.4, §5.2.3.7)', () => {
  it('assembles identity, pump, dose, events, next refill, signs, actions, rescue dose, precautions and contacts', () => {
    const plan = expectOk(buildActionPlan(input));
    expect(plan.patient.name).toBe('Alex Example');
    expect(plan.patient.age.available && plan.patient.age.value.years).toBe(12);
    expect(plan.pump.concentration).toBe(2000);
    expect(plan.currentDose.available && plan.currentDose.value.dailyDose).toBe(400);
    expect(plan.lastEvents.lastRefill.available).toBe(true);
    expect(plan.lastEvents.recentMri).toEqual({ available: false, reason: 'Recent MRI not recorded.' });
    // 40 mL of 2000 micrograms/mL at 400 micrograms/day: 190 days to alarm, stability (180 days) governs.
    expect(plan.nextRefill.available && plan.nextRefill.value.value.governingLimit).toBe('drug-stability');
    expect(plan.withdrawal.oralBaclofen.available && plan.withdrawal.oralBaclofen.value.value.statDose).toBe(20);
    expect(plan.withdrawal.oralBaclofen.available && plan.withdrawal.oralBaclofen.value.inputs.weightKg).toBe(32);
    expect(plan.doNotLumbarPuncture).toMatch(/DO NOT PERFORM A LUMBAR PUNCTURE/);
    expect(plan.precautions.mri).toMatch(/2 hours/);
    expect(plan.precautions.diathermy).toMatch(/30 cm/);
    expect(plan.overdose.actions.join(' ')).toMatch(/13 11 26/);
    expect(plan.contacts).toEqual(input.contacts);
    expect(plan.asOf.toISOString()).toBe('2026-09-12T22:40:00.000Z');
  });
  it('says what is not recorded instead of showing a number', () => {
    const { weight: _w, lastRefill: _r, ...rest } = input;
    const plan = expectOk(buildActionPlan(rest));
    expect(plan.withdrawal.oralBaclofen).toEqual({ available: false, reason: 'Weight not recorded.' });
    expect(plan.nextRefill).toEqual({ available: false, reason: 'Last refill not recorded.' });
  });
  it('shows the failing field when a part cannot be computed (implausible weight)', () => {
    const plan = expectOk(buildActionPlan({ ...input, weight: { value: 0, unit: 'kg', recordedAt: '2026-08-20' } }));
    expect(plan.withdrawal.oralBaclofen.available).toBe(false);
    expect(!plan.withdrawal.oralBaclofen.available && plan.withdrawal.oralBaclofen.error?.field).toBe('weight.value');
  });
  it('A16: contacts come from configuration; a plan without contacts is refused', () => {
    expectError(buildActionPlan({ ...input, contacts: [] }), 'contacts');
  });
  it('refuses a plan without a patient name', () => {
    expectError(buildActionPlan({ ...input, patient: { name: ' ' } }), 'patient.name');
  });
});
