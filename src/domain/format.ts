/**
 * Clinical date formatting that preserves the patient's offset, never the machine's time zone:
 * `formatClinicalDateTime('2026-09-13T08:40:00+10:00')` → `13 Sep 2026 08:40`, on any computer.
 */
import { fail, ok, type Result } from './result';
import { parseInstant, type Instant } from './time';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const OFFSET = /^(Z|([+-])(\d{2}):(\d{2}))$/;
const TRAILING_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

/** Offset `+10:00`, `-03:30` or `Z` → minutes east of UTC. */
export function parseOffset(field: string, offset: string): Result<number> {
  const m = OFFSET.exec(offset.trim());
  if (!m) return fail(field, `${field} must look like +10:00, -03:30 or Z (got "${offset}").`);
  if (m[1] === 'Z') return ok(0);
  const minutes = Number(m[3]) * 60 + Number(m[4]);
  if (Number(m[3]) > 14 || Number(m[4]) > 59) return fail(field, `${field} "${offset}" is not a real UTC offset.`);
  return ok(m[2] === '-' ? -minutes : minutes);
}

function wallClock(value: Instant, offset: string | undefined): Result<Date> {
  const instant = parseInstant('value', value);
  if (!instant.ok) return instant;
  let offsetText = offset;
  if (offsetText === undefined) {
    const own = typeof value === 'string' ? TRAILING_OFFSET.exec(value.trim()) : null;
    if (!own?.[1]) return fail('offset', 'An offset is needed to format this value: pass the patient\'s offset (e.g. +10:00); the machine\'s time zone is never used.');
    offsetText = own[1];
  }
  const minutes = parseOffset('offset', offsetText);
  if (!minutes.ok) return minutes;
  // Shift the instant so that its UTC fields read as the wall clock at that offset.
  return ok(new Date(instant.value.getTime() + minutes.value * 60_000));
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * `13 Sep 2026 08:40`. With no `offset`, a string is shown in its own offset; pass `offset`
 * (e.g. the patient's `+10:00`) to show any instant, including a Date, at that offset.
 */
export function formatClinicalDateTime(value: Instant, offset?: string): Result<string> {
  const w = wallClock(value, offset);
  if (!w.ok) return w;
  const d = w.value;
  return ok(`${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`);
}

/** `13 Sep 2026`. A date-only string is shown as written; otherwise as formatClinicalDateTime. */
export function formatClinicalDate(value: Instant, offset?: string): Result<string> {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) && offset === undefined) {
    const parsed = parseInstant('value', value);
    if (!parsed.ok) return parsed;
    const d = parsed.value;
    return ok(`${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`);
  }
  const w = wallClock(value, offset);
  if (!w.ok) return w;
  const d = w.value;
  return ok(`${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`);
}
