/**
 * Age from birth date, as completed years, months and days at a given "now". Calendar arithmetic
 * on the patient's dates: the birth date's calendar date, and now's calendar date in its own
 * offset (a string) or in UTC (a Date).
 */
import type { Calculation } from './calculation';
import { fail, ok, type Result } from './result';
import { calendarDateOf, parseInstant, type Instant } from './time';

export interface Age {
  readonly years: number;
  /** Months past the last birthday (0–11). */
  readonly months: number;
  /** Days past the last monthly anniversary. */
  readonly days: number;
  /** Completed months since birth (years × 12 + months). */
  readonly totalMonths: number;
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Completed years, months and days from birthDate to now. Refuses a birth date after now. */
export function calculateAge(
  birthDate: Instant,
  now: Instant,
): Result<Calculation<Age, { birthDate: string; now: string }>> {
  const birth = parseInstant('birthDate', birthDate);
  if (!birth.ok) return birth;
  const nowParsed = parseInstant('now', now);
  if (!nowParsed.ok) return nowParsed;
  const b = calendarDateOf(birthDate);
  const n = calendarDateOf(now);
  if (!b || !n) return fail('birthDate', 'birthDate could not be read as a calendar date.');
  const bKey = b.year * 10000 + b.month * 100 + b.day;
  const nKey = n.year * 10000 + n.month * 100 + n.day;
  if (bKey > nKey) return fail('birthDate', 'birthDate is in the future relative to now.');

  let years = n.year - b.year;
  let months = n.month - b.month;
  let days = n.day - b.day;
  if (days < 0) {
    months -= 1;
    // Borrow the days of the month before now's month.
    const prevMonth = n.month === 1 ? 12 : n.month - 1;
    const prevYear = n.month === 1 ? n.year - 1 : n.year;
    days += daysInMonth(prevYear, prevMonth);
  }
  if (months < 0) {
    years -= 1;
    months += 12;
  }
  const fmt = (d: { year: number; month: number; day: number }): string =>
    `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  return ok({
    value: { years, months, days, totalMonths: years * 12 + months },
    inputs: { birthDate: fmt(b), now: fmt(n) },
    source: 'Calendar age (completed years and months)',
    notes: [],
    warnings: [],
  });
}
