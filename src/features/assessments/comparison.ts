/**
 * Baseline against 1, 2, 4 and 6 hours: BADS total and % change, MAS per muscle and side with the
 * direction in words, Tardieu R2−R1, the range-of-movement and transfers notes as written, and the §3.4.8 evidence from the domain's
 * evaluateTestDoseResponse. A time point not assessed stays "not assessed", never zero (A8).
 */
import { evaluateTestDoseResponse, type AssessmentSet, type BadsRegion, type DomainInputError, type MasGrade, type Side, type TimePoint as DomainTimePoint } from '../../domain';
import type { TimePoint } from '../../fhir';
import { badsTotalOf, muscleLabel, sideKey, toAssessmentSet, type Episode, type RecordedAssessment, type TardieuValue } from './model';
import { MUSCLE_GROUPS, SIDES } from './scales';

export const POST_DOSE: readonly DomainTimePoint[] = ['1h', '2h', '4h', '6h'];
export const COLUMNS: readonly TimePoint[] = ['baseline', ...POST_DOSE];

export type BadsCell =
  | { readonly kind: 'not-assessed' }
  | { readonly kind: 'incomplete'; readonly missingRegions: readonly BadsRegion[] }
  | {
      readonly kind: 'total';
      readonly total: number;
      /** Against baseline; null at baseline or when the baseline total is missing. */
      readonly change: number | null;
      readonly percentChange: number | null;
      /** ≥ 25% reduction (§3.4.8); null when it cannot be judged. */
      readonly reductionAtLeast25Percent: boolean | null;
      /** The saved total differs from the sum of the saved regions: the sum is shown. */
      readonly savedTotalDisagrees: boolean;
    };

export type Direction = 'reduced' | 'unchanged' | 'increased';

export type MasCell =
  | { readonly kind: 'not-assessed' }
  | { readonly kind: 'grade'; readonly grade: MasGrade; readonly baseline: MasGrade | null; readonly steps: number | null; readonly direction: Direction | null };

export type TardieuCell =
  | { readonly kind: 'not-assessed' }
  | { readonly kind: 'angles'; readonly value: TardieuValue; readonly r2MinusR1: number; readonly baselineR2MinusR1: number | null };

/** A physio/OT note at one time point, as written; "not recorded" when there is none (never blank). */
export type NoteCell = { readonly kind: 'not-recorded' } | { readonly kind: 'text'; readonly text: string };

export interface NoteRow {
  readonly field: 'rom' | 'transfers';
  readonly label: string;
  readonly cells: Readonly<Record<TimePoint, NoteCell>>;
}

export interface MuscleRow<C> {
  readonly key: string;
  readonly label: string;
  readonly side: Side;
  readonly cells: Readonly<Record<TimePoint, C>>;
}

export interface Comparison {
  readonly assessments: Readonly<Record<TimePoint, RecordedAssessment | undefined>>;
  readonly bads: Readonly<Record<TimePoint, BadsCell>>;
  readonly mas: readonly MuscleRow<MasCell>[];
  readonly tardieu: readonly MuscleRow<TardieuCell>[];
  /** Range of movement and transfers as text per time point (Guideline §3.2). */
  readonly notes: readonly NoteRow[];
  readonly evidence:
    | {
        readonly ok: true;
        readonly badsReductionAtLeast25Percent: boolean | null;
        readonly masChanged: boolean | null;
        /** null: neither BADS nor MAS can be compared with baseline yet (cannot judge, not "No"). */
        readonly meetsGuidelineCriterion: boolean | null;
        readonly summary: readonly string[];
        readonly notes: readonly string[];
        readonly source: string;
      }
    | { readonly ok: false; readonly error: DomainInputError };
}

const byColumn = <C>(cell: (tp: TimePoint) => C): Record<TimePoint, C> => ({
  baseline: cell('baseline'),
  '1h': cell('1h'),
  '2h': cell('2h'),
  '4h': cell('4h'),
  '6h': cell('6h'),
});

const direction = (steps: number): Direction => (steps < 0 ? 'reduced' : steps > 0 ? 'increased' : 'unchanged');

/** Rows for every muscle/side seen at any time point, ours in their usual order first. */
function rowKeys(assessments: readonly RecordedAssessment[], part: 'mas' | 'tardieu'): string[] {
  const seen = new Set(assessments.flatMap((a) => [...a[part].keys()]));
  const ours = MUSCLE_GROUPS.flatMap((m) => SIDES.map((s) => sideKey(m.id, s))).filter((k) => seen.has(k));
  return [...ours, ...[...seen].filter((k) => !ours.includes(k)).sort()];
}

const splitKey = (k: string): { muscle: string; side: Side } => {
  const i = k.lastIndexOf('|');
  return { muscle: k.slice(0, i), side: k.slice(i + 1) === 'left' ? 'left' : 'right' };
};

const NOTE_ROWS: readonly { field: NoteRow['field']; label: string }[] = [
  { field: 'rom', label: 'Range of movement' },
  { field: 'transfers', label: 'Transfers' },
];

export function buildComparison(episode: Episode): Comparison {
  const assessments = byColumn((tp) => (tp === 'baseline' ? episode.baseline : episode.timePoints[tp]));
  const baselineSet: AssessmentSet = episode.baseline === undefined ? {} : toAssessmentSet(episode.baseline);
  const timePointSets: Partial<Record<DomainTimePoint, AssessmentSet>> = {};
  for (const tp of POST_DOSE) {
    const a = assessments[tp];
    if (a !== undefined) timePointSets[tp] = toAssessmentSet(a);
  }
  const evaluated = evaluateTestDoseResponse({ baseline: baselineSet, timePoints: timePointSets });

  const bads = byColumn((tp): BadsCell => {
    const a = assessments[tp];
    const t = a === undefined ? undefined : badsTotalOf(a);
    if (a === undefined || t === undefined || (t.total === null && t.missingRegions.length === 8)) return { kind: 'not-assessed' };
    if (t.total === null) return { kind: 'incomplete', missingRegions: t.missingRegions };
    let change: number | null = null;
    let percentChange: number | null = null;
    let reduction: boolean | null = null;
    if (tp !== 'baseline' && evaluated.ok) {
      const r = evaluated.value.value.timePoints.find((x) => x.timePoint === tp);
      if (r?.recorded === true && r.bads !== null) {
        change = r.bads.change;
        percentChange = r.bads.percentChange;
        reduction = r.bads.reductionAtLeast25Percent;
      }
    }
    return { kind: 'total', total: t.total, change, percentChange, reductionAtLeast25Percent: reduction, savedTotalDisagrees: t.disagrees };
  });

  const present = COLUMNS.flatMap((tp) => (assessments[tp] === undefined ? [] : [assessments[tp]]));
  const mas = rowKeys(present, 'mas').map((k): MuscleRow<MasCell> => {
    const { muscle, side } = splitKey(k);
    const base = episode.baseline?.mas.get(k)?.value ?? null;
    const cells = byColumn((tp): MasCell => {
      const grade = assessments[tp]?.mas.get(k)?.value;
      if (grade === undefined) return { kind: 'not-assessed' };
      if (tp === 'baseline') return { kind: 'grade', grade, baseline: null, steps: null, direction: null };
      const r = evaluated.ok ? evaluated.value.value.timePoints.find((x) => x.timePoint === tp) : undefined;
      const m = r?.recorded === true ? r.mas.find((x) => x.muscleGroup === muscleLabel(muscle) && x.side === side) : undefined;
      const steps = m?.stepChange ?? null;
      return { kind: 'grade', grade, baseline: base, steps, direction: steps === null ? null : direction(steps) };
    });
    return { key: k, label: muscleLabel(muscle), side, cells };
  });

  const tardieu = rowKeys(present, 'tardieu').map((k): MuscleRow<TardieuCell> => {
    const { muscle, side } = splitKey(k);
    const base = episode.baseline?.tardieu.get(k)?.value;
    const cells = byColumn((tp): TardieuCell => {
      const v = assessments[tp]?.tardieu.get(k)?.value;
      return v === undefined
        ? { kind: 'not-assessed' }
        : { kind: 'angles', value: v, r2MinusR1: v.r2 - v.r1, baselineR2MinusR1: tp === 'baseline' || base === undefined ? null : base.r2 - base.r1 };
    });
    return { key: k, label: muscleLabel(muscle), side, cells };
  });

  const notes = NOTE_ROWS.map(
    ({ field, label }): NoteRow => ({
      field,
      label,
      cells: byColumn((tp): NoteCell => {
        const text = assessments[tp]?.[field]?.value;
        return text === undefined ? { kind: 'not-recorded' } : { kind: 'text', text };
      }),
    }),
  );

  const evidence: Comparison['evidence'] = evaluated.ok
    ? {
        ok: true,
        badsReductionAtLeast25Percent: evaluated.value.value.badsReductionAtLeast25Percent,
        masChanged: evaluated.value.value.masChanged,
        meetsGuidelineCriterion: evaluated.value.value.meetsGuidelineCriterion,
        summary: evaluated.value.value.summary,
        notes: evaluated.value.notes,
        source: evaluated.value.source,
      }
    : { ok: false, error: evaluated.error };
  return { assessments, bads, mas, tardieu, notes, evidence };
}

/** "28% reduction", "12.5% increase", "no change". */
export function describePercent(p: number): string {
  if (p === 0) return 'no change';
  return `${Math.abs(p)}% ${p < 0 ? 'reduction' : 'increase'}`;
}

/** "2 → 1+ (reduced)"; without a baseline grade, "1+ (no baseline)". */
export function describeMas(cell: Extract<MasCell, { kind: 'grade' }>, atBaseline: boolean): string {
  if (atBaseline) return cell.grade;
  if (cell.baseline === null || cell.direction === null) return `${cell.grade} (no baseline)`;
  return `${cell.baseline} → ${cell.grade} (${cell.direction})`;
}

/** Signed degrees with the unit: "+20°", "−5°", "0°". */
export const signedDegrees = (d: number): string => `${d > 0 ? '+' : d < 0 ? '−' : ''}${Math.abs(d)}°`;
