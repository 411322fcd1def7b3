import { describe, expect, it } from 'vitest';
import { buildActionPlan, checkPlanPrintable, type ActionPlanInput } from './action-plan';
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

describe('what a parent or another hospital\'s emergency doctor needs (issue 13 item 5)', () => {
  it('says to call 000 and go to the nearest emergency department (fact sheet), that a pump alarm is an emergency (pump FAQ) and to call Kids Rehab once assessed (§5.1.3.2, §5.2.3.2)', () => {
    const plan = expectOk(buildActionPlan(input));
    expect(plan.emergency.call).toBe('In an emergency, always call 000 and go to the nearest emergency department.');
    expect(plan.emergency.pumpAlarm).toMatch(/^A pump alarm is an emergency/);
    expect(plan.emergency.callKidsRehab).toMatch(/call Kids Rehab .* once the child has been initially assessed \(§5\.1\.3\.2, §5\.2\.3\.2\)/);
  });
  it('prints §5.1.4.1c with the rescue dose: oral doses are given even though the pump may also be delivering', () => {
    expect(expectOk(buildActionPlan(input)).withdrawal.oralWithPump).toBe(
      'Oral doses are administered even though the baclofen pump may also be delivering a dose (§5.1.4.1c).',
    );
  });
  it('a plan with sample contacts prints in the sandbox (saying so) and is refused elsewhere', () => {
    const sample = expectOk(buildActionPlan({ ...input, contacts: [{ role: 'Rapid response', phone: 'Dial 2222', sample: true }] }));
    expect(sample.contactsAreSamples).toBe(true);
    expect(checkPlanPrintable(sample, { sandbox: true })).toEqual({ ok: true, note: 'Contacts marked "sample — set by the site" are sandbox samples.' });
    const refused = checkPlanPrintable(sample, { sandbox: false });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/cannot be printed: its contacts are samples/);
    const real = expectOk(buildActionPlan(input));
    expect(real.contactsAreSamples).toBe(false);
    expect(checkPlanPrintable(real, { sandbox: false })).toEqual({ ok: true });
  });
});
