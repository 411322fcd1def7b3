/**
 * What the refill forecast is computed from, picked out of the chart's records: the last refill
 * (date, fill volume, concentration), every continuous dose since it, and the pump's alarm
 * volume. When a piece is missing the forecast is not guessed: the reason is given instead.
 */
import { formatSiteDateTime, millilitres, toSiteInstant, toSiteInstantIso, DEFAULT_ALARM_VOLUME_ML, type Millilitres, type MicrogramsPerMl, type RefillForecastInput } from '../../../domain';
import type { DoseChange, ItbMedications, PumpInfo, Refill } from '../../../fhir';
import type { DoseSchedule } from './dose-timeline';

export type RefillPlan =
  | {
      readonly kind: 'ready';
      readonly input: RefillForecastInput;
      readonly refill: Refill;
      /** Where the concentration came from. */
      readonly concentrationFrom: 'refill' | 'order';
      /** Where the alarm volume came from. */
      readonly alarmFrom: 'device' | 'default';
      /** The prescriptions whose doses the forecast applies (in effect at the fill, and since). */
      readonly orders: readonly DoseChange[];
      readonly cautions: readonly string[];
    }
  | { readonly kind: 'needs-older-history' }
  | {
      readonly kind: 'unavailable';
      readonly reason: string;
      /** The facts a clinician could enter for this session's forecast, when that is what is missing. */
      readonly missing?: readonly MissingRefillFact[];
    };

export type MissingRefillFact = 'date' | 'fill-volume' | 'concentration';

export type RefillSettings = { readonly stabilityDays: number; readonly dueSoonDays: number };

export function planRefillForecast(
  pump: PumpInfo,
  schedule: DoseSchedule,
  options: {
    readonly now: Date;
    readonly moreHistory: boolean;
    readonly settings: RefillSettings;
    readonly timeZone: string;
    /** Orders the medication read left out (unreadable, a status outside the value set): they may have run since the fill. */
    readonly leftOutOrders?: readonly string[];
    /** Procedures the pump read left out (unreadable, a status or date it cannot use): one may be a later refill. */
    readonly leftOutProcedures?: readonly string[];
  },
): RefillPlan {
  // A refill or an order recorded as a date only is that calendar day at the site (its 00:00 in
  // the site zone), not 00:00 UTC, which would move the due date by up to a day.
  const timeOf = (value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const r = toSiteInstant('value', value, options.timeZone);
    return r.ok ? r.value.getTime() : undefined;
  };
  const atSite = (value: string): string => toSiteInstantIso(value, options.timeZone);
  const refill = pump.refills[0];
  if (refill === undefined) {
    return { kind: 'unavailable', reason: 'No pump refill was found, so there is no fill to forecast from.', missing: ['date', 'fill-volume', 'concentration'] };
  }
  // A refill dated only by year or month ("2026", "2026-08", as Oracle Health may send) cannot start a forecast.
  if (refill.performed !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(refill.performed)) {
    return {
      kind: 'unavailable',
      reason: `The last refill (Procedure/${refill.procedureId ?? '?'}) is dated only "${refill.performed}": the forecast needs the day of the refill.`,
      missing: ['date'],
    };
  }
  const fillAt = timeOf(refill.performed);
  if (refill.performed === undefined || fillAt === undefined) {
    return { kind: 'unavailable', reason: `The last refill (Procedure/${refill.procedureId ?? '?'}) has no readable date.`, missing: ['date'] };
  }
  if (refill.fillVolume === undefined) {
    return {
      kind: 'unavailable',
      reason: `The fill volume of the refill on ${formatSiteDateTime(refill.performed, options.timeZone)} is not recorded (no fill-volume Observation for the refill, and none readable in its text): the forecast needs it.`,
      missing: refill.concentration === undefined ? ['fill-volume', 'concentration'] : ['fill-volume'],
    };
  }
  const entries = schedule.entries;
  const atFillIndex = findLastIndex(entries, (e) => (timeOf(String(e.effectiveFrom)) ?? Infinity) <= fillAt);
  // A prescription that cannot be read, started at or after the one in effect at the fill, would
  // change the forecast: refuse rather than silently skip it.
  if (atFillIndex < 0) {
    if (options.moreHistory) return { kind: 'needs-older-history' };
    return { kind: 'unavailable', reason: 'No intrathecal dose prescription in effect at the last refill is recorded.' };
  }
  const atFillStart = timeOf(String(entries[atFillIndex]?.effectiveFrom)) ?? -Infinity;
  const unreadable = schedule.problems.find((p) => p.start === undefined || p.start >= atFillStart);
  if (unreadable !== undefined) {
    return { kind: 'unavailable', reason: `${unreadable.message} The forecast is not calculated without it.` };
  }
  const relevant = entries.slice(atFillIndex);
  const inEffect = relevant[0];
  let concentration: MicrogramsPerMl | undefined = refill.concentration;
  let concentrationFrom: 'refill' | 'order' = 'refill';
  if (concentration === undefined) {
    concentration = inEffect?.change.concentration;
    concentrationFrom = 'order';
  }
  if (concentration === undefined) {
    return { kind: 'unavailable', reason: 'The concentration in the pump is recorded neither on the refill nor on the prescription.', missing: ['concentration'] };
  }
  const cautions: string[] = [];
  const differing = relevant.filter((e) => e.change.concentration !== undefined && e.change.concentration !== concentration);
  if (differing.length > 0) {
    cautions.push(
      `The prescription (MedicationRequest/${differing[0]?.change.id ?? '?'}) states ${differing[0]?.change.concentration ?? '?'} micrograms/mL but the refill recorded ${concentration} micrograms/mL: check which is in the pump.`,
    );
  }
  const deviceAlarm = pump.device?.lowReservoirAlarmVolume;
  const alarmVolume: Millilitres = deviceAlarm ?? millilitres(DEFAULT_ALARM_VOLUME_ML);
  const future = relevant.filter((e) => (timeOf(String(e.effectiveFrom)) ?? 0) > options.now.getTime());
  if (future.length > 0) cautions.push(`${future.length} prescription(s) start in the future and are not applied.`);
  for (const id of options.leftOutProcedures ?? []) {
    cautions.push(`Procedure/${id} could not be read and is not used: if it was a refill after ${formatSiteDateTime(refill.performed, options.timeZone)}, this forecast is from the wrong fill. Check the record.`);
  }
  for (const id of options.leftOutOrders ?? []) {
    cautions.push(`MedicationRequest/${id} could not be read and is not in this forecast: if it ran since the refill, the due date is wrong. Check the order.`);
  }
  const doseSchedule = relevant.filter((e) => !future.includes(e)).map((e) => ({ effectiveFrom: typeof e.effectiveFrom === 'string' ? atSite(e.effectiveFrom) : e.effectiveFrom, dailyDose: e.dailyDose }));
  return {
    kind: 'ready',
    input: {
      fillDate: atSite(refill.performed),
      fillVolume: refill.fillVolume,
      concentration,
      doseSchedule,
      now: options.now,
      alarmVolume,
      stabilityDays: options.settings.stabilityDays,
      dueSoonDays: options.settings.dueSoonDays,
    },
    refill,
    concentrationFrom,
    alarmFrom: deviceAlarm === undefined ? 'default' : 'device',
    orders: relevant.filter((e) => !future.includes(e)).map((e) => e.change),
    cautions,
  };
}

function findLastIndex<T>(list: readonly T[], test: (item: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i];
    if (item !== undefined && test(item)) return i;
  }
  return -1;
}

/** MedicationRequests the read named but left out of the timeline (issue 15: a status outside the value set). */
export function leftOutOrders(meds: ItbMedications): string[] {
  const inTimeline = new Set(meds.timeline.map((c) => c.id));
  const ids = meds.issues.flatMap((i) => (i.resourceType === 'MedicationRequest' && i.id !== undefined && !inTimeline.has(i.id) && !meds.oral.some((o) => o.id === i.id) ? [i.id] : []));
  return [...new Set(ids)];
}

/** Procedures the pump read named as left out (issue 15): a later refill among them would change the forecast. */
export function leftOutProcedures(pump: PumpInfo): string[] {
  const used = new Set(pump.procedures.map((p) => p.id));
  return [...new Set(pump.issues.flatMap((i) => (i.resourceType === 'Procedure' && i.id !== undefined && !used.has(i.id) ? [i.id] : [])))];
}
