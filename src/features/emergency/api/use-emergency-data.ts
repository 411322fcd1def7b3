/**
 * The reads behind emergency mode: demographics, latest weight, medicines and pump, each on its
 * own so one failing read never hides the others or the generic guidance.
 */
import { useQueries } from '@tanstack/react-query';
import { itbMedicationsQueryOptions, latestWeightQueryOptions, patientQueryOptions, procedureRecognitionFrom, pumpQueryOptions } from '../../../fhir';
import { useMemo } from 'react';
import { useSession } from '../../../session/session-context';
import { useSessionRefill, withSessionRefill } from '../../../session/session-refill';

export function useEmergencyData() {
  const { client, patientId, site } = useSession();
  const [patient, weight, medications, pump] = useQueries({
    queries: [
      patientQueryOptions(client, patientId),
      latestWeightQueryOptions(client, patientId),
      itbMedicationsQueryOptions(client, patientId),
      pumpQueryOptions(client, patientId, procedureRecognitionFrom(site.clinical)),
    ],
  });
  // Refill facts the clinician entered this session: used, and labelled, here too.
  const [sessionRefill] = useSessionRefill(patientId);
  const pumpRead = pump.data;
  const pumpData = useMemo(() => (pumpRead === undefined ? undefined : withSessionRefill(pumpRead, sessionRefill)), [pumpRead, sessionRefill]);
  const readAt = [patient, weight, medications, pump].filter((q) => q.isSuccess).map((q) => q.dataUpdatedAt);
  // As old as the oldest part shown.
  const asOf = readAt.length > 0 ? new Date(Math.min(...readAt)) : undefined;
  return { site, patient, weight, medications, pump: { ...pump, data: pumpData }, asOf };
}
