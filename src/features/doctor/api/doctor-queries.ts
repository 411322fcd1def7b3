/**
 * The doctor's reads: the first screen's two, then the rest of the summary with the first page of
 * the dose and procedure histories in one parallel wave. Older history pages load on demand.
 */
import { useInfiniteQuery, useQueries } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import {
  dashboardQueries,
  doseHistoryInfiniteQueryOptions,
  plannedTestDosesQueryOptions,
  procedureHistoryInfiniteQueryOptions,
  procedureRecognitionFrom,
  withWeightForAge,
  type DashboardWindow,
  type LatestWeight,
} from '../../../fhir';
import { useSelectConfirmedDoses } from '../../../session/confirmed-doses';
import { useSession } from '../../../session/session-context';
import { useSessionRefill } from '../../../session/session-refill';

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

/**
 * Every read of the doctor's view; `now` is fixed when the view opens so query keys stay stable.
 *
 * The first screen (the patient and the current dose, top left of the summary) is read first, in
 * one wave of two cheap reads; the rest (weight, pump, assessments, both histories, planned test
 * doses) are sent as soon as those have answered, each card saying "Loading…" meanwhile. Sent all
 * at once, the slow searches (the weight and assessment Observations, the pump's four searches,
 * 54 KiB of dose history on a 5-year chart) share the browser's six connections and the EHR's
 * time with the first screen's reads and hold them back.
 */
export function useDoctorData() {
  const { client, patientId, site } = useSession();
  const [now] = useState(() => new Date());
  const [recognition] = useState(() => procedureRecognitionFrom(site.clinical));
  const [window] = useState(() => ({ ...doctorWindow(now, site.site.timeZone), procedures: recognition }));
  const q = dashboardQueries(client, patientId, window);
  const selectConfirmed = useSelectConfirmedDoses(patientId);
  const [patient, medications] = useQueries({ queries: [q.patient, { ...q.medications, select: selectConfirmed }] });
  // Answered, or failed: a failed first read does not hold the rest back.
  const afterFirstScreen = !patient.isPending && !medications.isPending;
  // The dashboard set minus vital signs, which this view does not show, plus the planned test
  // doses (ServiceRequest): one wave, none waiting for another.
  const checkForAge = useCallback((w: LatestWeight) => withWeightForAge(w, patient.data, site.site.timeZone), [patient.data, site.site.timeZone]);
  const [weight, pump, assessments, plannedTestDoses] = useQueries({
    queries: [
      { ...q.weight, enabled: afterFirstScreen, select: checkForAge },
      { ...q.pump, enabled: afterFirstScreen },
      { ...q.assessments, enabled: afterFirstScreen },
      { ...plannedTestDosesQueryOptions(client, patientId), enabled: afterFirstScreen },
    ],
  });
  const doseHistory = useInfiniteQuery({ ...doseHistoryInfiniteQueryOptions(client, patientId), enabled: afterFirstScreen });
  // Refill facts the clinician entered for this session's forecast (sessionStorage, this patient).
  const [sessionRefill, setSessionRefill] = useSessionRefill(patientId);
  const procedureHistory = useInfiniteQuery({ ...procedureHistoryInfiniteQueryOptions(client, patientId, { recognition }), enabled: afterFirstScreen });
  return { now, recognition, sessionRefill, setSessionRefill, patient, weight, medications, pump, assessments, plannedTestDoses, doseHistory, procedureHistory };
}

export type DoctorData = ReturnType<typeof useDoctorData>;
