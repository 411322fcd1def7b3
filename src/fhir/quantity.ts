import { SYSTEM } from './codes';
import type { FhirQuantity } from './schemas';

/**
 * Units arrive in many spellings (mcg, µg, micrograms/day, mcg/day, mmHg, bpm…). Normalise a
 * Quantity to a UCUM code: trust `code` when the system is UCUM, otherwise read `code` or `unit`
 * through this table. Returns undefined when the unit cannot be read (the caller reports it).
 */
const MASS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(ug|mcg|µg|μg|micro-?grams?)$/i, 'ug'],
  [/^(mg|milli-?grams?)$/i, 'mg'],
  [/^(g|gm|gms|grams?)$/i, 'g'],
  [/^(kg|kgs|kilo-?grams?)$/i, 'kg'],
  [/^(\[lb_av\]|lb|lbs|pounds?)$/i, '[lb_av]'],
  [/^(ml|mls|milli-?lit(re|er)s?)$/i, 'mL'],
];
const PER: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(d|day|days|24 ?h|24 ?hrs?|24 ?hours?)$/i, 'd'],
  [/^(h|hr|hrs|hours?)$/i, 'h'],
  [/^(min|minute|minutes)$/i, 'min'],
  [/^(ml|mls|milli-?lit(re|er)s?)$/i, 'mL'],
];
const WHOLE: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(\/min|bpm|beats?\/min|breaths?\/min|beats per minute|breaths per minute|\{beats\}\/min|\{breaths\}\/min)$/i, '/min'],
  [/^(mm\[hg\]|mmhg|mm hg)$/i, 'mm[Hg]'],
  [/^(cel|°c|degc|deg c|c|celsius)$/i, 'Cel'],
  [/^(\[degf\]|°f|degf|deg f|f|fahrenheit)$/i, '[degF]'],
  [/^%$/, '%'],
  [/^(\{score\}|score)$/i, '{score}'],
  [/^(deg|°|degrees?)$/i, 'deg'],
];

function lookup(table: ReadonlyArray<readonly [RegExp, string]>, s: string): string | undefined {
  return table.find(([re]) => re.test(s))?.[1];
}

export function normaliseUnit(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const s = raw.trim();
  if (s === '') return undefined;
  const whole = lookup(WHOLE, s) ?? lookup(MASS, s);
  if (whole !== undefined) return whole;
  const perMatch = /^(.+?)\s*(?:\/|per)\s*(.+)$/i.exec(s);
  if (perMatch?.[1] !== undefined && perMatch[2] !== undefined) {
    const num = lookup(MASS, perMatch[1].trim());
    const den = lookup(PER, perMatch[2].trim());
    if (num !== undefined && den !== undefined) return `${num}/${den}`;
  }
  return undefined;
}

/** The UCUM code of a Quantity, whatever spelling it came in. */
export function quantityUnit(q: FhirQuantity): string | undefined {
  if (q.system === SYSTEM.ucum && q.code !== undefined && q.code !== '') {
    return normaliseUnit(q.code) ?? q.code;
  }
  return normaliseUnit(q.code) ?? normaliseUnit(q.unit);
}
