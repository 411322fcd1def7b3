/**
 * Escalation zones for a round of vital signs (Guideline §3.4.3–5): normal, yellow (clinical
 * review by the Rehabilitation Registrar) or red (rapid response call).
 *
 * The hospital's own SPOC thresholds are not public (clinical-reference §1.2), so the app ships a
 * clearly labelled DEFAULT table built from published sources (clinical-reference §1.3):
 *  - red    = Paediatric MET triggers (Pediatrics table; SBP, bradycardia, tachycardia,
 *             tachypnoea, SpO2 < 90% in any O2);
 *  - yellow = Bedside PEWS (Parshuram 2009, Table 1) subscore-2 cut-offs for HR, SBP and RR, the
 *             legible PEWS SpO2 cut-off (≤ 90) and being on oxygen (PEWS O2-therapy item).
 *  - derived, conservative (pending the hospital's SPOC values): a LOW respiratory rate at the
 *             Bedside PEWS subscore-4 cut-off is red (respiratory depression is the main danger
 *             of baclofen overdose, Guideline §2, §5.2.2, and the MET list has no low-RR trigger);
 *             AVPU P or U is red and V is yellow (MET "GCS drop > 2"); a recorded seizure is red
 *             (MET "seizures").
 * Each rule carries its derivation. Sites replace the table through configuration validated by
 * `callingCriteriaTableSchema`; per-patient Altered Calling Criteria override per parameter.
 */
import { calculateAge } from './age';
import { toSiteIso } from './clinical-time';
import type { Calculation } from './calculation';
import { fail, ok, type Result } from './result';
import { parseInstant, type Instant } from './time';
import { validateVitalSignsRound, type Avpu, type NumericVitalSign, type VitalSignsRound } from './vital-signs';

export type Zone = 'normal' | 'yellow' | 'red';

export {
  AGE_BANDS,
  alteredCallingCriteriaSchema,
  bandCriteriaSchema,
  callingCriteriaTableSchema,
  criteriaRuleSchema,
  type AgeBand,
  type AlteredCallingCriteria,
  type CallingCriteriaTable,
  type CriteriaParameter,
  type CriteriaRule,
} from './calling-criteria-schema';
import { alteredCallingCriteriaSchema, callingCriteriaTableSchema } from './calling-criteria-schema';
import type { AgeBand, AlteredCallingCriteria, CallingCriteriaTable, CriteriaParameter, CriteriaRule } from './calling-criteria-schema';

const MET = 'Paediatric MET trigger (Pediatrics table)';
const PEWS2 = 'Bedside PEWS subscore-2 cut-off (Parshuram 2009 Table 1)';
/** Derived rules: conservative choices of ours, not a published trigger; replace with SPOC values. */
const DERIVED_LOW_RR =
  'DERIVED, conservative, pending the hospital\'s SPOC values: Bedside PEWS subscore-4 low respiratory-rate cut-off (Parshuram 2009 Table 1) as red, because respiratory depression is the main danger of baclofen overdose (Guideline §2, §5.2.2) and the MET list has no low-rate trigger';

/**
 * Temperature. Neither published source in clinical-reference §1.3 has a temperature item (the
 * Paediatric MET triggers list SBP, heart rate, respiratory rate, SpO2, GCS, seizures and concern;
 * Bedside PEWS scores HR, SBP, CRT, RR, effort, SpO2 and O2 therapy), and the SPOC temperature
 * rows are unconfirmed (§1.2). So these two rows are DERIVED defaults, labelled as such: fever is
 * a sign of ITB withdrawal (Guideline §2, §5.1.2), withdrawal is a medical emergency (§5.1), and a
 * fever must never sit under green. 38.0 °C is the conventional fever threshold and 36.0 °C the
 * conventional lower limit of normal; neither number is from a stored source.
 */
export const FEVER_THRESHOLD_C = 38;
export const LOW_TEMPERATURE_C = 36;
const DERIVED_FEVER =
  'DERIVED default, not from a published trigger table (neither the MET triggers nor Bedside PEWS has a temperature item): temperature at or above 38.0 °C (conventional fever threshold, unconfirmed) as yellow, because fever is a sign of ITB withdrawal (Guideline §2, §5.1.2); replace with the hospital\'s SPOC values';
const DERIVED_LOW_TEMPERATURE =
  'DERIVED default, not from a published trigger table (clinical-reference §1.3 has no temperature item): temperature below 36.0 °C (conventional lower limit of normal, unconfirmed) as yellow; replace with the hospital\'s SPOC values';

/**
 * Low heart-rate triggers reviewed against the published sources (issue 12): every MET
 * bradycardia value is transcribed as printed in the Pediatrics table (clinical-reference §1.3 A).
 * Set beside the Bedside PEWS heart-rate rows (§1.3 B), 0–3 mo, 3–12 mo, 1–4 y and > 12 y sit at
 * or beyond the PEWS subscore-1 cut-off; 5–12 y (< 80) does not: 71–79/min scores 0 (normal) in
 * PEWS 4–12 y (> 70 & < 110), so a sleeping school-age child's heart rate can meet this red
 * trigger. It is kept as published (a site replaces it with its SPOC value) and says so on screen.
 */
export const REVIEW_MARK = 'REVIEW:';
const LOW_HR_REVIEW_5_12 = `${REVIEW_MARK} 71–79/min scores 0 (normal) in Bedside PEWS 4–12 y (> 70 & < 110): a sleeping child's normal heart rate can meet this published MET trigger. It is kept as published because bradycardia is a sign of baclofen overdose (Guideline §5.2.2) and a false call is the safer error; a medical officer can set Altered Calling Criteria for this child; confirm against the hospital's SPOC chart`;
/**
 * Age 12 is in two source bands as printed: MET "5–12 y" and ">12 y", Bedside PEWS "4–12 y" and
 * ">12 y" (the ViCTOR band "12–18 y" starts at the 12th birthday). Resolved as clinical-reference
 * §4.1 resolves a boundary: the conservative choice, here the more sensitive trigger of the two
 * for each rule, from the 12th to the 13th birthday, each row saying which source band it took.
 */
const AGE_12 = 'age 12 is in both source bands as printed; the more sensitive trigger of the two is used from the 12th to the 13th birthday (clinical-reference §4.1 boundary rule)';
const LOW_HR_REVIEWED = 'reviewed against the published table (issue 12): transcribed as printed, at or beyond the Bedside PEWS subscore-1 low heart-rate cut-off for the age';

type Num = Extract<CriteriaRule, { kind: 'numeric' }>;
const rule = (parameter: NumericVitalSign, comparison: Num['comparison'], value: number, zone: 'yellow' | 'red', derivation: string): Num => ({
  kind: 'numeric', parameter, comparison, value, zone, derivation,
});

/** Rules shared by all bands. */
const commonRules = (): CriteriaRule[] => [
  {
    kind: 'avpu', anyOf: ['P', 'U'], zone: 'red',
    derivation: `DERIVED, conservative, pending the hospital's SPOC values: responds only to pain or unresponsive is a decreased level of consciousness (${MET}: "GCS drop > 2"; overdose sign "altered level of consciousness", Guideline §2)`,
  },
  {
    kind: 'avpu', anyOf: ['V'], zone: 'yellow',
    derivation: 'DERIVED, conservative, pending the hospital\'s SPOC values: responds only to voice is a reduced level of consciousness below the MET "GCS drop > 2" trigger; drowsiness is an overdose sign (Guideline §2)',
  },
  {
    kind: 'seizure', zone: 'red',
    derivation: `DERIVED, conservative, pending the hospital's SPOC values: ${MET}: "seizures"; seizures are an overdose sign (Guideline §2, §5.2.2)`,
  },
  rule('spo2', '<', 90, 'red', `${MET}: SpO2 < 90% in any amount of O2`),
  rule('temperature', '>=', FEVER_THRESHOLD_C, 'yellow', DERIVED_FEVER),
  rule('temperature', '<', LOW_TEMPERATURE_C, 'yellow', DERIVED_LOW_TEMPERATURE),
  rule('spo2', '<=', 90, 'yellow', `Bedside PEWS SpO2 cut-off "≤ 90" (the only legible SpO2 value; subscore column unconfirmed) — conservative yellow`),
  { kind: 'oxygen', zone: 'yellow', derivation: 'Bedside PEWS oxygen-therapy item (any supplemental O2 scores; subscore column unconfirmed) — conservative yellow' },
];

/**
 * The default table. Band mapping (ours ← source bands):
 *  <3 mo ← MET "term–3 mo", PEWS "0–3 mo";  3–12 mo ← MET "4–12 mo", PEWS "3–12 mo";
 *  1–4 y ← MET "1–4 y", PEWS "1–4 y";  5–11 y ← MET "5–12 y", PEWS "4–12 y";
 *  12 y ← the more sensitive of MET "5–12 y"/">12 y" and PEWS "4–12 y"/">12 y", rule by rule
 *  (age 12 is in both as printed); 13–18 y ← MET ">12 y", PEWS ">12 y".
 * At 3 months (in MET "term–3 mo" as printed) the 4–12 mo values are used: each is as or more
 * sensitive (SBP < 60, RR > 50), so that boundary needs no split. Every bradycardia value is as
 * printed in the stored Pediatrics table (checked for issue 12: none is lower there).
 * Where a PEWS yellow cut-off lies beyond the MET red trigger (e.g. 1–4 y heart rate ≤ 70 vs red
 * < 90), the red rule fires first and the yellow rule adds nothing; both are kept for audit.
 * Low respiratory rate (red at the PEWS subscore-4 cut-off), AVPU (P/U red, V yellow) and a
 * recorded seizure (red) are DERIVED rules of ours, labelled so in each derivation: conservative
 * choices, pending the hospital's SPOC values, because respiratory depression and a falling level
 * of consciousness are the dangers of baclofen overdose (Guideline §2, §5.2.2).
 * No published source in the reference gives temperature, pain or diastolic criteria. Temperature
 * gets two DERIVED yellow rows (≥ 38.0 °C fever, a withdrawal sign, Guideline §2; < 36.0 °C),
 * labelled so; pain and diastolic stay unclassified (reported as `notCovered`) for the site.
 */
export const DEFAULT_CALLING_CRITERIA: CallingCriteriaTable = {
  id: 'itb-companion-default-published-sources',
  version: '2026-3',
  label: 'DEFAULT (not SPOC): published MET triggers as red, Bedside PEWS subscore-2 as yellow, plus derived conservative rules (low respiratory rate, AVPU, seizure, temperature). Replace with the CHW-approved SPOC table.',
  isDefault: true,
  sources: [
    'Paediatric MET triggers, Pediatrics',
    'Bedside PEWS, Parshuram et al. Crit Care 2009;13:R135, Table 1',
  ],
  bands: [
    {
      band: '<3mo', minAgeMonths: 0, maxAgeMonthsExclusive: 3,
      rules: [
        rule('systolicBp', '<', 50, 'red', `${MET}, term–3 mo: SBP < 50`),
        rule('heartRate', '<', 100, 'red', `${MET}, term–3 mo: bradycardia < 100; ${LOW_HR_REVIEWED}`),
        rule('heartRate', '>', 180, 'red', `${MET}, term–3 mo: tachycardia > 180`),
        rule('respiratoryRate', '>', 60, 'red', `${MET}, term–3 mo: tachypnoea > 60`),
        rule('respiratoryRate', '<=', 15, 'red', `${DERIVED_LOW_RR}; RR 0–3 mo: ≤ 15`),
        rule('heartRate', '>=', 180, 'yellow', `${PEWS2}, HR 0–3 mo: ≥ 180`),
        rule('heartRate', '<=', 90, 'yellow', `${PEWS2}, HR 0–3 mo: ≤ 90`),
        rule('systolicBp', '>=', 100, 'yellow', `${PEWS2}, SBP 0–3 mo: ≥ 100`),
        rule('systolicBp', '<=', 50, 'yellow', `${PEWS2}, SBP 0–3 mo: ≤ 50`),
        rule('respiratoryRate', '>=', 81, 'yellow', `${PEWS2}, RR 0–3 mo: ≥ 81`),
        rule('respiratoryRate', '<=', 19, 'yellow', `${PEWS2}, RR 0–3 mo: ≤ 19`),
        ...commonRules(),
      ],
    },
    {
      band: '3-12mo', minAgeMonths: 3, maxAgeMonthsExclusive: 12,
      rules: [
        rule('systolicBp', '<', 60, 'red', `${MET}, 4–12 mo: SBP < 60`),
        rule('heartRate', '<', 100, 'red', `${MET}, 4–12 mo: bradycardia < 100; ${LOW_HR_REVIEWED}`),
        rule('heartRate', '>', 180, 'red', `${MET}, 4–12 mo: tachycardia > 180`),
        rule('respiratoryRate', '>', 50, 'red', `${MET}, 4–12 mo: tachypnoea > 50`),
        rule('respiratoryRate', '<=', 15, 'red', `${DERIVED_LOW_RR}; RR 3–12 mo: ≤ 15`),
        rule('heartRate', '>=', 170, 'yellow', `${PEWS2}, HR 3–12 mo: ≥ 170`),
        rule('heartRate', '<=', 80, 'yellow', `${PEWS2}, HR 3–12 mo: ≤ 80`),
        rule('systolicBp', '>=', 120, 'yellow', `${PEWS2}, SBP 3–12 mo: ≥ 120`),
        rule('systolicBp', '<=', 70, 'yellow', `${PEWS2}, SBP 3–12 mo: ≤ 70`),
        rule('respiratoryRate', '>=', 71, 'yellow', `${PEWS2}, RR 3–12 mo: ≥ 71`),
        rule('respiratoryRate', '<=', 19, 'yellow', `${PEWS2}, RR 3–12 mo: ≤ 19`),
        ...commonRules(),
      ],
    },
    {
      band: '1-4y', minAgeMonths: 12, maxAgeMonthsExclusive: 60,
      rules: [
        rule('systolicBp', '<', 70, 'red', `${MET}, 1–4 y: SBP < 70`),
        rule('heartRate', '<', 90, 'red', `${MET}, 1–4 y: bradycardia < 90; ${LOW_HR_REVIEWED}`),
        rule('heartRate', '>', 160, 'red', `${MET}, 1–4 y: tachycardia > 160`),
        rule('respiratoryRate', '>', 40, 'red', `${MET}, 1–4 y: tachypnoea > 40`),
        rule('respiratoryRate', '<=', 12, 'red', `${DERIVED_LOW_RR}; RR 1–4 y: ≤ 12`),
        rule('heartRate', '>=', 150, 'yellow', `${PEWS2}, HR 1–4 y: ≥ 150`),
        rule('heartRate', '<=', 70, 'yellow', `${PEWS2}, HR 1–4 y: ≤ 70`),
        rule('systolicBp', '>=', 125, 'yellow', `${PEWS2}, SBP 1–4 y: ≥ 125`),
        rule('systolicBp', '<=', 75, 'yellow', `${PEWS2}, SBP 1–4 y: ≤ 75`),
        rule('respiratoryRate', '>=', 61, 'yellow', `${PEWS2}, RR 1–4 y: ≥ 61`),
        rule('respiratoryRate', '<=', 15, 'yellow', `${PEWS2}, RR 1–4 y: ≤ 15`),
        ...commonRules(),
      ],
    },
    {
      band: '5-11y', minAgeMonths: 60, maxAgeMonthsExclusive: 144,
      rules: [
        rule('systolicBp', '<', 80, 'red', `${MET}, 5–12 y: SBP < 80`),
        rule('heartRate', '<', 80, 'red', `${MET}, 5–12 y: bradycardia < 80. ${LOW_HR_REVIEW_5_12}`),
        rule('heartRate', '>', 140, 'red', `${MET}, 5–12 y: tachycardia > 140`),
        rule('respiratoryRate', '>', 40, 'red', `${MET}, 5–12 y: tachypnoea > 40`),
        rule('respiratoryRate', '<=', 10, 'red', `${DERIVED_LOW_RR}; RR 4–12 y: ≤ 10`),
        rule('heartRate', '>=', 130, 'yellow', `${PEWS2}, HR 4–12 y: ≥ 130`),
        rule('heartRate', '<=', 60, 'yellow', `${PEWS2}, HR 4–12 y: ≤ 60`),
        rule('systolicBp', '>=', 140, 'yellow', `${PEWS2}, SBP 4–12 y: ≥ 140`),
        rule('systolicBp', '<=', 80, 'yellow', `${PEWS2}, SBP 4–12 y: ≤ 80`),
        rule('respiratoryRate', '>=', 41, 'yellow', `${PEWS2}, RR 4–12 y: ≥ 41`),
        rule('respiratoryRate', '<=', 14, 'yellow', `${PEWS2}, RR 4–12 y: ≤ 14`),
        ...commonRules(),
      ],
    },
    {
      band: '12y', minAgeMonths: 144, maxAgeMonthsExclusive: 156,
      rules: [
        rule('systolicBp', '<', 90, 'red', `${MET}, >12 y: SBP < 90 (5–12 y: < 80); ${AGE_12}`),
        rule('heartRate', '<', 80, 'red', `${MET}, 5–12 y: bradycardia < 80 (>12 y: < 60); ${AGE_12}. ${LOW_HR_REVIEW_5_12}`),
        rule('heartRate', '>', 130, 'red', `${MET}, >12 y: tachycardia > 130 (5–12 y: > 140); ${AGE_12}`),
        rule('respiratoryRate', '>', 30, 'red', `${MET}, >12 y: tachypnoea > 30 (5–12 y: > 40); ${AGE_12}`),
        rule('respiratoryRate', '<=', 10, 'red', `${DERIVED_LOW_RR}; RR 4–12 y: ≤ 10 (>12 y: ≤ 9); ${AGE_12}`),
        rule('heartRate', '>=', 120, 'yellow', `${PEWS2}, HR >12 y: ≥ 120 (4–12 y: ≥ 130); ${AGE_12}`),
        rule('heartRate', '<=', 60, 'yellow', `${PEWS2}, HR 4–12 y: ≤ 60 (>12 y: < 50); ${AGE_12}`),
        rule('systolicBp', '>=', 140, 'yellow', `${PEWS2}, SBP 4–12 y: ≥ 140 (>12 y: ≥ 150); ${AGE_12}`),
        rule('systolicBp', '<=', 85, 'yellow', `${PEWS2}, SBP >12 y: ≤ 85 (4–12 y: ≤ 80); ${AGE_12}`),
        rule('respiratoryRate', '>=', 23, 'yellow', `${PEWS2}, RR >12 y: ≥ 23 (4–12 y: ≥ 41); ${AGE_12}`),
        rule('respiratoryRate', '<=', 14, 'yellow', `${PEWS2}, RR 4–12 y: ≤ 14 (>12 y: ≤ 10); ${AGE_12}`),
        ...commonRules(),
      ],
    },
    {
      // From the 13th birthday ("> 12 y") up to the 19th: "12–18 y" includes 18-year-olds.
      band: '13-18y', minAgeMonths: 156, maxAgeMonthsExclusive: 228,
      rules: [
        rule('systolicBp', '<', 90, 'red', `${MET}, >12 y: SBP < 90`),
        rule('heartRate', '<', 60, 'red', `${MET}, >12 y: bradycardia < 60; ${LOW_HR_REVIEWED}`),
        rule('heartRate', '>', 130, 'red', `${MET}, >12 y: tachycardia > 130`),
        rule('respiratoryRate', '>', 30, 'red', `${MET}, >12 y: tachypnoea > 30`),
        rule('respiratoryRate', '<=', 9, 'red', `${DERIVED_LOW_RR}; RR >12 y: ≤ 9`),
        rule('heartRate', '>=', 120, 'yellow', `${PEWS2}, HR >12 y: ≥ 120`),
        rule('heartRate', '<', 50, 'yellow', `${PEWS2}, HR >12 y: < 50 (strict, as printed)`),
        rule('systolicBp', '>=', 150, 'yellow', `${PEWS2}, SBP >12 y: ≥ 150`),
        rule('systolicBp', '<=', 85, 'yellow', `${PEWS2}, SBP >12 y: ≤ 85`),
        rule('respiratoryRate', '>=', 23, 'yellow', `${PEWS2}, RR >12 y: ≥ 23`),
        rule('respiratoryRate', '<=', 10, 'yellow', `${PEWS2}, RR >12 y: ≤ 10`),
        ...commonRules(),
      ],
    },
  ],
};

export interface ZoneTrigger {
  readonly parameter: CriteriaParameter | 'concern';
  readonly value: number | string | boolean;
  readonly zone: 'yellow' | 'red';
  /** e.g. "heartRate > 160". */
  readonly criterion: string;
  readonly derivation: string;
  /** True when the rule came from the patient's Altered Calling Criteria. */
  readonly altered: boolean;
}

export interface ZoneResult {
  readonly zone: Zone;
  readonly action: string;
  /** One trigger per parameter, at its highest zone (red before yellow), in table order. */
  readonly triggers: readonly ZoneTrigger[];
  /** 'unknown' when no birth date is recorded: only age-independent triggers were classified. */
  readonly band: AgeBand | 'unknown';
  /**
   * With the age unknown: recorded parameters whose zone depends on the age band (e.g. heart
   * rate 75 is red at 5–11 y, normal at 12–18 y). They are not classified; the view names them.
   */
  readonly ageDependent: readonly CriteriaParameter[];
  readonly tableId: string;
  readonly tableVersion: string;
  readonly isDefaultTable: boolean;
  /** Parameters whose rules came from Altered Calling Criteria. */
  readonly alteredParameters: readonly CriteriaParameter[];
  /** Parameters not recorded in this round (missing is never normal). */
  readonly notRecorded: readonly (NumericVitalSign | 'avpu')[];
  /** Recorded parameters the table has no rule for. */
  readonly notCovered: readonly (NumericVitalSign | 'avpu')[];
}

/** The action for a zone (Guideline §3.4.3–4). Contact numbers are site configuration (A16). */
export function zoneAction(zone: Zone): string {
  switch (zone) {
    case 'normal':
      return 'Continue observations as scheduled.';
    case 'yellow':
      return 'Yellow zone: initiate a prompt Clinical Review by the Rehabilitation Registrar (Guideline §3.4.3).';
    case 'red':
      return 'Red zone: make a Rapid Response Call (or arrest call) immediately (Guideline §3.4.4).';
    default:
      return zone satisfies never;
  }
}

const ruleParameter = (r: CriteriaRule): CriteriaParameter => {
  switch (r.kind) {
    case 'numeric':
      return r.parameter;
    case 'avpu':
      return 'avpu';
    case 'oxygen':
      return 'oxygen';
    case 'seizure':
      return 'seizure';
    default:
      return r satisfies never;
  }
};

const compare = (v: number, c: Num['comparison'], t: number): boolean => {
  switch (c) {
    case '<':
      return v < t;
    case '<=':
      return v <= t;
    case '>':
      return v > t;
    case '>=':
      return v >= t;
    default:
      return c satisfies never;
  }
};

export interface ZoneContext {
  /**
   * Undefined when no birth date is recorded: the round is classified by the rules that trigger
   * in every age band (SpO2, AVPU, seizure, concern, extreme values), never not at all (§3.4.4).
   */
  readonly birthDate: Instant | undefined;
  readonly now: Instant;
  /**
   * The site's zone (site-config `site.timeZone`): the age band is chosen on the site's calendar
   * date, so a child is not a year younger for the first hours of a birthday in Sydney while UTC
   * is still on the day before. Without it, `now`'s own offset (a string) or UTC (a Date) decides.
   */
  readonly timeZone?: string;
  /** Defaults to DEFAULT_CALLING_CRITERIA. */
  readonly criteria?: CallingCriteriaTable;
  readonly altered?: AlteredCallingCriteria;
}

/** Select the age band for an age in completed months. */
export function selectAgeBand(table: CallingCriteriaTable, ageMonths: number): Result<CallingCriteriaTable['bands'][number]> {
  const band = table.bands.find((b) => ageMonths >= b.minAgeMonths && ageMonths < b.maxAgeMonthsExclusive);
  return band ? ok(band) : fail('birthDate', `No calling-criteria band in "${table.label}" covers an age of ${ageMonths} months.`);
}

type RuleInUse = { rule: CriteriaRule; altered: boolean };

/** The triggers a set of rules gives for a round (concern is added separately). */
function evaluateRules(round: VitalSignsRound, rules: readonly RuleInUse[]): ZoneTrigger[] {
  const triggers: ZoneTrigger[] = [];
  for (const { rule: r, altered } of rules) {
    switch (r.kind) {
      case 'numeric': {
        const v = round[r.parameter];
        if (v !== undefined && compare(v, r.comparison, r.value)) {
          triggers.push({ parameter: r.parameter, value: v, zone: r.zone, criterion: `${r.parameter} ${r.comparison} ${r.value}`, derivation: r.derivation, altered });
        }
        break;
      }
      case 'avpu':
        if (round.avpu !== undefined && r.anyOf.includes(round.avpu)) {
          triggers.push({ parameter: 'avpu', value: round.avpu, zone: r.zone, criterion: `AVPU is ${r.anyOf.join('/')}`, derivation: r.derivation, altered });
        }
        break;
      case 'oxygen':
        if (round.onOxygen === true) {
          triggers.push({ parameter: 'oxygen', value: true, zone: r.zone, criterion: 'on supplemental oxygen', derivation: r.derivation, altered });
        }
        break;
      case 'seizure':
        if (round.seizure === true) {
          triggers.push({ parameter: 'seizure', value: true, zone: r.zone, criterion: 'seizure recorded', derivation: r.derivation, altered });
        }
        break;
      default:
        return r satisfies never;
    }
  }
  return triggers;
}

const zoneRank = (z: Zone): number => (z === 'red' ? 2 : z === 'yellow' ? 1 : 0);

/**
 * Each parameter once, at its highest zone (issue 12: "every trigger is listed twice, red and
 * yellow"): red triggers first, then yellow, each in table order.
 */
function highestPerParameter(triggers: readonly ZoneTrigger[]): ZoneTrigger[] {
  const best = new Map<ZoneTrigger['parameter'], ZoneTrigger>();
  for (const t of triggers) {
    const seen = best.get(t.parameter);
    if (seen === undefined || zoneRank(t.zone) > zoneRank(seen.zone)) best.set(t.parameter, t);
  }
  const kept = new Set(best.values());
  const ordered = triggers.filter((t) => kept.has(t));
  return [...ordered.filter((t) => t.zone === 'red'), ...ordered.filter((t) => t.zone === 'yellow')];
}

/** Classify a round as normal, yellow or red for the child's age (Guideline §3.4.3–5). */
export function classifyZone(
  round: VitalSignsRound,
  context: ZoneContext,
): Result<Calculation<ZoneResult, { round: VitalSignsRound; ageMonths: number | undefined; now: string }>> {
  const valid = validateVitalSignsRound(round);
  if (!valid.ok) return valid;
  const table = context.criteria ?? DEFAULT_CALLING_CRITERIA;
  const parsedTable = callingCriteriaTableSchema.safeParse(table);
  if (!parsedTable.success) return fail('criteria', `Calling-criteria table is invalid: ${parsedTable.error.issues[0]?.message ?? 'unknown'}`);
  const now = parseInstant('now', context.now);
  if (!now.ok) return now;
  let ageMonths: number | undefined;
  let bands: CallingCriteriaTable['bands'];
  if (context.birthDate === undefined) {
    bands = table.bands;
  } else {
    const age = calculateAge(context.birthDate, context.timeZone === undefined ? context.now : toSiteIso(now.value, context.timeZone));
    if (!age.ok) return age;
    ageMonths = age.value.value.totalMonths;
    const band = selectAgeBand(table, ageMonths);
    if (!band.ok) return band;
    bands = [band.value];
  }

  const notes: string[] = [];
  let alteredRules: CriteriaRule[] = [];
  let alteredParameters: CriteriaParameter[] = [];
  if (context.altered) {
    const alt = alteredCallingCriteriaSchema.safeParse(context.altered);
    if (!alt.success) return fail('altered', `Altered Calling Criteria are invalid: ${alt.error.issues[0]?.message ?? 'unknown'}`);
    let expired = false;
    let ended = false;
    let notYet = false;
    if (alt.data.validUntil !== undefined) {
      const until = parseInstant('altered.validUntil', alt.data.validUntil);
      if (!until.ok) return until;
      expired = until.value.getTime() < now.value.getTime();
    }
    if (alt.data.endedAt !== undefined) {
      const endedAt = parseInstant('altered.endedAt', alt.data.endedAt);
      if (!endedAt.ok) return endedAt;
      ended = endedAt.value.getTime() <= now.value.getTime();
    }
    if (alt.data.validFrom !== undefined) {
      const from = parseInstant('altered.validFrom', alt.data.validFrom);
      if (!from.ok) return from;
      notYet = from.value.getTime() > now.value.getTime();
    }
    if (ended) {
      notes.push('Altered Calling Criteria had been ended and were not applied; standard criteria used.');
    } else if (expired) {
      notes.push('Altered Calling Criteria have expired and were not applied; standard criteria used.');
    } else if (notYet) {
      notes.push('Altered Calling Criteria were set after this time and were not applied; standard criteria used.');
    } else {
      alteredRules = alt.data.rules;
      alteredParameters = [...new Set(alt.data.rules.map(ruleParameter))];
      notes.push(`Altered Calling Criteria applied for ${alteredParameters.join(', ')} (${alt.data.reason}; authorised by ${alt.data.authorisedBy}).`);
    }
  }
  const rulesFor = (b: CallingCriteriaTable['bands'][number]): RuleInUse[] => [
    ...b.rules.filter((r) => !alteredParameters.includes(ruleParameter(r))).map((r) => ({ rule: r, altered: false })),
    ...alteredRules.map((r) => ({ rule: r, altered: true })),
  ];

  const perBand = bands.map((b) => {
    const rules = rulesFor(b);
    return { rules, triggers: highestPerParameter(evaluateRules(round, rules)) };
  });
  let triggers: ZoneTrigger[];
  const ageDependent: CriteriaParameter[] = [];
  if (context.birthDate !== undefined) {
    triggers = perBand[0]?.triggers ?? [];
  } else {
    // Age unknown: a value counts only at the zone it reaches in EVERY band (the lowest of them),
    // so SpO2 < 90%, AVPU P/U, a seizure or a respiratory rate of 6 escalate at any age, and a
    // value that triggers only at some ages is named instead of being called normal.
    triggers = [];
    const parameters = [...new Set(perBand.flatMap((b) => b.triggers.map((t) => t.parameter)))];
    for (const p of parameters) {
      if (p === 'concern') continue;
      const inBands = perBand.map((b) => b.triggers.find((t) => t.parameter === p));
      const ranks = inBands.map((t) => (t === undefined ? 0 : zoneRank(t.zone)));
      const lowest = Math.min(...ranks);
      if (Math.max(...ranks) > lowest) ageDependent.push(p);
      const at = inBands.find((t) => t !== undefined && zoneRank(t.zone) === lowest);
      if (lowest > 0 && at !== undefined) triggers.push(at);
    }
    triggers = highestPerParameter(triggers);
    notes.push(
      `No birth date is recorded, so the age band is unknown: only values that trigger at every age are classified${ageDependent.length > 0 ? `; ${ageDependent.join(', ')} would trigger at some ages and are not classified` : ''}. Record the birth date, or use the age-appropriate SPOC chart.`,
    );
  }
  // Staff or family concern escalates on its own (Guideline §3.4.3–4), at any age.
  const concern = round.concern ?? 'none';
  switch (concern) {
    case 'concern':
      triggers.push({ parameter: 'concern', value: concern, zone: 'yellow', criterion: 'staff or family concerned', derivation: 'Guideline §3.4.3', altered: false });
      break;
    case 'serious-concern':
      triggers.push({ parameter: 'concern', value: concern, zone: 'red', criterion: 'serious concern by staff or family', derivation: 'Guideline §3.4.4', altered: false });
      break;
    case 'none':
      break;
    default:
      return concern satisfies never;
  }
  triggers = highestPerParameter(triggers);

  const zone: Zone = triggers.some((t) => t.zone === 'red') ? 'red' : triggers.some((t) => t.zone === 'yellow') ? 'yellow' : 'normal';
  const covered = new Set(perBand.flatMap((b) => b.rules.map((r) => ruleParameter(r.rule))));
  const observed: (NumericVitalSign | 'avpu')[] = ['heartRate', 'respiratoryRate', 'spo2', 'systolicBp', 'diastolicBp', 'temperature', 'avpu', 'pain'];
  const notRecorded = observed.filter((p) => round[p] === undefined);
  const notCovered = observed.filter((p) => round[p] !== undefined && !covered.has(p));
  if (notRecorded.length > 0) notes.push(`Not recorded: ${notRecorded.join(', ')}. A missing value is not a normal value.`);
  if (notCovered.length > 0) notes.push(`No criteria in this table for: ${notCovered.join(', ')}; use clinical judgement and escalate on concern.`);
  if (table.isDefault) notes.push('Criteria are the app\'s DEFAULT table from published sources, not the NSW SPOC chart: PowerChart\'s SPOC remains the authority.');
  if (valid.value.needsConfirmation.length > 0) notes.push(...valid.value.needsConfirmation.map((c) => c.reason));

  return ok({
    value: {
      zone,
      action: zoneAction(zone),
      triggers,
      band: bands.length === 1 && context.birthDate !== undefined ? (bands[0]?.band ?? 'unknown') : 'unknown',
      ageDependent,
      tableId: table.id,
      tableVersion: table.version,
      isDefaultTable: table.isDefault,
      alteredParameters,
      notRecorded,
      notCovered,
    },
    inputs: { round, ageMonths, now: now.value.toISOString() },
    source: `Guideline §3.4.3–5; criteria table ${table.id} v${table.version}`,
    notes,
    warnings: [],
  });
}

export type { Avpu };
