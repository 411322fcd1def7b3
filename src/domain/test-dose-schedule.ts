/**
 * The test-dose day (Guideline §3.4): observation rounds, therapy assessments, expected effect
 * and the voiding reminder, with due/overdue/done status for a given "now".
 *
 * A6: time zero is the documented injection time; rounds every 15 minutes to T+60 min, hourly to
 * T+7 h, then hourly prompts continue until discharge is documented (the effect lasts to 8 h,
 * §3.4.6). A7: therapy assessments at 1, 2, 4 and 6 h (configurable).
 *
 * Matching rule: a recorded round counts for the slot whose window contains it. A slot's window
 * runs from its due time − tolerance (default 5 min) to the next slot's window start (or, for the
 * last slot, its due time + one interval). Windows never overlap, so one recording completes one
 * slot. A slot not done is `upcoming` before its window, `due` from window start until due time +
 * grace (default 5 min), then `overdue`. Slots after a documented discharge are `not-required`.
 */
import type { Calculation, DomainWarning } from './calculation';
import { fail, ok, requireFinite, requirePositive, type Result } from './result';
import { addHours, addMinutes, MS_PER_HOUR, MS_PER_MINUTE, parseInstant, parsePastInstant, type Instant } from './time';

export const DEFAULT_ASSESSMENT_HOURS: readonly number[] = [1, 2, 4, 6];
export const DEFAULT_TOLERANCE_MINUTES = 5;
export const DEFAULT_GRACE_MINUTES = 5;

export type SlotStatus = 'done' | 'due' | 'overdue' | 'upcoming' | 'not-required';
export type ObservationPhase = 'every-15-minutes' | 'hourly' | 'hourly-until-discharge';

export interface ScheduleSlot {
  readonly due: Date;
  /** Minutes after the injection. */
  readonly minutesAfterInjection: number;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  readonly status: SlotStatus;
  /** The recording that completed the slot. */
  readonly doneAt?: Date;
}

export interface ObservationSlot extends ScheduleSlot {
  readonly phase: ObservationPhase;
}

export interface TestDoseDaySchedule {
  readonly injectionAt: Date;
  readonly observations: readonly ObservationSlot[];
  readonly assessments: readonly ScheduleSlot[];
  /** The earliest slot that is due or overdue, else the next upcoming one. */
  readonly nextObservation: ObservationSlot | undefined;
  /** Effect peaks 2–4 h after injection and wears off by 8 h (§3.4.6). */
  readonly peakEffect: { readonly from: Date; readonly to: Date };
  readonly effectWornOffBy: Date;
  readonly voiding: { readonly status: 'voided' | 'not-documented'; readonly reminder: string };
  readonly discharged: boolean;
}

export interface TestDoseScheduleInput {
  readonly injectionAt: Instant;
  readonly now: Instant;
  readonly recordedRounds?: readonly Instant[];
  readonly recordedAssessments?: readonly Instant[];
  readonly dischargedAt?: Instant;
  readonly voidedAt?: Instant;
  /** Default [1, 2, 4, 6] hours (A7). */
  readonly assessmentHours?: readonly number[];
  readonly toleranceMinutes?: number;
  readonly graceMinutes?: number;
}

interface RawSlot {
  due: Date;
  windowStart: Date;
  windowEnd: Date;
}

/** Non-overlapping windows: [due − tolerance, next due − tolerance). */
function windows(dues: Date[], toleranceMs: number, lastIntervalMs: number): RawSlot[] {
  return dues.map((due, i) => {
    const next = dues[i + 1];
    return {
      due,
      windowStart: new Date(due.getTime() - toleranceMs),
      windowEnd: next ? new Date(next.getTime() - toleranceMs) : new Date(due.getTime() + lastIntervalMs - toleranceMs),
    };
  });
}

function statusOf(slot: RawSlot, recorded: Date[], now: Date, graceMs: number, dischargedAt: Date | undefined): { status: SlotStatus; doneAt?: Date } {
  const hit = recorded.find((r) => r.getTime() >= slot.windowStart.getTime() && r.getTime() < slot.windowEnd.getTime());
  if (hit) return { status: 'done', doneAt: hit };
  if (dischargedAt && slot.windowStart.getTime() >= dischargedAt.getTime()) return { status: 'not-required' };
  const t = now.getTime();
  if (t < slot.windowStart.getTime()) return { status: 'upcoming' };
  if (t <= slot.due.getTime() + graceMs) return { status: 'due' };
  return { status: 'overdue' };
}

/** Build the test-dose day schedule from the injection time (Guideline §3.4.2, §3.4.6–8; A6, A7). */
export function scheduleTestDoseDay(input: TestDoseScheduleInput): Result<Calculation<TestDoseDaySchedule, { injectionAt: string; now: string; assessmentHours: readonly number[]; toleranceMinutes: number; graceMinutes: number; dischargedAt?: string }>> {
  const now = parseInstant('now', input.now);
  if (!now.ok) return now;
  const injection = parsePastInstant('injectionAt', input.injectionAt, now.value);
  if (!injection.ok) return injection;
  const tolerance = input.toleranceMinutes ?? DEFAULT_TOLERANCE_MINUTES;
  const grace = input.graceMinutes ?? DEFAULT_GRACE_MINUTES;
  for (const [field, v] of [['toleranceMinutes', tolerance], ['graceMinutes', grace]] as const) {
    const f = requireFinite(field, v);
    if (!f.ok) return f;
    if (v < 0 || v >= 15) return fail(field, `${field} must be from 0 to under 15 minutes (the shortest interval).`);
  }
  const assessmentHours = [...(input.assessmentHours ?? DEFAULT_ASSESSMENT_HOURS)].sort((a, b) => a - b);
  for (const [i, h] of assessmentHours.entries()) {
    const p = requirePositive(`assessmentHours[${i}]`, h);
    if (!p.ok) return p;
  }
  const parseList = (field: string, list: readonly Instant[] | undefined): Result<Date[]> => {
    const out: Date[] = [];
    for (const [i, v] of (list ?? []).entries()) {
      const d = parsePastInstant(`${field}[${i}]`, v, now.value);
      if (!d.ok) return d;
      out.push(d.value);
    }
    return ok(out.sort((a, b) => a.getTime() - b.getTime()));
  };
  const rounds = parseList('recordedRounds', input.recordedRounds);
  if (!rounds.ok) return rounds;
  const assessmentsDone = parseList('recordedAssessments', input.recordedAssessments);
  if (!assessmentsDone.ok) return assessmentsDone;
  let dischargedAt: Date | undefined;
  if (input.dischargedAt !== undefined) {
    const d = parsePastInstant('dischargedAt', input.dischargedAt, now.value);
    if (!d.ok) return d;
    if (d.value.getTime() < injection.value.getTime()) return fail('dischargedAt', 'dischargedAt cannot be before the injection.');
    dischargedAt = d.value;
  }
  let voidedAt: Date | undefined;
  if (input.voidedAt !== undefined) {
    const v = parsePastInstant('voidedAt', input.voidedAt, now.value);
    if (!v.ok) return v;
    voidedAt = v.value;
  }

  const T = injection.value;
  const toleranceMs = tolerance * MS_PER_MINUTE;
  const graceMs = grace * MS_PER_MINUTE;
  // §3.4.2 and A6: q15 min to T+60, hourly to T+7 h, then hourly until discharge is documented.
  const dues: { due: Date; phase: ObservationPhase }[] = [];
  for (const m of [15, 30, 45, 60]) dues.push({ due: addMinutes(T, m), phase: 'every-15-minutes' });
  for (let h = 2; h <= 7; h++) dues.push({ due: addHours(T, h), phase: 'hourly' });
  // Keep prompting hourly after T+7 h until discharge: generate up to the slot after now (or discharge).
  const horizon = (dischargedAt ?? now.value).getTime();
  for (let h = 8; addHours(T, h - 1).getTime() - toleranceMs <= horizon; h++) {
    dues.push({ due: addHours(T, h), phase: 'hourly-until-discharge' });
  }
  const obsWindows = windows(dues.map((d) => d.due), toleranceMs, MS_PER_HOUR);
  const observations: ObservationSlot[] = obsWindows.map((w, i) => ({
    ...w,
    phase: dues[i]?.phase ?? 'hourly-until-discharge',
    minutesAfterInjection: Math.round((w.due.getTime() - T.getTime()) / MS_PER_MINUTE),
    ...statusOf(w, rounds.value, now.value, graceMs, dischargedAt),
  }));

  // §3.4.8 and A7: therapy assessments at 1, 2, 4 and 6 h post-procedure.
  const assessmentDues = assessmentHours.map((h) => addHours(T, h));
  const lastGap = assessmentHours.length > 1 ? (assessmentHours.at(-1) ?? 0) - (assessmentHours.at(-2) ?? 0) : 1;
  const assessments: ScheduleSlot[] = windows(assessmentDues, toleranceMs, lastGap * MS_PER_HOUR).map((w) => ({
    ...w,
    minutesAfterInjection: Math.round((w.due.getTime() - T.getTime()) / MS_PER_MINUTE),
    ...statusOf(w, assessmentsDone.value, now.value, graceMs, dischargedAt),
  }));

  const warnings: DomainWarning[] = [];
  const overdue = observations.filter((o) => o.status === 'overdue');
  if (overdue.length > 0) {
    warnings.push({ code: 'observation-overdue', message: `${overdue.length} observation round(s) overdue, the earliest due ${overdue[0]?.due.toISOString()}.` });
  }
  const voidingReminder = 'Notify the medical team if the child has not voided urine following the test dose (§3.4.7).';
  if (!voidedAt) warnings.push({ code: 'void-not-documented', message: voidingReminder });
  const notes = [
    'Observations: full set every 15 minutes for the first hour, then hourly (§3.4.2); hourly prompts continue after 7 hours until discharge is documented.',
    'Watch for overdose signs: drowsiness, dizziness, reduced level of consciousness, respiratory depression, seizures, hypotonia (§2, §3.4.7).',
    `A round counts as done when recorded from ${tolerance} minutes before its due time until the next round's window opens; overdue ${grace} minutes after its due time.`,
  ];
  if (!dischargedAt) notes.push('Discharge not documented: observations continue hourly. Discharge once the Kids Rehab Team has assessed that the effects have worn off (§3.4.11).');

  return ok({
    value: {
      injectionAt: T,
      observations,
      assessments,
      nextObservation: observations.find((o) => o.status === 'due' || o.status === 'overdue') ?? observations.find((o) => o.status === 'upcoming'),
      peakEffect: { from: addHours(T, 2), to: addHours(T, 4) },
      effectWornOffBy: addHours(T, 8),
      voiding: { status: voidedAt ? 'voided' : 'not-documented', reminder: voidingReminder },
      discharged: dischargedAt !== undefined,
    },
    inputs: {
      injectionAt: T.toISOString(),
      now: now.value.toISOString(),
      assessmentHours,
      toleranceMinutes: tolerance,
      graceMinutes: grace,
      ...(dischargedAt ? { dischargedAt: dischargedAt.toISOString() } : {}),
    },
    source: 'Guideline §3.4.2, §3.4.6–8',
    notes,
    warnings,
  });
}
