import { describe, expect, it } from 'vitest';
import { formatAge, formatBirthDate, formatSex } from './format';

describe('display formatting', () => {
  it.each([
    ['2019-03-03', '3 Mar 2019'],
    ['2016-09-13', '13 Sep 2016'],
    ['2016-12', 'Dec 2016'],
    ['2016', '2016'],
    [undefined, 'date not recorded'],
  ])('writes the birth date %s unambiguously as %s', (input, expected) => {
    expect(formatBirthDate(input)).toBe(expected);
  });

  it.each([
    [{ years: 6, months: 2 }, '6 years 2 months'],
    [{ years: 1, months: 1 }, '1 year 1 month'],
    [{ years: 0, months: 9 }, '9 months'],
    [undefined, 'age unknown'],
  ])('writes age %o as %s', (age, expected) => {
    expect(formatAge(age)).toBe(expected);
  });

  it('says when sex is not recorded rather than guessing', () => {
    expect(formatSex(undefined)).toBe('Sex not recorded');
    expect(formatSex('female')).toBe('Female');
  });
});
