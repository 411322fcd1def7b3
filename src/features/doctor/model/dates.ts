/**
 * Dates for people, always in the patient's wall-clock: a FHIR value in its own offset, a computed
 * instant (a due date) in the site's time zone at that instant — never the machine's zone.
 */
import { formatClinicalDate, formatClinicalDateTime } from '../../../domain';

const MS_PER_DAY = 86_400_000;

/** `+11:00` for Australia/Sydney in January, `+10:00` in July; `Z` for UTC. */
export function offsetAt(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!m) return 'Z';
  return `${m[1]}${(m[2] ?? '0').padStart(2, '0')}:${m[3] ?? '00'}`;
}

/** A FHIR dateTime in its own offset (`3 Sep 2026 11:00`); a date-only value as a date. */
export function showDateTime(value: string | undefined, timeZone: string): string {
  if (value === undefined) return 'date not recorded';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return showDate(value, timeZone);
  const own = formatClinicalDateTime(value);
  if (own.ok) return own.value;
  // No offset on the value: shown at the site's offset and the value itself kept visible.
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return value;
  const inSite = formatClinicalDateTime(parsed, offsetAt(parsed, timeZone));
  return inSite.ok ? `${inSite.value} (recorded without a time zone: "${value}")` : value;
}

/** A FHIR value or a computed instant as a date (`3 Sep 2026`). */
export function showDate(value: string | Date | undefined, timeZone: string): string {
  if (value === undefined) return 'date not recorded';
  if (typeof value === 'string') {
    const own = formatClinicalDate(value);
    if (own.ok) return own.value;
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime())) return value;
    return showDate(parsed, timeZone);
  }
  const r = formatClinicalDate(value, offsetAt(value, timeZone));
  return r.ok ? r.value : value.toISOString();
}

/** Milliseconds since the epoch, or undefined for a missing or unreadable value. */
export function timeOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** "3 days ago", "today", "in 12 days" from elapsed whole days. */
export function relativeDays(from: Date | number, now: Date | number): string {
  const days = Math.round((Number(from) - Number(now)) / MS_PER_DAY);
  if (days === 0) return 'today';
  if (days > 0) return `in ${days} ${days === 1 ? 'day' : 'days'}`;
  return `${-days} ${days === -1 ? 'day' : 'days'} ago`;
}

/** A computed instant as date and time at the site's offset for that instant (`3 Sep 2026 11:00`). */
export function showInstant(value: Date, timeZone: string): string {
  const r = formatClinicalDateTime(value, offsetAt(value, timeZone));
  return r.ok ? r.value : value.toISOString();
}
