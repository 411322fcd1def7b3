/**
 * The reads behind the action plan: the same query options (and cache) as the rest of the app,
 * plus the dose history only when the dose changed since the last refill.
 */
import { useEffect, useMemo } from 'react';
import { useInfiniteQuery, useQueries } from '@tanstack/react-query';
import {
  doseHistoryInfiniteQueryOptions,
  itbMedicationsQueryOptions,
  latestWeightQueryOptions,
  patientQueryOptions,
  pumpQueryOptions,
  procedureRecognitionFrom,
  type DoseChange,
} from '../../../fhir';
import { useSelectConfirmedDoses } from '../../../session/confirmed-doses';
import { useSession } from '../../../session/session-context';
import { useSessionRefill, withSessionRefill } from '../../../session/session-refill';
import { useWeightWithSession } from '../../../session/session-weight';
import { assembleActionPlanInput, historyCoversFill, latestRefill } from './action-plan-input';

export function useActionPlanData() {
  const { client, patientId, site } = useSession();
  // The dose the clinician confirmed from the order text, as the doctor view shows it.
  const selectConfirmed = useSelectConfirmedDoses(patientId);
  const [patient, weight, medications, pump] = useQueries({
    queries: [
      patientQueryOptions(client, patientId, site.site.timeZone),
      latestWeightQueryOptions(client, patientId),
      { ...itbMedicationsQueryOptions(client, patientId), select: selectConfirmed },
      pumpQueryOptions(client, patientId, procedureRecognitionFrom(site.clinical)),
    ],
  });

  // Refill facts the clinician entered this session (doctor view), labelled wherever they are used.
  const [sessionRefill] = useSessionRefill(patientId);
  // The weight against the child's age once both are read (issue 15), with the weight entered for
  // this session where the chart has none usable (issue 11).
  // The data is as old as its oldest part: the as-of time is when the first of them was read.
  const readAt = [patient, weight, medications, pump].filter((q) => q.isSuccess).map((q) => q.dataUpdatedAt);
  const asOf = readAt.length > 0 ? new Date(Math.min(...readAt)) : undefined;
  const { weight: weightChecked, session: sessionWeight } = useWeightWithSession(weight, patient.data, site.site.timeZone, asOf);
  const weightData = weightChecked.data;
  const pumpRead = pump.data;
  const pumpData = useMemo(() => (pumpRead === undefined ? undefined : withSessionRefill(pumpRead, sessionRefill)), [pumpRead, sessionRefill]);
  const current = medications.data?.current;
  const refillAt = latestRefill(pumpData)?.performed;
  const currentStart = current?.validFrom ?? current?.authoredOn;
  const historyNeeded = refillAt !== undefined && currentStart !== undefined && Date.parse(currentStart) > Date.parse(refillAt);
  const history = useInfiniteQuery({ ...doseHistoryInfiniteQueryOptions(client, patientId), enabled: historyNeeded });
  const historyItems = useMemo<readonly DoseChange[] | undefined>(() => history.data?.pages.flatMap((p) => p.items), [history.data]);
  const historyIssues = history.data?.pages.flatMap((p) => p.issues) ?? [];
  const covered = historyItems !== undefined && refillAt !== undefined && historyCoversFill(historyItems, refillAt);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = history;
  useEffect(() => {
    // Older pages only until the dose in effect at the refill is found.
    if (historyNeeded && historyItems !== undefined && !covered && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [historyNeeded, historyItems, covered, hasNextPage, isFetchingNextPage, fetchNextPage]);
  const historyComplete = historyItems !== undefined && (covered || !hasNextPage);

  const assembled =
    patient.data === undefined || asOf === undefined
      ? undefined
      : assembleActionPlanInput({
          asOf,
          patient: patient.data,
          weight: weightData,
          medications: medications.data,
          pump: pumpData,
          doseHistory: historyComplete ? historyItems : undefined,
          site,
        });

  return {
    site,
    queries: { patient, weight: weightChecked, medications, pump },
    sessionWeight,
    history: { needed: historyNeeded, query: history, complete: historyComplete, issues: historyIssues },
    assembled,
    /** Weight, medicines and pump still loading (the patient is required first). */
    loading: [weight, medications, pump].some((q) => q.isPending) || (historyNeeded && !historyComplete && !history.isError),
  };
}
