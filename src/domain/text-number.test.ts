import { describe, expect, it } from 'vitest';
import { parseTextNumber } from './text-number';

describe('a number written in free text', () => {
  it.each([
    ['40', 40],
    ['2000', 2000],
    ['2.5', 2.5],
    ['0.5', 0.5],
    ['0.500', 0.5],
    ['2000.0', 2000],
    ['19,5', 19.5],
    ['0,5', 0.5],
    ['1,50', 1.5],
    ['19,75', 19.75],
    ['0,500', 0.5],
    ['12,5000', 12.5],
    [' 450 ', 450],
  ])('"%s" reads as %s', (written, value) => {
    expect(parseTextNumber(written)).toEqual({ ok: true, value });
  });

  it.each([
    ['1,000', 'thousands separator or a decimal point'],
    ['2,000', 'thousands separator or a decimal point'],
    ['1.000', 'thousands separator or a decimal point'],
    ['2.000', 'thousands separator or a decimal point'],
    ['1.000.000', 'thousands separator or a decimal point'],
    ['1,000,000', 'thousands separator or a decimal point'],
    ['2 000', 'groups its digits with spaces'],
    ['2\u2009000', 'groups its digits with spaces'],
    ['2\u00a0000', 'groups its digits with spaces'],
    ['2\u202f000', 'groups its digits with spaces'],
    ['2,000.5', 'both a comma and a point'],
    ['2.000,5', 'both a comma and a point'],
    ['1.2.3', 'not a number that can be read'],
    ['1,2,3', 'not a number that can be read'],
    ['', 'not a number that can be read'],
  ])('"%s" is refused: %s', (written, reason) => {
    const r = parseTextNumber(written);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toContain(reason);
  });
});
