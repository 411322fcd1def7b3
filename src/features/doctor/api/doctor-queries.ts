/**
 * The doctor's reads: the summary's in one wave (patient, current dose, weight, pump, whose recent
 * Procedures are the procedure history's first page), then the assessments, planned test doses
 * and the dose history's first page in one parallel wave. Older history pages load on demand.
 */
import { useInfiniteQuery, useQueries, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  dashboardQueries,
  doseHistoryInfiniteQueryOptions,
  itbMedicationsQueryOptions,
  latestWeightQueryOptions,
  patientQueryOptions,
  plannedTestDosesQueryOptions,
  procedureHistoryInfiniteQueryOptions,
  procedureRecognitionFrom,
  pumpQueryOptions,
  type DashboardWindow,
  type FhirClient,
  type ProcedureRecognition,
} from '../../../fhir';
import type { Session } from '../../../app/session';
import { useSelectConfirmedDoses } from '../../../session/confirmed-doses';
import { useSession } from '../../../session/session-context';
import { useSessionRefill } from '../../../session/session-refill';
import { useWeightWithSession } from '../../../session/session-weight';

const HOUR = 3_600_000;

/** Vital signs of the last 24 h; assessments (incl. the test-dose verdict) of the last year. */
export const ASSESSMENT_WINDOW_DAYS = 365;

export function doctorWindow(now: Date, timeZone: string): DashboardWindow {
  return {
    timeZone,
    vitalsSince: new Date(now.getTime() - 24 * HOUR).toISOString(),
    assessmentsSince: new Date(now.getTime() - ASSESSMENT_WINDOW_DAYS * 24 * HOUR).toISOString(),
  };
}

/** The summary's reads (the first wave): the same options for the view and for the prefetch. */
function firstWaveQueries(client: FhirClient, patientId: string, timeZone: string, recognition: ProcedureRecognition) {
  return {
    patient: patientQueryOptions(client, patientId, timeZone),
    medications: itbMedicationsQueryOptions(client, patientId),
    weight: latestWeightQueryOptions(client, patientId),
    pump: pumpQueryOptions(client, patientId, recognition),
    // Sent with the pump's: its first page is the pump's recent-Procedures search, one request for
    // both while they overlap (fhirGet shares it); sent later it would be the same search again.
    procedureHistory: procedureHistoryInfiniteQueryOptions(client, patientId, { recognition }),
  };
}

/**
 * Send the summary's reads as soon as the session is ready, before the view is first drawn
 * (main.tsx): drawing the app takes tens of milliseconds on a slow machine, and the reads need
 * nothing from it. The view's own queries then find them in flight, or answered.
 */
export function prefetchDoctorFirstWave(queryClient: QueryClient, session: Session): void {
  const q = firstWaveQueries(session.client, session.patientId, session.site.site.timeZone, procedureRecognitionFrom(session.site.clinical));
  void queryClient.prefetchQuery(q.patient);
  void queryClient.prefetchQuery(q.medications);
  void queryClient.prefetchQuery(q.weight);
  void queryClient.prefetchQuery(q.pump);
  void queryClient.prefetchInfiniteQuery(q.procedureHistory);
}

/**
 * Every read of the doctor's view; `now` is fixed when the view opens so query keys stay stable.
 *
 * The summary's cards (the patient, the current dose, the weight and the pump with its last
 * refill, which the rescue dose and the refill forecast are worked out from) are read first, in
 * one wave; the rest (assessments, the dose history, planned test doses) are sent as soon as the
 * patient and the current dose have answered, each card saying "Loading…" meanwhile. Sent all at
 * once, the heavy searches (54 KiB of dose history on a 5-year chart, a year of assessments) share
 * the browser's six connections and the EHR's time with the first screen's reads and hold them back.
 */
export function useDoctorData() {
  const { client, patientId, site } = useSession();
  const [now] = useState(() => new Date());
  const [recognition] = useState(() => procedureRecognitionFrom(site.clinical));
  const [window] = useState(() => ({ ...doctorWindow(now, site.site.timeZone), procedures: recognition }));
  const q = dashboardQueries(client, patientId, window);
  const [first] = useState(() => firstWaveQueries(client, patientId, site.site.timeZone, recognition));
  const selectConfirmed = useSelectConfirmedDoses(patientId);
  const [patient, medications, readWeight, pump] = useQueries({ queries: [first.patient, { ...first.medications, select: selectConfirmed }, first.weight, first.pump] });
  // The weight is checked against the child's age once both are read (issue 15): marked, and named
  // in the Partial notice, never silently used for a rescue dose.
  // Where the chart has no usable weight, the weight entered for this session (issue 11), labelled.
  const { weight, session: sessionWeight } = useWeightWithSession(readWeight, patient.data, site.site.timeZone, now);
  // Answered, or failed: a failed first read does not hold the rest back.
  const afterFirstScreen = !patient.isPending && !medications.isPending;
  // The rest of the dashboard set (vital signs aside, which this view does not show), plus the
  // planned test doses (ServiceRequest): one wave, none waiting for another.
  const [assessments, plannedTestDoses] = useQueries({
    queries: [
      { ...q.assessments, enabled: afterFirstScreen },
      { ...plannedTestDosesQueryOptions(client, patientId), enabled: afterFirstScreen },
    ],
  });
  const doseHistory = useInfiniteQuery({ ...doseHistoryInfiniteQueryOptions(client, patientId), enabled: afterFirstScreen });
  // Refill facts the clinician entered for this session's forecast (sessionStorage, this patient).
  const [sessionRefill, setSessionRefill] = useSessionRefill(patientId);
  const procedureHistory = useInfiniteQuery(first.procedureHistory);
  return { now, recognition, sessionRefill, setSessionRefill, sessionWeight, patient, weight, medications, pump, assessments, plannedTestDoses, doseHistory, procedureHistory };
}

export type DoctorData = ReturnType<typeof useDoctorData>;
