/**
 * Figures read from an order's free text: the concentration ("2000 micrograms/mL") and a daily
 * dose ("450 micrograms/day") the clinician may confirm. Only unambiguous forms are read.
 *
 * Numbers: "2000", "0.5" and English thousands ("2,000") are read. A decimal comma ("0,5"), a
 * point that may group thousands ("1.000") and digit groups split by spaces ("2 000", thin or
 * no-break spaces) are refused and named, never guessed: read the wrong way they give 5000 for
 * 0.5, 1 for 1000 or 0 for 2000 (issue 15).
 */

export type TextNumber = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: string };

/** One numeric token as written (digits with `.`, `,` or spaces between digits). */
export function parseTextNumber(written: string): TextNumber {
  // "1.000" or "2.000" is 1000 or 2000 where a point groups thousands (de, nl, id, pt-BR), or 1 and 2
  // where it is a decimal point: refused, never read as 1 microgram/mL (issue 15). "0.500" is not
  // ambiguous: no one groups a leading zero.
  if (/^[1-9]\d{0,2}(\.\d{3})+$/.test(written)) return { ok: false, reason: `"${written}" could be a thousands separator or a decimal point` };
  if (/^\d+(\.\d+)?$/.test(written)) return { ok: true, value: Number(written) };
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(written)) return { ok: true, value: Number(written.replace(/,/g, '')) };
  if (/[ \u00A0\u2009\u202F]/.test(written)) return { ok: false, reason: `"${written}" groups its digits with spaces; write it without them` };
  if (written.includes(',')) return { ok: false, reason: `"${written}" has a decimal comma or an unclear separator` };
  return { ok: false, reason: `"${written}" is not a number that can be read` };
}

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

/** A concentration in micrograms/mL from text: "2000 micrograms/mL", "2,000 mcg/mL", "0.5 mg/mL", "500 mcg/1 mL". */
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
