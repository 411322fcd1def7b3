/**
 * The therapist view's reads and writes, through the FHIR layer only: assessments (grouped by
 * entry group and time point), the verdicts with who recorded them, and the saves — one
 * transaction per assessment where the EHR supports it, amendments for edits.
 */
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  amendObservation,
  assessmentsQueryOptions,
  resolveWriteCodes,
  saveObservationGroup,
  toFhirError,
  type FhirError,
  type ObservationDraft,
  type SaveGroupResult,
  type TestDoseVerdict,
  type WriteContext,
  type WriteStrategy,
} from '../../../fhir';
import { practitionerNamesQueryOptions, testResponseVerdictsQueryOptions, type VerdictRecord } from '../../../fhir/assessments-verdicts';
import { toSiteIso } from '../../../domain';
import { useSession } from '../../../session/session-context';
import { groupTherapyRecords, type EditPlan, type SavedItem } from '../model';

/** How far back assessments are read: a test-dose admission plus the clinic visit before it. */
export const WINDOW_DAYS = 30;
const MAX_RECORDS = 600;

const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

export function useTherapyRecords() {
  const { client, patientId, ehr } = useSession();
  const codes = useMemo(() => resolveWriteCodes(ehr.quirks.writeCodes), [ehr.quirks.writeCodes]);
  // Fixed for the life of the view, so the query key (and the cache) stays the same.
  const [since] = useState(() => daysAgo(WINDOW_DAYS));
  const records = useQuery({
    ...assessmentsQueryOptions(client, patientId, { since, maxItems: MAX_RECORDS, codes }),
    select: (list) => ({ ...groupTherapyRecords(list.items), readIssues: list.issues, hasMore: list.hasMore }),
  });
  const verdicts = useQuery(testResponseVerdictsQueryOptions(client, patientId, codes));
  // Who amended a saved score (issue 13: who changed what), by name.
  const refs = records.data?.assessments.flatMap((a) => a.amendments.flatMap((m) => m.by)) ?? [];
  const amenders = useQuery({ ...practitionerNamesQueryOptions(client, patientId, refs), enabled: refs.length > 0 });
  return { records, verdicts, amenders, since };
}

/** The site's zone: every time the therapist view writes carries the site's offset, as rounds do. */
const useSiteZone = (): string => useSession().site.site.timeZone;

export type { VerdictRecord };

/** After any write, read the patient's assessments again (a colleague's entries come too). */
function useRefresh() {
  const queryClient = useQueryClient();
  const { patientId } = useSession();
  return () => queryClient.invalidateQueries({ queryKey: ['patient', patientId, 'assessments'] });
}

export interface Ready {
  readonly context: WriteContext;
  readonly strategy: WriteStrategy;
}

/** Save a new assessment as one group; `retry` reuses the group id so nothing is written twice. */
export function useSaveAssessment() {
  const { client } = useSession();
  const timeZone = useSiteZone();
  const refresh = useRefresh();
  return useMutation({
    /** `at`: when the assessment was done (the form's time), written with the site's offset. */
    mutationFn: (input: { ready: Ready; groupId: string; drafts: readonly ObservationDraft[]; at: Date; retry: boolean; label?: string }): Promise<SaveGroupResult> =>
      saveObservationGroup(client, {
        groupId: input.groupId,
        drafts: input.drafts,
        effective: toSiteIso(input.at, timeZone),
        context: input.ready.context,
        strategy: input.ready.strategy,
        retry: input.retry,
        kind: 'assessment',
        ...(input.label === undefined ? {} : { label: input.label }),
      }),
    onSettled: refresh,
  });
}

export interface EditResult {
  readonly amended: number;
  readonly added: number;
  /** What failed, by the item's label, with the EHR's reason; empty when every change is confirmed. */
  readonly failures: readonly { readonly itemId: string; readonly error: FhirError }[];
}

/**
 * Amend changed items (status amended, If-Match on the version shown) and add new ones to the
 * group, at the assessment's time (`at`, written with the site's offset).
 */
export function useSaveEdit() {
  const { client } = useSession();
  const timeZone = useSiteZone();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (input: { ready: Ready; groupId: string; plan: EditPlan; at: Date }): Promise<EditResult> => {
      const failures: { itemId: string; error: FhirError }[] = [];
      let amended = 0;
      for (const { item, draft } of input.plan.amend) {
        const versionId = item.versionId;
        if (versionId === undefined) {
          failures.push({ itemId: item.itemId, error: toFhirError(new Error('The saved record has no version to amend.')) });
          continue;
        }
        try {
          await amendObservation(client, { id: item.recordId, versionId, groupId: input.groupId, draft, context: input.ready.context });
          amended++;
        } catch (e) {
          failures.push({ itemId: item.itemId, error: toFhirError(e) });
        }
      }
      let added = 0;
      if (input.plan.add.length > 0) {
        const result = await saveObservationGroup(client, {
          groupId: input.groupId,
          drafts: input.plan.add,
          effective: toSiteIso(input.at, timeZone),
          context: input.ready.context,
          strategy: input.ready.strategy,
          retry: true,
          kind: 'assessment',
        });
        for (const i of result.items) {
          if (i.status === 'saved') added++;
          else if (i.error !== undefined) failures.push({ itemId: i.itemId, error: i.error });
        }
      }
      return { amended, added, failures };
    },
    onSettled: refresh,
  });
}

/** Record the clinician's verdict as its own Observation, or amend the one shown. */
export function useSaveVerdict() {
  const { client } = useSession();
  const timeZone = useSiteZone();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (input: {
      ready: Ready;
      groupId: string;
      verdict: TestDoseVerdict;
      note: string;
      revise: (SavedItem<unknown> & { groupId: string }) | undefined;
      retry: boolean;
    }): Promise<{ complete: boolean; error: FhirError | undefined }> => {
      const draft: ObservationDraft = {
        key: 'itb-test-response',
        value: { kind: 'codeable', answer: input.verdict },
        ...(input.note.trim() === '' ? {} : { note: input.note.trim() }),
      };
      if (input.revise !== undefined) {
        const { versionId } = input.revise;
        if (versionId === undefined) return { complete: false, error: toFhirError(new Error('The saved verdict has no version to amend.')) };
        try {
          await amendObservation(client, {
            id: input.revise.recordId,
            versionId,
            groupId: input.revise.groupId,
            draft: { ...draft, itemId: input.revise.itemId, effective: toSiteIso(new Date(), timeZone) },
            context: input.ready.context,
          });
          return { complete: true, error: undefined };
        } catch (e) {
          return { complete: false, error: toFhirError(e) };
        }
      }
      const result = await saveObservationGroup(client, {
        groupId: input.groupId,
        drafts: [draft],
        effective: toSiteIso(new Date(), timeZone),
        context: input.ready.context,
        strategy: input.ready.strategy,
        retry: input.retry,
        kind: 'verdict',
      });
      return { complete: result.complete, error: result.error };
    },
    onSettled: refresh,
  });
}
