import { describe, expect, it } from 'vitest';
import { checkConcentration, checkDailyDose, checkEnteredDailyDose } from './itb-plausibility';

describe('plausible intrathecal figures (app defaults)', () => {
  it.each([
    [0.9, false],
    [1, true],
    [450, true],
    [2000, true],
    [2000.1, false],
    [0, false],
    [-120, false],
    [Number.POSITIVE_INFINITY, false],
    [Number.NaN, false],
  ])('a daily dose of %s micrograms/day is usable: %s', (value, usable) => {
    expect(checkDailyDose(value).ok).toBe(usable);
  });

  it.each([
    [0, false],
    [5e-324, false],
    [0.9, false],
    [1, true],
    [50, true],
    [2000, true],
    [4000, true],
    [4000.5, false],
    [1e308, false],
  ])('a concentration of %s micrograms/mL is usable: %s', (value, usable) => {
    expect(checkConcentration(value).ok).toBe(usable);
  });

  it('says why a figure is left out', () => {
    const r = checkDailyDose(45000);
    expect(r.ok ? '' : r.error.message).toContain('implausible for intrathecal baclofen (app default range 1–2000 micrograms/day)');
  });
});

describe('a typed intrathecal daily dose (titration check, refill visit): refused or confirmed with the reason', () => {
  it.each([
    [0.45, 'refused', /0.45 mg\/day would be 450 micrograms\/day/],
    [0.9, 'refused', /below 1 microgram\/day/],
    [1.2, 'confirm', /1.2 mg\/day would be 1200 micrograms\/day.*Confirm that 1.2 micrograms\/day is meant/],
    [19.9, 'confirm', /below 20 micrograms\/day.*pending clinical sign-off/],
    [2500, 'refused', /above 2000 micrograms\/day/],
  ] as const)('%s micrograms/day is %s', (value, kind, reason) => {
    const r = checkEnteredDailyDose(value);
    expect(r.kind).toBe(kind);
    if (r.kind !== 'plausible') expect(r.message).toMatch(reason);
  });

  it.each([20, 24, 450, 1000, 2000])('%s micrograms/day is used without a question', (value) => {
    expect(checkEnteredDailyDose(value).kind).toBe('plausible');
  });
});
