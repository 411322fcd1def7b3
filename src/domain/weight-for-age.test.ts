import { describe, expect, it } from 'vitest';
import { checkWeightForAge, WEIGHT_FOR_AGE_Z_LIMIT, weightAtZ, weightForAgeZ } from './weight-for-age';

/** z of the 3rd and 97th percentiles (the published P3/P97 columns). */
const Z97 = 1.880793608;

describe('weight-for-age z-scores (LMS method) against the published tables', () => {
  // [sex, ageMonths, P3, P50, P97] copied from CDC wtage.csv rows kept in the app's table.
  it.each([
    ['male', 60.5, 14.85692044, 18.48592413, 24.46169255],
    ['female', 120.5, 23.99142774, 33.06392318, 51.42912799],
    ['male', 24, 10.38209025, 12.6707633, 15.59648294],
  ] as const)('%s at %s months: the CDC 2000 P3, P50 and P97 weights give z −1.88, 0, +1.88', (sex, months, p3, p50, p97) => {
    expect(weightForAgeZ(p3, months, sex)?.z).toBeCloseTo(-Z97, 3);
    expect(weightForAgeZ(p50, months, sex)?.z).toBeCloseTo(0, 6);
    expect(weightForAgeZ(p97, months, sex)?.z).toBeCloseTo(Z97, 3);
    expect(weightForAgeZ(p50, months, sex)?.reference).toBe('CDC 2000');
  });

  // Rows of wtage.csv that the app's table does not keep: interpolated within 0.5%.
  it.each([
    ['male', 25.5, 10.55847309, 12.88102276, 15.87169941],
    ['male', 100.5, 20.75646502, 26.68339457, 39.21669915],
    ['female', 159.5, 34.25113618, 46.93314404, 73.82596855],
    ['female', 213.5, 44.06258481, 55.96573022, 87.14980899],
  ] as const)('%s at %s months (a published row between kept rows): P3, P50, P97 within 0.5%%', (sex, months, p3, p50, p97) => {
    expect(Math.abs((weightAtZ(-Z97, months, sex) ?? 0) / p3 - 1)).toBeLessThan(0.005);
    expect(Math.abs((weightAtZ(0, months, sex) ?? 0) / p50 - 1)).toBeLessThan(0.005);
    expect(Math.abs((weightAtZ(Z97, months, sex) ?? 0) / p97 - 1)).toBeLessThan(0.005);
  });

  // WHO 2006 rows: the "2nd (2.3rd)" and "98th (97.7th)" columns are z −2 and +2.
  it.each([
    ['male', 0, 2.459312, 3.3464, 4.419354],
    ['male', 12, 7.742219, 9.6479, 11.98574],
    ['female', 6, 5.729383, 7.297, 9.33549062],
    ['female', 23, 8.8741, 11.2688, 14.5668755],
  ] as const)('%s at %s months: the WHO 2006 z −2, median and z +2 weights', (sex, months, lo, median, hi) => {
    expect(weightForAgeZ(lo, months, sex)?.z).toBeCloseTo(-2, 3);
    expect(weightForAgeZ(median, months, sex)?.z).toBeCloseTo(0, 6);
    expect(weightForAgeZ(hi, months, sex)?.z).toBeCloseTo(2, 3);
    expect(weightForAgeZ(median, months, sex)?.reference).toBe('WHO 2006');
  });
});

describe('checkWeightForAge: refuse until confirmed outside ±4 SD, say which reference', () => {
  it('the limit is 4 standard deviations (pending clinical sign-off)', () => {
    expect(WEIGHT_FOR_AGE_Z_LIMIT).toBe(4);
  });

  it('a 1 kg four-year-old girl is far outside the range, named with the CDC 2000 chart', () => {
    const r = checkWeightForAge({ kg: 1, recordedAt: '2026-11-20T09:00:00+11:00', birthDate: '2022-09-01', sex: 'female' });
    expect(r.ok && r.value.status === 'checked' && !r.value.plausible).toBe(true);
    if (r.ok && r.value.status === 'checked') {
      expect(r.value.reference).toBe('CDC 2000 weight-for-age (girls)');
      expect(r.value.message).toContain('4-year 2-month-old');
      expect(r.value.message).toContain('pending clinical sign-off');
      expect(r.value.message).toMatch(/about \d+(\.\d)? kg to \d+(\.\d)? kg/);
    }
  });

  it('a 14 kg boy of 3 years 6 months is plausible (z about −0.77, worked by hand from the 36.5 and 42.5 month rows)', () => {
    const r = checkWeightForAge({ kg: 14, recordedAt: '2026-11-20T09:00:00+11:00', birthDate: '2023-05-20', sex: 'male' });
    expect(r.ok && r.value.status === 'checked' && r.value.plausible).toBe(true);
    if (r.ok && r.value.status === 'checked') expect(r.value.z).toBeCloseTo(-0.77, 1);
  });

  it('a severely underweight 10-year-old with cerebral palsy (16 kg) needs confirming, not silent refusal', () => {
    const r = checkWeightForAge({ kg: 16, recordedAt: '2026-11-20T09:00:00+11:00', birthDate: '2016-05-01', sex: 'male' });
    expect(r.ok && r.value.status === 'checked' && !r.value.plausible).toBe(true);
    if (r.ok && r.value.status === 'checked') expect(r.value.message).toContain('until a clinician confirms it');
  });

  it('without a recorded sex both charts are used and the nearer median decides', () => {
    // 16.9 kg at 4 years 6 months is the girls' median (z 0) and below the boys' median.
    const r = checkWeightForAge({ kg: 16.93, recordedAt: '2026-11-20T09:00:00+11:00', birthDate: '2022-05-05', sex: 'unknown' });
    expect(r.ok && r.value.status === 'checked').toBe(true);
    if (r.ok && r.value.status === 'checked') {
      expect(r.value.reference).toBe('CDC 2000 weight-for-age (boys and girls; sex not recorded)');
      expect(Math.abs(r.value.z)).toBeLessThan(0.05);
    }
  });

  it('the age is the age on the day the weight was recorded, on the site calendar date: the second birthday across Sydney midnight uses CDC 2000', () => {
    // 00:30 on 24 Nov in Sydney is still 23 Nov in UTC: by UTC's date the child would be 23 months (WHO).
    const atSite = checkWeightForAge({ kg: 12, recordedAt: '2026-11-24T00:30:00+11:00', birthDate: '2024-11-24', sex: 'female' });
    const dayBefore = checkWeightForAge({ kg: 12, recordedAt: '2026-11-23T23:30:00+11:00', birthDate: '2024-11-24', sex: 'female' });
    expect(atSite.ok && atSite.value.status === 'checked' && atSite.value.reference).toBe('CDC 2000 weight-for-age (girls)');
    expect(dayBefore.ok && dayBefore.value.status === 'checked' && dayBefore.value.reference).toBe('WHO 2006 weight-for-age (girls)');
  });

  it.each([
    [undefined, '2026-11-20T09:00:00+11:00', 'the birth date is not recorded'],
    ['2019-03', '2026-11-20T09:00:00+11:00', 'not recorded as a full date'],
    ['2004-01-01', '2026-11-20T09:00:00+11:00', 'the growth charts end at 20 years'],
  ])('nothing is checked, and the reason says why, for birth date %s', (birthDate, recordedAt, why) => {
    const r = checkWeightForAge({ kg: 40, recordedAt, birthDate, sex: 'male' });
    expect(r.ok && r.value.status === 'unchecked' && r.value.reason).toContain(why);
  });
});
