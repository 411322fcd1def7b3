/**
 * Dates and numbers for people. A FHIR value is shown in its own offset (the patient's clock);
 * an instant the app computed (a due date, "data as of") in the site's time zone at that instant —
 * never the machine's. `13 Sep 2026 08:40`, never `09/13`.
 */
import { formatClinicalDate, formatClinicalDateTime, offsetInTimeZone } from '../../domain';

/** `13 Sep 2026 08:40` (or `13 Sep 2026` with dateOnly); a value that cannot be formatted says so. */
export function formatWhen(value: Date | string, timeZone: string, dateOnly = false): string {
  const format = dateOnly ? formatClinicalDate : formatClinicalDateTime;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const r = formatClinicalDate(value);
    return r.ok ? r.value : value;
  }
  if (typeof value === 'string' && /(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const r = format(value);
    if (r.ok) return r.value;
  }
  const offset = offsetInTimeZone(value, timeZone);
  if (!offset.ok) return `${typeof value === 'string' ? value : value.toISOString()} (UTC)`;
  const r = format(value, offset.value);
  return r.ok ? r.value : String(value);
}

/** Whole days from one instant to another (negative when `to` is earlier). */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000);
}

/** "70 days ago"; "less than a day ago"; empty for an unreadable value. */
export function daysAgoText(at: string | Date, asOf: Date): string {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(t)) return '';
  const d = daysBetween(new Date(t), asOf);
  if (d <= 0) return 'less than a day ago';
  return d === 1 ? '1 day ago' : `${d} days ago`;
}

/** A read failure in words a clinician can act on. */
export function readFailure(error: unknown): string {
  return error instanceof Error && error.message !== '' ? error.message : 'the EHR did not answer';
}

/** A number without floating-point noise: at most three decimals (0.225, 39.916, 450). */
export const formatNumber = (n: number): string => String(Math.round(n * 1000) / 1000);
