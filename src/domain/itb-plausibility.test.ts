import { describe, expect, it } from 'vitest';
import { checkConcentration, checkDailyDose } from './itb-plausibility';

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
