/**
 * The units the app converts without the UCUM library, and how their table is made from it
 * (scripts/ucum-table.ts writes ucum-table.ts; ucum-table.test.ts checks both against the
 * library). Not imported by the app.
 */
export const UCUM_TABLE_CODES = [
  // mass, volume, time
  'kg', 'g', 'mg', 'ug', 'ng', '[lb_av]', '[oz_av]',
  'L', 'mL', 'uL',
  's', 'min', 'h', 'd', 'wk', 'mo', 'a',
  // doses, rates and concentrations
  'ug/d', 'ug/h', 'ug/min', 'mg/d', 'mg/h', 'mL/d', 'mL/h', 'ug/mL', 'mg/mL', 'ug/L', 'mg/L', 'ug/kg', 'mg/kg',
  // vital signs and scores
  'Cel', '%', '/min', 'mm[Hg]', '{score}', 'cm', 'm', '[in_i]', 'kg/m2',
] as const;

type LibraryUnit = { magnitude_: number; cnv_: string | null; isArbitrary_: boolean; dim_: { dimVec_: number[] } | null };
type Library = { getSpecifiedUnit(code: string, use: string, suggest: boolean): { unit: LibraryUnit | null } };

export async function ucumTableFromLibrary(): Promise<Record<string, [number, string, boolean]>> {
  const ucum = await import('@lhncbc/ucum-lhc');
  const utils = ucum.UcumLhcUtils.getInstance() as unknown as Library;
  const table: Record<string, [number, string, boolean]> = {};
  for (const code of UCUM_TABLE_CODES) {
    const unit = utils.getSpecifiedUnit(code, 'convert', false).unit;
    if (unit === null || unit.isArbitrary_) throw new Error(`UCUM has no convertible unit "${code}"`);
    table[code] = [unit.magnitude_, (unit.dim_?.dimVec_ ?? []).join(','), unit.cnv_ !== null];
  }
  return table;
}
