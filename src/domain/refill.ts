/**
 * Refill forecast (Guideline §4.1.1, §4.1.6; clinical-reference §3.2) and pump replacement
 * window (§5.1.1.5; A13). The Clinician Programmer's interrogated refill date is authoritative;
 * this is a cross-check, recomputed on every dose change.
 */
import type { Calculation, DomainWarning } from './calculation';
import { fail, ok, requireFinite, requirePositive, type Result } from './result';
import { addDays, daysBetween, MS_PER_DAY, parseInstant, parsePastInstant, type Instant } from './time';
import {
  dailyVolume,
  millilitres,
  type MicrogramsPerDay,
  type MicrogramsPerMl,
  type Millilitres,
  type MillilitresPerDay,
} from './units';
import { addCalendarMonths } from './weight';

/** Concentrations supplied commercially (Lioresal, Gablofen; clinical-reference §3.1). */
export const SUPPLIED_CONCENTRATIONS_MICROGRAMS_PER_ML: readonly number[] = [50, 500, 1000, 2000];
/** Manufacturer-recommended low-reservoir alarm volume (clinical-reference §3.1); per patient. */
export const DEFAULT_ALARM_VOLUME_ML = 2;
/** Drug stability in the reservoir: 180 days (Guideline §4.1.6; A12, configurable). */
export const DEFAULT_STABILITY_DAYS = 180;
/** Warn when the refill is due within this many days (app configuration). */
export const DEFAULT_REFILL_DUE_SOON_DAYS = 14;
/** Pump reservoirs are 20 or 40 mL (Guideline §1, §4.1.1). */
export const MAX_RESERVOIR_ML = 40;

export interface DoseScheduleEntry {
  /** When this daily dose started (the fill-time dose may start before the fill). */
  readonly effectiveFrom: Instant;
  readonly dailyDose: MicrogramsPerDay;
}

export interface RefillForecastInput {
  readonly fillDate: Instant;
  /** Volume in the reservoir after the refill (20 or 40 mL pumps). */
  readonly fillVolume: Millilitres;
  readonly concentration: MicrogramsPerMl;
  /** The dose in effect at the fill and every change since; applied piecewise. */
  readonly doseSchedule: readonly DoseScheduleEntry[];
  readonly now: Instant;
  /** Low-reservoir alarm volume, per patient. Default 2 mL. */
  readonly alarmVolume?: Millilitres;
  /** Default 180 days (§4.1.6). */
  readonly stabilityDays?: number;
  /** Default 14 days. */
  readonly dueSoonDays?: number;
  /** Days subtracted from the governing limit as the clinic's safety margin. Default 0. */
  readonly safetyMarginDays?: number;
}

export interface RefillSegment {
  readonly from: Date;
  /** End of the segment, or undefined for the open-ended last segment. */
  readonly to: Date | undefined;
  readonly dailyDose: MicrogramsPerDay;
  readonly dailyVolume: MillilitresPerDay;
}

export type RefillLimit = 'reservoir-volume' | 'drug-stability';
export type RefillStatus = 'ok' | 'due-soon' | 'overdue';

export interface RefillForecast {
  readonly segments: readonly RefillSegment[];
  readonly currentDailyDose: MicrogramsPerDay;
  readonly currentDailyVolume: MillilitresPerDay;
  /** When the reservoir reaches the alarm volume at the programmed doses. */
  readonly alarmDate: Date;
  /** Days from the fill to the alarm (fractional). */
  readonly daysToAlarm: number;
  readonly stabilityDate: Date;
  readonly dueDate: Date;
  readonly governingLimit: RefillLimit;
  readonly status: RefillStatus;
  /** Days from now to the due date (negative when overdue). */
  readonly daysUntilDue: number;
  /** Estimated volume left now (never below 0). */
  readonly estimatedVolumeNow: Millilitres;
}

type RefillInputs = {
  fillDate: string;
  fillVolume: Millilitres;
  concentration: MicrogramsPerMl;
  alarmVolume: Millilitres;
  stabilityDays: number;
  dueSoonDays: number;
  safetyMarginDays: number;
  now: string;
  doseSchedule: { effectiveFrom: string; dailyDose: MicrogramsPerDay }[];
};

/** Forecast the refill due date: the earlier of the low-reservoir alarm and the stability limit. */
export function forecastRefill(input: RefillForecastInput): Result<Calculation<RefillForecast, RefillInputs>> {
  const now = parseInstant('now', input.now);
  if (!now.ok) return now;
  const fill = parsePastInstant('fillDate', input.fillDate, now.value);
  if (!fill.ok) return fill;
  for (const [field, v] of [['fillVolume', input.fillVolume], ['concentration', input.concentration]] as const) {
    const p = requirePositive(field, v);
    if (!p.ok) return p;
  }
  const alarmVolume = input.alarmVolume ?? millilitres(DEFAULT_ALARM_VOLUME_ML);
  const alarmOk = requirePositive('alarmVolume', alarmVolume);
  if (!alarmOk.ok) return alarmOk;
  if (alarmVolume >= input.fillVolume) {
    return fail('alarmVolume', `The alarm volume (${alarmVolume} mL) must be less than the fill volume (${input.fillVolume} mL).`);
  }
  const stabilityDays = input.stabilityDays ?? DEFAULT_STABILITY_DAYS;
  const dueSoonDays = input.dueSoonDays ?? DEFAULT_REFILL_DUE_SOON_DAYS;
  const margin = input.safetyMarginDays ?? 0;
  const sOk = requirePositive('stabilityDays', stabilityDays);
  if (!sOk.ok) return sOk;
  for (const [field, v] of [['dueSoonDays', dueSoonDays], ['safetyMarginDays', margin]] as const) {
    const f = requireFinite(field, v);
    if (!f.ok) return f;
    if (v < 0) return fail(field, `${field} cannot be negative.`);
  }

  // Parse and order the dose schedule.
  const entries: { from: Date; dose: MicrogramsPerDay }[] = [];
  for (const [i, e] of input.doseSchedule.entries()) {
    const from = parsePastInstant(`doseSchedule[${i}].effectiveFrom`, e.effectiveFrom, now.value);
    if (!from.ok) return from;
    const d = requirePositive(`doseSchedule[${i}].dailyDose`, e.dailyDose);
    if (!d.ok) return d;
    entries.push({ from: from.value, dose: e.dailyDose });
  }
  entries.sort((a, b) => a.from.getTime() - b.from.getTime());
  const atFill = entries.filter((e) => e.from.getTime() <= fill.value.getTime()).at(-1);
  if (!atFill) {
    return fail('doseSchedule', 'doseSchedule must include the daily dose in effect at the fill date.');
  }
  const changes = entries.filter((e) => e.from.getTime() > fill.value.getTime());
  const starts = [{ from: fill.value, dose: atFill.dose }, ...changes];
  const segments: RefillSegment[] = starts.map((s, i) => ({
    from: s.from,
    to: starts[i + 1]?.from,
    dailyDose: s.dose,
    dailyVolume: dailyVolume(s.dose, input.concentration),
  }));

  // Walk the segments until the usable volume (fill − alarm) is used (§4.1.1, reference §3.2).
  let remaining = input.fillVolume - alarmVolume;
  let alarmDate: Date | undefined;
  for (const seg of segments) {
    const segDays = seg.to ? daysBetween(seg.from, seg.to) : Infinity;
    const needed = remaining / seg.dailyVolume;
    if (needed <= segDays) {
      alarmDate = addDays(seg.from, needed);
      break;
    }
    remaining -= seg.dailyVolume * segDays;
  }
  // The last segment is open-ended, so the alarm date is always found.
  const alarm = alarmDate ?? fill.value;

  const usedByNow = segments.reduce((sum, seg) => {
    const end = Math.min(seg.to?.getTime() ?? Infinity, now.value.getTime());
    const days = Math.max(0, (end - seg.from.getTime()) / MS_PER_DAY);
    return sum + seg.dailyVolume * days;
  }, 0);
  const estimatedVolumeNow = millilitres(Math.max(0, round(input.fillVolume - usedByNow, 3)));

  // Figures far outside any pump (a 1e16 mL fill, a 5e-324 concentration) put the alarm past the
  // last representable date: refused here, so no caller ever formats an invalid date (issue 15).
  if (!Number.isFinite(alarm.getTime())) {
    return fail('fillVolume', `The fill volume (${input.fillVolume} mL), concentration (${input.concentration} micrograms/mL) and dose give no alarm date that can be used; check the values.`);
  }
  const stabilityDate = addDays(fill.value, stabilityDays);
  const governingLimit: RefillLimit = alarm.getTime() <= stabilityDate.getTime() ? 'reservoir-volume' : 'drug-stability';
  const limitDate = governingLimit === 'reservoir-volume' ? alarm : stabilityDate;
  const dueDate = addDays(limitDate, -margin);
  if (!Number.isFinite(dueDate.getTime()) || !Number.isFinite(stabilityDate.getTime())) {
    return fail('stabilityDays', 'The stability limit and safety margin give no due date that can be used; check the site configuration.');
  }
  const daysUntilDue = round(daysBetween(now.value, dueDate), 2);
  const status: RefillStatus = daysUntilDue < 0 ? 'overdue' : daysUntilDue <= dueSoonDays ? 'due-soon' : 'ok';
  const last = segments.at(-1) ?? segments[0];
  const current = last ?? { dailyDose: atFill.dose, dailyVolume: dailyVolume(atFill.dose, input.concentration) };

  const warnings: DomainWarning[] = [];
  const notes: string[] = [];
  switch (governingLimit) {
    case 'reservoir-volume':
      notes.push(`The low-reservoir alarm (${alarmVolume} mL left) comes before the ${stabilityDays}-day drug stability limit, so reservoir volume governs.`);
      break;
    case 'drug-stability':
      notes.push(`Drug stability (${stabilityDays} days in the reservoir, §4.1.6) comes before the low-reservoir alarm, so stability governs: refill before then.`);
      break;
    default:
      return governingLimit satisfies never;
  }
  switch (status) {
    case 'overdue':
      warnings.push({ code: 'refill-overdue', message: `Refill is overdue by ${Math.abs(daysUntilDue)} days: risk of baclofen withdrawal (§5.1.1.1).` });
      break;
    case 'due-soon':
      warnings.push({ code: 'refill-due-soon', message: `Refill due within ${dueSoonDays} days (${daysUntilDue} days left).` });
      break;
    case 'ok':
      break;
    default:
      return status satisfies never;
  }
  if (!SUPPLIED_CONCENTRATIONS_MICROGRAMS_PER_ML.includes(input.concentration)) {
    warnings.push({
      code: 'unsupplied-concentration',
      message: `${input.concentration} micrograms/mL is not a supplied concentration (50, 500, 1000 or 2000 micrograms/mL): check for a dilution or an entry error.`,
    });
  }
  if (input.fillVolume > MAX_RESERVOIR_ML) {
    warnings.push({ code: 'unusual-reservoir-volume', message: `Fill volume ${input.fillVolume} mL exceeds the largest reservoir (40 mL, §1).` });
  }
  if (changes.length > 0) notes.push(`${changes.length} dose change(s) since the fill applied piecewise.`);
  if (margin > 0) notes.push(`A safety margin of ${margin} days is subtracted from the governing limit.`);
  notes.push('The Clinician Programmer\'s refill date from pump interrogation is authoritative; this forecast is a cross-check (§4.1.6). Do not rely on the pump alarm alone.');

  return ok({
    value: {
      segments,
      currentDailyDose: current.dailyDose,
      currentDailyVolume: current.dailyVolume,
      alarmDate: alarm,
      daysToAlarm: round(daysBetween(fill.value, alarm), 4),
      stabilityDate,
      dueDate,
      governingLimit,
      status,
      daysUntilDue,
      estimatedVolumeNow,
    },
    inputs: {
      fillDate: fill.value.toISOString(),
      fillVolume: input.fillVolume,
      concentration: input.concentration,
      alarmVolume,
      stabilityDays,
      dueSoonDays,
      safetyMarginDays: margin,
      now: now.value.toISOString(),
      doseSchedule: entries.map((e) => ({ effectiveFrom: e.from.toISOString(), dailyDose: e.dose })),
    },
    source: 'Guideline §4.1.1, §4.1.6',
    notes,
    warnings,
  });
}

const round = (n: number, places: number): number => Math.round(n * 10 ** places) / 10 ** places;

// ---------------------------------------------------------------------------------------------
// Pump replacement (§5.1.1.5: batteries "normally last 5-7 years"; A13: seeds disagree).

/** After the elective replacement indicator (ERI) the pump stops within 90 days (clinical-reference §3.1). */
export const ERI_TO_STOP_DAYS = 90;
export const BATTERY_LIFE_MIN_YEARS = 5;
export const BATTERY_LIFE_MAX_YEARS = 7;

export type PumpReplacementStatus = 'before-window' | 'in-window' | 'past-window' | 'before-eri' | 'eri-reached';

export interface PumpReplacementForecast {
  /** `eri` when a pump-reported ERI date was given (preferred), else `implant-date`. */
  readonly basis: 'eri' | 'implant-date';
  readonly status: PumpReplacementStatus;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  readonly eriDate?: Date;
  /** ERI + 90 days: the pump stops delivering. */
  readonly pumpStopsBy?: Date;
}

export function forecastPumpReplacement(input: {
  readonly implantDate: Instant;
  /** Pump-reported elective replacement indicator date (from interrogation); may be a projection. */
  readonly eriDate?: Instant;
  readonly now: Instant;
}): Result<Calculation<PumpReplacementForecast, { implantDate: string; eriDate?: string; now: string }>> {
  const now = parseInstant('now', input.now);
  if (!now.ok) return now;
  const implant = parsePastInstant('implantDate', input.implantDate, now.value);
  if (!implant.ok) return implant;
  const windowStart = addCalendarMonths(implant.value, BATTERY_LIFE_MIN_YEARS * 12);
  const windowEnd = addCalendarMonths(implant.value, BATTERY_LIFE_MAX_YEARS * 12);
  const notes = [
    'Battery life: 5–7 years (Guideline §5.1.1.5), 7 years (S2), 4–7 years (S4). The sources disagree: the pump-reported ERI date is preferred.',
  ];
  const warnings: DomainWarning[] = [];
  const inputs = { implantDate: implant.value.toISOString(), now: now.value.toISOString() };

  if (input.eriDate !== undefined) {
    const eri = parseInstant('eriDate', input.eriDate);
    if (!eri.ok) return eri;
    if (eri.value.getTime() < implant.value.getTime()) return fail('eriDate', 'eriDate cannot be before the implant date.');
    const pumpStopsBy = addDays(eri.value, ERI_TO_STOP_DAYS);
    const reached = eri.value.getTime() <= now.value.getTime();
    if (reached) {
      warnings.push({
        code: 'pump-replacement-due',
        message: `Elective replacement indicator reached: the pump stops delivering by about ${pumpStopsBy.toISOString().slice(0, 10)} (90 days after ERI). Replace before then to avoid withdrawal.`,
      });
    }
    return ok({
      value: { basis: 'eri', status: reached ? 'eri-reached' : 'before-eri', windowStart, windowEnd, eriDate: eri.value, pumpStopsBy },
      inputs: { ...inputs, eriDate: eri.value.toISOString() },
      source: 'Guideline §5.1.1.5',
      notes,
      warnings,
    });
  }
  const t = now.value.getTime();
  const status: PumpReplacementStatus =
    t < windowStart.getTime() ? 'before-window' : t <= windowEnd.getTime() ? 'in-window' : 'past-window';
  if (status === 'in-window') {
    warnings.push({ code: 'pump-replacement-due', message: 'The pump is 5–7 years old: check the ERI date on interrogation and plan replacement.' });
  } else if (status === 'past-window') {
    warnings.push({ code: 'pump-past-replacement-window', message: 'The pump is more than 7 years old: interrogate now and plan replacement.' });
  }
  notes.push('No ERI date recorded: the window is estimated from the implant date. Record the ERI date from interrogation.');
  return ok({
    value: { basis: 'implant-date', status, windowStart, windowEnd },
    inputs,
    source: 'Guideline §5.1.1.5',
    notes,
    warnings,
  });
}
