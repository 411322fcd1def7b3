/**
 * Escalation for a round, laid out by the view: the zone for this child's age (clinical core),
 * the triggering values in words, the guideline action, overdose/withdrawal steps, and which of
 * the site's contacts to call first. Pure.
 */
import {
  catheterMayBeInPlace,
  classifySyndrome,
  explainSignsFor,
  overdoseStepsFor,
  syndromesToShow,
  TEST_DOSE_OVERDOSE_NOTES,
  type ItbSituation,
  type SyndromeKind,
  classifyZone,
  WITHDRAWAL_STEPS,
  type AlteredCallingCriteria,
  type CallingCriteriaTable,
  type SyndromeAssessment,
  type VitalSignsRound,
  type Zone,
  type ZoneResult,
  type ZoneTrigger,
  REVIEW_MARK,
} from '../../domain';
import type { SiteConfig } from '../../config/site-config';

/** Moved to config (the doctor view's criteria panel needs it too); kept here for the rounds' callers. */
export { siteCriteria, type SiteCriteria } from '../../config/site-criteria';

const PARAMETER_WORDS: Readonly<Record<string, { label: string; unit: string }>> = {
  heartRate: { label: 'Heart rate', unit: 'beats/min' },
  respiratoryRate: { label: 'Respiratory rate', unit: 'breaths/min' },
  spo2: { label: 'SpO2', unit: '%' },
  systolicBp: { label: 'Systolic blood pressure', unit: 'mmHg' },
  diastolicBp: { label: 'Diastolic blood pressure', unit: 'mmHg' },
  temperature: { label: 'Temperature', unit: '°C' },
  pain: { label: 'Pain score', unit: '/10' },
};

const AVPU_WORDS: Readonly<Record<string, string>> = { A: 'A, alert', V: 'V, responds only to voice', P: 'P, responds only to pain', U: 'U, unresponsive' };

const COMPARISON_WORDS: Readonly<Record<string, string>> = { '<': 'below', '<=': 'at or below', '>': 'above', '>=': 'at or above' };

/** "Respiratory rate 8 breaths/min — at or below 10 breaths/min". */
export function describeTrigger(t: ZoneTrigger): string {
  const words = PARAMETER_WORDS[t.parameter];
  const m = /^\w+ (<=|>=|<|>) (.+)$/.exec(t.criterion);
  if (words !== undefined && m?.[1] !== undefined) {
    return `${words.label} ${String(t.value)} ${words.unit}: ${COMPARISON_WORDS[m[1]] ?? m[1]} ${m[2] ?? ''} ${words.unit}`;
  }
  switch (t.parameter) {
    case 'avpu':
      return `Level of consciousness: ${AVPU_WORDS[String(t.value)] ?? String(t.value)}`;
    case 'oxygen':
      return 'On supplemental oxygen';
    case 'seizure':
      return 'Seizure recorded';
    case 'concern':
      return t.value === 'serious-concern' ? 'Serious concern by staff or family' : 'Staff or family concerned';
    case 'heartRate':
    case 'respiratoryRate':
    case 'spo2':
    case 'systolicBp':
    case 'diastolicBp':
    case 'temperature':
    case 'pain':
      return t.criterion;
    default:
      return t.parameter satisfies never;
  }
}

/**
 * Where a trigger comes from, in a few words for the panel (the full derivation is its title):
 * every DEFAULT rule says so and names its published source or that it is derived (issue 12).
 */
export function triggerSource(t: ZoneTrigger, table: CallingCriteriaTable): string {
  const review = t.derivation.includes(REVIEW_MARK) ? ` ${t.derivation.slice(t.derivation.indexOf(REVIEW_MARK) + REVIEW_MARK.length).trim()}.` : '';
  if (t.altered) return `Altered Calling Criteria: ${t.derivation}`;
  if (t.parameter === 'concern') return t.derivation;
  if (!table.isDefault) return `${table.label}: ${t.derivation}`;
  if (t.derivation.startsWith('DERIVED')) return `DEFAULT, derived rule (not a published trigger).${review}`;
  if (t.derivation.startsWith('Paediatric MET')) return `DEFAULT: Paediatric MET trigger (Pediatrics table).${review}`;
  if (t.derivation.includes('PEWS')) return `DEFAULT: Bedside PEWS cut-off (Parshuram 2009).${review}`;
  return `DEFAULT: ${t.derivation}`;
}

export function zoneWords(zone: Zone): string {
  switch (zone) {
    case 'normal':
      return 'Within the calling criteria';
    case 'yellow':
      return 'YELLOW ZONE';
    case 'red':
      return 'RED ZONE';
    default:
      return zone satisfies never;
  }
}

/** The headline action (Guideline §3.4.3–4), short enough to read at a glance. */
export function zoneHeadline(zone: Zone): string {
  switch (zone) {
    case 'normal':
      return 'Continue observations as scheduled.';
    case 'yellow':
      return 'Clinical review by the Rehabilitation Registrar, promptly.';
    case 'red':
      return 'Rapid response call NOW (or arrest call).';
    default:
      return zone satisfies never;
  }
}

export type ZoneOutcome = { ok: true; result: ZoneResult; source: string; notes: readonly string[] } | { ok: false; message: string };

/**
 * The zone for a round. Without a birth date the round is still classified by the triggers that
 * apply at every age (SpO2, AVPU P/U, seizure, concern, extreme values; Guideline §3.4.4), and
 * the missing birth date is named by `zoneView`.
 */
/** The zone of a round at `now`; the child's age band is counted on the site's calendar date (`timeZone`). */
export function zoneFor(round: VitalSignsRound, birthDate: string | undefined, now: Date, criteria: CallingCriteriaTable, timeZone: string, altered?: AlteredCallingCriteria): ZoneOutcome {
  const r = classifyZone(round, { birthDate, now, criteria, timeZone, ...(altered === undefined ? {} : { altered }) });
  if (!r.ok) return { ok: false, message: r.error.message };
  return { ok: true, result: r.value.value, source: r.value.source, notes: r.value.notes };
}

/** How a zone is shown: green only when the data earns it (issue 12). */
export type ZoneView = {
  /** The colour class: a zone, or 'unclassified' (no colour of reassurance). */
  readonly tone: Zone | 'unclassified';
  readonly words: string;
  readonly headline: string;
  /** Said beside the zone: missing birth date, values not recorded, signs recorded. */
  readonly caveats: readonly string[];
};

const PARAMETER_NAMES: Readonly<Record<string, string>> = {
  heartRate: 'heart rate',
  respiratoryRate: 'respiratory rate',
  spo2: 'SpO2',
  systolicBp: 'systolic blood pressure',
  diastolicBp: 'diastolic blood pressure',
  temperature: 'temperature',
  pain: 'pain score',
  avpu: 'level of consciousness (AVPU)',
  oxygen: 'oxygen',
  seizure: 'seizure',
};
const names = (ps: readonly string[]): string => ps.map((p) => PARAMETER_NAMES[p] ?? p).join(', ');

/**
 * Words and colour for a zone result. "Within the calling criteria" in green only for a full
 * round, with the age band known and no withdrawal or overdose sign recorded: a partial round is
 * PARTIAL, a round without a birth date says so, and signs are never under green (§3.4.2, §5.1).
 */
export function zoneView(result: ZoneResult, options: { readonly signsRecorded: boolean; readonly patientUnreadable?: boolean }): ZoneView {
  const caveats: string[] = [];
  const ageUnknown = result.band === 'unknown';
  if (ageUnknown) {
    caveats.push(
      `${options.patientUnreadable === true ? 'The patient\'s details could not be read' : 'No birth date is recorded'}: the age band is unknown, so only values that trigger at every age are classified${result.ageDependent.length > 0 ? ` (${names(result.ageDependent)} would trigger at some ages: check the SPOC chart for the child's age)` : ''}. ${options.patientUnreadable === true ? 'Retry, or use the SPOC chart in the EHR.' : 'Record the birth date in the EHR.'}`,
    );
  }
  const partial = result.notRecorded.length > 0;
  if (partial) caveats.push(`Partial round: not recorded ${names(result.notRecorded)}. A missing value is never a normal value (a full set is expected, Guideline §3.4.2).`);
  if (result.zone !== 'normal') return { tone: result.zone, words: zoneWords(result.zone), headline: zoneHeadline(result.zone), caveats };
  if (ageUnknown) return { tone: 'unclassified', words: options.patientUnreadable === true ? 'NOT CLASSIFIED: age not read' : 'NOT CLASSIFIED: no birth date', headline: 'No age-independent trigger met; age-dependent values are not classified.', caveats };
  if (partial) return { tone: 'unclassified', words: 'PARTIAL ROUND', headline: 'No calling criterion met by the values recorded; this is not a normal round.', caveats };
  if (options.signsRecorded) return { tone: 'unclassified', words: 'No calling criterion met', headline: 'Withdrawal or overdose signs are recorded: see the guidance below.', caveats };
  return { tone: 'normal', words: zoneWords('normal'), headline: zoneHeadline('normal'), caveats };
}

export type SyndromeGuidance = {
  readonly assessment: SyndromeAssessment;
  /** What the signs suggest for THIS child (without a pump, never "ITB withdrawal"). */
  readonly explanation: string;
  /** Guideline steps to show, with a heading each, the likely syndrome first. */
  readonly steps: readonly { heading: string; steps: readonly string[] }[];
  /** Why both syndromes are shown when the child's situation is not known. */
  readonly situationNote: string | undefined;
};

/** §3.4.5: increase observation when overdose has occurred (ePolicy 2008-8040). */
export const INCREASE_OBSERVATION =
  'Increase observation of the child: consider increasing the nurse-to-patient ratio (ePolicy 2008-8040, Increasing Nurse: Patient Ratios), up to 1:1 specialling (Guideline §3.4.5).';

/**
 * The steps for the recorded signs, fitted to the child's situation (issue 12): a child with no
 * pump running never gets withdrawal or pump-only steps (reservoir, catheter); a pump child gets
 * the likely syndrome first; an unknown situation shows both and says why.
 */
export function syndromeGuidance(signs: Parameters<typeof classifySyndrome>[0], situation: ItbSituation): SyndromeGuidance | undefined {
  if (signs.length === 0) return undefined;
  const r = classifySyndrome(signs);
  if (!r.ok) return undefined;
  const a = r.value.value;
  if (a.likely === 'none') return undefined;
  const fitted = explainSignsFor(situation, a.likely, a.explanation);
  const catheter = catheterMayBeInPlace(situation);
  const testDoseDay = situation.kind === 'no-pump' && situation.testDose?.recent === true;
  const overdose = {
    heading: 'Suspected baclofen overdose (Guideline §3.4.5, §5.2)',
    steps: [INCREASE_OBSERVATION, ...(testDoseDay ? TEST_DOSE_OVERDOSE_NOTES : []), ...overdoseStepsFor({ pump: situation.kind !== 'no-pump', catheter })],
  };
  const withdrawal = { heading: 'Suspected baclofen withdrawal (Guideline §5.1)', steps: WITHDRAWAL_STEPS };
  // Which syndromes the signs call for, then only those that apply to this child, likely first.
  const called: readonly SyndromeKind[] = a.likely === 'overdose' ? ['overdose'] : a.likely === 'withdrawal' ? ['withdrawal'] : ['overdose', 'withdrawal'];
  const order = syndromesToShow(situation, fitted.likely === 'overdose' ? 'overdose' : a.likely).filter((k) => called.includes(k));
  return {
    assessment: a,
    explanation: fitted.text,
    steps: order.map((k) => (k === 'overdose' ? overdose : withdrawal)),
    situationNote: situation.kind === 'unknown' ? situation.reasons.join(' ') : undefined,
  };
}

/**
 * The withdrawal emergency message for a child with a pump (or not known to have none) whose
 * recorded signs point to withdrawal: "considered a medical emergency" (Guideline §5.1), whatever
 * the zone. Undefined when there is none to give.
 */
export function withdrawalEmergency(guidance: SyndromeGuidance | undefined, situation: ItbSituation): string | undefined {
  if (guidance === undefined || situation.kind === 'no-pump') return undefined;
  const likely = guidance.assessment.likely;
  if (likely !== 'withdrawal' && !(likely === 'mixed' && guidance.assessment.withdrawalSigns.length > 0)) return undefined;
  return `Withdrawal signs are recorded for a child with ${situation.kind === 'pump' ? 'a pump' : 'a pump possibly in place'}. Baclofen withdrawal is considered a medical emergency (Guideline §5.1): call the Kids Rehab team or the medical team now, whatever the zone, and open Emergency mode for this child's oral baclofen rescue dose (§5.1.4.1). Do not perform a lumbar puncture (§5.1.3.3).`;
}

export type Contact = SiteConfig['contacts'][number];

/** The site's contacts, those for this zone first (roles matched by words; every contact shown). */
export function contactsFor(zone: Zone, contacts: readonly Contact[]): Contact[] {
  const first = zone === 'red' ? /rapid|arrest|MET|emergency/i : zone === 'yellow' ? /registrar|review/i : undefined;
  if (first === undefined) return [...contacts];
  return [...contacts.filter((c) => first.test(c.role)), ...contacts.filter((c) => !first.test(c.role))];
}

const ZONE_RANK: Readonly<Record<Zone, number>> = { normal: 0, yellow: 1, red: 2 };

/**
 * The zone a recorded round stands at for the schedule: the higher of the zone worked out now and
 * the zone the nurse was shown when saving (a round seen red stays red, issue 12). 'unclassified'
 * (partial, no birth date, signs) is neither an escalation nor normal: undefined.
 */
export function recordedRoundZone(computed: ZoneOutcome | undefined, shown: Zone | 'unclassified' | undefined, signsRecorded: boolean): Zone | undefined {
  const fromRules = computed?.ok === true ? zoneView(computed.result, { signsRecorded }).tone : undefined;
  const zones = [fromRules, shown].filter((z): z is Zone => z !== undefined && z !== 'unclassified');
  if (zones.length === 0) return undefined;
  return zones.reduce((a, b) => (ZONE_RANK[b] > ZONE_RANK[a] ? b : a));
}
