/** Dates in emergency mode: FHIR strings in their own offset, computed instants in the site's clock. */
import { formatClinicalDateTime, offsetInTimeZone } from '../../../domain';

export function formatWhen(value: Date | string, timeZone: string): string {
  if (typeof value === 'string' && /(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const r = formatClinicalDateTime(value);
    if (r.ok) return r.value;
  }
  const offset = offsetInTimeZone(value, timeZone);
  if (!offset.ok) return `${typeof value === 'string' ? value : value.toISOString()} (UTC)`;
  const r = formatClinicalDateTime(value, offset.value);
  return r.ok ? r.value : String(value);
}

export function daysAgoText(at: string | Date, asOf: Date): string {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(t)) return '';
  const d = Math.floor((asOf.getTime() - t) / 86_400_000);
  if (d <= 0) return 'less than a day ago';
  return d === 1 ? '1 day ago' : `${d} days ago`;
}

export function readFailure(error: unknown): string {
  return error instanceof Error && error.message !== '' ? error.message : 'the EHR did not answer';
}

export const formatNumber = (n: number): string => String(Math.round(n * 1000) / 1000);

/** Site staleness is in days; the domain counts months: whole 30-day months, rounded down (90 → 3). */
export const staleAfterMonths = (days: number): number => Math.max(1, Math.floor(days / 30));
