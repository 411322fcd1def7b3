import { describe, expect, it } from 'vitest';
import { daysAgoText, formatKg, formatNumber, formatWhen, readFailure } from './clinical-format';

describe('clinical dates and numbers', () => {
  it('shows a FHIR value in its own offset, not the site or machine zone', () => {
    expect(formatWhen('2026-09-13T08:40:00+10:00', 'Europe/London')).toBe('13 Sep 2026 08:40');
  });

  it('shows a computed instant in the site zone, with summer time where it applies', () => {
    expect(formatWhen(new Date('2026-12-31T21:20:00Z'), 'Australia/Sydney')).toBe('1 Jan 2027 08:20');
    expect(formatWhen(new Date('2026-06-30T22:20:00Z'), 'Australia/Sydney')).toBe('1 Jul 2026 08:20');
    expect(formatWhen(new Date('2026-06-30T22:20:00Z'), 'Australia/Sydney', true)).toBe('1 Jul 2026');
  });

  it('shows a plain date as a date', () => {
    expect(formatWhen('2012-05-06', 'Australia/Sydney')).toBe('6 May 2012');
  });

  it.each([
    ['2026-11-22T08:00:00+11:00', 'less than a day ago'],
    ['2026-11-21T08:00:00+11:00', '1 day ago'],
    ['2026-09-13T10:00:00+10:00', '69 days ago'], // 69 days 23 hours
    ['2026-09-13T08:00:00+10:00', '70 days ago'],
    ['not a date', ''],
  ])('writes %s as "%s" on 22 Nov 2026 09:00 Sydney', (at, text) => {
    expect(daysAgoText(at, new Date('2026-11-21T22:00:00Z'))).toBe(text);
  });

  it('counts a date-only value from 00:00 at the site: 1 Sep in Sydney is 2 days before 3 Sep 09:00 there, not 1 day as from UTC', () => {
    const asOf = new Date('2026-09-02T23:00:00Z'); // 3 Sep 2026 09:00 +10:00
    expect(daysAgoText('2026-09-01', asOf, 'Australia/Sydney')).toBe('2 days ago');
    expect(daysAgoText('2026-09-01', asOf)).toBe('1 day ago');
  });

  it('rounds away floating-point noise, not clinical precision', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(39.916129)).toBe('39.916');
    expect(formatNumber(450)).toBe('450');
  });

  it('says the EHR did not answer when an error has no message', () => {
    expect(readFailure(new Error(''))).toBe('the EHR did not answer');
    expect(readFailure(new Error('HTTP 503'))).toBe('HTTP 503');
  });
});

describe('weights to one decimal place (issue 13)', () => {
  it.each([
    [39.916129, '39.9 kg'],
    [2.3, '2.3 kg'],
    [18, '18.0 kg'],
    // Cut, not rounded: never shown on the other side of a whole-kilogram band edge.
    [29.96, '29.9 kg'],
    [17.96, '17.9 kg'],
    [Number.NaN, 'not readable'],
    [Number.POSITIVE_INFINITY, 'not readable'],
  ])('%s kg is shown as %s', (kg, shown) => {
    expect(formatKg(kg)).toBe(shown);
  });
});
