import { useMemo } from 'react';
import type { DoseChange, ProcedureRecord, PumpInfo } from '../../../fhir';
import { withSessionRefill } from '../../../session/session-refill';
import type { DoctorData } from '../api/doctor-queries';
import { buildDoseSchedule, isTestDoseOrder, mergeTimeline, type DoseSchedule } from '../model/dose-timeline';
import { leftOutOrders, leftOutProcedures, planRefillForecast, type RefillPlan } from '../model/refill-plan';
import { assessLatest, type WeightAssessment } from './WeightSummary';

export type DoctorModel = {
  /** Every intrathecal prescription read so far, newest first. */
  readonly timeline: readonly DoseChange[];
  readonly schedule: DoseSchedule;
  /** The active continuous prescription (a test-dose order is not a current dose). */
  readonly current: DoseChange | undefined;
  readonly lastDoseChange: DoseChange | undefined;
  /** Undefined while the reads it needs are loading. */
  readonly refillPlan: RefillPlan | undefined;
  readonly weight: WeightAssessment | undefined;
  readonly testDoseProcedure: ProcedureRecord | undefined;
  /** True when a Device or an implant is recorded; undefined while the pump read is pending or failed. */
  readonly hasPump: boolean | undefined;
  /** The pump read with this session's entered refill facts filled in (labelled where shown). */
  readonly pump: PumpInfo | undefined;
};

/** Derived once per change of the reads, not on every render. */
export function useDoctorModel(data: DoctorData, settings: { stabilityDays: number; dueSoonDays: number; staleWeightDays: number; timeZone: string }): DoctorModel {
  const { medications, doseHistory, weight, now, sessionRefill } = data;
  const pumpRead = data.pump.data;
  const pump = useMemo(() => (pumpRead === undefined ? undefined : withSessionRefill(pumpRead, sessionRefill)), [pumpRead, sessionRefill]);
  const historyPages = doseHistory.data?.pages;
  const timeline = useMemo(
    () => mergeTimeline(medications.data?.timeline ?? [], ...(historyPages ?? []).map((p) => p.items)),
    [medications.data, historyPages],
  );
  const schedule = useMemo(() => buildDoseSchedule(timeline, settings.timeZone), [timeline, settings.timeZone]);
  const current = useMemo(() => {
    const c = medications.data?.current;
    return c === undefined || isTestDoseOrder(c) ? undefined : c;
  }, [medications.data]);
  const lastDoseChange = current ?? schedule.entries.at(-1)?.change;
  const historyComplete = doseHistory.isSuccess && !doseHistory.hasNextPage;
  const { stabilityDays, dueSoonDays, staleWeightDays, timeZone } = settings;
  const refillPlan = useMemo(() => {
    if (pump === undefined || medications.data === undefined) return undefined;
    return planRefillForecast(pump, schedule, { now, moreHistory: !historyComplete, settings: { stabilityDays, dueSoonDays }, timeZone, leftOutOrders: leftOutOrders(medications.data), leftOutProcedures: leftOutProcedures(pump) });
  }, [pump, medications.data, schedule, now, historyComplete, stabilityDays, dueSoonDays, timeZone]);
  const assessed = useMemo(() => assessLatest(weight.data?.latest, now, staleWeightDays, timeZone), [weight.data, now, staleWeightDays, timeZone]);
  // The test dose may be years before the recent procedures: look in the loaded history too.
  const procedurePages = data.procedureHistory.data?.pages;
  const testDoseProcedure = useMemo(
    () => pump?.procedures.find((p) => p.kind === 'test-dose') ?? procedurePages?.flatMap((p) => p.items).find((p) => p.kind === 'test-dose'),
    [pump, procedurePages],
  );
  const hasPump = pump === undefined ? undefined : pump.device !== undefined || pump.implantDate !== undefined;
  return { timeline, schedule, current, lastDoseChange, refillPlan, weight: assessed, testDoseProcedure, hasPump, pump };
}
