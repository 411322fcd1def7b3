/**
 * Test-dose response evidence (Guideline §3.4.8; clinical-reference §3.3, A8): BADS, Modified
 * Ashworth (MAS) and Modified Tardieu at baseline and 1, 2, 4, 6 h. "A reduction in the BADS of
 * at least 25% and/or a change in the MAS" is presented as EVIDENCE for the clinician's verdict;
 * the app never records the verdict itself. Missing time points and regions stay missing (never 0).
 */
import type { Calculation } from './calculation';
import { fail, ok, requireFinite, requireIntegerInRange, type Result } from './result';

export const BADS_REGIONS = ['eyes', 'mouth', 'neck', 'trunk', 'upper-left', 'upper-right', 'lower-left', 'lower-right'] as const;
export type BadsRegion = (typeof BADS_REGIONS)[number];
/** Each region 0–4 (absent, slight, mild, moderate, severe); a missing region stays missing. */
export type BadsScores = Partial<Record<BadsRegion, number>>;
export const BADS_MAX_TOTAL = 32;
/** Shown with the evidence: the guideline's own words, with its section. */
export const RESPONSE_SOURCE =
  'Guideline §3.4.8: "A reduction in the Barry Albright Dystonia Scale of at least 25% and/or a change in the Modified Ashworth score are considered a positive test dose response. Achievement of family goals is also considered."';

/** §3.4.8: a reduction of at least 25%. */
export const BADS_POSITIVE_REDUCTION_PERCENT = 25;

/** MAS grades in order; "1+" sits between 1 and 2 (Bohannon & Smith 1987). */
export const MAS_GRADES = ['0', '1', '1+', '2', '3', '4'] as const;
export type MasGrade = (typeof MAS_GRADES)[number];
export type Side = 'left' | 'right';

export interface MasEntry {
  readonly muscleGroup: string;
  readonly side: Side;
  readonly grade: MasGrade;
}

export interface TardieuEntry {
  readonly muscleGroup: string;
  readonly side: Side;
  /** Catch angle on fast stretch (degrees). */
  readonly r1Degrees: number;
  /** Passive range on slow stretch (degrees). */
  readonly r2Degrees: number;
  /** Quality of muscle reaction 0–5. */
  readonly quality: number;
}

export interface AssessmentSet {
  readonly bads?: BadsScores;
  readonly mas?: readonly MasEntry[];
  readonly tardieu?: readonly TardieuEntry[];
}

export const TIME_POINTS = ['1h', '2h', '4h', '6h'] as const;
export type TimePoint = (typeof TIME_POINTS)[number];

export interface BadsTotal {
  /** Sum of the 8 regions, or null when any region is missing (a partial sum would look better than it is). */
  readonly total: number | null;
  readonly missingRegions: readonly BadsRegion[];
}

/** Total the 8 BADS regions (0–32), validating each region 0–4. */
export function scoreBads(scores: BadsScores, field = 'bads'): Result<BadsTotal> {
  const missingRegions: BadsRegion[] = [];
  let total = 0;
  for (const region of BADS_REGIONS) {
    const v = scores[region];
    if (v === undefined) {
      missingRegions.push(region);
      continue;
    }
    const r = requireIntegerInRange(`${field}.${region}`, v, 0, 4);
    if (!r.ok) return r;
    total += v;
  }
  return ok({ total: missingRegions.length > 0 ? null : total, missingRegions });
}

/** The MAS grade's position on the ordinal scale (0 … 5). */
export const masIndex = (grade: MasGrade): number => MAS_GRADES.indexOf(grade);

/** Percent change from baseline, rounded to 0.1; null when the baseline is 0 (A8). */
export function percentChangeFromBaseline(baseline: number, value: number): number | null {
  if (baseline === 0) return null;
  return Math.round(((value - baseline) / baseline) * 1000) / 10;
}

export interface BadsComparison {
  readonly baselineTotal: number | null;
  readonly total: number | null;
  readonly change: number | null;
  readonly percentChange: number | null;
  /** True/false when both totals exist and the baseline is above 0; null otherwise. */
  readonly reductionAtLeast25Percent: boolean | null;
}

export interface MasComparison {
  readonly muscleGroup: string;
  readonly side: Side;
  readonly baseline: MasGrade | null;
  readonly grade: MasGrade;
  /** Ordinal steps (negative = lower tone); null without a baseline for this muscle and side. */
  readonly stepChange: number | null;
}

export interface TardieuResult {
  readonly muscleGroup: string;
  readonly side: Side;
  readonly r1Degrees: number;
  readonly r2Degrees: number;
  /** R2 − R1: the dynamic component. */
  readonly r2MinusR1: number;
  readonly quality: number;
  readonly baselineR2MinusR1: number | null;
  readonly baselineQuality: number | null;
}

export type TimePointResult =
  | { readonly timePoint: TimePoint; readonly recorded: false }
  | {
      readonly timePoint: TimePoint;
      readonly recorded: true;
      readonly bads: BadsComparison | null;
      readonly mas: readonly MasComparison[];
      readonly tardieu: readonly TardieuResult[];
    };

export interface ResponseEvidence {
  readonly baseline: { readonly bads: BadsTotal | null; readonly tardieu: readonly TardieuResult[] };
  readonly timePoints: readonly TimePointResult[];
  /** At any time point: BADS fell ≥ 25% (null when it could not be assessed at any). */
  readonly badsReductionAtLeast25Percent: boolean | null;
  /** At any time point: any MAS grade changed from baseline (null without a comparable pair). */
  readonly masChanged: boolean | null;
  /**
   * The guideline's criterion ("and/or") on the recorded data — evidence only: true when either
   * part is met, false when a comparison was made and neither is met, null when neither BADS nor
   * MAS could be compared with baseline yet (cannot be judged, never "No").
   */
  readonly meetsGuidelineCriterion: boolean | null;
  readonly summary: readonly string[];
  /** Always the clinician's: the app presents evidence, never the verdict (A8). */
  readonly verdict: 'to-be-recorded-by-clinician';
}

const key = (muscleGroup: string, side: Side): string => `${muscleGroup.trim().toLowerCase()}|${side}`;

function validateSet(set: AssessmentSet, field: string): Result<{ bads: BadsTotal | null; tardieu: TardieuResult[] }> {
  let bads: BadsTotal | null = null;
  if (set.bads) {
    const b = scoreBads(set.bads, `${field}.bads`);
    if (!b.ok) return b;
    bads = b.value;
  }
  for (const [i, m] of (set.mas ?? []).entries()) {
    if (!MAS_GRADES.includes(m.grade)) return fail(`${field}.mas[${i}].grade`, `MAS grade must be one of 0, 1, 1+, 2, 3, 4 (got "${String(m.grade)}").`);
    if (m.side !== 'left' && m.side !== 'right') return fail(`${field}.mas[${i}].side`, 'side must be left or right.');
  }
  const tardieu: TardieuResult[] = [];
  for (const [i, t] of (set.tardieu ?? []).entries()) {
    for (const [name, v] of [['r1Degrees', t.r1Degrees], ['r2Degrees', t.r2Degrees]] as const) {
      const f = requireFinite(`${field}.tardieu[${i}].${name}`, v);
      if (!f.ok) return f;
      if (v < -180 || v > 180) return fail(`${field}.tardieu[${i}].${name}`, `${name} must be an angle from -180 to 180 degrees.`);
    }
    const q = requireIntegerInRange(`${field}.tardieu[${i}].quality`, t.quality, 0, 5);
    if (!q.ok) return q;
    tardieu.push({ muscleGroup: t.muscleGroup, side: t.side, r1Degrees: t.r1Degrees, r2Degrees: t.r2Degrees, r2MinusR1: t.r2Degrees - t.r1Degrees, quality: t.quality, baselineR2MinusR1: null, baselineQuality: null });
  }
  return ok({ bads, tardieu });
}

/** Compare each recorded time point with baseline and summarise the §3.4.8 evidence (A8). */
export function evaluateTestDoseResponse(input: {
  readonly baseline: AssessmentSet;
  readonly timePoints: Partial<Record<TimePoint, AssessmentSet>>;
}): Result<Calculation<ResponseEvidence, { baseline: AssessmentSet; timePoints: Partial<Record<TimePoint, AssessmentSet>> }>> {
  const base = validateSet(input.baseline, 'baseline');
  if (!base.ok) return base;
  const baseMas = new Map((input.baseline.mas ?? []).map((m) => [key(m.muscleGroup, m.side), m.grade]));
  const baseTardieu = new Map(base.value.tardieu.map((t) => [key(t.muscleGroup, t.side), t]));
  const notes: string[] = [];
  const results: TimePointResult[] = [];

  for (const tp of TIME_POINTS) {
    const set = input.timePoints[tp];
    if (!set) {
      results.push({ timePoint: tp, recorded: false });
      continue;
    }
    const v = validateSet(set, `timePoints.${tp}`);
    if (!v.ok) return v;
    let bads: BadsComparison | null = null;
    if (v.value.bads) {
      const baselineTotal = base.value.bads?.total ?? null;
      const total = v.value.bads.total;
      const both = baselineTotal !== null && total !== null;
      const percentChange = both ? percentChangeFromBaseline(baselineTotal, total) : null;
      bads = {
        baselineTotal,
        total,
        change: both ? total - baselineTotal : null,
        percentChange,
        reductionAtLeast25Percent: percentChange === null ? null : percentChange <= -BADS_POSITIVE_REDUCTION_PERCENT,
      };
    }
    const mas: MasComparison[] = (set.mas ?? []).map((m) => {
      const b = baseMas.get(key(m.muscleGroup, m.side)) ?? null;
      return { muscleGroup: m.muscleGroup, side: m.side, baseline: b, grade: m.grade, stepChange: b === null ? null : masIndex(m.grade) - masIndex(b) };
    });
    const tardieu = v.value.tardieu.map((t) => {
      const b = baseTardieu.get(key(t.muscleGroup, t.side));
      return { ...t, baselineR2MinusR1: b?.r2MinusR1 ?? null, baselineQuality: b?.quality ?? null };
    });
    results.push({ timePoint: tp, recorded: true, bads, mas, tardieu });
  }

  const recorded = results.filter((r): r is Extract<TimePointResult, { recorded: true }> => r.recorded);
  const badsFlags = recorded.map((r) => r.bads?.reductionAtLeast25Percent ?? null).filter((f): f is boolean => f !== null);
  const masSteps = recorded.flatMap((r) => r.mas.map((m) => m.stepChange)).filter((s): s is number => s !== null);
  const badsReductionAtLeast25Percent = badsFlags.length === 0 ? null : badsFlags.some(Boolean);
  const masChanged = masSteps.length === 0 ? null : masSteps.some((s) => s !== 0);

  const summary: string[] = [];
  for (const r of recorded) {
    if (r.bads?.percentChange != null) summary.push(`${r.timePoint}: BADS ${r.bads.baselineTotal} → ${r.bads.total} (${r.bads.percentChange > 0 ? '+' : ''}${r.bads.percentChange}%).`);
    for (const m of r.mas) {
      if (m.stepChange !== null && m.stepChange !== 0) {
        summary.push(`${r.timePoint}: MAS ${m.muscleGroup} ${m.side} ${m.baseline} → ${m.grade} (${m.stepChange > 0 ? '+' : ''}${m.stepChange} step${Math.abs(m.stepChange) === 1 ? '' : 's'}, ${m.stepChange < 0 ? 'lower' : 'higher'} tone).`);
      }
    }
  }
  if (base.value.bads?.total === 0) notes.push('Baseline BADS is 0: a percentage change cannot be calculated; compare the totals directly.');
  if (base.value.bads && base.value.bads.total === null) notes.push(`Baseline BADS incomplete (missing: ${base.value.bads.missingRegions.join(', ')}): no BADS change calculated.`);
  const missing = results.filter((r) => !r.recorded).map((r) => r.timePoint);
  if (missing.length > 0) notes.push(`Not recorded: ${missing.join(', ')} (shown as missing, not as zero).`);
  if (masSteps.some((s) => s > 0)) notes.push('Some MAS grades increased: the guideline counts "a change in the MAS"; its direction is for the clinician to weigh.');
  notes.push('Achievement of family goals is also considered (§3.4.8). The clinician records the verdict.');

  return ok({
    value: {
      baseline: { bads: base.value.bads, tardieu: base.value.tardieu },
      timePoints: results,
      badsReductionAtLeast25Percent,
      masChanged,
      meetsGuidelineCriterion:
        badsReductionAtLeast25Percent === true || masChanged === true ? true : badsReductionAtLeast25Percent === null && masChanged === null ? null : false,
      summary,
      verdict: 'to-be-recorded-by-clinician',
    },
    inputs: input,
    source: RESPONSE_SOURCE,
    notes,
    warnings: [],
  });
}
