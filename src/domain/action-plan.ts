/**
 * The printable ITB Action Plan's content (Guideline §5.1.3.4, §5.2.3.7; clinical-reference §5).
 * A pure builder: the view only lays it out. A part that cannot be computed says why (with the
 * failing field) instead of showing a number; missing data reads "not recorded".
 */
import { calculateAge, type Age } from './age';
import type { Calculation, DomainWarning } from './calculation';
import {
  calculateWithdrawalRescueDose,
  DIATHERMY_PRECAUTION,
  LUMBAR_PUNCTURE_WARNING,
  MRI_PRECAUTION,
  OVERDOSE_STEPS,
  WITHDRAWAL_ADJUNCT_MEDICINES,
  WITHDRAWAL_STEPS,
  type GuidelineMedicineText,
  type OralBaclofenRescue,
} from './emergency';
import { forecastPumpReplacement, forecastRefill, type DoseScheduleEntry, type PumpReplacementForecast, type RefillForecast } from './refill';
import { fail, ok, type DomainInputError, type Result } from './result';
import { OVERDOSE_SIGNS, WITHDRAWAL_SIGNS, type SignDefinition } from './syndromes';
import { parseInstant, parsePastInstant, type Instant } from './time';
import type { MicrogramsPerDay, MicrogramsPerMl, Millilitres } from './units';
import type { WeightObservation, WeightOptions } from './weight';

export interface ActionPlanContact {
  readonly role: string;
  readonly name?: string;
  readonly phone: string;
  /** e.g. "Business hours", "After hours via switchboard". */
  readonly when?: string;
  /** A number a family can ring from home (printed on the family page). */
  readonly forFamily?: boolean;
  /** A sandbox sample the site has not replaced: printed "sample — set by the site". */
  readonly sample?: boolean;
}

/** Seed 000 (test-dose fact sheet): "In an emergency, always call 000"; §5.1.3.1, §5.2.3.1: the nearest hospital. */
export const EMERGENCY_CALL = 'In an emergency, always call 000 and go to the nearest emergency department.';
/** Seed 004 (pump FAQ): "If you hear an alarm, it is an emergency." */
export const PUMP_ALARM_EMERGENCY =
  'A pump alarm is an emergency: it sounds when the pump is running low on medicine or has stopped (pump FAQ). Treat as possible withdrawal.';
/** §5.1.4.1c. */
export const ORAL_DOSES_WITH_PUMP = 'Oral doses are administered even though the baclofen pump may also be delivering a dose (§5.1.4.1c).';
/** §5.1.3.2 (withdrawal), §5.2.3.2 (overdose). */
export const CALL_KIDS_REHAB =
  'Emergency physicians start management; call Kids Rehab (physician on call) once the child has been initially assessed (§5.1.3.2, §5.2.3.2).';
export const SAMPLE_CONTACT_TEXT = 'sample — set by the site';

export interface ActionPlanInput {
  readonly asOf: Instant;
  readonly patient: {
    readonly name: string;
    readonly birthDate?: Instant;
    /** Patient.gender, for the weight-for-age check (WHO 2006 / CDC 2000 charts by sex). */
    readonly sex?: string;
    readonly identifiers?: readonly { readonly label: string; readonly value: string }[];
  };
  readonly pump?: { readonly model?: string; readonly reservoirMl?: number; readonly implantDate?: Instant; readonly eriDate?: Instant };
  readonly drug?: { readonly name: string; readonly concentration?: MicrogramsPerMl };
  readonly currentDose?: { readonly dailyDose: MicrogramsPerDay; readonly mode?: string };
  readonly lastRefill?: { readonly at: Instant; readonly volume: Millilitres; readonly alarmVolume?: Millilitres };
  readonly lastDoseChangeAt?: Instant;
  /** Dose in effect at the last refill and changes since (for the refill forecast). */
  readonly doseSchedule?: readonly DoseScheduleEntry[];
  readonly stabilityDays?: number;
  readonly weight?: WeightObservation;
  readonly weightOptions?: WeightOptions;
  /** A weight outside the usual range for age was confirmed by the clinician this session. */
  readonly weightConfirmed?: boolean;
  readonly recentMriAt?: Instant;
  /** Site configuration (A16): never hard-coded. */
  readonly contacts: readonly ActionPlanContact[];
}

export type Part<T> = { readonly available: true; readonly value: T } | { readonly available: false; readonly reason: string; readonly error?: DomainInputError };

const part = <T>(r: Result<T>): Part<T> => (r.ok ? { available: true, value: r.value } : { available: false, reason: r.error.message, error: r.error });
const notRecorded = <T>(what: string): Part<T> => ({ available: false, reason: `${what} not recorded.` });

export interface ActionPlan {
  readonly title: 'ITB Action Plan';
  readonly asOf: Date;
  readonly patient: { readonly name: string; readonly birthDate?: Date; readonly age: Part<Age>; readonly identifiers: readonly { label: string; value: string }[] };
  readonly pump: { readonly model: string; readonly reservoirMl?: number; readonly drug: string; readonly concentration?: MicrogramsPerMl; readonly replacement: Part<Calculation<PumpReplacementForecast, unknown>> };
  readonly currentDose: Part<{ readonly dailyDose: MicrogramsPerDay; readonly mode?: string }>;
  readonly lastEvents: { readonly lastRefill: Part<Date>; readonly implant: Part<Date>; readonly lastDoseChange: Part<Date>; readonly recentMri: Part<Date> };
  readonly nextRefill: Part<Calculation<RefillForecast, unknown>>;
  readonly withdrawal: {
    readonly signs: readonly SignDefinition[];
    readonly actions: readonly string[];
    readonly oralBaclofen: Part<Calculation<OralBaclofenRescue, { weightKg: number; weightRecordedAt: string; now: string }>>;
    readonly adjuncts: readonly GuidelineMedicineText[];
    /** §5.1.4.1c, printed beside the rescue dose. */
    readonly oralWithPump: string;
  };
  readonly overdose: { readonly signs: readonly SignDefinition[]; readonly actions: readonly string[] };
  readonly doNotLumbarPuncture: string;
  readonly precautions: { readonly mri: string; readonly diathermy: string };
  readonly contacts: readonly ActionPlanContact[];
  /** True while any contact is a sandbox sample the site has not replaced. */
  readonly contactsAreSamples: boolean;
  readonly emergency: { readonly call: string; readonly pumpAlarm: string; readonly callKidsRehab: string };
  readonly warnings: readonly DomainWarning[];
}

/** Assemble the Action Plan content as of a given time. */
export function buildActionPlan(input: ActionPlanInput): Result<ActionPlan> {
  const asOf = parseInstant('asOf', input.asOf);
  if (!asOf.ok) return asOf;
  const name = input.patient.name.trim();
  if (name.length === 0) return fail('patient.name', 'patient.name is required on an Action Plan.');
  const now = asOf.value;
  const pastDate = (field: string, v: Instant | undefined, what: string): Part<Date> =>
    v === undefined ? notRecorded(what) : part(parsePastInstant(field, v, now));

  let birthDate: Date | undefined;
  let age: Part<Age> = notRecorded('Birth date');
  if (input.patient.birthDate !== undefined) {
    const b = calculateAge(input.patient.birthDate, input.asOf);
    if (!b.ok) return b;
    const parsed = parseInstant('patient.birthDate', input.patient.birthDate);
    if (parsed.ok) birthDate = parsed.value;
    age = { available: true, value: b.value.value };
  }

  const replacement: ActionPlan['pump']['replacement'] =
    input.pump?.implantDate === undefined
      ? notRecorded('Implant date')
      : part(forecastPumpReplacement({ implantDate: input.pump.implantDate, now: input.asOf, ...(input.pump.eriDate !== undefined ? { eriDate: input.pump.eriDate } : {}) }));

  let nextRefill: ActionPlan['nextRefill'];
  if (!input.lastRefill) nextRefill = notRecorded('Last refill');
  else if (!input.drug?.concentration) nextRefill = notRecorded('Drug concentration');
  else {
    const schedule = input.doseSchedule ?? (input.currentDose ? [{ effectiveFrom: input.lastRefill.at, dailyDose: input.currentDose.dailyDose }] : []);
    nextRefill = part(
      forecastRefill({
        fillDate: input.lastRefill.at,
        fillVolume: input.lastRefill.volume,
        concentration: input.drug.concentration,
        doseSchedule: schedule,
        now: input.asOf,
        ...(input.lastRefill.alarmVolume !== undefined ? { alarmVolume: input.lastRefill.alarmVolume } : {}),
        ...(input.stabilityDays !== undefined ? { stabilityDays: input.stabilityDays } : {}),
      }),
    );
  }

  const oralBaclofen: ActionPlan['withdrawal']['oralBaclofen'] = input.weight
    ? part(
        calculateWithdrawalRescueDose({
          weight: input.weight,
          now: input.asOf,
          ...(input.weightOptions ? { weightOptions: input.weightOptions } : {}),
          patient: { birthDate: typeof input.patient.birthDate === 'string' ? input.patient.birthDate : undefined, sex: input.patient.sex },
          weightConfirmed: input.weightConfirmed === true,
        }),
      )
    : notRecorded('Weight');

  const warnings: DomainWarning[] = [];
  for (const p of [nextRefill, oralBaclofen, replacement]) if (p.available) warnings.push(...p.value.warnings);
  if (input.contacts.length === 0) {
    return fail('contacts', 'An Action Plan needs at least one contact (set in the site configuration).');
  }

  return ok({
    title: 'ITB Action Plan',
    asOf: now,
    patient: { name, ...(birthDate ? { birthDate } : {}), age, identifiers: [...(input.patient.identifiers ?? [])] },
    pump: {
      model: input.pump?.model ?? 'not recorded',
      ...(input.pump?.reservoirMl !== undefined ? { reservoirMl: input.pump.reservoirMl } : {}),
      drug: input.drug?.name ?? 'Baclofen (intrathecal)',
      ...(input.drug?.concentration !== undefined ? { concentration: input.drug.concentration } : {}),
      replacement,
    },
    currentDose: input.currentDose ? { available: true, value: input.currentDose } : notRecorded('Current daily dose'),
    lastEvents: {
      lastRefill: pastDate('lastRefill.at', input.lastRefill?.at, 'Last refill'),
      implant: pastDate('pump.implantDate', input.pump?.implantDate, 'Implant date'),
      lastDoseChange: pastDate('lastDoseChangeAt', input.lastDoseChangeAt, 'Last dose change'),
      recentMri: pastDate('recentMriAt', input.recentMriAt, 'Recent MRI'),
    },
    nextRefill,
    withdrawal: { signs: WITHDRAWAL_SIGNS, actions: WITHDRAWAL_STEPS, oralBaclofen, adjuncts: WITHDRAWAL_ADJUNCT_MEDICINES, oralWithPump: ORAL_DOSES_WITH_PUMP },
    overdose: { signs: OVERDOSE_SIGNS, actions: OVERDOSE_STEPS },
    doNotLumbarPuncture: LUMBAR_PUNCTURE_WARNING,
    precautions: { mri: MRI_PRECAUTION, diathermy: DIATHERMY_PRECAUTION },
    contacts: input.contacts,
    contactsAreSamples: input.contacts.some((c) => c.sample === true),
    emergency: { call: EMERGENCY_CALL, pumpAlarm: PUMP_ALARM_EMERGENCY, callKidsRehab: CALL_KIDS_REHAB },
    warnings,
  });
}

/**
 * Whether the plan may be printed here. Sample contacts ("Pager 4321") look real but ring no one:
 * outside the sandbox a plan with them is refused until the site sets its own (issue 13 item 5).
 */
export function checkPlanPrintable(plan: ActionPlan, where: { readonly sandbox: boolean }): { readonly ok: true; readonly note?: string } | { readonly ok: false; readonly reason: string } {
  if (!plan.contactsAreSamples) return { ok: true };
  if (where.sandbox) return { ok: true, note: `Contacts marked "${SAMPLE_CONTACT_TEXT}" are sandbox samples.` };
  return {
    ok: false,
    reason: `This plan cannot be printed: its contacts are samples (${SAMPLE_CONTACT_TEXT}). The site sets its own contacts in site-config.json before a plan is given to a family.`,
  };
}
