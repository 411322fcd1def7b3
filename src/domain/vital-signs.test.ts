import { describe, expect, it } from 'vitest';
import { expectError, expectOk } from './testing';
import { validateVitalSign, validateVitalSignsRound, type NumericVitalSign } from './vital-signs';

describe('per-field physiological validation for round entry', () => {
  it.each<[NumericVitalSign, number, string]>([
    ['spo2', 101, 'impossible'],
    ['spo2', 100, 'valid'],
    ['spo2', 0, 'impossible'],
    ['spo2', 55, 'needs-confirmation'],
    ['heartRate', 0, 'impossible'],
    ['heartRate', 35, 'needs-confirmation'],
    ['heartRate', 120, 'valid'],
    ['heartRate', 260, 'needs-confirmation'],
    ['heartRate', 351, 'impossible'],
    ['temperature', 50, 'impossible'],
    ['temperature', 42, 'needs-confirmation'],
    ['temperature', 37.2, 'valid'],
    ['temperature', 33, 'needs-confirmation'],
    ['respiratoryRate', 0, 'needs-confirmation'], // apnoea is possible: confirm, do not refuse
    ['respiratoryRate', -1, 'impossible'],
    ['systolicBp', 0, 'impossible'],
    ['pain', 11, 'impossible'],
    ['pain', 2.5, 'impossible'],
    ['pain', 0, 'valid'],
    ['heartRate', Number.NaN, 'impossible'],
  ])('%s %s is %s', (parameter, value, status) => {
    const check = validateVitalSign(parameter, value);
    expect(check.status).toBe(status);
    if (check.status !== 'valid') expect(check.reason.length).toBeGreaterThan(10);
  });
  it('refuses diastolic at or above systolic, naming the field', () => {
    expectError(validateVitalSignsRound({ systolicBp: 90, diastolicBp: 90 }), 'diastolicBp');
  });
  it('lists values needing confirmation in a whole round', () => {
    expect(expectOk(validateVitalSignsRound({ heartRate: 35, spo2: 98 })).needsConfirmation.map((c) => c.field)).toEqual(['heartRate']);
  });
});
