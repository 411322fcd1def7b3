import type { FhirClient } from './client';
import { fetchItbMedications, itbMedicationsQueryOptions, type ItbMedications } from './medications';
import {
  assessmentsQueryOptions,
  fetchAssessments,
  fetchLatestWeight,
  fetchVitalSigns,
  latestWeightQueryOptions,
  vitalSignsQueryOptions,
  type LatestWeight,
  type ObservationList,
} from './observations';
import { fetchPatient, patientQueryOptions, type PatientSummary } from './patient';
import type { ProcedureRecognition } from './procedure-recognition';
import { fetchPump, pumpQueryOptions, type PumpInfo } from './pump';
import type { WriteCodeMap } from './write-codes';

export type DashboardWindow = {
  /** Vital signs on or after this instant (e.g. the last 24 h). */
  readonly vitalsSince: string;
  /** Assessments and ITB checks on or after this instant (e.g. the last 30 days). */
  readonly assessmentsSince: string;
  readonly codes?: WriteCodeMap;
  /** How pump procedures are recognised (the site's codes and text patterns). */
  readonly procedures?: ProcedureRecognition;
  /** The site's zone (site-config `site.timeZone`): age is counted on the site's calendar date. */
  readonly timeZone: string;
};

/**
 * The queries the dashboard needs, all independent of one another: `useQueries` (or
 * `loadDashboard`) sends them in ONE parallel wave after `ready()`. Each search is filtered and
 * bounded on the server, so the cost does not grow with the length of the history.
 */
export const dashboardQueries = (client: FhirClient, patientId: string, window: DashboardWindow) =>
  ({
    patient: patientQueryOptions(client, patientId, window.timeZone),
    weight: latestWeightQueryOptions(client, patientId),
    medications: itbMedicationsQueryOptions(client, patientId),
    vitalSigns: vitalSignsQueryOptions(client, patientId, { since: window.vitalsSince, ...(window.codes === undefined ? {} : { codes: window.codes }) }),
    assessments: assessmentsQueryOptions(client, patientId, {
      since: window.assessmentsSince,
      ...(window.codes === undefined ? {} : { codes: window.codes }),
    }),
    pump: pumpQueryOptions(client, patientId, window.procedures),
  }) as const;

export type DashboardPart<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: unknown };

export type DashboardData = {
  readonly patient: DashboardPart<PatientSummary>;
  readonly weight: DashboardPart<LatestWeight>;
  readonly medications: DashboardPart<ItbMedications>;
  readonly vitalSigns: DashboardPart<ObservationList>;
  readonly assessments: DashboardPart<ObservationList>;
  readonly pump: DashboardPart<PumpInfo>;
};

const settle = async <T>(p: Promise<T>): Promise<DashboardPart<T>> => {
  try {
    return { ok: true, data: await p };
  } catch (error) {
    return { ok: false, error };
  }
};

/**
 * The same loaders as `dashboardQueries`, without react-query (benchmark, prefetch). Every part
 * starts at once; one failing part does not hide the others.
 */
export async function loadDashboard(client: FhirClient, patientId: string, window: DashboardWindow): Promise<DashboardData> {
  const codes = window.codes === undefined ? {} : { codes: window.codes };
  const [patient, weight, medications, vitalSigns, assessments, pump] = await Promise.all([
    settle(fetchPatient(client, patientId, window.timeZone)),
    settle(fetchLatestWeight(client, patientId)),
    settle(fetchItbMedications(client, patientId)),
    settle(fetchVitalSigns(client, patientId, { since: window.vitalsSince, ...codes })),
    settle(fetchAssessments(client, patientId, { since: window.assessmentsSince, ...codes })),
    settle(fetchPump(client, patientId, undefined, window.procedures)),
  ]);
  return { patient, weight, medications, vitalSigns, assessments, pump };
}
