/**
 * Instants. The domain accepts a `Date` or an ISO 8601 string and works on instants (UTC
 * milliseconds); formatting for people is the UI's job (see `format.ts`).
 *
 * Accepted strings: a date `2026-09-13` (read as 00:00 UTC that day) or a date-time WITH an
 * offset, `2026-09-13T08:40:00+10:00` / `...Z`. A date-time without an offset is refused: it
 * would be read in the machine's time zone, not the patient's.
 *
 * "Now" is always a parameter; no rule reads the clock. A "day" is 24 hours of elapsed time.
 */
import { fail, ok, type Result } from './result';

export type Instant = Date | string;

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parse a Date or ISO string into a valid Date, or say which field is wrong. */
export function parseInstant(field: string, value: Instant): Result<Date> {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? fail(field, `${field} is not a valid date.`) : ok(new Date(value.getTime()));
  }
  if (typeof value !== 'string') return fail(field, `${field} is not a date.`);
  const trimmed = value.trim();
  const dateOnly = DATE_ONLY.exec(trimmed);
  const dateTime = DATE_TIME_WITH_OFFSET.exec(trimmed);
  if (!dateOnly && !dateTime) {
    return fail(
      field,
      `${field} must be an ISO 8601 date (2026-09-13) or a date-time with its offset (2026-09-13T08:40:00+10:00); got "${value}".`,
    );
  }
  const parsed = new Date(dateOnly ? `${trimmed}T00:00:00Z` : trimmed);
  if (Number.isNaN(parsed.getTime())) return fail(field, `${field} is not a real calendar date ("${value}").`);
  // Reject rolled-over dates such as 2026-02-30 (JS would silently make it 2 March).
  const [, y, m, d] = (dateOnly ?? dateTime) as RegExpExecArray;
  if (!isRealCalendarDate(Number(y), Number(m), Number(d))) {
    return fail(field, `${field} is not a real calendar date ("${value}").`);
  }
  return ok(parsed);
}

function isRealCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Parse an instant that must not lie after `now` (recorded events cannot be in the future). */
export function parsePastInstant(field: string, value: Instant, now: Date): Result<Date> {
  const parsed = parseInstant(field, value);
  if (!parsed.ok) return parsed;
  // A date without a time ("2026-09-13") is only in the future once that calendar day has not yet
  // begun anywhere (UTC+14), so a date recorded "today" in Sydney is never refused as future.
  const earliest = typeof value === 'string' && DATE_ONLY.test(value.trim()) ? parsed.value.getTime() - 14 * MS_PER_HOUR : parsed.value.getTime();
  if (earliest > now.getTime()) {
    return fail(field, `${field} (${parsed.value.toISOString()}) is in the future relative to now (${now.toISOString()}).`);
  }
  return parsed;
}

export const addMs = (date: Date, ms: number): Date => new Date(date.getTime() + ms);
export const addDays = (date: Date, days: number): Date => addMs(date, days * MS_PER_DAY);
export const addMinutes = (date: Date, minutes: number): Date => addMs(date, minutes * MS_PER_MINUTE);
export const addHours = (date: Date, hours: number): Date => addMs(date, hours * MS_PER_HOUR);
/** Elapsed days from `from` to `to` (fractional; negative if `to` is earlier). */
export const daysBetween = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / MS_PER_DAY;

/**
 * The calendar date an instant falls on for the patient: for a string with an offset, the date
 * written in it (the patient's wall clock); for a Date, the UTC date.
 */
export function calendarDateOf(value: Instant): { year: number; month: number; day: number } | undefined {
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
    if (!m) return undefined;
    return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  }
  if (Number.isNaN(value.getTime())) return undefined;
  return { year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() };
}
