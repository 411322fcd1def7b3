import { describe, expect, it } from 'vitest';
import { formatClinicalDate, formatClinicalDateTime, parseOffset } from './format';
import { expectError, expectOk } from './testing';

describe('clinical date-time formatting keeps the patient\'s offset', () => {
  it.each([
    ['2026-09-13T08:40:00+10:00', undefined, '13 Sep 2026 08:40'],
    ['2026-09-13T08:40:00.123+10:00', undefined, '13 Sep 2026 08:40'],
    ['2026-09-12T22:40:00Z', '+10:00', '13 Sep 2026 08:40'],
    ['2026-09-13T08:40:00+10:00', 'Z', '12 Sep 2026 22:40'],
    ['2026-01-05T23:15:00-03:30', undefined, '5 Jan 2026 23:15'],
    ['2026-04-05T02:30:00+10:00', '+11:00', '5 Apr 2026 03:30'],
  ])('%s (offset %s) → %s', (value, offset, expected) => {
    expect(expectOk(formatClinicalDateTime(value, offset))).toBe(expected);
  });
  it('formats a Date at a given offset, never the machine time zone', () => {
    expect(expectOk(formatClinicalDateTime(new Date('2026-09-12T22:40:00Z'), '+10:00'))).toBe('13 Sep 2026 08:40');
  });
  it('refuses a Date without an offset', () => {
    expectError(formatClinicalDateTime(new Date('2026-09-12T22:40:00Z')), 'offset');
  });
  it.each(['+10', '10:00', '+15:00', '+10:60'])('refuses the offset %s', (offset) => {
    expectError(parseOffset('offset', offset), 'offset');
  });
  it('refuses a date-time without its own offset', () => {
    expectError(formatClinicalDateTime('2026-09-13T08:40:00'), 'value');
  });
  it('formats dates: a date-only string as written', () => {
    expect(expectOk(formatClinicalDate('2026-09-13'))).toBe('13 Sep 2026');
    expect(expectOk(formatClinicalDate('2026-09-13T00:30:00+10:00'))).toBe('13 Sep 2026');
  });
});
