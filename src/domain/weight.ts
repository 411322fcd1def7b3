/**
 * Weight as the rules use it: converted to kg through UCUM, checked for plausibility, and flagged
 * stale when older than a configurable age (default 3 months), so anything computed from an old
 * weight says so (issue 3, item 1; Guideline §3.2 "check the patient's weight").
 */
import type { Calculation, DomainWarning } from './calculation';
import { ok, requireIntegerInRange, type Result } from './result';
import { parseInstant, parsePastInstant, type Instant } from './time';
import { toKilograms, type Kilograms } from './units';

export interface WeightObservation {
  readonly value: number;
  /** UCUM: `kg`, `g` or `[lb_av]`. */
  readonly unit: string;
  readonly recordedAt: Instant;
}

export interface WeightOptions {
  /** A weight older than this many calendar months is stale. Default 3. */
  readonly staleAfterMonths?: number;
  /**
   * A weight older than this many days is stale (the site setting `clinical.staleWeightDays`).
   * When given it replaces `staleAfterMonths`.
   */
  readonly staleAfterDays?: number;
}

export const DEFAULT_WEIGHT_STALE_AFTER_MONTHS = 3;

export interface AssessedWeight {
  readonly kg: Kilograms;
  readonly recordedAt: Date;
  readonly stale: boolean;
  /** Whole days since the weight was recorded. */
  readonly ageDays: number;
}

/** Add calendar months in UTC, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addCalendarMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = Math.min(date.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(y, m, d, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()),
  );
}

/** Convert, validate and date-check a weight; `now` is a parameter. */
export function assessWeight(
  weight: WeightObservation,
  now: Instant,
  options: WeightOptions = {},
  field = 'weight',
): Result<
  Calculation<AssessedWeight, { value: number; unit: string; recordedAt: string; now: string; staleAfterMonths: number; staleAfterDays?: number }>
> {
  const nowDate = parseInstant('now', now);
  if (!nowDate.ok) return nowDate;
  const months = options.staleAfterMonths ?? DEFAULT_WEIGHT_STALE_AFTER_MONTHS;
  const monthsOk = requireIntegerInRange('staleAfterMonths', months, 1, 120);
  if (!monthsOk.ok) return monthsOk;
  const days = options.staleAfterDays;
  if (days !== undefined) {
    const daysOk = requireIntegerInRange('staleAfterDays', days, 1, 3650);
    if (!daysOk.ok) return daysOk;
  }
  const kg = toKilograms(weight.value, weight.unit, field);
  if (!kg.ok) return kg;
  const recordedAt = parsePastInstant(`${field}.recordedAt`, weight.recordedAt, nowDate.value);
  if (!recordedAt.ok) return recordedAt;
  const elapsedMs = nowDate.value.getTime() - recordedAt.value.getTime();
  const stale =
    days === undefined ? addCalendarMonths(recordedAt.value, months).getTime() < nowDate.value.getTime() : elapsedMs > days * 86_400_000;
  const ageDays = Math.floor(elapsedMs / 86_400_000);
  const limit = days === undefined ? `${months} months` : `${days} days`;
  const warnings: DomainWarning[] = stale
    ? [
        {
          code: 'stale-weight',
          // One decimal place, cut not rounded, as every view shows weights (issue 13: no "39.916129 kg").
          message: `Weight ${Math.trunc(kg.value * 10) / 10} kg was recorded ${ageDays} days ago (older than ${limit}): re-weigh before relying on anything calculated from it.`,
        },
      ]
    : [];
  const notes = weight.unit === 'kg' ? [] : [`Converted ${weight.value} ${weight.unit} to ${kg.value} kg (UCUM).`];
  return ok({
    value: { kg: kg.value, recordedAt: recordedAt.value, stale, ageDays },
    inputs: {
      value: weight.value,
      unit: weight.unit,
      recordedAt: recordedAt.value.toISOString(),
      now: nowDate.value.toISOString(),
      staleAfterMonths: months,
      ...(days === undefined ? {} : { staleAfterDays: days }),
    },
    source: 'Guideline §3.2 (check the weight); staleness limit is app configuration',
    notes,
    warnings,
  });
}

