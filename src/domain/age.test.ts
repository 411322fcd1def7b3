import { describe, expect, it } from 'vitest';
import { calculateAge } from './age';
import { expectError, expectOk } from './testing';

describe('age from birth date', () => {
  it.each([
    ['2019-09-13', '2026-09-13T08:40:00+10:00', 7, 0, 0],
    ['2019-09-14', '2026-09-13T08:40:00+10:00', 6, 11, 30],
    ['2019-03-13', '2026-09-13T08:40:00+10:00', 7, 6, 0],
    ['2024-02-29', '2025-02-28', 0, 11, 30],
    // A 29 February birthday is reached on 1 March in non-leap years.
    ['2024-02-29', '2025-03-01', 1, 0, 0],
  ])('born %s, at %s: %s y %s mo %s d', (birth, now, years, months, days) => {
    const age = expectOk(calculateAge(birth, now)).value;
    expect([age.years, age.months, age.days]).toEqual([years, months, days]);
    expect(age.totalMonths).toBe(years * 12 + months);
  });
  it('uses the patient\'s own calendar date in the "now" offset, not UTC', () => {
    // 00:30 on 13 Sep in Sydney is still 12 Sep in UTC: the child has turned 7 locally.
    expect(expectOk(calculateAge('2019-09-13', '2026-09-13T00:30:00+10:00')).value.years).toBe(7);
  });
  it('refuses a birth date in the future', () => {
    expectError(calculateAge('2027-01-01', '2026-09-13'), 'birthDate');
  });
  it('refuses an impossible date', () => {
    expectError(calculateAge('2019-02-30', '2026-09-13'), 'birthDate');
  });
});
