/**
 * Times on the ward are the site's wall clock (site-config `site.timeZone`), never the machine's
 * zone: an embedded EHR view may run on a terminal set to UTC. Entry fields hold the site's local
 * `YYYY-MM-DDTHH:mm`; what is written carries the site's offset at that instant.
 */
import { formatClinicalDateTime } from '../../domain';

const pad = (n: number): string => String(n).padStart(2, '0');

/** Minutes east of UTC for `timeZone` at `instant` (Intl `longOffset`, e.g. "GMT+10:00"). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = part === undefined ? null : /GMT(?:([+-])(\d{1,2})(?::?(\d{2}))?)?/.exec(part);
  if (m === null) throw new RangeError(`Cannot read the UTC offset of time zone "${timeZone}".`);
  if (m[1] === undefined) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
  return m[1] === '-' ? -minutes : minutes;
}

/** `+10:00` style offset of the site at an instant. */
export function offsetAt(instant: Date, timeZone: string): string {
  const minutes = offsetMinutesAt(instant, timeZone);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The instant as the site's ISO 8601 date-time with offset, to the second. */
export function toSiteIso(instant: Date, timeZone: string): string {
  const minutes = offsetMinutesAt(instant, timeZone);
  const wall = new Date(instant.getTime() + minutes * 60_000);
  const date = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  const time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
  return `${date}T${time}${offsetAt(instant, timeZone)}`;
}

/** The value for an `<input type="datetime-local">` showing the instant at the site. */
export function toSiteLocalInput(instant: Date, timeZone: string): string {
  return toSiteIso(instant, timeZone).slice(0, 16);
}

/** `YYYY-MM-DDTHH:mm`; the clock part may be typed as `8:40` or `0840` (24-hour). */
const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):?(\d{2})(?::(\d{2}))?$/;

/**
 * A site wall-clock time (`2026-09-13T08:40`) → the instant. Two passes settle the offset on
 * either side of a daylight-saving change. Returns undefined for text that is not a date-time.
 */
export function fromSiteLocalInput(local: string, timeZone: string): Date | undefined {
  const m = LOCAL_INPUT.exec(local.trim());
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return undefined;
  let instant = asUtc - offsetMinutesAt(new Date(asUtc), timeZone) * 60_000;
  instant = asUtc - offsetMinutesAt(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** Today and yesterday at the site, for a round's date (`YYYY-MM-DD` values, clinical labels). */
export function siteDateOptions(now: Date, timeZone: string): { value: string; label: string }[] {
  const day = (d: Date) => toSiteIso(d, timeZone).slice(0, 10);
  const label = (d: Date) => formatSiteDateTime(d, timeZone).slice(0, -6);
  const yesterday = new Date(now.getTime() - 24 * 60 * 60_000);
  return [
    { value: day(now), label: `Today, ${label(now)}` },
    { value: day(yesterday), label: `Yesterday, ${label(yesterday)}` },
  ];
}

/** `13 Sep 2026 08:40` at the site (the domain's clinical format). */
export function formatSiteDateTime(instant: Date, timeZone: string): string {
  const r = formatClinicalDateTime(instant, offsetAt(instant, timeZone));
  return r.ok ? r.value : instant.toISOString();
}

/** `08:40` at the site: for schedules within one day, beside the full date elsewhere. */
export function formatSiteTime(instant: Date, timeZone: string): string {
  return formatSiteDateTime(instant, timeZone).slice(-5);
}

/** A FHIR date-time shown in its own offset (as sent), else at the site. */
export function formatRecorded(value: string | undefined, timeZone: string): string {
  if (value === undefined) return 'time not recorded';
  const own = formatClinicalDateTime(value);
  if (own.ok) return own.value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : formatSiteDateTime(new Date(t), timeZone);
}

/** "1 h 30 min", "45 min": elapsed time between two instants (negative → "0 min"). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 60_000));
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h === 0 ? `${m} min` : `${h} h ${m} min`;
}
