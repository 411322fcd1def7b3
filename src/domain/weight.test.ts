import { describe, expect, it } from 'vitest';
import { expectError, expectOk } from './testing';
import { addCalendarMonths, assessWeight } from './weight';

const now = '2026-09-13T08:40:00+10:00';

describe('weight staleness (default 3 months, configurable)', () => {
  it.each([
    ['2026-06-13T08:40:00+10:00', false], // exactly 3 months: not older than 3 months
    ['2026-06-13T08:39:00+10:00', true], // one minute older
    ['2026-09-01', false],
  ])('a weight recorded %s is stale: %s', (recordedAt, stale) => {
    const w = expectOk(assessWeight({ value: 20, unit: 'kg', recordedAt }, now));
    expect(w.value.stale).toBe(stale);
    expect(w.warnings.some((x) => x.code === 'stale-weight')).toBe(stale);
  });
  it('uses a configured age limit', () => {
    const w = expectOk(assessWeight({ value: 20, unit: 'kg', recordedAt: '2026-08-01' }, now, { staleAfterMonths: 1 }));
    expect(w.value.stale).toBe(true);
  });
  it.each([
    ['2026-06-15T08:40:00+10:00', false], // exactly 90 days: not older than 90 days
    ['2026-06-15T08:39:00+10:00', true], // one minute older
  ])('with a 90-day site limit, a weight recorded %s is stale: %s', (recordedAt, stale) => {
    const w = expectOk(assessWeight({ value: 20, unit: 'kg', recordedAt }, now, { staleAfterDays: 90 }));
    expect(w.value.stale).toBe(stale);
    expect(w.inputs.staleAfterDays).toBe(90);
    if (stale) expect(w.warnings[0]?.message).toMatch(/older than 90 days/);
  });
  it('refuses a day limit that is not a whole number of days', () => {
    expectError(assessWeight({ value: 20, unit: 'kg', recordedAt: '2026-09-01' }, now, { staleAfterDays: 0.5 }), 'staleAfterDays');
  });
  it('refuses a weight recorded in the future', () => {
    expectError(assessWeight({ value: 20, unit: 'kg', recordedAt: '2026-09-14' }, now), 'weight.recordedAt');
  });
  it('refuses a date-time without an offset (it would be read in the machine time zone)', () => {
    expectError(assessWeight({ value: 20, unit: 'kg', recordedAt: '2026-09-01T08:00:00' }, now), 'weight.recordedAt');
  });
  it('says when it converted the unit', () => {
    const w = expectOk(assessWeight({ value: 18000, unit: 'g', recordedAt: '2026-09-01' }, now));
    expect(w.value.kg).toBe(18);
    expect(w.notes.join()).toMatch(/18000 g to 18 kg/);
  });
});

describe('calendar months', () => {
  it('clamps 31 January + 1 month to the end of February', () => {
    expect(addCalendarMonths(new Date('2026-01-31T00:00:00Z'), 1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });
});
