/**
 * One number as written in free text (an order's text, a refill note, a test-dose order's
 * details), read by one rule everywhere so the same words never give two figures (issue 15).
 *
 * Read: plain digits ("40", "2000"), a decimal point ("2.5", "0.500") and an unambiguous decimal
 * comma ("19,5", "0,5", "1,50", "0,500"): a comma that cannot be grouping thousands.
 *
 * Refused, and named, never guessed: a single separator followed by exactly three digits after a
 * leading 1–3 digit group ("1,000", "2.000", "1.000.000"), which is a thousand in one locale and
 * one in another; digits grouped by spaces ("2 000", thin or no-break spaces), which read the
 * wrong way give 0; a comma and a point together ("2,000.5", "2.000,5"); anything else. Read the
 * wrong way these give 1 for 1000, 0 for 2000 or 5000 for 0.5 — a wrong figure in a pump
 * forecast or a dose.
 */

export type TextNumber = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: string };

const SPACES = /[ \u00A0\u2009\u202F]/;

/** One numeric token as written; surrounding white space is ignored. */
export function parseTextNumber(written: string): TextNumber {
  const s = written.trim();
  if (SPACES.test(s)) return { ok: false, reason: `"${s}" groups its digits with spaces; write it without them` };
  // "1,000" and "2.000": a thousand where the separator groups thousands, one or two where it is a
  // decimal mark. "0,500" and "0.500" are not ambiguous: no one groups a leading zero.
  if (/^[1-9]\d{0,2}([.,])\d{3}(?:\1\d{3})*$/.test(s)) return { ok: false, reason: `"${s}" could be a thousands separator or a decimal point` };
  if (/^\d+(\.\d+)?$/.test(s)) return { ok: true, value: Number(s) };
  if (/^\d+,\d+$/.test(s)) return { ok: true, value: Number(s.replace(',', '.')) };
  if (s.includes(',') && s.includes('.')) return { ok: false, reason: `"${s}" has both a comma and a point: which is the decimal mark is not certain` };
  return { ok: false, reason: `"${s}" is not a number that can be read` };
}
