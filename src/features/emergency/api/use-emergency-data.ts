/**
 * The reads behind emergency mode: demographics, latest weight, medicines and pump, each on its
 * own so one failing read never hides the others or the generic guidance.
 */
import { useQueries } from '@tanstack/react-query';
import { itbMedicationsQueryOptions, latestWeightQueryOptions, patientQueryOptions, pumpQueryOptions } from '../../../fhir';
import { useSession } from '../../../session/session-context';

export function useEmergencyData() {
  const { client, patientId, site } = useSession();
  const [patient, weight, medications, pump] = useQueries({
    queries: [
      patientQueryOptions(client, patientId, site.site.timeZone),
      latestWeightQueryOptions(client, patientId),
      itbMedicationsQueryOptions(client, patientId),
      pumpQueryOptions(client, patientId),
    ],
  });
  const readAt = [patient, weight, medications, pump].filter((q) => q.isSuccess).map((q) => q.dataUpdatedAt);
  // As old as the oldest part shown.
  const asOf = readAt.length > 0 ? new Date(Math.min(...readAt)) : undefined;
  return { site, patient, weight, medications, pump, asOf };
}
