import { describe, expect, it } from 'vitest';
import { formatClinicalDateTime } from './format';
import { expectError, expectOk } from './testing';
import { offsetInTimeZone } from './time-zone';

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
