import { convertUcum } from '../domain/units';
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
  [/^\(24\.h\)$/, 'd'],
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

export type QuantityUnitReading = { readonly ok: true; readonly unit: string } | { readonly ok: false; readonly reason: string };

/** A unit string UCUM can convert into itself: a real unit, not free text ("mcg per day (Epic)"). */
function isUcumUnit(s: string): boolean {
  return s !== '' && !/\s/.test(s) && convertUcum('unit', 1, s, s).ok;
}

/** Two unit codes name the same unit when UCUM converts one into the other with a factor of 1. */
function sameUnit(a: string, b: string): boolean {
  if (a === b) return true;
  const c = convertUcum('unit', 1, a, b);
  return c.ok && Math.abs(c.value - 1) < 1e-9;
}

/** A coded unit as a clinician reads it ("[lb_av]" → "lb", "ug/d" → "micrograms/day"), for messages on screen. */
export function unitWords(code: string): string {
  const per: Record<string, string> = { d: 'day', h: 'hour', min: 'minute', mL: 'mL', '(24.h)': '24 hours' };
  const [num = '', den] = code.split('/');
  const n = num === '[lb_av]' ? 'lb' : num === 'ug' ? 'micrograms' : num;
  return den === undefined ? n : `${n}/${per[den] ?? den}`;
}

const disagreement = (q: FhirQuantity): string => `the unit written ("${q.unit ?? ''}") and the coded unit (${unitWords(q.code ?? '')}) disagree`;

/**
 * The unit of a Quantity, checked: when `unit` (the human text) and `code` both name a unit and
 * they disagree (`unit: "mg", code: "ug"`), neither is trusted (issue 15: the code silently won).
 * A `unit` the app cannot read beside a readable `code` is display text, and the code is used.
 */
export function readQuantityUnit(q: FhirQuantity): QuantityUnitReading {
  const code = q.code === undefined || q.code === '' ? undefined : q.system === SYSTEM.ucum ? (normaliseUnit(q.code) ?? q.code) : normaliseUnit(q.code);
  // Text the spelling table does not know is display text, unless it is itself a UCUM unit ("uL"
  // beside code "ug"): then it is a unit that disagrees, not a label (issue 15).
  const text = normaliseUnit(q.unit) ?? (q.unit !== undefined && isUcumUnit(q.unit.trim()) ? q.unit.trim() : undefined);
  if (code !== undefined && text !== undefined && !sameUnit(code, text)) {
    return { ok: false, reason: disagreement(q) };
  }
  const unit = code ?? text;
  if (unit === undefined) {
    const written = q.unit ?? q.code;
    return { ok: false, reason: written === undefined ? 'no unit is stated' : `unit "${written}" is not known` };
  }
  return { ok: true, unit };
}

/** A Quantity as written, for "read from …" labels: `450 ug/d`, `< 35 mcg`. */
export function quantityAsWritten(q: FhirQuantity & { comparator?: string | undefined }): string {
  const unit = q.unit ?? q.code ?? '';
  return `${q.comparator === undefined ? '' : `${q.comparator} `}${q.value ?? '?'}${unit === '' ? '' : ` ${unit}`}`;
}

/** A time unit ("d", "day", "24 hours", "hr", UCUM `h`) as a UCUM code, for a rate's denominator. */
export function readTimeUnit(q: FhirQuantity): QuantityUnitReading {
  const time = (s: string | undefined) => {
    const u = s === undefined ? undefined : lookup(PER, s.trim());
    return u === 'mL' ? undefined : u;
  };
  const code = q.system === SYSTEM.ucum && q.code !== undefined && q.code !== '' ? (time(q.code) ?? q.code) : time(q.code);
  const text = time(q.unit);
  if (code !== undefined && text !== undefined && !sameUnit(code, text)) {
    return { ok: false, reason: disagreement(q) };
  }
  const unit = code ?? text;
  return unit === undefined ? { ok: false, reason: `"${q.unit ?? q.code ?? ''}" is not a time unit` } : { ok: true, unit };
}
