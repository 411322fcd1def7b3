/**
 * The intrathecal dose timeline as the doctor's view uses it: prescriptions merged from the
 * current-dose read and the paged history, the continuous-dose schedule the refill forecast needs,
 * the rows of the history table and the (small) data set behind the chart.
 */
import { formatSiteDateTime, microgramsPerDay, type DoseScheduleEntry, type MicrogramsPerDay, type MicrogramsPerMl } from '../../../domain';
import type { DoseChange, ProcedureKind, ProcedureRecord } from '../../../fhir';
import { timeOf } from '../../../components/ui/clinical-format';

const MS_PER_DAY = 86_400_000;

/** When a prescription started: the validity period's start, else the order date (conventions). */
export const startOf = (change: DoseChange): string | undefined => change.validFrom ?? change.authoredOn;

/**
 * A one-off intrathecal test dose ordered as a MedicationRequest (a bolus from 50 micrograms/mL
 * ampoules, Guideline §3.1.4.ii) is not a continuous daily dose: it must not become a point of
 * the dose line or a segment of the refill forecast. 50 micrograms/mL is never a pump
 * concentration at this site (2000, or 1000 for low doses: §4.1.1).
 */
export function isTestDoseOrder(change: DoseChange): boolean {
  const words = `${change.text ?? ''} ${change.medication ?? ''}`.toLowerCase();
  return /test[\s-]?dose|screening/.test(words) || change.concentration === 50;
}

/** Statuses of prescriptions that ran (or run) in the pump; cancelled or unknown orders did not. */
const DELIVERED = new Set(['active', 'on-hold', 'completed', 'stopped']);

/** Merge prescriptions from several reads (same id = same prescription), newest start first. */
export function mergeTimeline(...lists: ReadonlyArray<readonly DoseChange[]>): DoseChange[] {
  const byId = new Map<string, DoseChange>();
  for (const list of lists) for (const c of list) if (!byId.has(c.id)) byId.set(c.id, c);
  return [...byId.values()].sort((a, b) => (timeOf(startOf(b)) ?? -Infinity) - (timeOf(startOf(a)) ?? -Infinity));
}

export type ScheduleProblem = { readonly id: string; readonly start: number | undefined; readonly message: string };

export type DoseSchedule = {
  /** Continuous prescriptions that ran, oldest first, with a readable start and daily dose. */
  readonly entries: readonly (DoseScheduleEntry & { readonly change: DoseChange })[];
  /** Prescriptions that ran but whose start or daily dose cannot be read. */
  readonly problems: readonly ScheduleProblem[];
};

/** The continuous-dose schedule (test-dose orders and orders that never ran left out). */
/** `timeZone`: the site's, for the dates in the problems' words. */
export function buildDoseSchedule(timeline: readonly DoseChange[], timeZone: string): DoseSchedule {
  const entries: (DoseScheduleEntry & { change: DoseChange })[] = [];
  const problems: ScheduleProblem[] = [];
  for (const change of timeline) {
    if (change.status === 'unknown' && !isTestDoseOrder(change)) {
      // Whether it ran is not known (FHIR "unknown", or a status outside the value set): never skipped silently.
      const start = startOf(change);
      problems.push({ id: change.id, start: start === undefined ? undefined : timeOf(start), message: `MedicationRequest/${change.id} has an unknown status: whether its dose ran is not known.` });
      continue;
    }
    if (!DELIVERED.has(change.status) || isTestDoseOrder(change)) continue;
    const start = startOf(change);
    if (start === undefined || timeOf(start) === undefined) {
      problems.push({ id: change.id, start: undefined, message: `MedicationRequest/${change.id} has no readable start date.` });
      continue;
    }
    if (change.dailyDose === undefined) {
      problems.push({ id: change.id, start: timeOf(start), message: `The daily dose of MedicationRequest/${change.id} (from ${formatSiteDateTime(start, timeZone)}) could not be read.` });
      continue;
    }
    entries.push({ effectiveFrom: start, dailyDose: change.dailyDose, change });
  }
  entries.sort((a, b) => (timeOf(String(a.effectiveFrom)) ?? 0) - (timeOf(String(b.effectiveFrom)) ?? 0));
  return { entries, problems };
}

export type DoseChangeKind = 'start' | 'increase' | 'decrease' | 'same' | 'test-dose' | 'not-readable' | 'not-delivered';

export type DoseHistoryRow = {
  readonly change: DoseChange;
  readonly start: string | undefined;
  readonly kind: DoseChangeKind;
  /** Against the previous continuous dose, micrograms/day. */
  readonly absoluteChange: number | undefined;
  readonly percentChange: number | undefined;
  readonly concentrationChanged: boolean;
  readonly previousConcentration: MicrogramsPerMl | undefined;
};

/** Table rows, newest first; each change is compared with the continuous dose before it. */
export function buildDoseHistoryRows(timeline: readonly DoseChange[]): DoseHistoryRow[] {
  const oldestFirst = [...timeline].reverse();
  let previousDose: MicrogramsPerDay | undefined;
  let previousConcentration: MicrogramsPerMl | undefined;
  let afterUnreadable = false;
  const rows: DoseHistoryRow[] = [];
  for (const change of oldestFirst) {
    const start = startOf(change);
    const base = { change, start };
    if (isTestDoseOrder(change)) {
      rows.push({ ...base, kind: 'test-dose', absoluteChange: undefined, percentChange: undefined, concentrationChanged: false, previousConcentration: undefined });
      continue;
    }
    if (change.status === 'unknown') {
      rows.push({ ...base, kind: 'not-readable', absoluteChange: undefined, percentChange: undefined, concentrationChanged: false, previousConcentration: undefined });
      afterUnreadable = previousDose !== undefined;
      continue;
    }
    if (!DELIVERED.has(change.status)) {
      rows.push({ ...base, kind: 'not-delivered', absoluteChange: undefined, percentChange: undefined, concentrationChanged: false, previousConcentration: undefined });
      continue;
    }
    const concentrationChanged =
      previousConcentration !== undefined && change.concentration !== undefined && change.concentration !== previousConcentration;
    const prevConc = previousConcentration;
    if (change.concentration !== undefined) previousConcentration = change.concentration;
    if (change.dailyDose === undefined) {
      rows.push({ ...base, kind: 'not-readable', absoluteChange: undefined, percentChange: undefined, concentrationChanged, previousConcentration: prevConc });
      afterUnreadable = previousDose !== undefined;
      continue;
    }
    let kind: DoseChangeKind = 'start';
    let absoluteChange: number | undefined;
    let percentChange: number | undefined;
    if (previousDose !== undefined && afterUnreadable) {
      // The dose just before could not be read: a change against an older one would be a wrong figure (issue 15).
      kind = change.dailyDose > previousDose ? 'increase' : change.dailyDose < previousDose ? 'decrease' : 'same';
    } else if (previousDose !== undefined) {
      absoluteChange = round(change.dailyDose - previousDose, 3);
      // A previous dose of 0 has no percentage change (never "+Infinity%", issue 15).
      percentChange = previousDose > 0 ? Math.round((absoluteChange / previousDose) * 1000) / 10 : undefined;
      kind = absoluteChange > 0 ? 'increase' : absoluteChange < 0 ? 'decrease' : 'same';
    }
    previousDose = change.dailyDose;
    afterUnreadable = false;
    rows.push({ ...base, kind, absoluteChange, percentChange, concentrationChanged, previousConcentration: prevConc });
  }
  return rows.reverse();
}

export type HistoryRange = '3-months' | '1-year' | 'all';

export const HISTORY_RANGES: readonly { readonly id: HistoryRange; readonly label: string }[] = [
  { id: '3-months', label: '3 months' },
  { id: '1-year', label: '1 year' },
  { id: 'all', label: 'All time' },
];

/** Start of the range in ms, or undefined for all time. */
export function rangeStartOf(range: HistoryRange, now: Date): number | undefined {
  switch (range) {
    case '3-months':
      return now.getTime() - 91 * MS_PER_DAY;
    case '1-year':
      return now.getTime() - 365 * MS_PER_DAY;
    case 'all':
      return undefined;
    default:
      return range satisfies never;
  }
}

/**
 * Rows shown for a range: the changes inside it, plus the one already in effect when it starts
 * (so "3 months" of a stable child still shows the dose they are on).
 */
export function rowsInRange(rows: readonly DoseHistoryRow[], start: number | undefined): { rows: DoseHistoryRow[]; inEffectAtStart: DoseHistoryRow | undefined } {
  if (start === undefined) return { rows: [...rows], inEffectAtStart: undefined };
  const inside = rows.filter((r) => (timeOf(r.start) ?? -Infinity) >= start);
  const before = rows.find((r) => (timeOf(r.start) ?? Infinity) < start && (r.kind === 'start' || r.kind === 'increase' || r.kind === 'decrease' || r.kind === 'same'));
  return { rows: before === undefined ? inside : [...inside, before], inEffectAtStart: before };
}

/** Is the loaded history old enough to cover `start`? (Else the next page must be loaded.) */
export function historyCovers(timeline: readonly DoseChange[], start: number | undefined): boolean {
  if (start === undefined) return false;
  const oldest = timeline.at(-1);
  const t = oldest === undefined ? undefined : timeOf(startOf(oldest));
  return t !== undefined && t <= start;
}

export type MarkerKind = 'test-dose' | 'implant' | 'refill' | 'concentration';

export type ChartMarker = { readonly t: number; readonly kind: MarkerKind; readonly label: string };
export type ChartPoint = { readonly t: number; readonly dose: number };

export type ChartData = {
  readonly points: readonly ChartPoint[];
  readonly markers: readonly ChartMarker[];
  readonly domain: readonly [number, number];
  readonly maxDose: number;
};

const MARKER_FOR: Partial<Record<ProcedureKind, MarkerKind>> = { 'test-dose': 'test-dose', 'pump-implant': 'implant', 'pump-replacement': 'implant', 'pump-refill': 'refill' };

export const MARKER_LABEL: Record<MarkerKind, string> = {
  'test-dose': 'Test dose',
  implant: 'Implant',
  refill: 'Refill',
  concentration: 'Concentration change',
};

/**
 * The chart's data set: one point per dose change in range (plus the dose in effect at the
 * range start and a closing point now) and one marker per event. Its size is the number of
 * changes and events in range, not the length of the history.
 */
export function buildChartData(
  schedule: DoseSchedule,
  rows: readonly DoseHistoryRow[],
  procedures: readonly ProcedureRecord[],
  start: number | undefined,
  now: Date,
): ChartData {
  const end = now.getTime();
  const entries = schedule.entries.map((e) => ({ t: timeOf(String(e.effectiveFrom)) ?? 0, dose: Number(e.dailyDose) }));
  // "All time" starts at the earliest dose or event (the test dose and implant precede the first dose).
  const firstEvent = procedures.reduce((m, p) => Math.min(m, MARKER_FOR[p.kind] === undefined ? Infinity : (timeOf(p.performed) ?? Infinity)), Infinity);
  const first = Math.min(entries[0]?.t ?? end, firstEvent);
  const from = start ?? first;
  const atStart = [...entries].reverse().find((e) => e.t <= from);
  const points: ChartPoint[] = [];
  if (atStart !== undefined) points.push({ t: from, dose: atStart.dose });
  for (const e of entries) if (e.t > from && e.t <= end) points.push(e);
  const last = points.at(-1);
  if (last !== undefined && last.t < end) points.push({ t: end, dose: last.dose });

  const markers: ChartMarker[] = [];
  for (const p of procedures) {
    const kind = MARKER_FOR[p.kind];
    const t = timeOf(p.performed);
    if (kind === undefined || t === undefined || t < from || t > end) continue;
    markers.push({ t, kind, label: MARKER_LABEL[kind] });
  }
  for (const r of rows) {
    const t = timeOf(r.start);
    if (!r.concentrationChanged || t === undefined || t < from || t > end) continue;
    markers.push({ t, kind: 'concentration', label: `${r.previousConcentration ?? '?'} → ${r.change.concentration ?? '?'} micrograms/mL` });
  }
  markers.sort((a, b) => a.t - b.t);
  const maxDose = points.reduce((m, p) => Math.max(m, p.dose), 0);
  return { points, markers, domain: [from, end], maxDose };
}

/** The guideline's outpatient step around a current dose: 5–15% (§4.1.4). */
export function outpatientBand(current: MicrogramsPerDay): { readonly low: MicrogramsPerDay; readonly high: MicrogramsPerDay } {
  return { low: microgramsPerDay(round(current * 1.05, 1)), high: microgramsPerDay(round(current * 1.15, 1)) };
}

const round = (n: number, places: number): number => Math.round(n * 10 ** places) / 10 ** places;
