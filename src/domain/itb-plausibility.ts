/**
 * Plausibility bounds for intrathecal baclofen figures read from a record. A figure outside them
 * is left out and named, never shown or used: on a ward a wrong number is worse than none.
 *
 * These are APP DEFAULTS, not guideline numbers, and need clinical sign-off
 * (clinical-reference §3.1 and §4.1 A11):
 * - daily dose: the label's maintenance range is 90–703 micrograms/day, 24–1199 in children
 *   under 12, and the guideline allows "up to 1000 micrograms/day" in significant dystonia
 *   (§4.1.5). Under 1 microgram/day or over 2000 micrograms/day (twice the guideline's figure)
 *   is taken to be a unit or typing error;
 * - concentration: marketed strengths are 50, 500, 1000 and 2000 micrograms/mL (Lioresal,
 *   Gablofen); under 1 microgram/mL (a fiftieth of the weakest) or above 4000 micrograms/mL
 *   (twice the strongest) is taken to be an error (issue 15: 5e-324 and 1e308 broke a forecast).
 */
import { fail, ok, type Result } from './result';
import { microgramsPerDay, microgramsPerMl, type MicrogramsPerDay, type MicrogramsPerMl } from './units';

export const MIN_PLAUSIBLE_DAILY_DOSE_UG = 1;
export const MAX_PLAUSIBLE_DAILY_DOSE_UG = 2000;
/**
 * A typed daily dose below this many micrograms/day is confirmed before it is used. APP DEFAULT,
 * PENDING CLINICAL SIGN-OFF: the label's lowest maintenance dose in children under 12 is 24
 * micrograms/day, so a figure under 20 is most often a milligram figure typed as micrograms
 * (1.2 mg/day = 1200 micrograms/day) and is used only once the clinician confirms it.
 */
export const LOW_DAILY_DOSE_CONFIRM_UG = 20;
export const MIN_PLAUSIBLE_CONCENTRATION_UG_PER_ML = 1;
export const MAX_PLAUSIBLE_CONCENTRATION_UG_PER_ML = 4000;

/** A figure as written in a message: 3 decimals, or 3 significant digits when that would show 0. */
const shown = (n: number): string => {
  const rounded = Math.round(n * 1000) / 1000;
  return rounded === 0 && n !== 0 ? n.toPrecision(3) : String(rounded);
};
/** Why a non-finite figure cannot be used, without putting "Infinity" or "NaN" on screen. */
const notFinite = (n: number): string => (Number.isNaN(n) ? 'not a number' : 'too large to be a number that can be used');

/** A daily intrathecal dose read from a record: finite and 1–2000 micrograms/day. */
export function checkDailyDose(value: number, field = 'dailyDose'): Result<MicrogramsPerDay> {
  if (!Number.isFinite(value)) return fail(field, `the daily dose works out ${notFinite(value)}`);
  if (value <= 0) return fail(field, `a daily dose of ${shown(value)} micrograms/day is ${value === 0 ? 'zero' : 'negative'}`);
  if (value < MIN_PLAUSIBLE_DAILY_DOSE_UG || value > MAX_PLAUSIBLE_DAILY_DOSE_UG) {
    return fail(
      field,
      `a daily dose of ${shown(value)} micrograms/day is implausible for intrathecal baclofen (app default range ${MIN_PLAUSIBLE_DAILY_DOSE_UG}–${MAX_PLAUSIBLE_DAILY_DOSE_UG} micrograms/day); check the value and unit`,
    );
  }
  return ok(microgramsPerDay(value));
}

/** An intrathecal concentration read from a record: finite and 1–4000 micrograms/mL. */
export function checkConcentration(value: number, field = 'concentration'): Result<MicrogramsPerMl> {
  if (!Number.isFinite(value)) return fail(field, `the concentration is ${notFinite(value)}`);
  if (value <= 0) return fail(field, `a concentration of ${shown(value)} micrograms/mL is ${value === 0 ? 'zero' : 'negative'}`);
  if (value < MIN_PLAUSIBLE_CONCENTRATION_UG_PER_ML || value > MAX_PLAUSIBLE_CONCENTRATION_UG_PER_ML) {
    return fail(
      field,
      `a concentration of ${shown(value)} micrograms/mL is implausible for intrathecal baclofen (app default range ${MIN_PLAUSIBLE_CONCENTRATION_UG_PER_ML}–${MAX_PLAUSIBLE_CONCENTRATION_UG_PER_ML} micrograms/mL); check the value and unit`,
    );
  }
  return ok(microgramsPerMl(value));
}

export type EnteredDailyDoseCheck =
  | { readonly kind: 'plausible' }
  /** Used only once the clinician confirms it; `message` says why. */
  | { readonly kind: 'confirm'; readonly message: string }
  | { readonly kind: 'refused'; readonly message: string };

/**
 * A daily intrathecal dose typed by a clinician (titration check, the dose programmed at a refill).
 * Below 1 microgram/day it is refused: no intrathecal baclofen dose is that small, and 0.45 is the
 * shape of a milligram figure (0.45 mg/day = 450 micrograms/day). Below
 * `LOW_DAILY_DOSE_CONFIRM_UG` it is confirmed first; above the maximum it is refused.
 */
export function checkEnteredDailyDose(value: number): EnteredDailyDoseCheck {
  const asMg = (n: number): string => `${shown(n)} mg/day would be ${shown(n * 1000)} micrograms/day`;
  if (!Number.isFinite(value) || value <= 0) return { kind: 'refused', message: 'Enter a daily dose above zero, in micrograms/day.' };
  if (value < MIN_PLAUSIBLE_DAILY_DOSE_UG) {
    return {
      kind: 'refused',
      message: `${shown(value)} micrograms/day is below ${MIN_PLAUSIBLE_DAILY_DOSE_UG} microgram/day, smaller than any intrathecal baclofen dose: is it a figure in milligrams (${asMg(value)})? Re-enter the dose in micrograms/day.`,
    };
  }
  if (value > MAX_PLAUSIBLE_DAILY_DOSE_UG) {
    return { kind: 'refused', message: `${shown(value)} micrograms/day is above ${MAX_PLAUSIBLE_DAILY_DOSE_UG} micrograms/day (twice the guideline's "up to 1000 micrograms/day", §4.1.5): check the value and unit.` };
  }
  if (value < LOW_DAILY_DOSE_CONFIRM_UG) {
    return {
      kind: 'confirm',
      message: `${shown(value)} micrograms/day is below ${LOW_DAILY_DOSE_CONFIRM_UG} micrograms/day (the label's lowest maintenance dose in children is 24 micrograms/day; app limit pending clinical sign-off): if it is a figure in milligrams, ${asMg(value)}. Confirm that ${shown(value)} micrograms/day is meant.`,
    };
  }
  return { kind: 'plausible' };
}
