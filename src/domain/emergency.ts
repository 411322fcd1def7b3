/**
 * Emergency guidance (Guideline §5, §2): withdrawal rescue medicines, overdose steps, never a
 * lumbar puncture, MRI and diathermy precautions. Oral doses are milligrams; intrathecal doses
 * are micrograms (A15). Guideline text is shown for the prescriber to confirm (A4, A5).
 */
import type { Calculation, DomainWarning } from './calculation';
import { fail, ok, type Result } from './result';
import { addHours, parsePastInstant, parseInstant, type Instant } from './time';
import { milligrams, type Milligrams } from './units';
import { assessWeight, type WeightObservation, type WeightOptions } from './weight';
import { checkWeightForAge } from './weight-for-age';

/** The field of the failure when a weight is implausible for age and not yet confirmed. */
export const WEIGHT_FOR_AGE_FIELD = 'weight.forAge';

/** The weight dividing the two oral baclofen bands (§5.1.4.1). */
export const WITHDRAWAL_BAND_WEIGHT_KG = 30;

export interface OralBaclofenRescue {
  readonly band: 'under-30-kg' | 'over-30-kg';
  /** The guideline's words for the band. */
  readonly bandText: string;
  readonly statDose: Milligrams;
  readonly repeatInterval: string;
  /** The maximum as a number of mg, with the unit exactly as far as the source states it. */
  readonly maxDose: Milligrams;
  readonly maxDoseText: string;
  readonly guidelineText: string;
  readonly prescriberMustConfirm: true;
}

/**
 * Oral baclofen for ITB withdrawal by weight (§5.1.4.1): < 30 kg 10 mg stat then 4–6-hourly,
 * max 60 mg/day; > 30 kg 20 mg stat then 4–6-hourly, max 120 mg (A4: "/day" missing in the
 * source). Exactly 30 kg takes the lower band, with a note (A4).
 */
export function calculateWithdrawalRescueDose(input: {
  readonly weight: WeightObservation;
  readonly now: Instant;
  readonly weightOptions?: WeightOptions;
  /**
   * The child, for the weight-for-age check (§3.2 "check the patient's weight"). A weight outside
   * the limit for age gives no dose (field `weight.forAge`) until `weightConfirmed` is true.
   */
  readonly patient?: { readonly birthDate: string | undefined; readonly sex: string | undefined };
  readonly weightConfirmed?: boolean;
}): Result<Calculation<OralBaclofenRescue, { weightKg: number; weightRecordedAt: string; now: string }>> {
  const weight = assessWeight(input.weight, input.now, input.weightOptions);
  if (!weight.ok) return weight;
  const kg = weight.value.value.kg;
  const warnings: DomainWarning[] = [...weight.value.warnings];
  const forAgeNotes: string[] = [];
  if (input.patient !== undefined) {
    const forAge = checkWeightForAge({ kg, recordedAt: input.weight.recordedAt, birthDate: input.patient.birthDate, sex: input.patient.sex });
    if (!forAge.ok) return forAge;
    const c = forAge.value;
    if (c.status === 'unchecked') forAgeNotes.push(c.reason);
    else if (c.plausible) forAgeNotes.push(`Weight for age: ${c.message}`);
    else if (input.weightConfirmed === true) forAgeNotes.push(`Weight for age: ${c.message.replace(/ Check the weight.*$/, '')} Confirmed by the clinician for this session.`);
    else return fail(WEIGHT_FOR_AGE_FIELD, c.message);
  }
  const notes: string[] = [
    ...forAgeNotes,
    'Oral doses are administered even though the baclofen pump may also be delivering a dose (§5.1.4.1c).',
    'The repeat dose size is not stated in the guideline: the prescriber confirms each dose.',
  ];
  let value: OralBaclofenRescue;
  if (kg <= WITHDRAWAL_BAND_WEIGHT_KG) {
    if (kg === WITHDRAWAL_BAND_WEIGHT_KG) {
      // A4: exactly 30 kg is neither "< 30kg" nor "> 30kg"; the lower band is the safe reading.
      warnings.push({ code: 'weight-boundary', message: 'Exactly 30 kg is in neither "< 30kg" nor "> 30kg" (§5.1.4.1): the lower band is shown; the prescriber may override.' });
    }
    value = {
      band: 'under-30-kg',
      bandText: '< 30kg',
      statDose: milligrams(10),
      repeatInterval: 'then 4 – 6 hourly',
      maxDose: milligrams(60),
      maxDoseText: 'max dose 60 mg / day',
      guidelineText: '< 30kg 10 mg stat then 4 – 6 hrly, max dose 60mg / day',
      prescriberMustConfirm: true,
    };
  } else {
    warnings.push({ code: 'unit-missing-in-source', message: 'The guideline writes "max dose 120mg" without "per day": the prescriber confirms the period.' });
    value = {
      band: 'over-30-kg',
      bandText: '> 30kg',
      statDose: milligrams(20),
      repeatInterval: 'then 4 – 6 hourly',
      maxDose: milligrams(120),
      maxDoseText: '120 mg (the guideline does not say per day)',
      guidelineText: '> 30kg 20mg stat then 4 – 6 hrly, max dose 120mg',
      prescriberMustConfirm: true,
    };
  }
  return ok({
    value,
    inputs: { weightKg: kg, weightRecordedAt: weight.value.inputs.recordedAt, now: weight.value.inputs.now },
    source: 'Guideline §5.1.4.1',
    notes,
    warnings,
  });
}

export interface GuidelineMedicineText {
  readonly medicine: string;
  readonly text: string;
  readonly source: string;
  readonly note: string;
}

/** Cyproheptadine and diazepam are flat, not weight-based; shown as guideline text (A5). */
export const WITHDRAWAL_ADJUNCT_MEDICINES: readonly GuidelineMedicineText[] = [
  {
    medicine: 'Cyproheptadine hydrochloride (Periactin)',
    text: 'Orally 4 mg 8-hourly initially to help with pruritus. Increase to a maximum of 8 mg orally 8-hourly depending on positive and negative effects, e.g. drowsiness.',
    source: 'Guideline §5.1.4.2',
    note: 'Guideline text; flat dose, not weight-based. The prescriber confirms.',
  },
  {
    medicine: 'Diazepam',
    text: '2.5 - 10 mg every 4-6 hours as required to help with spasms, agitation and anxiety.',
    source: 'Guideline §5.1.4.3',
    note: 'Guideline text; route not stated and dose not weight-based. The prescriber confirms.',
  },
];

export const LUMBAR_PUNCTURE_WARNING =
  'DO NOT PERFORM A LUMBAR PUNCTURE – there is a risk that the catheter will be damaged in the process (Guideline §5.1.3.3, §5.2.3.6).';

/** Withdrawal management steps beyond the oral medicines (§5.1.3–4). */
export const WITHDRAWAL_STEPS: readonly string[] = [
  'Baclofen withdrawal is a medical emergency (§5.1).',
  LUMBAR_PUNCTURE_WARNING,
  'X-ray the pump and the entire catheter to the tip: AP and lateral/oblique of the pump, AP spine, upper thoracic/cervical spine (§5.1.3.6).',
  'Look for a differential diagnosis or cause: pump site, lumbar wound, pain triggers, infection, allergic reaction (§5.1.3.5).',
  'If symptoms resemble dystonic status, IV medication may be needed, generally in PICU; call the PICU registrar/fellow on call (§5.1.4.4–5).',
  'Ensure adequate hydration; IV fluids may be needed (§5.1.4.6).',
];

/** Who a step applies to: every child, only with a pump, or whenever a catheter may be in place. */
export type StepScope = 'any' | 'pump' | 'catheter';
export interface GuidanceStep {
  readonly text: string;
  readonly scope: StepScope;
}

/** Overdose steps (§5.2.3–4): there is no specific antidote. */
export const OVERDOSE_STEP_LIST: readonly GuidanceStep[] = [
  { text: 'There is no specific antidote for baclofen overdose (§5.2).', scope: 'any' },
  { text: 'Call the Poisons Information Centre: 13 11 26 (§5.2.3.3).', scope: 'any' },
  { text: 'Supportive care of the patient (§5.2.4.1).', scope: 'any' },
  { text: 'Stop further drug administration (§5.2.4.2).', scope: 'any' },
  // A reservoir exists only with a pump.
  { text: 'Remove residual baclofen solution from the pump reservoir and catheter (§5.2.4.4).', scope: 'pump' },
  { text: 'Intubate and ventilate a patient with respiratory depression, if necessary, until the drug is eliminated (§5.2.4.5).', scope: 'any' },
  { text: 'Support cardiovascular function (§5.2.4.6).', scope: 'any' },
  { text: 'For convulsions, intravenous diazepam may be given cautiously (§5.2.4.7).', scope: 'any' },
  // The guideline's reason is the catheter (§5.2.3.6): it applies wherever one may be in place.
  { text: LUMBAR_PUNCTURE_WARNING, scope: 'catheter' },
  { text: 'Consider 1:1 nursing (specialling) and contact the Bed Manager/After Hours Nurse Manager (key points; §3.4.5).', scope: 'any' },
];

export const OVERDOSE_STEPS: readonly string[] = OVERDOSE_STEP_LIST.map((s) => s.text);

/** After a test dose (no pump): when the danger is greatest and what else to watch (§3.4.6–7). */
export const TEST_DOSE_OVERDOSE_NOTES: readonly string[] = [
  'After a test dose the effect peaks at 2–4 hours post-injection and wears off by 8 hours (§3.4.6): keep observing through the peak.',
  'Notify the medical team if the child has not voided urine since the test dose (§3.4.7).',
];

/** The overdose steps for a child with or without a pump (and catheter) in place. */
export function overdoseStepsFor(where: { readonly pump: boolean; readonly catheter: boolean }): readonly string[] {
  return OVERDOSE_STEP_LIST.filter((s) => s.scope === 'any' || (s.scope === 'pump' && where.pump) || (s.scope === 'catheter' && (where.catheter || where.pump))).map((s) => s.text);
}

export const POISONS_INFORMATION_PHONE = '13 11 26';

/** The MRI interrogation task is due NO LATER THAN 2 hours after the scan ends (§2; A14). */
export const MRI_INTERROGATION_WITHIN_HOURS = 2;

export interface MriInterrogationTask {
  readonly mriEndedAt: Date;
  readonly dueBy: Date;
  readonly status: 'due' | 'overdue' | 'done';
  readonly text: string;
}

/** After an MRI: pump interrogated and logs read by Kids Rehab no later than 2 h after the scan (A14). */
export function scheduleMriInterrogation(input: {
  readonly mriEndedAt: Instant;
  readonly now: Instant;
  readonly interrogatedAt?: Instant;
}): Result<Calculation<MriInterrogationTask, { mriEndedAt: string; now: string; interrogatedAt?: string }>> {
  const now = parseInstant('now', input.now);
  if (!now.ok) return now;
  const ended = parsePastInstant('mriEndedAt', input.mriEndedAt, now.value);
  if (!ended.ok) return ended;
  let interrogated: Date | undefined;
  if (input.interrogatedAt !== undefined) {
    const i = parsePastInstant('interrogatedAt', input.interrogatedAt, now.value);
    if (!i.ok) return i;
    interrogated = i.value;
  }
  const dueBy = addHours(ended.value, MRI_INTERROGATION_WITHIN_HOURS);
  const done = interrogated !== undefined && interrogated.getTime() >= ended.value.getTime();
  const status = done ? 'done' : now.value.getTime() > dueBy.getTime() ? 'overdue' : 'due';
  return ok({
    value: {
      mriEndedAt: ended.value,
      dueBy,
      status,
      text: 'The MRI magnetic field can stall the pump rotor: Kids Rehab to interrogate the pump and read the logs no later than 2 hours after the MRI ends (§2).',
    },
    inputs: { mriEndedAt: ended.value.toISOString(), now: now.value.toISOString(), ...(interrogated ? { interrogatedAt: interrogated.toISOString() } : {}) },
    source: 'Guideline §2 (MRI)',
    notes: ['The guideline says "2 hours following completion of the MRI"; the app makes it a deadline, not a start time.'],
    warnings: [],
  });
}

export const MRI_PRECAUTION =
  'MRI: the magnetic field can temporarily stall the pump rotor, so no baclofen is delivered. Any child having an MRI must have the pump interrogated and the logs read by Kids Rehab no later than 2 hours after the MRI ends (§2).';

export const DIATHERMY_PRECAUTION =
  'Diathermy: no short wave (monopolar) diathermy within 30 cm of the pump (tissue heating can change drug delivery and cause an overdose); use bipolar cautery instead. Interrogate the pump post-operatively (Kids Rehab) after any surgery involving diathermy (§2).';
