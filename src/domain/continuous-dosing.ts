/**
 * Continuous ITB dosing (Guideline §4.1.2–5). The app never titrates: it shows the starting dose
 * rules and, for a proposed dose, the absolute and % change and the days since the last change,
 * warning outside the guideline's step band (A9–A11).
 */
import type { Calculation, DomainWarning } from './calculation';
import { fail, ok, requirePositive, type Result } from './result';
import { daysBetween, parseInstant, parsePastInstant, type Instant } from './time';
import { microgramsPerDay, type Micrograms, type MicrogramsPerDay } from './units';

/** "Up to 1000 micrograms/day" (§4.1.5) is a soft alert, not a maximum (A11). Configurable. */
export const DEFAULT_SOFT_MAX_DAILY_DOSE_MICROGRAMS = 1000;
/** Inpatient post-op step: +50 micrograms/day, for the 3 days in hospital (§4.1.3). */
export const INPATIENT_STEP_MICROGRAMS_PER_DAY = 50;
export const INPATIENT_STEP_DAYS = 3;
/** Outpatient step: 5–15% every 3–7 days (§4.1.4). */
export const OUTPATIENT_STEP_MIN_PERCENT = 5;
export const OUTPATIENT_STEP_MAX_PERCENT = 15;
export const OUTPATIENT_INTERVAL_MIN_DAYS = 3;
export const OUTPATIENT_INTERVAL_MAX_DAYS = 7;
/**
 * A reduction larger than this share of the daily dose warns of withdrawal (§5.1.1.8: "Withdrawal
 * may occur if weaning down of the baclofen dose is occurring"). The guideline gives no weaning
 * step; 15% mirrors the largest titration step (§4.1.4). App default, pending clinical sign-off;
 * the site sets it in clinical.doseReductionWarnPercent.
 */
export const DEFAULT_REDUCTION_WARN_PERCENT = 15;
/** Label: effect lasting over 8 hours → start at 1× the test dose (A9). */
export const LABEL_LONG_EFFECT_HOURS = 8;

export interface StartingDose {
  /** §4.1.2: test dose doubled, over 24 hours. */
  readonly guidelineDose: MicrogramsPerDay;
  /** Label: 1× the test dose when the effect lasted over 8 hours. */
  readonly labelAlternativeDose: MicrogramsPerDay;
  /** True when the recorded effect lasted over 8 hours (the label's condition). */
  readonly labelAlternativeApplies: boolean | undefined;
  readonly prescriberMustConfirm: true;
}

/** Starting daily dose = 2 × the effective test dose (§4.1.2), with the label's 1× alternative (A9). */
export function calculateStartingDose(input: {
  readonly effectiveTestDose: Micrograms;
  /** Hours the test-dose effect lasted, if recorded. */
  readonly effectDurationHours?: number;
}): Result<Calculation<StartingDose, { effectiveTestDose: Micrograms; effectDurationHours?: number }>> {
  const dose = requirePositive('effectiveTestDose', input.effectiveTestDose);
  if (!dose.ok) return dose;
  if (input.effectDurationHours !== undefined) {
    const h = requirePositive('effectDurationHours', input.effectDurationHours);
    if (!h.ok) return h;
  }
  const applies = input.effectDurationHours === undefined ? undefined : input.effectDurationHours > LABEL_LONG_EFFECT_HOURS;
  const warnings: DomainWarning[] = [];
  if (input.effectiveTestDose > 100) {
    warnings.push({ code: 'test-dose-above-100-micrograms', message: `A test dose of ${input.effectiveTestDose} micrograms is above the guideline table's 100 micrograms (§3.1.5).` });
  }
  const notes = [
    'Guideline §4.1.2: the test dose is generally doubled as the starting continuous dose over 24 hours (e.g. 50 → 100, 100 → 200 micrograms/day).',
    'Product label: start at the effective screening dose (1×) if its effect lasted more than 8 hours; no dose increase in the first 24 hours. Both rules are shown; the prescriber confirms.',
  ];
  if (applies === true) notes.push(`The recorded effect lasted ${input.effectDurationHours} hours (over 8 hours): the label's 1× rule applies.`);
  if (applies === undefined) notes.push('Effect duration not recorded: the label condition (over 8 hours) cannot be checked.');
  return ok({
    value: {
      guidelineDose: microgramsPerDay(input.effectiveTestDose * 2),
      labelAlternativeDose: microgramsPerDay(input.effectiveTestDose),
      labelAlternativeApplies: applies,
      prescriberMustConfirm: true,
    },
    inputs: { effectiveTestDose: input.effectiveTestDose, ...(input.effectDurationHours !== undefined ? { effectDurationHours: input.effectDurationHours } : {}) },
    source: 'Guideline §4.1.2; product label',
    notes,
    warnings,
  });
}

export type DosingSetting = 'inpatient-post-op' | 'outpatient';

export interface DoseChangeInput {
  readonly currentDose: MicrogramsPerDay;
  readonly proposedDose: MicrogramsPerDay;
  readonly setting: DosingSetting;
  /** When the current dose started (the last change). */
  readonly lastChangeAt: Instant;
  readonly now: Instant;
  /** Inpatient: the implant date, to count the post-operative day. */
  readonly implantAt?: Instant;
  /** Default 1000 micrograms/day (A11). */
  readonly softMaxDailyDose?: MicrogramsPerDay;
  /** A reduction above this % of the daily dose warns of withdrawal (default 15, §5.1.1.8). */
  readonly reductionWarnPercent?: number;
}

export interface DoseChangeEvaluation {
  /** Proposed − current, micrograms/day (negative for a reduction). */
  readonly absoluteChange: number;
  /** Signed percentage of the current dose, rounded to 0.1 for display; checks use the exact figure. */
  readonly percentChange: number;
  readonly daysSinceLastChange: number;
  readonly direction: 'increase' | 'decrease' | 'no-change';
  /**
   * True when an increase sits inside the guideline step for the setting. Never true for a
   * reduction: the guideline's steps describe increases, and weaning down risks withdrawal.
   */
  readonly withinGuidelineStep: boolean;
  /** A reduction larger than the warning size (withdrawal risk, §5.1.1.8). */
  readonly largeReduction: boolean;
  readonly aboveSoftMaximum: boolean;
}

/** Evaluate a proposed daily dose against §4.1.3 (inpatient) or §4.1.4 (outpatient) and A10–A11. */
export function evaluateDoseChange(input: DoseChangeInput): Result<
  Calculation<DoseChangeEvaluation, { currentDose: MicrogramsPerDay; proposedDose: MicrogramsPerDay; setting: DosingSetting; lastChangeAt: string; now: string; implantAt?: string; softMaxDailyDose: MicrogramsPerDay }>
> {
  const now = parseInstant('now', input.now);
  if (!now.ok) return now;
  for (const [field, v] of [['currentDose', input.currentDose], ['proposedDose', input.proposedDose]] as const) {
    const p = requirePositive(field, v);
    if (!p.ok) return p;
  }
  const softMax = input.softMaxDailyDose ?? microgramsPerDay(DEFAULT_SOFT_MAX_DAILY_DOSE_MICROGRAMS);
  const sm = requirePositive('softMaxDailyDose', softMax);
  if (!sm.ok) return sm;
  const last = parsePastInstant('lastChangeAt', input.lastChangeAt, now.value);
  if (!last.ok) return last;
  const setting = input.setting as string;
  if (setting !== 'inpatient-post-op' && setting !== 'outpatient') return fail('setting', 'setting must be inpatient-post-op or outpatient.');

  const reductionWarnPercent = input.reductionWarnPercent ?? DEFAULT_REDUCTION_WARN_PERCENT;
  if (!Number.isFinite(reductionWarnPercent) || reductionWarnPercent <= 0 || reductionWarnPercent >= 100) {
    return fail('reductionWarnPercent', 'reductionWarnPercent must be a percentage above 0 and below 100.');
  }
  const absoluteChange = input.proposedDose - input.currentDose;
  // Checks use the exact share: +15.04% is outside a 15% step even though it shows as 15%.
  const exactPercent = (absoluteChange / input.currentDose) * 100;
  const percentChange = Math.round(exactPercent * 10) / 10;
  // Compare exact elapsed time; round only for display.
  const exactDays = daysBetween(last.value, now.value);
  const daysSinceLastChange = Math.round(exactDays * 10) / 10;
  const direction = absoluteChange > 0 ? 'increase' : absoluteChange < 0 ? 'decrease' : 'no-change';
  const warnings: DomainWarning[] = [];
  const notes: string[] = [];
  let withinGuidelineStep = true;
  let implantIso: string | undefined;

  let largeReduction = false;
  if (direction === 'decrease') {
    // The steps describe increases; a reduction is never "within the step".
    withinGuidelineStep = false;
    largeReduction = -exactPercent > reductionWarnPercent;
    if (largeReduction) {
      warnings.push({
        code: 'dose-reduction-withdrawal-risk',
        message: `A reduction of ${-percentChange}% (${input.currentDose} → ${input.proposedDose} micrograms/day) is more than ${reductionWarnPercent}% of the daily dose: withdrawal may occur when the dose is weaned down (§5.1.1.8). Watch for withdrawal signs (§2) and confirm the step.`,
      });
    }
    notes.push('A dose reduction: withdrawal may occur when the dose is weaned down (§5.1.1.8); the guideline\'s titration steps describe increases (§4.1.3–4). If reducing for side effects, check for overdose signs too (§5.2.2).');
  }
  switch (input.setting) {
    case 'inpatient-post-op': {
      // §4.1.3: +50 micrograms/day daily, for the 3 days the child remains in hospital post-operatively.
      if (direction === 'increase' && absoluteChange > INPATIENT_STEP_MICROGRAMS_PER_DAY) {
        withinGuidelineStep = false;
        warnings.push({ code: 'dose-step-outside-band', message: `+${absoluteChange} micrograms/day is more than the +50 micrograms/day inpatient step (§4.1.3).` });
      }
      if (direction === 'increase' && exactDays < 1) {
        withinGuidelineStep = false;
        warnings.push({ code: 'dose-change-too-soon', message: `Last change ${daysSinceLastChange} days ago: the inpatient step is daily (§4.1.3); the label allows at most one increase per 24 hours.` });
      }
      if (input.implantAt !== undefined) {
        const implant = parsePastInstant('implantAt', input.implantAt, now.value);
        if (!implant.ok) return implant;
        implantIso = implant.value.toISOString();
        const postOpDays = daysBetween(implant.value, now.value);
        if (postOpDays < 1 && direction === 'increase') {
          warnings.push({ code: 'dose-change-too-soon', message: 'Within 24 hours of starting: the product label advises no dose increase in the first 24 hours.' });
        }
        if (postOpDays > INPATIENT_STEP_DAYS + 1) {
          warnings.push({ code: 'beyond-post-op-days', message: `Day ${Math.floor(postOpDays)} after implant: the +50 micrograms/day step covers the 3 days in hospital post-operatively (§4.1.3); later increases follow the outpatient 5–15% step (§4.1.4).` });
        }
      }
      // A10: +50 micrograms/day can be a far bigger step than the label's 5–15%: always alert above 15%.
      if (direction === 'increase' && exactPercent > OUTPATIENT_STEP_MAX_PERCENT) {
        warnings.push({ code: 'dose-step-outside-band', message: `An increase of ${percentChange}% is above 15% (the label's 5–15% per 24 hours for cerebral origin). Confirm the step.` });
      }
      break;
    }
    case 'outpatient': {
      // §4.1.4: increases of 5–15% of the daily dose every 3–7 days.
      if (direction === 'increase' && (exactPercent < OUTPATIENT_STEP_MIN_PERCENT || exactPercent > OUTPATIENT_STEP_MAX_PERCENT)) {
        withinGuidelineStep = false;
        warnings.push({ code: 'dose-step-outside-band', message: `An increase of ${percentChange}% is outside the outpatient step of 5–15% of the daily dose (§4.1.4).` });
      }
      if (direction === 'increase' && exactDays < OUTPATIENT_INTERVAL_MIN_DAYS) {
        withinGuidelineStep = false;
        warnings.push({ code: 'dose-change-too-soon', message: `Last change ${daysSinceLastChange} days ago: outpatient increases are every 3–7 days (§4.1.4).` });
      }
      if (direction === 'increase' && exactDays > OUTPATIENT_INTERVAL_MAX_DAYS) {
        notes.push(`Last change ${daysSinceLastChange} days ago (the guideline's interval is 3–7 days, §4.1.4).`);
      }
      break;
    }
    default:
      return input.setting satisfies never;
  }
  const aboveSoftMaximum = input.proposedDose > softMax;
  if (aboveSoftMaximum) {
    // A11: not a block.
    warnings.push({ code: 'dose-above-soft-maximum', message: `${input.proposedDose} micrograms/day is above ${softMax} micrograms/day ("up to 1000 micrograms/day" in significant dystonia, §4.1.5). Not a hard maximum: confirm.` });
  }
  return ok({
    value: { absoluteChange, percentChange, daysSinceLastChange, direction, withinGuidelineStep, largeReduction, aboveSoftMaximum },
    inputs: {
      currentDose: input.currentDose,
      proposedDose: input.proposedDose,
      setting: input.setting,
      lastChangeAt: last.value.toISOString(),
      now: now.value.toISOString(),
      ...(implantIso ? { implantAt: implantIso } : {}),
      softMaxDailyDose: softMax,
    },
    source: input.setting === 'outpatient' ? 'Guideline §4.1.4, §4.1.5' : 'Guideline §4.1.3, §4.1.5',
    notes,
    warnings,
  });
}
