/** Numbers with their units, spelled out for intrathecal doses (micrograms, never "mcg" or µg). */

/** At most `places` decimals, trailing zeros dropped: 0.225, 168.9, 450. */
export function num(n: number, places = 1): string {
  // Total: a value that is not a finite number is never printed as NaN or Infinity (issue 15).
  if (!Number.isFinite(n)) return 'not readable';
  const f = 10 ** places;
  const rounded = Math.round(n * f) / f;
  // 1e308 × 10 overflows: the figure is printed as it is rather than as "Infinity".
  return Number.isFinite(rounded) ? String(rounded) : String(n);
}

export const perDay = (n: number): string => `${num(n, 1)} micrograms/day`;
export const perMl = (n: number): string => `${num(n, 0)} micrograms/mL`;
export const ml = (n: number, places = 2): string => `${num(n, places)} mL`;

/** +50 micrograms/day (+12.5%); −25 micrograms/day (−5%). */
export function signedChange(absolute: number, percent: number | undefined): string {
  const sign = absolute > 0 ? '+' : absolute < 0 ? '−' : '±';
  const pct = percent === undefined ? '' : ` (${percent > 0 ? '+' : percent < 0 ? '−' : '±'}${num(Math.abs(percent), 1)}%)`;
  return `${sign}${num(Math.abs(absolute), 1)} micrograms/day${pct}`;
}

/** 06:00:00 → 06:00. */
export const hhmm = (time: string | undefined): string => (time === undefined ? '?' : time.slice(0, 5));
