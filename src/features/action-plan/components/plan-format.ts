/** Dates on the plan: FHIR strings in their own offset, computed instants in the site's clock. */
import { formatClinicalDate, formatClinicalDateTime, offsetInTimeZone } from '../../../domain';

/** `13 Sep 2026 08:40`; a value that cannot be formatted says so rather than guessing a zone. */
export function formatWhen(value: Date | string, timeZone: string, dateOnly = false): string {
  const format = dateOnly ? formatClinicalDate : formatClinicalDateTime;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const r = formatClinicalDate(value);
    return r.ok ? r.value : value;
  }
  if (typeof value === 'string' && /(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const r = format(value);
    return r.ok ? r.value : value;
  }
  const offset = offsetInTimeZone(value, timeZone);
  if (!offset.ok) return `${typeof value === 'string' ? value : value.toISOString()} (UTC)`;
  const r = format(value, offset.value);
  return r.ok ? r.value : String(value);
}

/** Whole days between two instants, for "70 days ago". */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000);
}

export function daysAgoText(at: Date, asOf: Date): string {
  const d = daysBetween(at, asOf);
  if (d <= 0) return 'less than a day ago';
  return d === 1 ? '1 day ago' : `${d} days ago`;
}

/** A read failure in words a clinician can act on. */
export function readFailure(error: unknown): string {
  return error instanceof Error && error.message !== '' ? error.message : 'the EHR did not answer';
}
