/**
 * Every formatter a view prints with is total (issue 15): whatever number or date reaches it,
 * it returns text, never throws, and never prints NaN, Infinity or undefined. A value that got
 * past the readers' checks must still not put "NaN days ago" or "Infinity micrograms/day" on a
 * ward screen, nor throw inside a render and take the rest of the view with it.
 */
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../domain';
import { ml, num, perDay, perMl, signedChange } from '../../features/doctor/model/format';
import { daysAgoText, formatDate, formatKg, formatNumber, formatTime, formatWhen, relativeDays } from './clinical-format';
import { formatAge, formatBirthDate } from './format';

const NUMBERS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, -1e308, 5e-324, -0, Number.MAX_SAFE_INTEGER];
const DATES: readonly (Date | string)[] = [
  new Date(Number.NaN),
  new Date(8.64e15), // the last instant a Date holds: year 275760
  new Date(-8.64e15),
  '0000-01-01',
  '0000-01-01T00:00:00Z',
  '',
  'yesterday',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '2026-13-45',
  '2026-02-30T10:00:00+10:00',
  '2026-09-13T25:61:00+10:00',
  '2026-09-13T10:00:00+99:00',
];
const NOW = new Date('2026-11-23T23:15:00Z');
const ZONE = 'Australia/Sydney';
const BAD = /NaN|Infinity|undefined/;

function printed(run: () => string): string {
  let text = '';
  expect(() => (text = run())).not.toThrow();
  expect(typeof text).toBe('string');
  expect(text).not.toMatch(BAD);
  return text;
}

describe('number formatters are total', () => {
  it.each(NUMBERS)('%s prints as text, never NaN or Infinity', (n) => {
    printed(() => formatNumber(n));
    printed(() => formatKg(n));
    printed(() => formatDuration(n));
    printed(() => relativeDays(n, NOW));
    printed(() => formatAge({ years: n, months: n }));
    printed(() => num(n));
    printed(() => perDay(n));
    printed(() => perMl(n));
    printed(() => ml(n));
    printed(() => signedChange(n, n));
  });

  it('says a figure is not readable rather than printing it as NaN or Infinity', () => {
    expect(formatNumber(Number.NaN)).toBe('not readable');
    expect(formatKg(1e308)).toBe('not readable');
    expect(perDay(Number.POSITIVE_INFINITY)).toBe('not readable micrograms/day');
    expect(formatDuration(Number.NaN)).toBe('duration not readable');
    expect(relativeDays(Number.NaN, NOW)).toBe('date not readable');
    expect(formatAge({ years: 2026.5, months: 0 })).toBe('age unknown');
  });
});

describe('date formatters are total', () => {
  it.each(DATES.map((d) => [String(d), d] as const))('%s prints as text, never NaN or undefined', (_label, d) => {
    printed(() => formatWhen(d, ZONE));
    printed(() => formatDate(d, ZONE));
    printed(() => formatTime(d, ZONE));
    printed(() => daysAgoText(d, NOW, ZONE));
    printed(() => daysAgoText(d, NOW));
    printed(() => relativeDays(d instanceof Date ? d : new Date(d), NOW));
    if (typeof d === 'string') printed(() => formatBirthDate(d));
  });

  it('says a Date beyond any calendar is unreadable (it threw a RangeError, or printed "NaN undefined NaN")', () => {
    expect(formatWhen(new Date(8.64e15), ZONE)).toBe('date unreadable');
    expect(formatWhen(new Date(-8.64e15), ZONE)).toBe('date unreadable');
    expect(formatTime(new Date(8.64e15), ZONE)).toBe('date unreadable');
  });

  it('still writes an ordinary instant as before', () => {
    expect(formatWhen('2026-09-13T08:40:00+10:00', ZONE)).toBe('13 Sep 2026 08:40');
    expect(formatTime('2026-09-13T08:40:00+10:00', ZONE)).toBe('08:40');
  });
});
