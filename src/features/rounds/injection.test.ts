import { describe, expect, it } from 'vitest';
import { checkInjection } from './injection';

const now = new Date('2026-09-13T00:10:00Z');
const parse = (l: string) => (l === 'past' ? new Date('2026-09-12T22:40:00Z') : l === 'future' ? new Date('2026-09-13T01:00:00Z') : undefined);

describe('test-dose injection entry', () => {
  it.each([
    ['', /Enter the test dose/],
    ['0.05 mg', /micrograms, not mg/],
    ['0', /cannot be zero/],
    ['fifty', /number of micrograms/],
  ])('refuses dose %j', (dose, message) => {
    expect(checkInjection(dose, 'past', now, parse)).toMatchObject({ ok: false, field: 'dose', message: expect.stringMatching(message) as unknown });
  });

  it.each([
    ['50', undefined],
    ['100', undefined],
    ['125', /above the guideline's test-dose bands/],
  ])('accepts %s micrograms, flagging doses above 100 micrograms', (dose, warning) => {
    const r = checkInjection(dose, 'past', now, parse);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warning ?? undefined).toEqual(warning === undefined ? undefined : expect.stringMatching(warning) as unknown);
  });

  it('refuses a time in the future or not a time', () => {
    expect(checkInjection('50', 'future', now, parse)).toMatchObject({ ok: false, field: 'time' });
    expect(checkInjection('50', 'x', now, parse)).toMatchObject({ ok: false, field: 'time' });
  });
});
