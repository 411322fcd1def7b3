/**
 * The one place views write dates, times and clinical numbers for people (screen and print).
 * Every path goes through the domain's clinical-time rules: a FHIR value in its own offset when it
 * carries the patient's clock, a UTC value and every computed instant in the site's zone at that
 * instant, a date-only value as that calendar date. `13 Sep 2026 08:40`, never `09/13`, never the
 * machine's zone.
 */
import { formatDuration, formatSiteDateTime, formatSiteTime, toSiteInstant } from '../../domain';

export { formatDuration };

/** `13 Sep 2026 08:40` (`13 Sep 2026` with dateOnly); `missing` when there is no value. */
export function formatWhen(value: Date | string | undefined, timeZone: string, dateOnly = false, missing = 'date not recorded'): string {
  if (value === undefined) return missing;
  return formatSiteDateTime(value, timeZone, dateOnly);
}

/** `13 Sep 2026`: the calendar date a value falls on, by the same rules. */
export const formatDate = (value: Date | string | undefined, timeZone: string): string => formatWhen(value, timeZone, true);

/** `08:40`, for schedules within one day (beside the full date elsewhere). */
export const formatTime = (value: Date | string, timeZone: string): string => formatSiteTime(value, timeZone);

/** Milliseconds since the epoch, or undefined for a missing or unreadable value. */
export function timeOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** Whole days from one instant to another (negative when `to` is earlier). */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000);
}

/**
 * "70 days ago"; "less than a day ago"; empty for an unreadable value. With the site's zone, a
 * date-only value counts from that day's 00:00 at the site (not 00:00 UTC).
 */
export function daysAgoText(at: string | Date, asOf: Date, timeZone?: string): string {
  let t: number;
  if (typeof at !== 'string') t = at.getTime();
  else if (timeZone === undefined) t = Date.parse(at);
  else {
    const r = toSiteInstant('value', at, timeZone);
    t = r.ok ? r.value.getTime() : Number.NaN;
  }
  if (Number.isNaN(t)) return '';
  const d = daysBetween(new Date(t), asOf);
  if (d <= 0) return 'less than a day ago';
  return d === 1 ? '1 day ago' : `${d} days ago`;
}

/** "3 days ago", "today", "in 12 days" from elapsed whole days. */
export function relativeDays(from: Date | number, now: Date | number): string {
  const days = Math.round((Number(from) - Number(now)) / 86_400_000);
  // A gap no record can span (an unreadable date, a year-275760 Date) is said, not printed as a count.
  if (!Number.isFinite(days) || Math.abs(days) > 200 * 366) return 'date not readable';
  if (days === 0) return 'today';
  if (days > 0) return `in ${days} ${days === 1 ? 'day' : 'days'}`;
  return `${-days} ${days === -1 ? 'day' : 'days'} ago`;
}

/** A read failure in words a clinician can act on. */
export function readFailure(error: unknown): string {
  return error instanceof Error && error.message !== '' ? error.message : 'the EHR did not answer';
}

/** A number without floating-point noise: at most three decimals (0.225, 39.916, 450). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return 'not readable';
  const rounded = Math.round(n * 1000) / 1000;
  // 1e308 × 1000 overflows to Infinity: such a figure is printed as it is, never as "Infinity".
  return Number.isFinite(rounded) ? String(rounded) : String(n);
}

/**
 * A body weight to one decimal place: 39.916129 → "39.9 kg" (issue 13: no false precision).
 * Cut, not rounded, so the figure shown is on the same side of every band edge as the weight the
 * band was chosen from: 29.96 kg is "29.9 kg" beside "< 30 kg", never "30.0 kg" (the bands'
 * edges, §5.1.4.1 and §3.1.5, are whole kilograms). The tiny epsilon keeps 2.3 from reading 2.2.
 */
export function formatKg(kg: number): string {
  const tenths = Math.floor(kg * 10 + 1e-9) / 10;
  return Number.isFinite(tenths) ? `${tenths.toFixed(1)} kg` : 'not readable';
}

/** A weight unit as people write it: UCUM "[lb_av]" is "lb". */
export function formatWeightUnit(ucum: string): string {
  return ucum === '[lb_av]' ? 'lb' : ucum;
}
