import { describe, expect, it, vi } from 'vitest';
import { UCUM_TABLE } from './ucum-table';
import { UCUM_TABLE_CODES, ucumTableFromLibrary } from '../../scripts/ucum-table-source';

/**
 * The units converted without the UCUM library (issue 16): the committed table is what the
 * library gives, and every conversion between its codes is the library's, to the last bit.
 */
describe('the UCUM table', () => {
  it('is what the UCUM library gives each code (regenerate with `npx tsx scripts/ucum-table.ts`)', async () => {
    const fromLibrary = await ucumTableFromLibrary();
    expect(Object.keys(UCUM_TABLE)).toEqual([...UCUM_TABLE_CODES]);
    for (const [code, [magnitude, dimension, special]] of Object.entries(fromLibrary)) {
      expect(UCUM_TABLE[code], code).toEqual(special ? [magnitude, dimension, true] : [magnitude, dimension]);
    }
  });

  it('converts every pair of its codes exactly as the library does, and refuses the same pairs with the same words', async () => {
    const ucum = await import('@lhncbc/ucum-lhc');
    const library = ucum.UcumLhcUtils.getInstance();
    // A fresh copy of units.ts, so nothing has loaded the library into it.
    vi.resetModules();
    const { convertUcum } = await import('./units');
    let compared = 0;
    for (const from of UCUM_TABLE_CODES) {
      for (const to of UCUM_TABLE_CODES) {
        for (const value of [1, 0.1, 12.5, 37.2, 450, 19.958, 1e-7]) {
          const ours = convertUcum('f', value, from, to);
          const theirs = library.convertUnitTo(from, value, to);
          if (from === to) {
            // The value as it is; the library agrees (for Cel within its 273.15 round trip).
            expect(ours).toEqual({ ok: true, value });
            expect(theirs.toVal ?? Number.NaN, from).toBeCloseTo(value, 12);
            continue;
          }
          if (theirs.status === 'succeeded') {
            expect(ours, `${value} ${from} → ${to}`).toEqual({ ok: true, value: theirs.toVal });
          } else {
            expect(ours, `${value} ${from} → ${to}`).toEqual({ ok: false, error: { field: 'f', message: `Cannot convert ${from} to ${to}: ${theirs.msg.join(' ')}.` } });
          }
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});

describe('units outside the table', () => {
  it('wait for the library: the first conversion throws UcumNotLoadedError, withUnits runs the mapping again once it is here', async () => {
    vi.resetModules();
    const { convertUcum, withUnits, UcumNotLoadedError } = await import('./units');
    expect(() => convertUcum('f', 1, '[ft_i]', 'cm')).toThrow(UcumNotLoadedError);
    let runs = 0;
    const cm = await withUnits(() => {
      runs++;
      return convertUcum('f', 1, '[ft_i]', 'cm');
    });
    expect(runs).toBe(2);
    expect(cm.ok && cm.value).toBeCloseTo(30.48, 9);
    // Loaded now: no second wait, and a unit UCUM does not know is refused, not thrown.
    expect(convertUcum('f', 1, 'mcg', 'mcg').ok).toBe(false);
  });

  it('a mapping that needs no unit outside the table runs once, without the library', async () => {
    vi.resetModules();
    const { convertUcum, withUnits } = await import('./units');
    let runs = 0;
    const kg = await withUnits(() => {
      runs++;
      return convertUcum('f', 44, '[lb_av]', 'kg');
    });
    expect(runs).toBe(1);
    expect(kg).toEqual({ ok: true, value: (44 * 453.59237) / 1000 });
  });
});
