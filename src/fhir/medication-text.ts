/**
 * Figures read from an order's free text: the concentration ("2000 micrograms/mL") and a daily
 * dose ("450 micrograms/day") the clinician may confirm. Only unambiguous forms are read.
 *
 * Numbers are read by the domain's one rule (domain/text-number): "2000", "0.5" and an
 * unambiguous decimal comma ("0,5") are read; "2,000", "1.000" and digits split by spaces
 * ("2 000") are refused and named, never guessed (issue 15).
 */
import { parseTextNumber } from '../domain/text-number';

/** A number as written, digits with separators; read only through `parseTextNumber`. */
export const NUMBER = String.raw`(\d(?:[\d.,]|[ \u00A0\u2009\u202F](?=\d))*)`;
const MICROGRAM = String.raw`micrograms?|mcg|µg|μg|ug`;
const MILLIGRAM = String.raw`milligrams?|mg`;

const CONCENTRATION = new RegExp(
  String.raw`${NUMBER}\s*(${MICROGRAM}|${MILLIGRAM})\s*(?:\/|per)\s*(?:(\d+(?:\.\d+)?)\s*)?(?:ml|mls|millilit(?:re|er)s?)(?![a-z])`,
  'giu',
);

export type TextFigure =
  | { readonly kind: 'none' }
  | { readonly kind: 'read'; readonly value: number; readonly written: string }
  | { readonly kind: 'refused'; readonly reason: string };

function agree(values: readonly { value: number; written: string }[], refusals: readonly string[], what: string): TextFigure {
  if (refusals.length > 0) return { kind: 'refused', reason: refusals.join('; ') };
  const first = values[0];
  if (first === undefined) return { kind: 'none' };
  if (values.some((v) => Math.abs(v.value - first.value) > 1e-9)) {
    return { kind: 'refused', reason: `the text gives different ${what} (${values.map((v) => `"${v.written}"`).join(', ')})` };
  }
  return { kind: 'read', value: first.value, written: first.written };
}

/** A concentration in micrograms/mL from text: "2000 micrograms/mL", "0,5 mg/mL", "0.5 mg/mL", "500 mcg/1 mL". */
export function concentrationInText(text: string | undefined): TextFigure {
  if (text === undefined) return { kind: 'none' };
  const values: { value: number; written: string }[] = [];
  const refusals: string[] = [];
  for (const m of text.matchAll(CONCENTRATION)) {
    const [written, num = '', unit = '', den] = m;
    const n = parseTextNumber(num);
    if (!n.ok) {
      refusals.push(`concentration "${written}": ${n.reason}`);
      continue;
    }
    const perMl = den === undefined ? 1 : Number(den);
    if (!(perMl > 0)) {
      refusals.push(`concentration "${written}" is per ${den ?? '?'} mL`);
      continue;
    }
    const micrograms = new RegExp(`^(${MILLIGRAM})$`, 'iu').test(unit) ? n.value * 1000 : n.value;
    values.push({ value: micrograms / perMl, written });
  }
  return agree(values, refusals, 'concentrations');
}

const DAILY_DOSE = new RegExp(
  String.raw`${NUMBER}\s*(?:${MICROGRAM})\s*(?:(?:\/|per|a|every|each)\s*(day|d|24\s*(?:h|hrs?|hours?)|hours?|hrs?|h)|(daily))(?![a-z])`,
  'giu',
);

/** A daily dose in micrograms/day stated in text ("450 micrograms/day", "18.75 mcg/hr"), for the clinician to confirm. */
export function dailyDoseInText(text: string | undefined): TextFigure {
  if (text === undefined) return { kind: 'none' };
  const values: { value: number; written: string }[] = [];
  const refusals: string[] = [];
  for (const m of text.matchAll(DAILY_DOSE)) {
    const [written, num = '', per, daily] = m;
    const n = parseTextNumber(num);
    if (!n.ok) {
      refusals.push(`dose "${written}": ${n.reason}`);
      continue;
    }
    const perHour = daily === undefined && per !== undefined && /^(hours?|hrs?|h)$/i.test(per);
    values.push({ value: perHour ? n.value * 24 : n.value, written });
  }
  return agree(values, refusals, 'daily doses');
}
