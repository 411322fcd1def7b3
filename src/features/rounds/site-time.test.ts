import { describe, expect, it } from 'vitest';
import { formatDuration, formatRecorded, formatSiteDateTime, fromSiteLocalInput, offsetAt, siteDateOptions, toSiteIso, toSiteLocalInput } from './site-time';

const SYDNEY = 'Australia/Sydney';

describe('site time (never the machine zone)', () => {
  it.each([
    ['2026-07-01T00:00:00Z', '+10:00'], // AEST
    ['2026-12-01T00:00:00Z', '+11:00'], // AEDT
  ])('Sydney at %s is %s', (iso, offset) => {
    expect(offsetAt(new Date(iso), SYDNEY)).toBe(offset);
  });

  it('UTC has offset +00:00', () => {
    expect(offsetAt(new Date('2026-07-01T00:00:00Z'), 'UTC')).toBe('+00:00');
  });

  it('writes the site wall clock with its offset', () => {
    expect(toSiteIso(new Date('2026-09-12T22:40:00Z'), SYDNEY)).toBe('2026-09-13T08:40:00+10:00');
    expect(toSiteLocalInput(new Date('2026-09-12T22:40:00Z'), SYDNEY)).toBe('2026-09-13T08:40');
  });

  it('reads a wall-clock entry back to the same instant, on both sides of daylight saving', () => {
    expect(fromSiteLocalInput('2026-09-13T08:40', SYDNEY)?.toISOString()).toBe('2026-09-12T22:40:00.000Z');
    expect(fromSiteLocalInput('2026-12-13T08:40', SYDNEY)?.toISOString()).toBe('2026-12-12T21:40:00.000Z');
  });

  it('accepts a 24-hour clock typed as 8:40 or 0840', () => {
    expect(fromSiteLocalInput('2026-09-13T8:40', SYDNEY)?.toISOString()).toBe('2026-09-12T22:40:00.000Z');
    expect(fromSiteLocalInput('2026-09-13T0840', SYDNEY)?.toISOString()).toBe('2026-09-12T22:40:00.000Z');
  });

  it('offers today and yesterday at the site, whatever the machine zone', () => {
    expect(siteDateOptions(new Date('2026-09-12T22:40:00Z'), SYDNEY)).toEqual([
      { value: '2026-09-13', label: 'Today, 13 Sep 2026' },
      { value: '2026-09-12', label: 'Yesterday, 12 Sep 2026' },
    ]);
  });

  it.each(['', '13/09/2026 08:40', '2026-02-30T08:00', '2026-09-13T25:00', '2026-09-13T8:4'])('refuses %j as a time', (text) => {
    expect(fromSiteLocalInput(text, SYDNEY)).toBeUndefined();
  });

  it('formats in the clinical style at the site, and FHIR values in their own offset', () => {
    expect(formatSiteDateTime(new Date('2026-09-12T22:40:00Z'), SYDNEY)).toBe('13 Sep 2026 08:40');
    expect(formatRecorded('2026-09-13T08:40:00+10:00', 'UTC')).toBe('13 Sep 2026 08:40');
    expect(formatRecorded(undefined, SYDNEY)).toBe('time not recorded');
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
