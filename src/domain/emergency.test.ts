import { describe, expect, it } from 'vitest';
import {
  calculateWithdrawalRescueDose,
  DIATHERMY_PRECAUTION,
  LUMBAR_PUNCTURE_WARNING,
  OVERDOSE_STEPS,
  scheduleMriInterrogation,
  WITHDRAWAL_ADJUNCT_MEDICINES,
  WITHDRAWAL_STEPS,
} from './emergency';
import { expectError, expectOk } from './testing';

const now = '2026-09-13T08:40:00+10:00';
const rescue = (kg: number, unit = 'kg') => expectOk(calculateWithdrawalRescueDose({ weight: { value: kg, unit, recordedAt: '2026-09-01' }, now }));

describe('oral baclofen for ITB withdrawal, Guideline §5.1.4.1', () => {
  it.each([
    [29.9, 10, 60, 'max dose 60 mg / day'],
    [30, 10, 60, 'max dose 60 mg / day'],
    [30.1, 20, 120, '120 mg (the guideline does not say per day)'],
    [45, 20, 120, '120 mg (the guideline does not say per day)'],
  ])('%s kg: %s mg stat, then 4–6-hourly, max %s (%s)', (kg, stat, max, maxText) => {
    const r = rescue(kg).value;
    expect([r.statDose, r.maxDose, r.maxDoseText]).toEqual([stat, max, maxText]);
    expect(r.repeatInterval).toMatch(/4 – 6 hourly/);
  });
  it('A4: exactly 30 kg takes the lower band, with a note', () => {
    const r = rescue(30);
    expect(r.value.band).toBe('under-30-kg');
    expect(r.warnings.map((w) => w.code)).toContain('weight-boundary');
  });
  it('over 30 kg shows "120 mg (the guideline does not say per day)" and says the repeat dose is not stated, in words a prescriber reads', () => {
    const r = rescue(40);
    expect(r.value.maxDoseText).toBe('120 mg (the guideline does not say per day)');
    expect(r.warnings.find((w) => w.code === 'unit-missing-in-source')?.message).toBe('The guideline writes "max dose 120mg" without "per day": the prescriber confirms the period.');
    expect(r.notes.join(' ')).toMatch(/repeat dose size is not stated/);
  });
  it('converts a weight in pounds through UCUM: 66 [lb_av] is 29.9 kg → lower band', () => {
    expect(rescue(66, '[lb_av]').value.band).toBe('under-30-kg');
  });
  it('flags a stale weight', () => {
    const r = calculateWithdrawalRescueDose({ weight: { value: 40, unit: 'kg', recordedAt: '2026-01-01' }, now });
    expect(expectOk(r).warnings.map((w) => w.code)).toContain('stale-weight');
  });
  it('refuses an implausible weight', () => {
    expectError(calculateWithdrawalRescueDose({ weight: { value: 200, unit: 'kg', recordedAt: '2026-09-01' }, now }), 'weight.value');
  });
});

describe('the rescue dose checks the weight against the child\'s age (§3.2 "check the patient\'s weight")', () => {
  const withChild = (kg: number, birthDate: string | undefined, sex: string | undefined, weightConfirmed = false) =>
    calculateWithdrawalRescueDose({ weight: { value: kg, unit: 'kg', recordedAt: '2026-09-01T09:00:00+10:00' }, now, patient: { birthDate, sex }, weightConfirmed });

  it('a 1.5 kg four-year-old: no dose until confirmed, and the reason names the CDC 2000 chart', () => {
    const r = withChild(1.5, '2022-05-01', 'female');
    expectError(r, 'weight.forAge');
    if (!r.ok) expect(r.error.message).toMatch(/CDC 2000 weight-for-age \(girls\).*pending clinical sign-off/);
  });

  it('the same weight once confirmed by the clinician gives the < 30 kg band and says it was confirmed', () => {
    const r = expectOk(withChild(16, '2016-05-01', 'male', true));
    expect(r.value.band).toBe('under-30-kg');
    expect(r.notes.join(' ')).toMatch(/Confirmed by the clinician for this session/);
  });

  it('a plausible weight names the reference it was checked against', () => {
    // 18 kg at 5 years 4 months: near the WHO/CDC median for boys.
    expect(expectOk(withChild(18, '2021-05-01', 'male')).notes.join(' ')).toMatch(/z [−+]\d\.\d, CDC 2000 weight-for-age \(boys\)/);
  });

  it('an infant is checked against WHO 2006', () => {
    expect(expectOk(withChild(8, '2026-01-01', 'female')).notes.join(' ')).toMatch(/WHO 2006 weight-for-age \(girls\)/);
  });

  it('without a birth date the dose is given and the note says the weight was not checked against age', () => {
    expect(expectOk(withChild(25, undefined, 'male')).notes.join(' ')).toMatch(/not checked against age: the birth date is not recorded/);
  });
});

describe('adjunct medicines are guideline text (A5)', () => {
  it('A5: cyproheptadine 4 mg 8-hourly up to 8 mg 8-hourly; diazepam 2.5–10 mg 4–6-hourly as required; prescriber confirms', () => {
    const [cypro, diazepam] = WITHDRAWAL_ADJUNCT_MEDICINES;
    expect(cypro?.text).toMatch(/4 mg 8-hourly/);
    expect(cypro?.text).toMatch(/maximum of 8 mg orally 8-hourly/);
    expect(diazepam?.text).toMatch(/2\.5 - 10 mg every 4-6 hours as required/);
    expect(WITHDRAWAL_ADJUNCT_MEDICINES.every((m) => m.note.includes('prescriber confirms'))).toBe(true);
  });
});

describe('withdrawal and overdose steps, Guideline §5', () => {
  it('never a lumbar puncture, in both lists', () => {
    expect(LUMBAR_PUNCTURE_WARNING).toMatch(/DO NOT PERFORM A LUMBAR PUNCTURE/);
    expect(WITHDRAWAL_STEPS).toContain(LUMBAR_PUNCTURE_WARNING);
    expect(OVERDOSE_STEPS).toContain(LUMBAR_PUNCTURE_WARNING);
  });
  it('overdose: no antidote, Poisons Information 13 11 26, supportive care, stop delivery, empty reservoir, intubate, cautious IV diazepam', () => {
    const text = OVERDOSE_STEPS.join(' ');
    for (const phrase of [/no specific antidote/, /13 11 26/, /Supportive care/, /Stop further drug administration/, /reservoir and catheter/, /Intubate/, /intravenous diazepam may be given cautiously/]) {
      expect(text).toMatch(phrase);
    }
  });
  it('diathermy: no monopolar within 30 cm, bipolar instead, interrogate post-op', () => {
    expect(DIATHERMY_PRECAUTION).toMatch(/within 30 cm/);
    expect(DIATHERMY_PRECAUTION).toMatch(/bipolar/);
    expect(DIATHERMY_PRECAUTION).toMatch(/post-operatively/);
  });
});

describe('A14: pump interrogation no later than 2 h after an MRI', () => {
  const ended = '2026-09-13T10:00:00+10:00';
  it.each([
    ['2026-09-13T11:59:00+10:00', 'due'],
    ['2026-09-13T12:00:00+10:00', 'due'],
    ['2026-09-13T12:01:00+10:00', 'overdue'],
  ])('A14: scan ended 10:00, at %s the interrogation is %s (deadline 12:00)', (at, status) => {
    const t = expectOk(scheduleMriInterrogation({ mriEndedAt: ended, now: at })).value;
    expect(t.dueBy.toISOString()).toBe('2026-09-13T02:00:00.000Z');
    expect(t.status).toBe(status);
  });
  it('A14: an interrogation at 11:30 completes the task', () => {
    expect(expectOk(scheduleMriInterrogation({ mriEndedAt: ended, now: '2026-09-13T13:00:00+10:00', interrogatedAt: '2026-09-13T11:30:00+10:00' })).value.status).toBe('done');
  });
  it('refuses an MRI end in the future', () => {
    expectError(scheduleMriInterrogation({ mriEndedAt: '2026-09-14T10:00:00+10:00', now: ended }), 'mriEndedAt');
  });
});
