/**
 * The UTC offset of a named time zone at a given instant (`Australia/Sydney` → `+11:00` in
 * January, `+10:00` in July), so an instant the app computed (a refill due date, the time the
 * data was read) is shown in the site's clock rather than the machine's: a browser in another
 * zone, or a print server in UTC, still writes the ward's time.
 */
import { fail, ok, type Result } from './result';
import { parseInstant, type Instant } from './time';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `+11:00`, `-03:30` or `+00:00`, for `formatClinicalDateTime(value, offset)`. */
export function offsetInTimeZone(value: Instant, timeZone: string): Result<string> {
  const instant = parseInstant('value', value);
  if (!instant.ok) return instant;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant.value);
  } catch {
    return fail('timeZone', `"${timeZone}" is not a time zone this browser knows (IANA name expected, e.g. Australia/Sydney).`);
  }
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
  // "GMT" alone is UTC; otherwise "GMT+11:00", "GMT-03:30" (some engines drop ":00": "GMT+11").
  if (name === 'GMT' || name === 'UTC') return ok('+00:00');
  const m = /^GMT([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(name);
  if (!m) return fail('timeZone', `The offset of "${timeZone}" could not be read (got "${name}").`);
  return ok(`${m[1]}${pad(Number(m[2]))}:${m[3] ?? '00'}`);
}
