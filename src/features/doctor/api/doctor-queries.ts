/**
 * The doctor's reads. The summary is one parallel wave: the dashboard's queries plus the first
 * page of the dose and procedure histories, all started together on mount (none waits for
 * another). Older history pages load on demand.
 */
import { useInfiniteQuery, useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import {
  dashboardQueries,
  doseHistoryInfiniteQueryOptions,
  plannedTestDosesQueryOptions,
  procedureHistoryInfiniteQueryOptions,
  procedureRecognitionFrom,
  type DashboardWindow,
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

/** Every read of the doctor's view; `now` is fixed when the view opens so query keys stay stable. */
export function useDoctorData() {
  const { client, patientId, site } = useSession();
  const [now] = useState(() => new Date());
  const [recognition] = useState(() => procedureRecognitionFrom(site.clinical));
  const [window] = useState(() => ({ ...doctorWindow(now, site.site.timeZone), procedures: recognition }));
  const q = dashboardQueries(client, patientId, window);
  const selectConfirmed = useSelectConfirmedDoses(patientId);
  // The dashboard set minus vital signs, which this view does not show, plus the planned test
  // doses (ServiceRequest): all in the same first wave, none waiting for another.
  const [patient, weight, medications, pump, assessments, plannedTestDoses] = useQueries({
    queries: [q.patient, q.weight, { ...q.medications, select: selectConfirmed }, q.pump, q.assessments, plannedTestDosesQueryOptions(client, patientId)],
  });
  const doseHistory = useInfiniteQuery(doseHistoryInfiniteQueryOptions(client, patientId));
  // Refill facts the clinician entered for this session's forecast (sessionStorage, this patient).
  const [sessionRefill, setSessionRefill] = useSessionRefill(patientId);
  const procedureHistory = useInfiniteQuery(procedureHistoryInfiniteQueryOptions(client, patientId, { recognition }));
  return { now, recognition, sessionRefill, setSessionRefill, patient, weight, medications, pump, assessments, plannedTestDoses, doseHistory, procedureHistory };
}

export type DoctorData = ReturnType<typeof useDoctorData>;
