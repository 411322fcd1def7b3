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
    ['25', undefined],
    ['50', undefined],
    ['100', undefined],
    ['10', /below the guideline's smallest test dose \(25 micrograms, §3\.1\.5\)/],
    ['125', /above the guideline's test-dose bands/],
  ])('accepts %s micrograms, asking confirmation outside the §3.1.5 bands (25–100 micrograms)', (dose, confirm) => {
    const r = checkInjection(dose, 'past', now, parse);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.confirm ?? undefined).toEqual(confirm === undefined ? undefined : expect.stringMatching(confirm) as unknown);
  });

  it('refuses 0.05 micrograms (the mg figure typed as micrograms) and says what 0.05 mg would be', () => {
    expect(checkInjection('0.05', 'past', now, parse)).toMatchObject({ ok: false, field: 'dose', message: expect.stringMatching(/smallest is 25 micrograms \(§3\.1\.5\)\. If 0\.05 mg was given, that is 50 micrograms/) as unknown });
  });

  it('refuses a time in the future or not a time', () => {
    expect(checkInjection('50', 'future', now, parse)).toMatchObject({ ok: false, field: 'time' });
    expect(checkInjection('50', 'x', now, parse)).toMatchObject({ ok: false, field: 'time' });
  });
});
