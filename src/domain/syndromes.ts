/**
 * Overdose and withdrawal sign checklists (Guideline §2, §5.1.2, §5.2.2) and which syndrome the
 * recorded signs point to. Guidance only: withdrawal may resemble autonomic dysreflexia, sepsis,
 * malignant hyperthermia or neuroleptic malignant syndrome (§5.1), and overdose needs sepsis,
 * electrolytes, intracranial events and enteral overdose excluded (§5.2.3.4).
 */
import type { Calculation } from './calculation';
import { fail, ok, type Result } from './result';

export type SyndromeSign =
  // Withdrawal only
  | 'increased-tone-or-spasms'
  | 'pruritus'
  | 'pain'
  | 'sweating-or-flushed'
  | 'fever'
  | 'restlessness-agitation-irritability'
  | 'hallucinations-delusions-paranoia'
  | 'poor-sleep'
  // Overdose only
  | 'drowsiness'
  | 'dizziness'
  | 'hypotonia'
  | 'reduced-respiratory-rate'
  | 'seizures'
  | 'bradycardia'
  | 'reduced-consciousness-or-coma'
  // Either
  | 'tachycardia'
  | 'blood-pressure-change'
  | 'confusion-delirium-or-altered-mental-state';

export type SignPointsTo = 'withdrawal' | 'overdose' | 'either';

export interface SignDefinition {
  readonly sign: SyndromeSign;
  readonly label: string;
  readonly pointsTo: SignPointsTo;
  /** The guideline's own words and sections. */
  readonly source: string;
}

/** The checklist, in the guideline's words. */
export const SYNDROME_SIGNS: readonly SignDefinition[] = [
  { sign: 'increased-tone-or-spasms', label: 'Increase in spasms and muscle tone (rebound spasticity, rigidity)', pointsTo: 'withdrawal', source: '§2 "Exaggerated rebound spasticity and muscle rigidity"; §5.1.2 "Increase in spasms and muscle tone"' },
  { sign: 'pruritus', label: 'Itch (pruritus)', pointsTo: 'withdrawal', source: '§2, §5.1.2 "Pruritus"' },
  { sign: 'pain', label: 'Pain', pointsTo: 'withdrawal', source: '§5.1.2 "Pain"' },
  { sign: 'sweating-or-flushed', label: 'Sweating and flushed', pointsTo: 'withdrawal', source: '§5.1.2 "Sweating and flushed"' },
  { sign: 'fever', label: 'Fever', pointsTo: 'withdrawal', source: '§2, §5.1.2 "Fever"' },
  { sign: 'restlessness-agitation-irritability', label: 'Restlessness, agitation or irritability', pointsTo: 'withdrawal', source: '§2 "irritability"; §5.1.2 "Restlessness/agitation"' },
  { sign: 'hallucinations-delusions-paranoia', label: 'Hallucinations, delusions or paranoia', pointsTo: 'withdrawal', source: '§5.1.2 "Hallucinations/delirium/delusions/paranoia"' },
  { sign: 'poor-sleep', label: 'Poor sleep, unable to settle at night', pointsTo: 'withdrawal', source: '§5.1.2 "Poor sleep – unable to settle at night"' },
  { sign: 'drowsiness', label: 'Drowsiness', pointsTo: 'overdose', source: '§2 "Drowsiness"; §5.2.2 "Drowsiness/delirium and confusion"' },
  { sign: 'dizziness', label: 'Dizziness', pointsTo: 'overdose', source: '§2, §5.2.2 "Dizziness"' },
  { sign: 'hypotonia', label: 'Hypotonia (floppiness)', pointsTo: 'overdose', source: '§2, §5.2.2 "Hypotonia"' },
  { sign: 'reduced-respiratory-rate', label: 'Reduced respiratory rate or respiratory depression (can lead to apnoea)', pointsTo: 'overdose', source: '§2 "Respiratory depression"; §5.2.2 "Reduced respiratory rate – can lead to apnoea"' },
  { sign: 'seizures', label: 'Seizures', pointsTo: 'overdose', source: '§2, §5.2.2 "Seizures"' },
  { sign: 'bradycardia', label: 'Bradycardia', pointsTo: 'overdose', source: '§5.2.2 "Bradycardia/tachycardia"' },
  { sign: 'reduced-consciousness-or-coma', label: 'Reduced level of consciousness or coma', pointsTo: 'overdose', source: '§2 "altered level of consciousness"; §5.2.2 "can lead to coma"' },
  { sign: 'tachycardia', label: 'Tachycardia', pointsTo: 'either', source: '§5.1.2 "Tachycardia" (withdrawal); §5.2.2 "Bradycardia/tachycardia" (overdose)' },
  { sign: 'blood-pressure-change', label: 'Blood pressure increased, decreased or unstable', pointsTo: 'either', source: '§5.1.2 "BP increased or decreased" (withdrawal); §5.2.2 "BP instability" (overdose)' },
  { sign: 'confusion-delirium-or-altered-mental-state', label: 'Confusion, delirium or change in mental state', pointsTo: 'either', source: '§2, §5.1.2 "Altered mental state", "delirium", "change in cognitive status" (withdrawal); §5.2.2 "delirium and confusion" (overdose)' },
];

export const WITHDRAWAL_SIGNS = SYNDROME_SIGNS.filter((s) => s.pointsTo !== 'overdose');
export const OVERDOSE_SIGNS = SYNDROME_SIGNS.filter((s) => s.pointsTo !== 'withdrawal');

export type SyndromeLikely = 'overdose' | 'withdrawal' | 'mixed' | 'none';

export interface SyndromeAssessment {
  readonly likely: SyndromeLikely;
  readonly withdrawalSigns: readonly SyndromeSign[];
  readonly overdoseSigns: readonly SyndromeSign[];
  /** Signs seen in both syndromes. */
  readonly sharedSigns: readonly SyndromeSign[];
  readonly explanation: string;
}

/**
 * Which syndrome the recorded signs point to. Signs specific to one syndrome decide; signs seen
 * in both (tachycardia, blood-pressure change, confusion) alone give `mixed` ("could be either").
 */
export function classifySyndrome(signs: readonly SyndromeSign[]): Result<Calculation<SyndromeAssessment, { signs: readonly SyndromeSign[] }>> {
  const defs = new Map(SYNDROME_SIGNS.map((d) => [d.sign, d]));
  for (const [i, s] of signs.entries()) {
    if (!defs.has(s)) return fail(`signs[${i}]`, `Unknown sign "${String(s)}".`);
  }
  const unique = [...new Set(signs)];
  const by = (p: SignPointsTo): SyndromeSign[] => unique.filter((s) => defs.get(s)?.pointsTo === p);
  const withdrawalSigns = by('withdrawal');
  const overdoseSigns = by('overdose');
  const sharedSigns = by('either');
  let likely: SyndromeLikely;
  let explanation: string;
  if (withdrawalSigns.length > 0 && overdoseSigns.length > 0) {
    likely = 'mixed';
    explanation = 'Signs of both withdrawal and overdose are recorded: call Kids Rehab and treat the most dangerous features first.';
  } else if (withdrawalSigns.length > 0) {
    likely = 'withdrawal';
    explanation = 'The recorded signs point to baclofen withdrawal, a medical emergency (§5.1).';
  } else if (overdoseSigns.length > 0) {
    likely = 'overdose';
    explanation = 'The recorded signs point to baclofen overdose (§5.2).';
  } else if (sharedSigns.length > 0) {
    likely = 'mixed';
    explanation = 'The recorded signs occur in both withdrawal and overdose: they do not tell them apart. Look for tone (high in withdrawal, low in overdose), sweating and conscious level.';
  } else {
    likely = 'none';
    explanation = 'No withdrawal or overdose signs recorded.';
  }
  return ok({
    value: { likely, withdrawalSigns, overdoseSigns, sharedSigns, explanation },
    inputs: { signs },
    source: 'Guideline §2, §5.1.2, §5.2.2',
    notes: [
      'Withdrawal may resemble autonomic dysreflexia, sepsis, malignant hyperthermia or neuroleptic malignant syndrome (§5.1); exclude differentials (§5.1.3.5, §5.2.3.4).',
    ],
    warnings: [],
  });
}
