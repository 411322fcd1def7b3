import { describe, expect, it } from 'vitest';
import { expectError, expectOk } from './testing';
import {
  dailyVolume,
  microgramsPerDay,
  microgramsPerMl,
  milligrams,
  parseConcentration,
  parseIntrathecalDailyDose,
  parseIntrathecalDose,
  toKilograms,
  type Micrograms,
} from './units';

describe('units the compiler checks', () => {
  it('refuses a milligram value where an intrathecal dose is expected (compile-time)', () => {
    const takesIntrathecalDose = (d: Micrograms): Micrograms => d;
    // @ts-expect-error a Milligrams value cannot reach an intrathecal dose
    takesIntrathecalDose(milligrams(0.05));
    // @ts-expect-error a plain number is not a dose either
    takesIntrathecalDose(50);
    expect(true).toBe(true);
  });
});

describe('intrathecal dose entry (A15)', () => {
  it('accepts micrograms', () => {
    expect(expectOk(parseIntrathecalDose(50, 'ug'))).toBe(50);
    expect(expectOk(parseIntrathecalDose(25, 'micrograms'))).toBe(25);
  });
  it.each(['mg', 'MG', 'milligrams'])('A15: refuses an intrathecal dose entered in %s, with an explanation', (unit) => {
    const error = expectError(parseIntrathecalDose(0.05, unit), 'dose.unit');
    expect(error.message).toMatch(/micrograms, not mg/);
  });
  it('A15: refuses a daily dose in mg/d and a concentration in mg/mL', () => {
    expectError(parseIntrathecalDailyDose(0.4, 'mg/d'), 'dailyDose.unit');
    expectError(parseConcentration(2, 'mg/mL'), 'concentration.unit');
  });
  it('converts micrograms per hour to a 24-hour total through UCUM', () => {
    expect(expectOk(parseIntrathecalDailyDose(10, 'ug/h'))).toBe(240);
  });
  it.each([
    [0, 'dose.value'],
    [-25, 'dose.value'],
    [Number.NaN, 'dose.value'],
  ])('refuses a dose of %s naming the field', (value, field) => {
    expectError(parseIntrathecalDose(value, 'ug'), field);
  });
  it('refuses a concentration of zero', () => {
    expectError(parseConcentration(0, 'ug/mL'), 'concentration.value');
  });
});

describe('weight conversion through UCUM', () => {
  it.each([
    [18, 'kg', 18],
    [18000, 'g', 18],
    [44, '[lb_av]', 19.958064],
    [1, 'kg', 1],
    [150, 'kg', 150],
  ])('%s %s is %s kg', (value, unit, kg) => {
    expect(expectOk(toKilograms(value, unit))).toBeCloseTo(kg, 6);
  });
  it.each([
    [0.99, 'kg'],
    [150.1, 'kg'],
    [999, 'g'],
    [400, '[lb_av]'],
  ])('refuses an implausible weight of %s %s', (value, unit) => {
    expectError(toKilograms(value, unit), 'weight.value');
  });
  it.each([0, -5, Number.NaN])('refuses a weight of %s', (value) => {
    expectError(toKilograms(value, 'kg'), 'weight.value');
  });
  it('refuses an unknown weight unit', () => {
    expectError(toKilograms(40, 'stone'), 'weight.unit');
  });
});

describe('daily volume', () => {
  it('is dose ÷ concentration: 400 micrograms/day at 2000 micrograms/mL is 0.2 mL/day', () => {
    expect(dailyVolume(microgramsPerDay(400), microgramsPerMl(2000))).toBe(0.2);
  });
});

describe('the common-unit fast path', () => {
  it('is used only for codes the UCUM library converts, and gives what the library gives', async () => {
    const ucum = await import('@lhncbc/ucum-lhc');
    const utils = ucum.UcumLhcUtils.getInstance();
    const { COMMON_UCUM_CODES, convertUcum } = await import('./units');
    // Every pair of the table against the library: ucum-table.test.ts.
    for (const code of COMMON_UCUM_CODES) {
      const viaLibrary = utils.convertUnitTo(code, 12.5, code);
      expect(viaLibrary.status, code).toBe('succeeded');
      // The value as it is; the library's round trip through the base unit can move the last digit.
      expect(expectOk(convertUcum('f', 12.5, code, code))).toBe(12.5);
      expect(viaLibrary.toVal ?? Number.NaN, code).toBeCloseTo(12.5, 12);
    }
  });

  it('still sends a unit outside the table, or two different units, through UCUM', async () => {
    const { convertUcum, loadUcum } = await import('./units');
    await loadUcum();
    expect(expectOk(convertUcum('f', 1, 'mg', 'ug'))).toBeCloseTo(1000, 9);
    expect(convertUcum('f', 1, 'mcg', 'mcg').ok).toBe(false);
  });
});
