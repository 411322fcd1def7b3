import { describe, expect, it } from 'vitest';
import { expectError, expectOk } from './testing';
import { parseInstant, parsePastInstant } from './time';

describe('instants', () => {
  it.each([
    ['2026-09-13', '2026-09-13T00:00:00.000Z'],
    ['2026-09-13T08:40:00+10:00', '2026-09-12T22:40:00.000Z'],
    ['2026-09-13T08:40Z', '2026-09-13T08:40:00.000Z'],
  ])('parses %s as %s', (value, iso) => {
    expect(expectOk(parseInstant('at', value)).toISOString()).toBe(iso);
  });
  it.each(['2026-09-13T08:40:00', '13/09/2026', '2026-02-30', ''])('refuses %j naming the field', (value) => {
    expectError(parseInstant('at', value), 'at');
  });
  it('refuses an invalid Date', () => {
    expectError(parseInstant('at', new Date(Number.NaN)), 'at');
  });
  it('a date recorded "today" in Sydney is not in the future, though UTC midnight is after 08:40+10:00', () => {
    const now = expectOk(parseInstant('now', '2026-09-13T08:40:00+10:00'));
    expectOk(parsePastInstant('recordedAt', '2026-09-13', now));
    expectError(parsePastInstant('recordedAt', '2026-09-14', now), 'recordedAt');
    expectError(parsePastInstant('recordedAt', '2026-09-13T08:41:00+10:00', now), 'recordedAt');
  });
});
