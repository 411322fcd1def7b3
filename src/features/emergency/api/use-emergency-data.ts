/**
 * The reads behind emergency mode: demographics, latest weight, medicines, pump and the day's
 * test-dose record, each on its own so one failing read never hides the others or the generic
 * guidance. The pump, orders and test dose decide the child's situation (issue 12).
 */
import { useMemo, useState } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useSelectConfirmedDoses } from '../../../session/confirmed-doses';
import { classifyItbSituation, type ItbSituation, type Known } from '../../../domain';
import {
  assessmentsQueryOptions,
  itbMedicationsQueryOptions,
  latestWeightQueryOptions,
  patientQueryOptions,
  procedureRecognitionFrom,
  pumpQueryOptions,
  resolveWriteCodes,
} from '../../../fhir';
import { useSession } from '../../../session/session-context';
import { useSessionRefill, withSessionRefill } from '../../../session/session-refill';
import { useWeightWithSession } from '../../../session/session-weight';

/** A test dose within this window decides "test-dose day" (domain TEST_DOSE_WINDOW_HOURS, plus slack). */
const TEST_DOSE_LOOKBACK_MS = 26 * 3_600_000;

/** Procedure statuses that mean the test dose was not given (planned, not done, charted in error). */
const NOT_GIVEN: ReadonlySet<string> = new Set(['preparation', 'not-done', 'entered-in-error']);

const known = <T, V>(q: { isPending: boolean; isError: boolean; data: T | undefined }, pick: (d: T) => V): Known<V> =>
  q.isError ? { status: 'error' } : q.isPending || q.data === undefined ? { status: 'pending' } : { status: 'ready', value: pick(q.data) };

export function useEmergencyData() {
  const { client, patientId, site, ehr } = useSession();
  // The dose the clinician confirmed from the order text, as the doctor view shows it.
  const selectConfirmed = useSelectConfirmedDoses(patientId);
  const codes = useMemo(() => resolveWriteCodes(ehr.quirks.writeCodes), [ehr.quirks.writeCodes]);
  // Fixed when the view opens, so the query key is stable.
  const [since] = useState(() => new Date(Date.now() - TEST_DOSE_LOOKBACK_MS).toISOString());
  const [patient, weight, medications, pump, assessments] = useQueries({
    queries: [
      patientQueryOptions(client, patientId, site.site.timeZone),
      latestWeightQueryOptions(client, patientId),
      { ...itbMedicationsQueryOptions(client, patientId), select: selectConfirmed },
      pumpQueryOptions(client, patientId, procedureRecognitionFrom(site.clinical)),
      assessmentsQueryOptions(client, patientId, { since, codes }),
    ],
  });
  // Refill facts the clinician entered this session: used, and labelled, here too.
  const [sessionRefill] = useSessionRefill(patientId);
  // The weight against the child's age once both are read (issue 15), with the weight entered for
  // this session where the chart has none usable (issue 11).
  const readAt = [patient, weight, medications, pump].filter((q) => q.isSuccess).map((q) => q.dataUpdatedAt);
  // As old as the oldest part shown.
  const asOf = readAt.length > 0 ? new Date(Math.min(...readAt)) : undefined;
  const { weight: weightChecked, session: sessionWeight } = useWeightWithSession(weight, patient.data, site.site.timeZone, asOf);
  const pumpRead = pump.data;
  const pumpData = useMemo(() => (pumpRead === undefined ? undefined : withSessionRefill(pumpRead, sessionRefill)), [pumpRead, sessionRefill]);
  const situation: ItbSituation = classifyItbSituation({
    now: asOf ?? new Date(),
    pump: known({ ...pump, data: pumpData }, (p) => ({
      deviceRecorded: p.device !== undefined,
      implantDate: p.implantDate,
      testDoseProcedures: p.procedures.filter((x) => x.kind === 'test-dose' && x.performed !== undefined && !NOT_GIVEN.has(x.status)).map((x) => x.performed ?? ''),
    })),
    activeIntrathecalOrders: known(medications, (m) => m.activeIntrathecal.length),
    testDoseInjections: known(assessments, (a) => a.items.filter((r) => r.key === 'test-dose-injection' && r.effective !== undefined).map((r) => r.effective ?? '')),
  });
  /** The dose of the injection recorded at `effective`, in micrograms when recorded in ug. */
  const testDoseMicrograms = (effective: string): number | undefined => {
    const r = assessments.data?.items.find((x) => x.key === 'test-dose-injection' && x.effective === effective);
    return r?.value.kind === 'quantity' && r.value.unit === 'ug' ? r.value.value : undefined;
  };
  return { site, patientId, patient, weight: weightChecked, sessionWeight, medications, pump: { ...pump, data: pumpData }, assessments, asOf, situation, testDoseMicrograms };
}
