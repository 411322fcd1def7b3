/**
 * Clinical time for the whole app, pure: which instant a FHIR value means, which calendar day it
 * falls on at the site, and how it is written for people (`13 Sep 2026 08:40`). The site's zone
 * (site-config `site.timeZone`) is always a parameter; the machine's zone is never read, so an
 * embedded view on a terminal set to UTC, a browser abroad and the print server all agree.
 *
 * The rules:
 * - A date without a time (`2026-09-01`) is a calendar date at the site. As an instant it is that
 *   day's 00:00 in the site zone (`2026-09-01T00:00:00+10:00` in Sydney), found for the offset in
 *   force that day, so it is right either side of a daylight-saving change. It is written as a
 *   date, never with an invented time.
 * - A date-time is written in its own offset when it carries the patient's clock (`+10:00`,
 *   `-03:30`). A UTC value (`Z`, `+00:00`) is how servers normalise instants, not the ward's clock,
 *   so it — and every instant the app computed — is written in the site zone at that instant.
 *   (For a site whose clock is UTC the two are the same.)
 * - A date-time without any offset is read as the site's wall clock, and says so.
 */
import { formatClinicalDate, formatClinicalDateTime } from './format';
import { fail, ok, type Result } from './result';
import { parseInstant, type Instant } from './time';

const pad = (n: number): string => String(n).padStart(2, '0');
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const OWN_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):?(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

export const isDateOnly = (value: string): boolean => DATE_ONLY.test(value.trim());

/**
 * One formatter per zone: making an Intl.DateTimeFormat is far dearer than using one (it was most
 * of the dose history's render on a 5-year chart, a long task at 4× CPU throttle: every date on
 * screen made one). An unknown zone throws from the constructor and is not kept.
 */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = offsetFormatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, f);
  }
  return f;
}

/** Minutes east of UTC for `timeZone` at `instant` (Intl `longOffset`, e.g. "GMT+10:00"). Throws for an unknown zone. */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  const part = offsetFormatter(timeZone)
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = part === undefined ? null : /^GMT(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/.exec(part);
  if (m === null) throw new RangeError(`Cannot read the UTC offset of time zone "${timeZone}".`);
  if (m[1] === undefined) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
  return m[1] === '-' ? -minutes : minutes;
}

const offsetText = (minutes: number): string => {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
};

/** `+11:00` for Australia/Sydney in January, `+10:00` in July; `+00:00` for UTC. */
export function offsetAt(instant: Date, timeZone: string): string {
  return offsetText(offsetMinutesAt(instant, timeZone));
}

/** The same as `offsetAt`, as a Result (an unknown zone or an unreadable value is named). */
export function offsetInTimeZone(value: Instant, timeZone: string): Result<string> {
  const instant = parseInstant('value', value);
  if (!instant.ok) return instant;
  try {
    return ok(offsetAt(instant.value, timeZone));
  } catch {
    return fail('timeZone', `"${timeZone}" is not a time zone this browser knows (IANA name expected, e.g. Australia/Sydney).`);
  }
}

/** The instant as the site's ISO 8601 date-time with offset, to the second (`2026-09-13T08:40:00+10:00`). */
export function toSiteIso(instant: Date, timeZone: string): string {
  const minutes = offsetMinutesAt(instant, timeZone);
  const wall = new Date(instant.getTime() + minutes * 60_000);
  const date = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  const time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
  return `${date}T${time}${offsetText(minutes)}`;
}

/** The calendar date at the site on which an instant falls (`2026-11-24`). */
export function siteCalendarDate(instant: Date, timeZone: string): string {
  return toSiteIso(instant, timeZone).slice(0, 10);
}

/** The value for an `<input type="datetime-local">` showing the instant at the site. */
export function toSiteLocalInput(instant: Date, timeZone: string): string {
  return toSiteIso(instant, timeZone).slice(0, 16);
}

/**
 * A site wall-clock time (`2026-09-13T08:40`; the clock may be typed `8:40` or `0840`) → the
 * instant. Two passes settle the offset on either side of a daylight-saving change. Undefined
 * for text that is not a real date-time.
 */
export function fromSiteLocalInput(local: string, timeZone: string): Date | undefined {
  const m = LOCAL_DATE_TIME.exec(local.trim());
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return undefined;
  let instant = asUtc - offsetMinutesAt(new Date(asUtc), timeZone) * 60_000;
  instant = asUtc - offsetMinutesAt(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/**
 * A calendar date at the site → its first instant: 00:00 in the site zone that day, with the
 * offset in force that day (`2026-09-01` → `2026-08-31T14:00:00Z` for Sydney, +10:00; a date in
 * summer time → +11:00).
 */
export function siteDateToInstant(date: string, timeZone: string): Result<Date> {
  const m = DATE_ONLY.exec(date.trim());
  if (m === null) return fail('date', `"${date}" is not a calendar date (YYYY-MM-DD).`);
  const checked = parseInstant('date', date);
  if (!checked.ok) return checked;
  try {
    const at = fromSiteLocalInput(`${date.trim()}T00:00`, timeZone);
    return at === undefined ? fail('date', `"${date}" is not a calendar date.`) : ok(at);
  } catch {
    return fail('timeZone', `"${timeZone}" is not a time zone this browser knows (IANA name expected, e.g. Australia/Sydney).`);
  }
}

/**
 * Any FHIR date or date-time → the instant it means at this site: a date-only value is that day's
 * 00:00 at the site; a date-time with an offset is that instant; a date-time without an offset is
 * the site's wall clock. For domain calculations handed a FHIR value (refill forecast, weight
 * staleness): convert at the boundary, so no rule reads a date as 00:00 UTC.
 */
export function toSiteInstant(field: string, value: Instant, timeZone: string): Result<Date> {
  if (value instanceof Date) return parseInstant(field, value);
  const text = value.trim();
  if (isDateOnly(text)) {
    const r = siteDateToInstant(text, timeZone);
    return r.ok ? r : fail(field, `${field}: ${r.error.message}`);
  }
  if (!OWN_OFFSET.test(text) && LOCAL_DATE_TIME.test(text)) {
    const at = fromSiteLocalInput(text, timeZone);
    return at === undefined ? fail(field, `${field} is not a real date-time ("${value}").`) : ok(at);
  }
  return parseInstant(field, text);
}

/** `toSiteInstant` as an ISO string with the site's offset, for domain inputs that take strings. */
export function toSiteInstantIso(value: string, timeZone: string): string {
  const r = toSiteInstant('value', value, timeZone);
  return r.ok ? toSiteIso(r.value, timeZone) : value;
}

/** The offset a value is written in: its own when it carries the patient's clock, else the site's at that instant. */
function displayOffset(value: Date | string, instant: Date, timeZone: string): string {
  if (typeof value === 'string') {
    const own = OWN_OFFSET.exec(value.trim())?.[1];
    if (own !== undefined && own !== 'Z' && own !== '+00:00' && own !== '-00:00') return own;
  }
  return offsetAt(instant, timeZone);
}

/**
 * `13 Sep 2026 08:40` by the rules above (`dateOnly`: `13 Sep 2026`). A date-only value is always
 * written as a date. Text that is not a date is returned as written, never hidden.
 */
export function formatSiteDateTime(value: Date | string, timeZone: string, dateOnly = false): string {
  if (typeof value === 'string') {
    const text = value.trim();
    if (isDateOnly(text)) {
      const r = formatClinicalDate(text);
      return r.ok ? r.value : value;
    }
    if (!OWN_OFFSET.test(text)) {
      const at = LOCAL_DATE_TIME.test(text) ? fromSiteLocalInput(text, timeZone) : undefined;
      if (at === undefined) return value;
      return `${formatSiteDateTime(at, timeZone, dateOnly)} (recorded without a time zone: "${value}")`;
    }
  }
  const instant = parseInstant('value', value);
  const unreadable = typeof value === 'string' ? value : 'date unreadable';
  // A Date at the edge of what JavaScript holds (year ±275760, issue 15) has no offset to read
  // and no calendar date to print: it is said to be unreadable, never "NaN undefined NaN".
  if (!instant.ok || !withinPrintableYears(instant.value)) return unreadable;
  let offset: string;
  try {
    offset = displayOffset(value, instant.value, timeZone);
  } catch {
    return unreadable;
  }
  const r = dateOnly ? formatClinicalDate(instant.value, offset) : formatClinicalDateTime(instant.value, offset);
  return r.ok ? r.value : instant.value.toISOString();
}

/** Years 1–9999: what a four-digit clinical date can show (and any date a record may carry). */
function withinPrintableYears(at: Date): boolean {
  const year = at.getUTCFullYear();
  return Number.isFinite(year) && year >= 1 && year <= 9999;
}

/** `08:40` for schedules within one day, by the same rules (beside the full date elsewhere). */
export function formatSiteTime(value: Date | string, timeZone: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (typeof value === 'string' && !isDateOnly(text) && !OWN_OFFSET.test(text)) {
    const at = fromSiteLocalInput(text, timeZone);
    return at === undefined ? value : formatSiteDateTime(at, timeZone).slice(-5);
  }
  const text2 = formatSiteDateTime(value, timeZone);
  return /\d{2}:\d{2}$/.test(text2) ? text2.slice(-5) : text2;
}

/** "1 h 30 min", "45 min": elapsed time between two instants (negative → "0 min"). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 100 * 365 * 86_400_000) return 'duration not readable';
  const total = Math.max(0, Math.floor(ms / 60_000));
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h === 0 ? `${m} min` : `${h} h ${m} min`;
}

/** Today and yesterday at the site, for a round's date (`YYYY-MM-DD` values, clinical labels). */
export function siteDateOptions(now: Date, timeZone: string): { value: string; label: string }[] {
  const yesterday = new Date(now.getTime() - 24 * 60 * 60_000);
  return [
    { value: siteCalendarDate(now, timeZone), label: `Today, ${formatSiteDateTime(now, timeZone, true)}` },
    { value: siteCalendarDate(yesterday, timeZone), label: `Yesterday, ${formatSiteDateTime(yesterday, timeZone, true)}` },
  ];
}

/**
 * Today and the next `days` days at the site, for a time that lies ahead (an end time). Steps of
 * 24 hours can land twice on one date across a clock change: each date is offered once.
 */
export function siteDateOptionsAhead(now: Date, timeZone: string, days: number): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  for (let i = 0; i <= days + 1 && out.length <= days; i++) {
    const at = new Date(now.getTime() + i * 24 * 60 * 60_000);
    const value = siteCalendarDate(at, timeZone);
    if (out.some((o) => o.value === value)) continue;
    const day = formatSiteDateTime(at, timeZone, true);
    out.push({ value, label: out.length === 0 ? `Today, ${day}` : out.length === 1 ? `Tomorrow, ${day}` : day });
  }
  return out;
}
