/**
 * The therapist's assessments between the FHIR layer's records and the domain's response rules:
 * records → assessments grouped by entry group and time point; the test-dose episode (baseline
 * before the injection, 1/2/4/6 h after it); form state → drafts; an edit → amendments. Pure: no
 * React, no I/O.
 */
import {
  BADS_REGIONS,
  formatDuration,
  formatSiteDateTime,
  fromSiteLocalInput,
  MAS_GRADES,
  scheduleTestDoseDay,
  scoreBads,
  type AssessmentSet,
  type BadsRegion,
  type MasGrade,
  type Side,
} from '../../domain';
import type { GmfcsLevel, ObservationDraft, ObservationRecord, ParseIssue, TimePoint } from '../../fhir';
import { BADS_REGION_LABELS, GMFCS_LEVELS, MUSCLE_GROUPS, SIDES, TIME_POINT_LABELS, type MuscleGroupId } from './scales';

// --- Reading ---------------------------------------------------------------------------------

/** One saved value and the record it came from (for amending). */
export interface SavedItem<T> {
  readonly value: T;
  readonly recordId: string;
  readonly versionId: string | undefined;
  /** The item part of the client identifier (`{group}:{item}`), kept when amending. */
  readonly itemId: string;
  readonly status: string;
}

export interface TardieuValue {
  readonly r1: number;
  readonly r2: number;
  readonly quality: number;
}

/** A muscle as read: one of ours, or the EHR's own text when we do not recognise it. */
export type MuscleKey = string;
export const sideKey = (muscle: MuscleKey, side: Side): string => `${muscle}|${side}`;

/** One amended item of a saved assessment: what it is now, the note written with it (reason, what it was), who and when. */
export interface Amendment {
  readonly item: string;
  readonly now: string;
  readonly note: string | undefined;
  /** performer references of the amended version (the person who amended it). */
  readonly by: readonly string[];
  /** meta.lastUpdated of the amended version, when the EHR gives it. */
  readonly at: string | undefined;
}

export interface RecordedAssessment {
  readonly groupId: string;
  readonly timePoint: TimePoint | undefined;
  /** The earliest effective time of its observations, with its offset. */
  readonly effective: string | undefined;
  readonly bads: Partial<Record<BadsRegion, SavedItem<number>>>;
  readonly badsTotal: SavedItem<number> | undefined;
  readonly mas: ReadonlyMap<string, SavedItem<MasGrade>>;
  readonly tardieu: ReadonlyMap<string, SavedItem<TardieuValue>>;
  readonly gmfcs: SavedItem<GmfcsLevel> | undefined;
  readonly goals: SavedItem<string> | undefined;
  /** Physio/OT notes on range of movement and on transfers at this time point (Guideline §3.2). */
  readonly rom: SavedItem<string> | undefined;
  readonly transfers: SavedItem<string> | undefined;
  readonly amended: boolean;
  /** The amended items, in the order read (issue 13: who changed what). */
  readonly amendments: readonly Amendment[];
}

export interface Injection {
  readonly at: string;
  readonly doseMicrograms: number | undefined;
}

export interface TherapyRecords {
  readonly assessments: readonly RecordedAssessment[];
  readonly injections: readonly Injection[];
  /** The latest GMFCS level recorded anywhere in the window. */
  readonly gmfcs: (SavedItem<GmfcsLevel> & { readonly effective: string | undefined }) | undefined;
  /** Records we could read but not place (no side, a value out of range…): a partial view. */
  readonly issues: readonly ParseIssue[];
}

const MAS_ANSWER: Record<string, MasGrade> = { 'mas-0': '0', 'mas-1': '1', 'mas-1plus': '1+', 'mas-2': '2', 'mas-3': '3', 'mas-4': '4' };
export const MAS_ANSWER_KEY: Record<MasGrade, string> = { '0': 'mas-0', '1': 'mas-1', '1+': 'mas-1plus', '2': 'mas-2', '3': 'mas-3', '4': 'mas-4' };
const GMFCS: readonly GmfcsLevel[] = ['gmfcs-I', 'gmfcs-II', 'gmfcs-III', 'gmfcs-IV', 'gmfcs-V'];
const isGmfcs = (v: string | undefined): v is GmfcsLevel => GMFCS.some((g) => g === v);

const MUSCLE_WORDS: readonly [RegExp, MuscleGroupId][] = [
  [/adductor/, 'hip-adductors'],
  [/hip flexor|iliopsoas/, 'hip-flexors'],
  [/hamstring/, 'hamstrings'],
  [/gastroc|soleus|calf|plantar ?flexor/, 'gastrocnemius-soleus'],
  [/elbow flexor|biceps/, 'elbow-flexors'],
  [/wrist flexor/, 'wrist-flexors'],
];

/**
 * bodySite text → muscle and side. The app writes "Hamstrings (left)"; other systems write
 * "Left hamstrings": the side is a whole word either way. No side (or both) → undefined.
 */
export function parseBodySite(text: string | undefined): { muscle: MuscleKey; side: Side } | undefined {
  if (text === undefined) return undefined;
  const lower = text.toLowerCase();
  const left = /\bleft\b/.test(lower);
  const right = /\bright\b/.test(lower);
  if (left === right) return undefined;
  const side: Side = left ? 'left' : 'right';
  const known = MUSCLE_WORDS.find(([re]) => re.test(lower))?.[1];
  if (known !== undefined) return { muscle: known, side };
  const rest = text.replace(/\(?\b(left|right)\b\)?/gi, ' ').replace(/\s+/g, ' ').trim();
  return { muscle: rest.charAt(0).toUpperCase() + rest.slice(1), side };
}

export const muscleLabel = (muscle: MuscleKey): string => MUSCLE_GROUPS.find((m) => m.id === muscle)?.label ?? muscle;

const BADS_KEY_TO_REGION = new Map<string, BadsRegion>(BADS_REGIONS.map((r) => [`bads-${r}`, r]));

/** The free-text items of an assessment: item key → the assessment's field and how it is named in a problem. */
export const TEXT_ITEMS = [
  { key: 'family-goals', field: 'goals', label: 'Family goals' },
  { key: 'rom-notes', field: 'rom', label: 'Range of movement' },
  { key: 'transfers-notes', field: 'transfers', label: 'Transfers' },
] as const;
export type TextField = (typeof TEXT_ITEMS)[number]['field'];
const TEXT_ITEM_BY_KEY = new Map<string, (typeof TEXT_ITEMS)[number]>(TEXT_ITEMS.map((t) => [t.key, t]));

const itemOf =
  (r: ObservationRecord) =>
  <T>(value: T): SavedItem<T> => {
    const suffix = r.groupId !== undefined && r.entryId?.startsWith(`${r.groupId}:`) === true ? r.entryId.slice(r.groupId.length + 1) : undefined;
    return { value, recordId: r.id, versionId: r.versionId, itemId: suffix ?? r.key, status: r.status };
  };

const time = (v: string | undefined): number => {
  const t = v === undefined ? Number.NaN : Date.parse(v);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};

interface MutableAssessment {
  groupId: string;
  timePoint: TimePoint | undefined;
  effective: string | undefined;
  bads: Partial<Record<BadsRegion, SavedItem<number>>>;
  badsTotal: SavedItem<number> | undefined;
  mas: Map<string, SavedItem<MasGrade>>;
  tardieu: Map<string, SavedItem<TardieuValue>>;
  gmfcs: SavedItem<GmfcsLevel> | undefined;
  goals: SavedItem<string> | undefined;
  rom: SavedItem<string> | undefined;
  transfers: SavedItem<string> | undefined;
  amended: boolean;
  amendments: Amendment[];
}

/** Records (any order) → assessments by entry group, injections and the latest GMFCS. */
export function groupTherapyRecords(records: readonly ObservationRecord[]): TherapyRecords {
  const groups = new Map<string, MutableAssessment>();
  const injections: Injection[] = [];
  const issues: ParseIssue[] = [];
  let gmfcs: TherapyRecords['gmfcs'];
  const problem = (r: ObservationRecord, path: string, message: string) => issues.push({ resourceType: 'Observation', id: r.id, path, message });

  for (const r of records) {
    if (r.key === 'test-dose-injection') {
      if (r.effective !== undefined) injections.push({ at: r.effective, doseMicrograms: r.value.kind === 'quantity' && r.value.unit === 'ug' ? r.value.value : undefined });
      continue;
    }
    if (r.key === 'gmfcs-level' && r.value.kind === 'codeable' && isGmfcs(r.value.code) && time(r.effective) >= time(gmfcs?.effective)) {
      gmfcs = { ...itemOf(r)(r.value.code), effective: r.effective };
    }
    const isTherapy = r.key === 'bads-total' || BADS_KEY_TO_REGION.has(r.key) || r.key === 'mas-grade' || r.key === 'mts' || r.key === 'gmfcs-level' || TEXT_ITEM_BY_KEY.has(r.key);
    if (!isTherapy || r.groupId === undefined) continue;
    let g = groups.get(r.groupId);
    if (g === undefined) {
      g = { groupId: r.groupId, timePoint: r.timePoint, effective: r.effective, bads: {}, badsTotal: undefined, mas: new Map(), tardieu: new Map(), gmfcs: undefined, goals: undefined, rom: undefined, transfers: undefined, amended: false, amendments: [] };
      groups.set(r.groupId, g);
    }
    g.timePoint ??= r.timePoint;
    if (time(r.effective) < time(g.effective) || g.effective === undefined) g.effective = r.effective ?? g.effective;
    if (r.status === 'amended' || r.status === 'corrected') g.amended = true;
    const group = g;
    const amendedTo = (item: string, now: string) => {
      if (r.status === 'amended' || r.status === 'corrected') group.amendments.push({ item, now, note: r.note, by: r.performerRefs ?? [], at: r.lastUpdated });
    };
    const item = itemOf(r);
    const region = BADS_KEY_TO_REGION.get(r.key);
    if (region !== undefined || r.key === 'bads-total') {
      const max = region === undefined ? 32 : 4;
      if (r.value.kind !== 'integer' || r.value.value < 0 || r.value.value > max) {
        problem(r, 'valueInteger', `BADS ${region ?? 'total'} is not a whole number from 0 to ${max}`);
        continue;
      }
      if (region === undefined) g.badsTotal = item(r.value.value);
      else g.bads[region] = item(r.value.value);
      amendedTo(region === undefined ? 'BADS total' : `BADS ${BADS_REGION_LABELS[region].toLowerCase()}`, String(r.value.value));
      continue;
    }
    if (r.key === 'mas-grade' || r.key === 'mts') {
      const site = parseBodySite(r.bodySite);
      if (site === undefined) {
        problem(r, 'bodySite', `${r.key === 'mts' ? 'Tardieu' : 'MAS'} record has no single side (left or right) in its body site "${r.bodySite ?? ''}"`);
        continue;
      }
      const k = sideKey(site.muscle, site.side);
      if (r.key === 'mas-grade') {
        const grade = r.value.kind === 'codeable' && r.value.code !== undefined ? MAS_ANSWER[r.value.code] : undefined;
        if (grade === undefined) problem(r, 'valueCodeableConcept', 'MAS grade is not one of 0, 1, 1+, 2, 3, 4');
        else {
          g.mas.set(k, item(grade));
          amendedTo(`MAS ${muscleLabel(site.muscle).toLowerCase()}, ${site.side}`, grade);
        }
        continue;
      }
      const comps = r.value.kind === 'components' ? r.value.components : [];
      const num = (key: string) => {
        const c = comps.find((x) => x.key === key)?.value;
        if (c?.kind === 'integer') return c.value;
        if (c?.kind === 'quantity' && (key === 'mts-quality' || c.unit === 'deg')) return c.value;
        return undefined;
      };
      const r1 = num('mts-r1');
      const r2 = num('mts-r2');
      const quality = num('mts-quality');
      if (r1 === undefined || r2 === undefined || quality === undefined || !Number.isInteger(quality) || quality < 0 || quality > 5) {
        problem(r, 'component', 'Tardieu record lacks R1 or R2 in degrees, or a quality from 0 to 5');
        continue;
      }
      g.tardieu.set(k, item<TardieuValue>({ r1, r2, quality }));
      amendedTo(`Tardieu ${muscleLabel(site.muscle).toLowerCase()}, ${site.side}`, tardieuText({ r1, r2, quality }));
      continue;
    }
    if (r.key === 'gmfcs-level') {
      if (r.value.kind === 'codeable' && isGmfcs(r.value.code)) {
        g.gmfcs = item(r.value.code);
        amendedTo('GMFCS level', gmfcsText(r.value.code));
      }
      continue;
    }
    const text = TEXT_ITEM_BY_KEY.get(r.key);
    if (text === undefined) continue;
    // A note with no text (or not text at all) is reported, never shown as "not recorded".
    if (r.value.kind !== 'string' || r.value.value.trim() === '') {
      problem(r, 'valueString', `${text.label} record has no text`);
      continue;
    }
    g[text.field] = item(r.value.value);
    amendedTo(text.label, `“${r.value.value}”`);
  }
  const assessments = [...groups.values()].sort((a, b) => time(a.effective) - time(b.effective));
  injections.sort((a, b) => time(a.at) - time(b.at));
  return { assessments, injections, gmfcs, issues };
}

const tardieuText = (v: TardieuValue): string => `R1 ${v.r1}°, R2 ${v.r2}°, quality ${v.quality}`;
const gmfcsText = (level: GmfcsLevel): string => `level ${GMFCS_LEVELS.find((g) => g.level === level)?.roman ?? level}`;

/** A BADS total: the saved one when it agrees with the regions, else the domain's sum (missing if incomplete). */
export function badsTotalOf(a: RecordedAssessment): { total: number | null; missingRegions: readonly BadsRegion[]; disagrees: boolean } {
  const scores: Partial<Record<BadsRegion, number>> = {};
  for (const region of BADS_REGIONS) {
    const v = a.bads[region]?.value;
    if (v !== undefined) scores[region] = v;
  }
  const scored = scoreBads(scores);
  const computed = scored.ok ? scored.value.total : null;
  const missingRegions = scored.ok ? scored.value.missingRegions : BADS_REGIONS;
  if (missingRegions.length === BADS_REGIONS.length && a.badsTotal !== undefined) {
    // Only a total was recorded (no regions): use it as recorded.
    return { total: a.badsTotal.value, missingRegions: [], disagrees: false };
  }
  const disagrees = a.badsTotal !== undefined && computed !== null && a.badsTotal.value !== computed;
  return { total: computed, missingRegions, disagrees };
}

/** An assessment as the domain's AssessmentSet (BADS regions, MAS and Tardieu per muscle and side). */
export function toAssessmentSet(a: RecordedAssessment): AssessmentSet {
  const hasBads = Object.keys(a.bads).length > 0;
  const bads: Partial<Record<BadsRegion, number>> = {};
  for (const region of BADS_REGIONS) {
    const v = a.bads[region]?.value;
    if (v !== undefined) bads[region] = v;
  }
  const split = (k: string) => {
    const i = k.lastIndexOf('|');
    const side: Side = k.slice(i + 1) === 'left' ? 'left' : 'right';
    // The label, so the domain's evidence summary reads "Hip adductors left 2 → 3".
    return { muscleGroup: muscleLabel(k.slice(0, i)), side };
  };
  return {
    ...(hasBads ? { bads } : {}),
    mas: [...a.mas.entries()].map(([k, v]) => ({ ...split(k), grade: v.value })),
    tardieu: [...a.tardieu.entries()].map(([k, v]) => ({ ...split(k), r1Degrees: v.value.r1, r2Degrees: v.value.r2, quality: v.value.quality })),
  };
}

// --- The test-dose episode --------------------------------------------------------------------

export interface Episode {
  /** The latest test-dose injection, when one is recorded. */
  readonly injection: Injection | undefined;
  readonly baseline: RecordedAssessment | undefined;
  readonly timePoints: Partial<Record<Exclude<TimePoint, 'baseline'>, RecordedAssessment>>;
  /** Time points with more than one assessment: the latest is compared (said on screen). */
  readonly repeated: readonly { readonly timePoint: TimePoint; readonly count: number }[];
  /** Assessments with a time point that fall outside this episode and are not compared. */
  readonly outside: number;
}

/**
 * The latest test dose's assessments: baseline recorded after any earlier injection, time points from the injection on (Guideline §3.2, §3.4.8). With no injection
 * recorded, the latest assessment at each time point.
 */
export function selectEpisode(records: TherapyRecords): Episode {
  const injection = records.injections.at(-1);
  const previous = records.injections.at(-2);
  const T = injection === undefined ? undefined : time(injection.at);
  const P = previous === undefined ? Number.NEGATIVE_INFINITY : time(previous.at);
  const byTp = new Map<TimePoint, RecordedAssessment[]>();
  let outside = 0;
  for (const a of records.assessments) {
    if (a.timePoint === undefined) continue;
    const t = time(a.effective);
    // A baseline typed in after the dose (scored on paper at admission) still belongs to this dose:
    // anything after the previous injection counts; the view says when it was entered.
    const inEpisode = T === undefined ? true : a.timePoint === 'baseline' ? t > P : t >= T;
    if (!inEpisode) {
      outside++;
      continue;
    }
    byTp.set(a.timePoint, [...(byTp.get(a.timePoint) ?? []), a]);
  }
  const latest = (tp: TimePoint) => byTp.get(tp)?.at(-1);
  const repeated = [...byTp.entries()].filter(([, list]) => list.length > 1).map(([timePoint, list]) => ({ timePoint, count: list.length }));
  const timePoints: Episode['timePoints'] = {};
  for (const tp of ['1h', '2h', '4h', '6h'] as const) {
    const a = latest(tp);
    if (a !== undefined) timePoints[tp] = a;
  }
  return { injection, baseline: latest('baseline'), timePoints, repeated, outside };
}

/**
 * The time point to offer first: from the dose time, the 1/2/4/6 h slot whose window holds `now`
 * (domain schedule, A7); before the first window, 1 h; after the last, 6 h. No injection: baseline.
 */
export function defaultTimePoint(injectionAt: string | undefined, now: Date): TimePoint {
  if (injectionAt === undefined) return 'baseline';
  const schedule = scheduleTestDoseDay({ injectionAt, now });
  if (!schedule.ok) return 'baseline';
  const hours = ['1h', '2h', '4h', '6h'] as const;
  const slots = schedule.value.value.assessments;
  const t = now.getTime();
  const i = slots.findIndex((s) => t >= s.windowStart.getTime() && t < s.windowEnd.getTime());
  if (i >= 0) return hours[i] ?? '6h';
  const first = slots[0];
  return first !== undefined && t < first.windowStart.getTime() ? '1h' : '6h';
}

// --- The assessment's time --------------------------------------------------------------------

const POST_DOSE_POINTS = ['1h', '2h', '4h', '6h'] as const;
type PostDosePoint = (typeof POST_DOSE_POINTS)[number];
const isPostDose = (tp: TimePoint | ''): tp is PostDosePoint => tp !== '' && tp !== 'baseline';

/** The 1/2/4/6 h windows from the dose time, as the schedule draws them (domain schedule, A7). */
function postDoseWindows(injectionAt: string, at: Date): { tp: PostDosePoint; start: Date; end: Date }[] | undefined {
  const schedule = scheduleTestDoseDay({ injectionAt, now: new Date(Math.max(at.getTime(), Date.parse(injectionAt))) });
  if (!schedule.ok) return undefined;
  return schedule.value.value.assessments.map((slot, i) => ({ tp: POST_DOSE_POINTS[i] ?? '6h', start: slot.windowStart, end: slot.windowEnd }));
}

/**
 * The time point an assessment time falls in, from the dose time: before the injection, baseline;
 * after it, the 1/2/4/6 h window holding the time (before the first window, 1 h; after the last,
 * 6 h). Without an injection, undefined (it cannot be worked out).
 */
export function timePointAt(injectionAt: string | undefined, at: Date): TimePoint | undefined {
  if (injectionAt === undefined) return undefined;
  const injected = Date.parse(injectionAt);
  if (Number.isNaN(injected)) return undefined;
  return at.getTime() < injected ? 'baseline' : defaultTimePoint(injectionAt, at);
}

export interface TimeCheck {
  /** The assessment's instant, when the time can be read. */
  readonly instant: Date | undefined;
  /** Refused: nothing is saved until the time (or the time point) is corrected. */
  readonly error: string | undefined;
  /** Unusual: saved only once confirmed (the confirmation holds for this time and time point only). */
  readonly toConfirm: string | undefined;
  /** The time point the time falls in, from the dose time; undefined without an injection. */
  readonly derived: TimePoint | undefined;
  /** The time against the dose, e.g. "2 h 5 min after the injection at 24 Nov 2026 08:45". */
  readonly relation: string | undefined;
}

/** Clock drift allowed between this device and the EHR before a time counts as "in the future". */
const FUTURE_DRIFT_MS = 2 * 60_000;

/**
 * The assessment time, typed in the site's wall clock (paper scores are often entered later):
 * required, not in the future, and for a time point after the dose not before the injection nor
 * before the baseline. The time point is checked against the time: one outside its window (a late
 * 1-hour assessment, say) is confirmed; a baseline after the injection is confirmed too.
 */
export function checkAssessmentTime(input: {
  readonly time: string;
  readonly timePoint: TimePoint | '';
  readonly now: Date;
  readonly timeZone: string;
  readonly injectionAt: string | undefined;
  /** The baseline this assessment is compared with (not the one being edited). */
  readonly baselineAt: string | undefined;
}): TimeCheck {
  const at = (v: Date | string) => formatSiteDateTime(v, input.timeZone);
  const instant = fromSiteLocalInput(input.time, input.timeZone);
  const none = { instant, toConfirm: undefined, derived: undefined, relation: undefined };
  if (instant === undefined) return { ...none, error: 'Enter the time the assessment was done: the day and a 24-hour time, for example 08:40.' };
  if (instant.getTime() > input.now.getTime() + FUTURE_DRIFT_MS) return { ...none, error: `The assessment time ${at(instant)} is in the future: enter when the scores were taken.` };
  const injected = input.injectionAt === undefined ? Number.NaN : Date.parse(input.injectionAt);
  const derived = timePointAt(input.injectionAt, instant);
  const tp = input.timePoint;
  const label = tp === '' ? '' : TIME_POINT_LABELS[tp].toLowerCase();
  let relation: string | undefined;
  if (input.injectionAt !== undefined && !Number.isNaN(injected)) {
    const ms = instant.getTime() - injected;
    relation = ms < 0 ? `${formatDuration(-ms)} before the injection at ${at(input.injectionAt)}` : `${formatDuration(ms)} after the injection at ${at(input.injectionAt)}`;
  }
  const result = (error: string | undefined, toConfirm: string | undefined): TimeCheck => ({ instant, error, toConfirm, derived, relation });
  if (isPostDose(tp)) {
    if (input.injectionAt !== undefined && instant.getTime() < injected) {
      return result(`The ${label} assessment is after the dose, but ${at(instant)} is before the injection at ${at(input.injectionAt)}: correct the time, or choose Baseline.`, undefined);
    }
    const baseline = input.baselineAt === undefined ? Number.NaN : Date.parse(input.baselineAt);
    if (!Number.isNaN(baseline) && instant.getTime() < baseline) {
      return result(`The ${label} assessment cannot be before the baseline it is compared with (assessed ${at(input.baselineAt ?? '')}): correct the time.`, undefined);
    }
    const window = input.injectionAt === undefined ? undefined : postDoseWindows(input.injectionAt, instant)?.find((w) => w.tp === tp);
    if (window !== undefined && (instant < window.start || instant >= window.end) && derived !== undefined && derived !== tp) {
      return result(
        undefined,
        `${at(instant)} is ${relation ?? ''}: in the ${TIME_POINT_LABELS[derived].toLowerCase()} window, not the ${label} one (${at(window.start)} to ${at(window.end)}). Choose ${TIME_POINT_LABELS[derived]}, or confirm this is the ${label} assessment.`,
      );
    }
    return result(undefined, undefined);
  }
  if (tp === 'baseline' && input.injectionAt !== undefined && instant.getTime() > injected) {
    return result(undefined, `${at(instant)} is ${relation ?? ''}: a baseline records tone before the dose. Correct the time, or confirm the baseline was assessed after the injection.`);
  }
  return result(undefined, undefined);
}

/** The confirmation of an unusual time holds for this time and time point only. */
export const timeConfirmationKey = (form: Pick<AssessmentForm, 'time' | 'timePoint'>): string => `${form.time}|${form.timePoint}`;

/** The time's refusal, or its unconfirmed warning, as the form's `time` error. */
export function timeError(check: TimeCheck, form: Pick<AssessmentForm, 'time' | 'timePoint' | 'timeConfirmed'>): string | undefined {
  if (check.error !== undefined) return check.error;
  if (check.toConfirm !== undefined && form.timeConfirmed !== timeConfirmationKey(form)) return `${check.toConfirm} (tick the confirmation below the time)`;
  return undefined;
}

/**
 * Why editing this assessment needs a reason, or undefined when it does not: a baseline edited
 * once the dose has been given or a verdict recorded changes what the response was judged on
 * (the same reason flow as a nurse's amendment).
 */
export function editReasonNeeded(a: RecordedAssessment, episode: Episode, verdictAt: string | undefined, timeZone: string): string | undefined {
  if (a.timePoint !== 'baseline') return undefined;
  const reasons: string[] = [];
  if (episode.injection !== undefined) reasons.push(`the test dose was injected ${formatSiteDateTime(episode.injection.at, timeZone)}`);
  if (verdictAt !== undefined) reasons.push(`a verdict was recorded ${formatSiteDateTime(verdictAt, timeZone)}`);
  return reasons.length === 0 ? undefined : `This baseline is being changed after ${reasons.join(' and ')}: give the reason for the change.`;
}

// --- The form ---------------------------------------------------------------------------------

export interface TardieuInput {
  readonly r1: string;
  readonly r2: string;
  readonly quality: string;
}

export interface AssessmentForm {
  /** Made when the form starts; reused on every retry so nothing is written twice. */
  readonly groupId: string;
  /** Set when the form edits a saved assessment (its group id). */
  readonly editing: string | undefined;
  readonly timePoint: TimePoint | '';
  /** When the assessment was done: the site's wall clock, `YYYY-MM-DDTHH:mm`. */
  readonly time: string;
  /** `time|timePoint` once an unusual time was confirmed (see timeConfirmationKey); '' otherwise. */
  readonly timeConfirmed: string;
  /** Why a saved score is changed (required for a baseline after the dose or a verdict). */
  readonly reason: string;
  readonly bads: Partial<Record<BadsRegion, number>>;
  readonly mas: Readonly<Record<string, MasGrade>>;
  readonly tardieu: Readonly<Record<string, TardieuInput>>;
  readonly gmfcs: GmfcsLevel | '';
  readonly goals: string;
  readonly rom: string;
  readonly transfers: string;
}

export const emptyForm = (groupId: string, timePoint: TimePoint | '', time: string): AssessmentForm => ({
  groupId,
  editing: undefined,
  timePoint,
  time,
  timeConfirmed: '',
  reason: '',
  bads: {},
  mas: {},
  tardieu: {},
  gmfcs: '',
  goals: '',
  rom: '',
  transfers: '',
});

/** A saved assessment loaded into the form for editing; `time` is its time at the site (toSiteLocalInput). */
export function formFromAssessment(a: RecordedAssessment, time: string): AssessmentForm {
  const bads: Partial<Record<BadsRegion, number>> = {};
  for (const region of BADS_REGIONS) {
    const v = a.bads[region]?.value;
    if (v !== undefined) bads[region] = v;
  }
  return {
    groupId: a.groupId,
    editing: a.groupId,
    timePoint: a.timePoint ?? '',
    time,
    timeConfirmed: '',
    reason: '',
    bads,
    mas: Object.fromEntries([...a.mas.entries()].map(([k, v]) => [k, v.value])),
    tardieu: Object.fromEntries([...a.tardieu.entries()].map(([k, v]) => [k, { r1: String(v.value.r1), r2: String(v.value.r2), quality: String(v.value.quality) }])),
    gmfcs: a.gmfcs?.value ?? '',
    goals: a.goals?.value ?? '',
    rom: a.rom?.value ?? '',
    transfers: a.transfers?.value ?? '',
  };
}

export type FieldErrors = Readonly<Record<string, string>>;

const ANGLE = /^-?\d{1,3}$/;

/** Tardieu row → value, or an error naming what is wrong. Empty row → undefined (not assessed). */
export function readTardieu(input: TardieuInput | undefined): { value: TardieuValue | undefined; error: string | undefined } {
  if (input === undefined) return { value: undefined, error: undefined };
  const r1 = input.r1.trim();
  const r2 = input.r2.trim();
  const q = input.quality;
  if (r1 === '' && r2 === '' && q === '') return { value: undefined, error: undefined };
  if (r1 === '' || r2 === '' || q === '') return { value: undefined, error: 'Enter R1, R2 and quality, or leave all three empty.' };
  if (!ANGLE.test(r1) || !ANGLE.test(r2)) return { value: undefined, error: 'R1 and R2 are whole degrees, e.g. 110.' };
  const a1 = Number(r1);
  const a2 = Number(r2);
  if (Math.abs(a1) > 180 || Math.abs(a2) > 180) return { value: undefined, error: 'Angles are from -180 to 180 degrees.' };
  const quality = Number(q);
  if (!Number.isInteger(quality) || quality < 0 || quality > 5) return { value: undefined, error: 'Quality is 0 to 5.' };
  return { value: { r1: a1, r2: a2, quality }, error: undefined };
}

const muscleKeys = (form: AssessmentForm, part: 'mas' | 'tardieu'): string[] => {
  const ours = MUSCLE_GROUPS.flatMap((m) => SIDES.map((s) => sideKey(m.id, s)));
  const extra = Object.keys(form[part]).filter((k) => !ours.includes(k));
  return [...ours, ...extra];
};

const bodySiteOf = (k: string): { text: string; laterality: Side } => {
  const i = k.lastIndexOf('|');
  return { text: muscleLabel(k.slice(0, i)), laterality: k.slice(i + 1) === 'left' ? 'left' : 'right' };
};

/** Item ids within the group, e.g. `mas-grade:hamstrings-left` (client identifier `{group}:{item}`). */
export const itemIdFor = (part: 'mas-grade' | 'mts', k: string): string => `${part}:${k.replace('|', '-').replace(/[^A-Za-z0-9-]+/g, '-').toLowerCase()}`;

/**
 * The form → one draft per item, each with the time point (docs/fhir-conventions.md). The BADS
 * total is written only when all 8 regions are scored (a partial sum looks better than it is).
 * GMFCS is written only when it differs from the level already recorded ("recorded once").
 */
export function buildAssessmentDrafts(
  form: AssessmentForm,
  recordedGmfcs: GmfcsLevel | undefined,
): { drafts: ObservationDraft[]; errors: FieldErrors } {
  const errors: Record<string, string> = {};
  const drafts: ObservationDraft[] = [];
  if (form.timePoint === '') {
    errors['timePoint'] = 'Choose the time point.';
    return { drafts, errors };
  }
  const timePoint = form.timePoint;
  for (const region of BADS_REGIONS) {
    const v = form.bads[region];
    if (v !== undefined) drafts.push({ key: `bads-${region}`, value: { kind: 'integer', value: v }, timePoint });
  }
  const total = scoreBads(form.bads);
  if (!total.ok) errors[`bads.${total.error.field}`] = total.error.message;
  else if (total.value.total !== null) drafts.push({ key: 'bads-total', value: { kind: 'integer', value: total.value.total }, timePoint });

  for (const k of muscleKeys(form, 'mas')) {
    const grade = form.mas[k];
    if (grade === undefined) continue;
    drafts.push({ key: 'mas-grade', itemId: itemIdFor('mas-grade', k), value: { kind: 'codeable', answer: MAS_ANSWER_KEY[grade] }, bodySite: bodySiteOf(k), timePoint });
  }
  for (const k of muscleKeys(form, 'tardieu')) {
    const { value, error } = readTardieu(form.tardieu[k]);
    if (error !== undefined) errors[`tardieu.${k}`] = error;
    if (value === undefined) continue;
    drafts.push({
      key: 'mts',
      itemId: itemIdFor('mts', k),
      value: {
        kind: 'components',
        components: [
          { key: 'mts-r1', value: { kind: 'quantity', value: value.r1, unit: 'deg' } },
          { key: 'mts-r2', value: { kind: 'quantity', value: value.r2, unit: 'deg' } },
          { key: 'mts-quality', value: { kind: 'integer', value: value.quality } },
        ],
      },
      bodySite: bodySiteOf(k),
      timePoint,
    });
  }
  if (form.gmfcs !== '' && form.gmfcs !== recordedGmfcs) drafts.push({ key: 'gmfcs-level', value: { kind: 'codeable', answer: form.gmfcs }, timePoint });
  for (const { key, field } of TEXT_ITEMS) {
    const text = form[field].trim();
    if (text !== '') drafts.push({ key, value: { kind: 'string', value: text }, timePoint });
  }
  if (drafts.length === 0 && Object.keys(errors).length === 0) errors['form'] = 'Nothing to save yet: score at least one item.';
  return { drafts, errors };
}

/** What an edit does to a saved assessment: amend changed items, add new ones; removing is refused. */
export interface EditPlan {
  readonly amend: readonly { readonly item: SavedItem<unknown>; readonly draft: ObservationDraft }[];
  readonly add: readonly ObservationDraft[];
  readonly errors: FieldErrors;
}

/** A comparable form of a value and its time point: equal signatures need no amendment. */
function draftSignature(draft: ObservationDraft): string {
  const v = draft.value;
  const tp = draft.timePoint ?? '';
  switch (v.kind) {
    case 'integer':
      return `${tp}|int:${v.value}`;
    case 'string':
    case 'dateTime':
      return `${tp}|str:${v.value}`;
    case 'codeable':
      return `${tp}|code:${v.answer}`;
    case 'components': {
      const get = (key: string) => {
        const c = v.components.find((x) => x.key === key)?.value;
        return c !== undefined && (c.kind === 'integer' || c.kind === 'quantity') ? String(c.value) : '';
      };
      return `${tp}|mts:${get('mts-r1')}:${get('mts-r2')}:${get('mts-quality')}`;
    }
    case 'quantity':
    case 'boolean':
      return `${tp}|${v.kind}:${String(v.value)}`;
    case 'built-components':
      return `${tp}|built:${JSON.stringify(v.components)}`;
    default:
      return v satisfies never;
  }
}

/** What else an edit changes besides the scores: the time, and whether a reason is required. */
export interface EditChange {
  /** The new effectiveDateTime (site offset) when the assessment's time was changed; undefined when kept. */
  readonly effective: string | undefined;
  /** The saved time in words, for the note when it changes. */
  readonly wasTime: string | undefined;
  /** Why a reason is required (editReasonNeeded); undefined when it is not. */
  readonly reasonNeeded: string | undefined;
}

const NO_CHANGE: EditChange = { effective: undefined, wasTime: undefined, reasonNeeded: undefined };

/**
 * Compare the edited form with the saved assessment. Changed values are amended (status amended,
 * the saved item's own identifier kept); new values are added to the same group; a saved value
 * cleared in the form is refused — removing a recorded score is done in the EHR (entered in error).
 * A changed time amends every item with the new time. With a reason, each amended item carries it
 * in its note with what it was ("Amended: <reason>. Was 2."), as a nurse's amendment does.
 */
export function planEdit(saved: RecordedAssessment, form: AssessmentForm, recordedGmfcs: GmfcsLevel | undefined, change: EditChange = NO_CHANGE): EditPlan {
  const timePoint = form.timePoint === '' ? saved.timePoint : form.timePoint;
  const built = buildAssessmentDrafts({ ...form, timePoint: timePoint ?? '' }, saved.gmfcs?.value ?? recordedGmfcs);
  const errors: Record<string, string> = Object.fromEntries(Object.entries(built.errors).filter(([k]) => k !== 'form'));
  const tp = saved.timePoint ?? '';
  const savedItems = new Map<string, { item: SavedItem<unknown>; signature: string; was: string }>();
  for (const region of BADS_REGIONS) {
    const s = saved.bads[region];
    if (s !== undefined) savedItems.set(`bads-${region}`, { item: s, signature: `${tp}|int:${s.value}`, was: String(s.value) });
  }
  if (saved.badsTotal !== undefined) savedItems.set('bads-total', { item: saved.badsTotal, signature: `${tp}|int:${saved.badsTotal.value}`, was: String(saved.badsTotal.value) });
  for (const [k, s] of saved.mas) savedItems.set(itemIdFor('mas-grade', k), { item: s, signature: `${tp}|code:${MAS_ANSWER_KEY[s.value]}`, was: `MAS ${s.value}` });
  for (const [k, s] of saved.tardieu) savedItems.set(itemIdFor('mts', k), { item: s, signature: `${tp}|mts:${s.value.r1}:${s.value.r2}:${s.value.quality}`, was: tardieuText(s.value) });
  if (saved.gmfcs !== undefined) savedItems.set('gmfcs-level', { item: saved.gmfcs, signature: `${tp}|code:${saved.gmfcs.value}`, was: `GMFCS ${gmfcsText(saved.gmfcs.value)}` });
  for (const { key, field } of TEXT_ITEMS) {
    const s = saved[field];
    // Compared trimmed, as the form writes it: whitespace another system kept is not a change.
    if (s !== undefined) savedItems.set(key, { item: s, signature: `${tp}|str:${s.value.trim()}`, was: `“${s.value.trim()}”` });
  }

  const reason = form.reason.trim();
  const timeChanged = change.effective !== undefined;
  const noteFor = (was: string | undefined): string | undefined => {
    if (reason === '') return undefined;
    const parts = [`Amended: ${reason.replace(/[.\s]+$/, '')}.`];
    if (was !== undefined) parts.push(`Was ${was}.`);
    if (timeChanged && change.wasTime !== undefined) parts.push(`Time was ${change.wasTime}.`);
    return parts.join(' ');
  };
  const amend: { item: SavedItem<unknown>; draft: ObservationDraft }[] = [];
  const add: ObservationDraft[] = [];
  const drafted = new Set<string>();
  for (const built1 of built.drafts) {
    const draft: ObservationDraft = timeChanged ? { ...built1, effective: change.effective } : built1;
    const id = draft.itemId ?? draft.key;
    drafted.add(id);
    const s = savedItems.get(id);
    if (s === undefined) {
      add.push(reason === '' ? draft : { ...draft, note: `Added: ${reason.replace(/[.\s]+$/, '')}.` });
      continue;
    }
    const valueChanged = draftSignature(draft) !== s.signature;
    if (!valueChanged && !timeChanged) continue;
    const note = noteFor(valueChanged ? s.was : undefined);
    amend.push({ item: s.item, draft: { ...draft, itemId: s.item.itemId, ...(note === undefined ? {} : { note }) } });
  }
  // GMFCS unchanged from the recorded level is not re-drafted: not a removal.
  if (form.gmfcs !== '') drafted.add('gmfcs-level');
  for (const [id] of savedItems) {
    if (drafted.has(id)) continue;
    if (id === 'bads-total') {
      errors['bads'] = 'All 8 BADS regions were scored when saved: a region cannot be cleared here.';
      continue;
    }
    const text = TEXT_ITEM_BY_KEY.get(id);
    errors[`removed.${id}`] =
      text === undefined
        ? 'A saved score cannot be cleared here: mark it "entered in error" in the EHR.'
        : `${text.label}: a saved note cannot be cleared here (edit the text instead, or mark it "entered in error" in the EHR).`;
  }
  if (amend.length === 0 && add.length === 0 && Object.keys(errors).length === 0) errors['form'] = 'Nothing has changed.';
  else if (change.reasonNeeded !== undefined && reason === '') errors['reason'] = change.reasonNeeded;
  return { amend, add, errors };
}

export const MAS_ORDER = MAS_GRADES;
