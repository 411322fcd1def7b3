/**
 * Is this weight plausible for this child's age? A z-score against a published weight-for-age
 * reference (WHO 2006 under 2 years, CDC 2000 from 2 to 20 years; `weight-for-age-reference.ts`),
 * by the LMS method (Cole & Green 1992): z = ((X / M)^L − 1) / (L × S), or ln(X / M) / S when L is 0.
 *
 * The weight decides the oral rescue dose band (Guideline §5.1.4.1) and the test-dose band
 * (§3.1.5), and §3.2 says "check the patient's weight": a 1 kg four-year-old is a typing or unit
 * error, not a child. A weight outside the limit is not used until a clinician confirms it; it is
 * never silently dropped, because children with severe cerebral palsy are often far below the
 * median and a true low weight must still give a dose.
 *
 * The age is the child's age on the day the weight was recorded (the site's calendar date, as the
 * `recordedAt` string carries the site's offset), not today's age.
 */
import { calculateAge } from './age';
import { fail, ok, type Result } from './result';
import type { Instant } from './time';
import { CDC_2000_WEIGHT_FOR_AGE, WHO_2006_WEIGHT_FOR_AGE, type LmsRow } from './weight-for-age-reference';

/**
 * A weight more than this many standard deviations from the median for age needs confirming
 * before anything is calculated from it. APP DEFAULT, PENDING CLINICAL SIGN-OFF: not a guideline
 * number (the guideline gives no plausibility range for weight).
 */
export const WEIGHT_FOR_AGE_Z_LIMIT = 4;

/** The oldest age the references cover (CDC 2000 ends at 240 months). */
export const WEIGHT_FOR_AGE_MAX_MONTHS = 240;

export type ReferenceSex = 'male' | 'female';

export type WeightForAgeCheck =
  | {
      readonly status: 'checked';
      readonly z: number;
      readonly plausible: boolean;
      /** Which published chart, in words: "CDC 2000 weight-for-age (girls)". */
      readonly reference: string;
      readonly ageMonths: number;
      /** A sentence for the clinician: the z-score, the reference and, outside the limit, what to do. */
      readonly message: string;
    }
  | { readonly status: 'unchecked'; readonly reason: string };

/** Linear interpolation of L, M and S between the table's neighbouring ages. */
function lmsAt(rows: readonly LmsRow[], ageMonths: number): { l: number; m: number; s: number } | undefined {
  for (let i = 0; i < rows.length - 1; i++) {
    const a = rows[i] as LmsRow;
    const b = rows[i + 1] as LmsRow;
    if (ageMonths >= a[0] && ageMonths <= b[0]) {
      const t = (ageMonths - a[0]) / (b[0] - a[0]);
      return { l: a[1] + t * (b[1] - a[1]), m: a[2] + t * (b[2] - a[2]), s: a[3] + t * (b[3] - a[3]) };
    }
  }
  return undefined;
}

/** The LMS z-score of `kg` at `ageMonths` (0–240) for one sex, with the reference's name. */
export function weightForAgeZ(kg: number, ageMonths: number, sex: ReferenceSex): { z: number; reference: 'WHO 2006' | 'CDC 2000' } | undefined {
  const reference = ageMonths < 24 ? 'WHO 2006' : 'CDC 2000';
  const table = reference === 'WHO 2006' ? WHO_2006_WEIGHT_FOR_AGE : CDC_2000_WEIGHT_FOR_AGE;
  const lms = lmsAt(table[sex], ageMonths);
  if (lms === undefined || !(kg > 0)) return undefined;
  const z = Math.abs(lms.l) < 1e-9 ? Math.log(kg / lms.m) / lms.s : ((kg / lms.m) ** lms.l - 1) / (lms.l * lms.s);
  return { z, reference };
}

/** The weight at the z-score `z` (the inverse of `weightForAgeZ`): used to say the plausible range. */
export function weightAtZ(z: number, ageMonths: number, sex: ReferenceSex): number | undefined {
  const table = ageMonths < 24 ? WHO_2006_WEIGHT_FOR_AGE : CDC_2000_WEIGHT_FOR_AGE;
  const lms = lmsAt(table[sex], ageMonths);
  if (lms === undefined) return undefined;
  if (Math.abs(lms.l) < 1e-9) return lms.m * Math.exp(lms.s * z);
  const base = 1 + lms.l * lms.s * z;
  return base > 0 ? lms.m * base ** (1 / lms.l) : undefined;
}

const ageWords = (months: number): string => {
  const whole = Math.floor(months);
  const y = Math.floor(whole / 12);
  const m = whole % 12;
  if (y === 0) return `${m}-month-old`;
  return m === 0 ? `${y}-year-old` : `${y}-year ${m}-month-old`;
};

const zWords = (z: number): string => `${z < 0 ? '−' : '+'}${Math.abs(z).toFixed(1)}`;
const kgWords = (kg: number): string => `${Math.trunc(kg * 10) / 10} kg`;

/**
 * Check a weight (kg) recorded at `recordedAt` against the reference for the child's age then.
 * Without a birth date, past 20 years, or with a weight dated before birth, nothing is checked and
 * the reason says so. Without a recorded sex (or "other"/"unknown") both charts are used and the z
 * nearer the median decides, so an unrecorded sex never makes a weight look implausible.
 */
export function checkWeightForAge(input: {
  readonly kg: number;
  readonly recordedAt: Instant;
  readonly birthDate: string | undefined;
  readonly sex: string | undefined;
}): Result<WeightForAgeCheck> {
  if (!Number.isFinite(input.kg) || input.kg <= 0) return fail('weight.value', 'The weight is not a positive number.');
  if (input.birthDate === undefined) return ok({ status: 'unchecked', reason: 'Weight not checked against age: the birth date is not recorded.' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.birthDate.trim())) {
    return ok({ status: 'unchecked', reason: 'Weight not checked against age: the birth date is not recorded as a full date.' });
  }
  const age = calculateAge(input.birthDate.trim(), input.recordedAt);
  if (!age.ok) return ok({ status: 'unchecked', reason: `Weight not checked against age: ${age.error.message}` });
  const a = age.value.value;
  const ageMonths = a.totalMonths + a.days / 30.4375;
  if (ageMonths > WEIGHT_FOR_AGE_MAX_MONTHS) {
    return ok({ status: 'unchecked', reason: 'Weight not checked against age: the growth charts end at 20 years.' });
  }
  const known: ReferenceSex | undefined = input.sex === 'male' || input.sex === 'female' ? input.sex : undefined;
  const sexes: readonly ReferenceSex[] = known === undefined ? ['male', 'female'] : [known];
  const results = sexes.flatMap((s) => {
    const r = weightForAgeZ(input.kg, ageMonths, s);
    return r === undefined ? [] : [{ ...r, sex: s }];
  });
  const best = results.reduce<(typeof results)[number] | undefined>((acc, r) => (acc === undefined || Math.abs(r.z) < Math.abs(acc.z) ? r : acc), undefined);
  if (best === undefined) return ok({ status: 'unchecked', reason: 'Weight not checked against age: no reference value for this age.' });
  const who = known === undefined ? 'boys and girls; sex not recorded' : known === 'male' ? 'boys' : 'girls';
  const reference = `${best.reference} weight-for-age (${who})`;
  const plausible = Math.abs(best.z) <= WEIGHT_FOR_AGE_Z_LIMIT;
  const low = weightAtZ(-WEIGHT_FOR_AGE_Z_LIMIT, ageMonths, best.sex);
  const high = weightAtZ(WEIGHT_FOR_AGE_Z_LIMIT, ageMonths, best.sex);
  const range = low === undefined || high === undefined ? '' : ` (about ${kgWords(low)} to ${kgWords(high)})`;
  const message = plausible
    ? `${kgWords(input.kg)} is within ${WEIGHT_FOR_AGE_Z_LIMIT} standard deviations of the median for a ${ageWords(ageMonths)} (z ${zWords(best.z)}, ${reference}).`
    : `${kgWords(input.kg)} is outside the usual range for a ${ageWords(ageMonths)}${range}: z ${zWords(best.z)} against the ${reference}; the app's limit is ±${WEIGHT_FOR_AGE_Z_LIMIT} (pending clinical sign-off). Check the weight and its unit; nothing is calculated from it until a clinician confirms it.`;
  return ok({ status: 'checked', z: best.z, plausible, reference, ageMonths, message });
}
