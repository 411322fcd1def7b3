/**
 * The read path of one chart, without a server: every mapper the views read through, then the
 * doctor model (dose history, refill plan, forecast) and the formatters. Each figure is returned
 * with the resources it came from, and each notice with the resources it names, so the fuzz test
 * can tell a figure the record states from one nobody was told about.
 */
import { forecastRefill, type Calculation } from '../../src/domain';
import { formatNumber, formatWhen } from '../../src/components/ui/clinical-format';
import { timeOf } from '../../src/components/ui/clinical-format';
import { buildDoseHistoryRows, buildDoseSchedule, mergeTimeline, startOf } from '../../src/features/doctor/model/dose-timeline';
import { perDay, perMl, ml, signedChange } from '../../src/features/doctor/model/format';
import { leftOutOrders, leftOutProcedures, planRefillForecast } from '../../src/features/doctor/model/refill-plan';
import { mapItbMedications } from '../../src/fhir/medications';
import { mapLatestWeight, mapObservationResources } from '../../src/fhir/observations';
import { parseBundle, type ParseIssue } from '../../src/fhir/parse';
import { mapPatient, parsePatient } from '../../src/fhir/patient';
import { mapPump } from '../../src/fhir/pump';
import { mapPlannedTestDoses } from '../../src/fhir/service-requests';
import { VITAL_SIGN_KEYS, type ItemKey } from '../../src/fhir/write-codes';

export const TIME_ZONE = 'Australia/Sydney';

export type FigureKind =
  | 'daily-dose'
  | 'dose-step'
  | 'concentration'
  | 'oral-dose'
  | 'weight-kg'
  | 'vital'
  | 'reservoir-ml'
  | 'alarm-ml'
  | 'fill-ml'
  | 'refill-concentration'
  | 'test-dose'
  | 'age-years'
  | 'percent-change'
  | 'refill-due'
  | 'record-date';

export type Figure = {
  /** Stable identity across the unmutated and the mutated reading. */
  readonly key: string;
  readonly kind: FigureKind;
  readonly value: number;
  /** `Type/id` of every resource the figure was taken from. */
  readonly from: readonly string[];
  /** What a view prints for it (the formatters must be total). */
  readonly printed: string;
  /** Where the reader says the figure came from, when it says (an order's concentration). */
  readonly source?: string | undefined;
};

export type Reading = {
  readonly figures: readonly Figure[];
  /** `Type/id` of every resource a notice (Partial, refused, problem) names; `*` for a notice about the whole read. */
  readonly noticed: ReadonlySet<string>;
};

const ref = (type: string, id: string | undefined) => `${type}/${id ?? '?'}`;

function noticeRefs(issues: readonly ParseIssue[], into: Set<string>): void {
  for (const i of issues) into.add(i.resourceType === 'OperationOutcome' ? '*' : ref(i.resourceType, i.id));
}

const page = (resources: readonly unknown[], outcomes: readonly ParseIssue[] = []) => ({ resources, next: undefined, outcomes });

/**
 * What the searchsets said about themselves (their OperationOutcome entries, from parseBundle):
 * the pump read's four pages carry theirs into mapPump; every other read prepends its page's
 * outcomes to its issues, as fetchItbMedications, fetchLatestWeight and the rest do.
 */
export type ChartOutcomes = {
  readonly pump?: Partial<Record<'devices' | 'recent' | 'implant' | 'refillObservations', readonly ParseIssue[]>>;
  readonly other?: readonly ParseIssue[];
};

/** A vital sign's figure key and the value checked for range. */
const VITALS: ReadonlySet<ItemKey> = new Set(VITAL_SIGN_KEYS.filter((k) => k !== 'body-weight'));

/**
 * Every figure of the chart as the views would show it. `resources` is the chart (every type).
 */
export function readChart(resources: readonly unknown[], now: Date, outcomes: ChartOutcomes = {}): Reading {
  const figures: Figure[] = [];
  const noticed = new Set<string>();
  noticeRefs(outcomes.other ?? [], noticed);
  const add = (f: Figure) => figures.push(f);

  // Patient banner.
  for (const r of resources) {
    if ((r as { resourceType?: unknown }).resourceType !== 'Patient') continue;
    const parsed = parsePatient(r);
    if ('issue' in parsed) {
      noticed.add(ref('Patient', parsed.issue.id));
      continue;
    }
    const p = mapPatient(parsed.patient, now, TIME_ZONE);
    if (p.birthDateProblem !== undefined) noticed.add(ref('Patient', p.id));
    if (p.age !== undefined) add({ key: `age:${p.id}`, kind: 'age-years', value: p.age.years + p.age.months / 12, from: [ref('Patient', p.id)], printed: `${p.age.years} years ${p.age.months} months` });
  }

  // Medications (current orders and the history read the same mapper).
  const read = mapItbMedications(resources);
  // The doctor view merges the reads by start (validity start, else authoredOn), as here.
  const meds = { ...read, timeline: mergeTimeline(read.timeline) };
  noticeRefs(meds.issues, noticed);
  for (const c of meds.timeline) {
    const from = [ref('MedicationRequest', c.id)];
    if (c.dailyDose !== undefined) add({ key: `dose:${c.id}`, kind: 'daily-dose', value: c.dailyDose, from, printed: perDay(c.dailyDose) });
    c.steps.forEach((s, i) => add({ key: `step:${c.id}:${i}`, kind: 'dose-step', value: s.dailyRate, from, printed: perDay(s.dailyRate) }));
    if (c.concentration !== undefined) add({ key: `conc:${c.id}`, kind: 'concentration', value: c.concentration, from, printed: perMl(c.concentration), source: c.concentrationSource });
    if (c.authoredOn !== undefined) addDate(add, `authored:${c.id}`, c.authoredOn, from);
  }
  for (const o of meds.oral) {
    if (o.dose !== undefined) add({ key: `oral:${o.id}`, kind: 'oral-dose', value: o.dose, from: [ref('MedicationRequest', o.id)], printed: `${formatNumber(o.dose)} mg` });
  }
  // A change depends on the order before it and on any order the read could not place in time
  // (failed its schema): the history's Partial notice names those.
  const rows = buildDoseHistoryRows(meds.timeline);
  const unplaced = [
    ...leftOutOrders(meds),
    ...meds.timeline.filter((c) => timeOf(startOf(c)) === undefined).map((c) => c.id),
  ].map((id) => ref('MedicationRequest', id));
  rows.forEach((row, i) => {
    if (row.percentChange === undefined) return;
    const before = rows.slice(i + 1).find((r) => r.change.dailyDose !== undefined && r.kind !== 'test-dose' && r.kind !== 'not-delivered');
    const from = [ref('MedicationRequest', row.change.id), ...(before === undefined ? [] : [ref('MedicationRequest', before.change.id)]), ...unplaced];
    add({ key: `pct:${row.change.id}`, kind: 'percent-change', value: row.percentChange, from, printed: signedChange(row.absoluteChange ?? 0, row.percentChange) });
  });

  // Weight.
  const weight = mapLatestWeight(resources);
  noticeRefs(weight.issues, noticed);
  if (weight.latest !== undefined) {
    // Newer weights passed over are named beside the weight shown (PassedOverNotice): it depends on them.
    const from = [ref('Observation', weight.latest.id), ...weight.skippedNewer.map((i) => ref(i.resourceType, i.id))];
    add({ key: 'weight', kind: 'weight-kg', value: weight.latest.kg, from, printed: `${formatNumber(weight.latest.kg)} kg` });
    if (weight.latest.effective !== undefined) addDate(add, 'weight-date', weight.latest.effective, from);
  }

  // Vital signs.
  const vitals = mapObservationResources(resources, VITALS);
  noticeRefs(vitals.issues, noticed);
  for (const v of vitals.items) {
    const from = [ref('Observation', v.id)];
    const scalar = (key: string, value: { kind: string; value?: unknown; unit?: string | undefined } | undefined) => {
      if (value === undefined || (value.kind !== 'quantity' && value.kind !== 'integer') || typeof value.value !== 'number') return;
      add({ key, kind: 'vital', value: value.value, from, printed: `${formatNumber(value.value)}${value.unit === undefined ? '' : ` ${value.unit}`}` });
    };
    if (v.value.kind === 'components') v.value.components.forEach((c, i) => scalar(`vital:${v.id}:${c.key ?? i}`, c.value));
    else scalar(`vital:${v.id}:${v.key}`, v.value);
    if (v.effective !== undefined) addDate(add, `vital-date:${v.id}`, v.effective, from);
  }

  // Pump: the four searches' resources by type, as fetchPump reads them.
  const ofType = (type: string) => resources.filter((r) => (r as { resourceType?: unknown }).resourceType === type);
  const po = outcomes.pump ?? {};
  const pump = mapPump({
    devices: page(ofType('Device'), po.devices),
    recent: page(ofType('Procedure'), po.recent),
    implant: page([], po.implant),
    refillObservations: page(ofType('Observation'), po.refillObservations),
  });
  noticeRefs(pump.issues, noticed);
  if (pump.device !== undefined) {
    const from = [ref('Device', pump.device.id)];
    if ((pump.device.refused ?? []).length > 0) noticed.add(from[0] ?? '');
    if (pump.device.reservoirVolume !== undefined) add({ key: 'reservoir', kind: 'reservoir-ml', value: pump.device.reservoirVolume, from, printed: ml(pump.device.reservoirVolume) });
    if (pump.device.lowReservoirAlarmVolume !== undefined) add({ key: 'alarm', kind: 'alarm-ml', value: pump.device.lowReservoirAlarmVolume, from, printed: ml(pump.device.lowReservoirAlarmVolume) });
  }
  const ignoredDeviceRefs = (pump.ignoredDevices ?? []).flatMap((d) => {
    const id = /Device\/([^\s"]+)/.exec(d)?.[1];
    return id === undefined ? [] : [ref('Device', id)];
  });
  for (const r of ignoredDeviceRefs) noticed.add(r);
  for (const p of pump.procedures) if (p.performed !== undefined) addDate(add, `performed:${p.id}`, p.performed, [ref('Procedure', p.id)]);
  for (const r of pump.refills) {
    const from = [ref('Procedure', r.procedureId)];
    const obsFrom = (s: typeof r.fillVolumeFrom) => (s?.from === 'observation' ? [ref('Observation', s.id)] : []);
    if ((r.refused ?? []).length > 0) {
      noticed.add(from[0] ?? '');
      for (const text of r.refused ?? []) for (const m of text.matchAll(/Observation\/([^\s:]+?)(?=[\s:.,]|$)/g)) noticed.add(ref('Observation', m[1]));
    }
    if (r.fillVolume !== undefined) add({ key: `fill:${r.procedureId ?? '?'}`, kind: 'fill-ml', value: r.fillVolume, from: [...from, ...obsFrom(r.fillVolumeFrom)], printed: ml(r.fillVolume) });
    if (r.concentration !== undefined) {
      add({ key: `refill-conc:${r.procedureId ?? '?'}`, kind: 'refill-concentration', value: r.concentration, from: [...from, ...obsFrom(r.concentrationFrom)], printed: perMl(r.concentration) });
    }
  }

  // The doctor model: the refill plan and forecast from the pump and the dose schedule.
  const schedule = buildDoseSchedule(meds.timeline, TIME_ZONE);
  const leftOut = leftOutOrders(meds);
  const plan = planRefillForecast(pump, schedule, { now, moreHistory: false, settings: { stabilityDays: 180, dueSoonDays: 14 }, timeZone: TIME_ZONE, leftOutOrders: leftOut, leftOutProcedures: leftOutProcedures(pump) });
  if (plan.kind === 'ready') {
    const forecast = forecastRefill(plan.input);
    if (forecast.ok) {
      const f: Calculation<{ dueDate: Date }, unknown> = forecast.value;
      const from = [
        ref('Procedure', plan.refill.procedureId),
        ...plan.orders.map((o) => ref('MedicationRequest', o.id)),
        // An order left out of the read shapes the forecast by its absence; the plan's caution names it.
        ...leftOut.map((id) => ref('MedicationRequest', id)),
        ...leftOutProcedures(pump).map((id) => ref('Procedure', id)),
        ...(pump.device === undefined ? [] : [ref('Device', pump.device.id)]),
        // With the default alarm volume, the Devices passed over (named on the pump card) shaped it.
        ...(plan.alarmFrom === 'default' ? [...ignoredDeviceRefs, ...pump.issues.filter((i) => i.resourceType === 'Device').map((i) => ref('Device', i.id))] : []),
        ...[plan.refill.fillVolumeFrom, plan.refill.concentrationFrom].flatMap((s) => (s?.from === 'observation' ? [ref('Observation', s.id)] : [])),
      ];
      add({ key: 'refill-due', kind: 'refill-due', value: f.value.dueDate.getTime(), from, printed: formatWhen(f.value.dueDate, TIME_ZONE) });
    }
  }

  // Planned test doses.
  const planned = mapPlannedTestDoses(resources);
  noticeRefs(planned.issues, noticed);
  for (const sr of planned.items) {
    if (sr.dose.ok) add({ key: `test-dose:${sr.id}`, kind: 'test-dose', value: sr.dose.micrograms, from: [ref('ServiceRequest', sr.id)], printed: `${formatNumber(sr.dose.micrograms)} micrograms` });
    else noticed.add(ref('ServiceRequest', sr.id));
  }

  return { figures, noticed };
}

function addDate(add: (f: Figure) => void, key: string, value: string, from: readonly string[]): void {
  const t = Date.parse(value);
  add({ key, kind: 'record-date', value: Number.isNaN(t) ? Number.NaN : t, from, printed: formatWhen(value, TIME_ZONE) });
}

/** A searchset Bundle's notices, as every read adds them (an OperationOutcome entry). */
export function bundleNotices(bundle: unknown): readonly ParseIssue[] {
  return parseBundle(bundle).outcomes;
}
