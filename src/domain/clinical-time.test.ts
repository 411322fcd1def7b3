import { describe, expect, it } from 'vitest';
import { formatClinicalDateTime } from './format';
import { expectError, expectOk } from './testing';
import { formatDuration, formatSiteDateTime, formatSiteTime, fromSiteLocalInput, offsetAt, offsetInTimeZone, siteCalendarDate, siteDateOptions, siteDateToInstant, toSiteInstant, toSiteInstantIso, toSiteIso, toSiteLocalInput } from './clinical-time';

describe('the offset of a named time zone at an instant', () => {
  it.each([
    // Sydney: AEDT (+11:00) in summer, AEST (+10:00) in winter; DST ends 5 Apr 2026 03:00 local.
    ['2026-01-15T00:00:00Z', 'Australia/Sydney', '+11:00'],
    ['2026-07-15T00:00:00Z', 'Australia/Sydney', '+10:00'],
    ['2026-04-04T15:59:00Z', 'Australia/Sydney', '+11:00'],
    ['2026-04-04T16:00:00Z', 'Australia/Sydney', '+10:00'],
    ['2026-01-15T00:00:00Z', 'Australia/Adelaide', '+10:30'],
    ['2026-01-15T00:00:00Z', 'America/St_Johns', '-03:30'],
    ['2026-01-15T00:00:00Z', 'UTC', '+00:00'],
  ])('%s in %s is %s', (value, zone, expected) => {
    expect(expectOk(offsetInTimeZone(value, zone))).toBe(expected);
  });

  it('writes a computed instant in the site clock, whatever the machine zone', () => {
    const at = new Date('2026-09-12T22:40:00Z');
    expect(expectOk(formatClinicalDateTime(at, expectOk(offsetInTimeZone(at, 'Australia/Sydney'))))).toBe('13 Sep 2026 08:40');
  });

  it('names the time zone when it is not a real one', () => {
    expectError(offsetInTimeZone('2026-01-15T00:00:00Z', 'Mars/Olympus_Mons'), 'timeZone');
  });
});

const SYDNEY = 'Australia/Sydney';

describe('site wall clock (never the machine zone)', () => {
  it('writes the site wall clock with its offset', () => {
    expect(toSiteIso(new Date('2026-09-12T22:40:00Z'), SYDNEY)).toBe('2026-09-13T08:40:00+10:00');
    expect(toSiteLocalInput(new Date('2026-09-12T22:40:00Z'), SYDNEY)).toBe('2026-09-13T08:40');
    expect(offsetAt(new Date('2026-07-01T00:00:00Z'), 'UTC')).toBe('+00:00');
  });

  it('reads a wall-clock entry back to the same instant, on both sides of daylight saving', () => {
    expect(fromSiteLocalInput('2026-09-13T08:40', SYDNEY)?.toISOString()).toBe('2026-09-12T22:40:00.000Z');
    expect(fromSiteLocalInput('2026-12-13T08:40', SYDNEY)?.toISOString()).toBe('2026-12-12T21:40:00.000Z');
  });

  it('accepts a 24-hour clock typed as 8:40 or 0840', () => {
    expect(fromSiteLocalInput('2026-09-13T8:40', SYDNEY)?.toISOString()).toBe('2026-09-12T22:40:00.000Z');
    expect(fromSiteLocalInput('2026-09-13T0840', SYDNEY)?.toISOString()).toBe('2026-09-12T22:40:00.000Z');
  });

  it.each(['', '13/09/2026 08:40', '2026-02-30T08:00', '2026-09-13T25:00', '2026-09-13T8:4'])('refuses %j as a time', (text) => {
    expect(fromSiteLocalInput(text, SYDNEY)).toBeUndefined();
  });

  it('offers today and yesterday at the site, whatever the machine zone', () => {
    expect(siteDateOptions(new Date('2026-09-12T22:40:00Z'), SYDNEY)).toEqual([
      { value: '2026-09-13', label: 'Today, 13 Sep 2026' },
      { value: '2026-09-12', label: 'Yesterday, 12 Sep 2026' },
    ]);
  });

  it.each([
    [0, '0 min'],
    [45 * 60_000, '45 min'],
    [90 * 60_000, '1 h 30 min'],
    [-5 * 60_000, '0 min'],
  ])('%s ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('a date without a time is a calendar date at the site', () => {
  it.each([
    // [date, zone, the site's 00:00 as an instant] — Sydney DST begins 4 Oct 2026 02:00, ends 5 Apr 2026 03:00.
    ['2026-09-01', SYDNEY, '2026-09-01T00:00:00+10:00'],
    ['2026-01-15', SYDNEY, '2026-01-15T00:00:00+11:00'],
    ['2026-10-04', SYDNEY, '2026-10-04T00:00:00+10:00'], // the day summer time starts: midnight is still +10:00
    ['2026-10-05', SYDNEY, '2026-10-05T00:00:00+11:00'],
    ['2026-04-05', SYDNEY, '2026-04-05T00:00:00+11:00'], // the day summer time ends: midnight is still +11:00
    ['2026-04-06', SYDNEY, '2026-04-06T00:00:00+10:00'],
    ['2026-09-01', 'America/Los_Angeles', '2026-09-01T00:00:00-07:00'],
    ['2026-09-01', 'Pacific/Kiritimati', '2026-09-01T00:00:00+14:00'],
    ['2026-09-01', 'UTC', '2026-09-01T00:00:00+00:00'],
  ])('%s in %s is %s', (date, zone, expected) => {
    const at = expectOk(siteDateToInstant(date, zone));
    expect(at.getTime()).toBe(Date.parse(expected));
    expect(toSiteIso(at, zone)).toBe(expected);
  });

  it('a FHIR value becomes the instant it means at the site: date-only at 00:00 there, offsets kept, offset-less as the wall clock', () => {
    expect(expectOk(toSiteInstant('fillDate', '2026-09-01', SYDNEY)).toISOString()).toBe('2026-08-31T14:00:00.000Z');
    expect(expectOk(toSiteInstant('fillDate', '2026-09-01T10:00:00+10:00', SYDNEY)).toISOString()).toBe('2026-09-01T00:00:00.000Z');
    expect(expectOk(toSiteInstant('fillDate', '2026-09-01T10:00:00', SYDNEY)).toISOString()).toBe('2026-09-01T00:00:00.000Z');
    expect(toSiteInstantIso('2026-12-01', SYDNEY)).toBe('2026-12-01T00:00:00+11:00');
    expectError(toSiteInstant('fillDate', '2026-02-30', SYDNEY), 'fillDate');
  });

  it('the site calendar date, not the UTC one: 00:30 on 24 Nov in Sydney is 23 Nov in UTC', () => {
    expect(siteCalendarDate(new Date('2026-11-23T13:30:00Z'), SYDNEY)).toBe('2026-11-24');
    expect(siteCalendarDate(new Date('2026-11-23T13:30:00Z'), 'UTC')).toBe('2026-11-23');
  });
});

describe('the same instant is written the same way through every path', () => {
  // 20:05 on 1 Sep 2026 in Sydney (+10:00) is 10:05 UTC.
  const forms: readonly (string | Date)[] = ['2026-09-01T20:05:00+10:00', '2026-09-01T10:05:00Z', '2026-09-01T10:05:00.000+00:00', new Date('2026-09-01T10:05:00Z'), '2026-09-01T20:05:00'];
  it.each(forms)('%s', (value) => {
    expect(formatSiteDateTime(value, SYDNEY).slice(0, 16)).toBe('1 Sep 2026 20:05');
    expect(formatSiteDateTime(value, SYDNEY, true)).toMatch(/^1 Sep 2026/);
    expect(formatSiteTime(value, SYDNEY)).toBe('20:05');
  });

  it('says when a value carried no time zone', () => {
    expect(formatSiteDateTime('2026-09-01T20:05:00', SYDNEY)).toBe('1 Sep 2026 20:05 (recorded without a time zone: "2026-09-01T20:05:00")');
  });

  it('keeps the patient offset a value was written in (not UTC), and writes the site summer time for computed instants', () => {
    expect(formatSiteDateTime('2026-09-13T08:40:00+08:00', SYDNEY)).toBe('13 Sep 2026 08:40');
    expect(formatSiteDateTime(new Date('2026-12-31T21:20:00Z'), SYDNEY)).toBe('1 Jan 2027 08:20');
    expect(formatSiteDateTime(new Date('2026-06-30T22:20:00Z'), SYDNEY)).toBe('1 Jul 2026 08:20');
  });

  it('writes a date-only value as that date, never with an invented time, in any zone', () => {
    for (const zone of [SYDNEY, 'America/Los_Angeles', 'Pacific/Kiritimati']) {
      expect(formatSiteDateTime('2026-09-01', zone)).toBe('1 Sep 2026');
      expect(formatSiteDateTime(expectOk(siteDateToInstant('2026-09-01', zone)), zone, true)).toBe('1 Sep 2026');
    }
  });

  it('returns text that is not a date as written', () => {
    expect(formatSiteDateTime('sometime in May', SYDNEY)).toBe('sometime in May');
  });
});
