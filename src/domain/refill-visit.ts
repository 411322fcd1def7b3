/**
 * The checks of a pump refill visit (Guideline §4.1.1, §4.1.6; §5.1.1, §5.2.1). Each refill is
 * the moment to catch a pump or catheter problem: the volume drawn back from the reservoir should
 * match what the programmed doses predict, the syringe should hold the ordered concentration, and
 * the dose programmed afterwards should be the active order. Pure: no React, no FHIR.
 */
import { evaluateDoseChange } from './continuous-dosing';
import { SUPPLIED_CONCENTRATIONS_MICROGRAMS_PER_ML } from './refill';
import type { Instant } from './time';
import { microgramsPerDay, type MicrogramsPerDay, type MicrogramsPerMl, type Millilitres } from './units';

/**
 * How far the residual drawn back may differ from the forecast's expected residual before it is
 * flagged. App default, PENDING CLINICAL SIGN-OFF (no source states a figure); a site sets its own
 * in `clinical.refillResidualToleranceMl`.
 */
export const DEFAULT_RESIDUAL_TOLERANCE_ML = 2;

/** Pump reservoirs are 20 or 40 mL (Guideline §4.1.1): the fill limit when the Device does not say. */
export const DEFAULT_RESERVOIR_LIMIT_ML = 40;

export type ResidualCheck =
  | { readonly kind: 'not-entered' }
  /** No forecast to compare with (no structured last fill): said, never silently passed. */
  | { readonly kind: 'no-expected'; readonly reason: string }
  | { readonly kind: 'within'; readonly expected: Millilitres; readonly difference: number; readonly tolerance: number }
  /** More left than predicted: less was delivered than programmed (withdrawal risk). */
  | { readonly kind: 'more-than-expected'; readonly expected: Millilitres; readonly difference: number; readonly tolerance: number; readonly guidance: readonly string[] }
  /** Less left than predicted: more was delivered, or less went into the reservoir last time. */
  | { readonly kind: 'less-than-expected'; readonly expected: Millilitres; readonly difference: number; readonly tolerance: number; readonly guidance: readonly string[] };

/** What to do when the residual is outside the tolerance: interrogate, look for the syndromes, cite. */
export const RESIDUAL_MORE_GUIDANCE: readonly string[] = [
  'Interrogate the pump with the Clinician Programmer: check the programmed dose, the reservoir volume the pump reports, and alarms or a motor stall (§4.1.6, §5.1.1.4, §5.1.1.6).',
  'Less drug has left the reservoir than programmed: suspect under-delivery from the catheter (disconnected, kinked, fractured or migrated, §5.1.1.7) or the pump (§5.1.1.4).',
  'Look for signs of baclofen withdrawal (§5.1.2): itch, increased tone or spasms, fever, agitation, tachycardia. Withdrawal is a medical emergency (§5.1); X-rays of the pump and catheter (§5.1.3.6).',
];
export const RESIDUAL_LESS_GUIDANCE: readonly string[] = [
  'Interrogate the pump with the Clinician Programmer: check the programmed dose and any bolus or programming change since the last refill (§4.1.6, §5.2.1.1).',
  'More drug has left the reservoir than programmed: suspect over-delivery (pump malfunction §5.2.1.2; catheter surge §5.2.1.3), or that less went into the reservoir at the last refill (a pocket fill, §5.1.1.2).',
  'Look for signs of overdose (§5.2.2): drowsiness, hypotonia, slowed breathing, bradycardia, seizures. And for withdrawal (§5.1.2) if the last fill may have gone into the pocket.',
];

/** Residual drawn back against the forecast's expected residual now, with the site's tolerance. */
export function checkResidual(input: {
  readonly withdrawn: Millilitres | undefined;
  readonly expected: Millilitres | undefined;
  readonly expectedUnavailable?: string | undefined;
  readonly tolerance: number;
}): ResidualCheck {
  if (input.withdrawn === undefined) return { kind: 'not-entered' };
  if (input.expected === undefined) return { kind: 'no-expected', reason: input.expectedUnavailable ?? 'No expected residual could be calculated.' };
  const difference = round2(input.withdrawn - input.expected);
  const { expected, tolerance } = input;
  // Compared on the exact difference; the boundary itself is within the tolerance.
  if (Math.abs(input.withdrawn - input.expected) <= tolerance) return { kind: 'within', expected, difference, tolerance };
  return difference > 0
    ? { kind: 'more-than-expected', expected, difference, tolerance, guidance: RESIDUAL_MORE_GUIDANCE }
    : { kind: 'less-than-expected', expected, difference, tolerance, guidance: RESIDUAL_LESS_GUIDANCE };
}

export type FillCheck =
  | { readonly kind: 'not-entered' }
  | { readonly kind: 'ok' }
  /** Refused: the reservoir cannot hold it (an entry error, or the drug goes into the pocket, §5.1.1.2). */
  | { readonly kind: 'above-reservoir'; readonly reservoir: Millilitres };

export function checkFillVolume(fill: Millilitres | undefined, reservoir: Millilitres): FillCheck {
  if (fill === undefined) return { kind: 'not-entered' };
  return fill > reservoir ? { kind: 'above-reservoir', reservoir } : { kind: 'ok' };
}

export type ConcentrationCheck =
  | { readonly kind: 'not-entered' }
  | { readonly kind: 'ok' }
  /** Not one of the supplied strengths: accepted only once the clinician confirms it. */
  | { readonly kind: 'unsupplied'; readonly confirmed: boolean }
  /** Differs from the active order: flagged (wrong concentration causes overdose, §5.2.1.5). */
  | { readonly kind: 'differs-from-order'; readonly ordered: MicrogramsPerMl; readonly unsupplied: boolean; readonly confirmed: boolean };

export function checkConcentration(input: {
  readonly concentration: MicrogramsPerMl | undefined;
  readonly ordered: MicrogramsPerMl | undefined;
  readonly otherConfirmed: boolean;
}): ConcentrationCheck {
  const c = input.concentration;
  if (c === undefined) return { kind: 'not-entered' };
  const unsupplied = !SUPPLIED_CONCENTRATIONS_MICROGRAMS_PER_ML.includes(c);
  if (input.ordered !== undefined && input.ordered !== c) return { kind: 'differs-from-order', ordered: input.ordered, unsupplied, confirmed: input.otherConfirmed };
  return unsupplied ? { kind: 'unsupplied', confirmed: input.otherConfirmed } : { kind: 'ok' };
}

export type ProgrammedDoseCheck =
  | { readonly kind: 'not-entered' }
  | { readonly kind: 'no-order' }
  | { readonly kind: 'matches-order'; readonly ordered: MicrogramsPerDay }
  /** Differs from the active order; `warnings` say where it leaves the titration limits (§4.1.3–4.1.4). */
  | { readonly kind: 'differs-from-order'; readonly ordered: MicrogramsPerDay; readonly percentChange: number; readonly withinStep: boolean; readonly warnings: readonly string[] };

/**
 * The dose programmed after the refill against the active order. A difference is flagged; a
 * change outside the outpatient step (5–15% every 3–7 days, §4.1.4; refills are done in clinic,
 * §4.1.6) or a large reduction (§5.1.1.8) is warned, with the titration rules of the domain.
 */
export function checkProgrammedDose(input: {
  readonly programmed: MicrogramsPerDay | undefined;
  readonly ordered: MicrogramsPerDay | undefined;
  readonly orderStartedAt: Instant | undefined;
  readonly now: Instant;
  readonly reductionWarnPercent?: number | undefined;
}): ProgrammedDoseCheck {
  if (input.programmed === undefined) return { kind: 'not-entered' };
  if (input.ordered === undefined) return { kind: 'no-order' };
  if (input.programmed === input.ordered) return { kind: 'matches-order', ordered: input.ordered };
  const evaluated = evaluateDoseChange({
    currentDose: input.ordered,
    proposedDose: microgramsPerDay(input.programmed),
    setting: 'outpatient',
    lastChangeAt: input.orderStartedAt ?? input.now,
    now: input.now,
    ...(input.reductionWarnPercent === undefined ? {} : { reductionWarnPercent: input.reductionWarnPercent }),
  });
  if (!evaluated.ok) {
    return { kind: 'differs-from-order', ordered: input.ordered, percentChange: Number.NaN, withinStep: false, warnings: [evaluated.error.message] };
  }
  const v = evaluated.value;
  return {
    kind: 'differs-from-order',
    ordered: input.ordered,
    percentChange: v.value.percentChange,
    withinStep: v.value.withinGuidelineStep,
    warnings: v.warnings.map((w) => w.message),
  };
}

/** Anything that stops the visit being saved (the rest are flags the clinician reads and accepts). */
export function refillVisitBlockers(checks: { readonly fill: FillCheck; readonly concentration: ConcentrationCheck }): string[] {
  const out: string[] = [];
  if (checks.fill.kind === 'above-reservoir') out.push(`The fill volume is more than the ${checks.fill.reservoir} mL reservoir can hold.`);
  const c = checks.concentration;
  if ((c.kind === 'unsupplied' || (c.kind === 'differs-from-order' && c.unsupplied)) && !c.confirmed) {
    out.push('The concentration is not a supplied strength (50, 500, 1000 or 2000 micrograms/mL): confirm it before saving.');
  }
  return out;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
