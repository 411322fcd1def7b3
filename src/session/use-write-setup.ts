import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { capabilitiesQueryOptions, leftoverGroups, resolveWriteCodes, resumeLeftoverJournals, writeContextFrom, type ResumeResult, type SaveProgress } from '../fhir';
import { CONSERVATIVE_STRATEGY } from '../fhir/capabilities';
import { PAGE_ID, sessionJournal } from '../fhir/write-journal';
import { mapWriteGrant, type WriteGrant } from '../fhir/scopes';
import type { WriteContext, WriteStrategy } from '../fhir';
import type { EhrConfig } from '../config/site-config';
import { useSession } from './session-context';

/**
 * What the EHR says it can do (CapabilityStatement), narrowed by what the site knows of it:
 * Oracle Health and Epic document no transaction Bundles or conditional create for Observation
 * writes, so a site may say `never` even where the statement claims more.
 */
export function applyEhrQuirks(strategy: WriteStrategy, quirks: EhrConfig['quirks']): WriteStrategy {
  return {
    ...strategy,
    mode: quirks.transactions === 'never' ? 'one-at-a-time' : strategy.mode,
    conditionalCreate: quirks.conditionalCreate === 'never' ? false : strategy.conditionalCreate,
  };
}

export type WriteSetup =
  /** `resuming`: journals an earlier page left are being reconciled; nothing may be written yet. */
  | { status: 'pending'; resuming?: boolean }
  /** `retry` reads the capabilities again; the ready setup once they are read. */
  | { status: 'error'; error: Error; retry: () => Promise<ReadySetup | undefined> }
  /** The EHR did not grant this session permission to write Observations: nothing can be saved. */
  | { status: 'read-only'; grant: WriteGrant }
  | ReadySetup;

export type ReadySetup = { status: 'ready'; context: WriteContext; strategy: WriteStrategy };

/** Everything a save needs: the launch context, the site's codes and the write strategy. */
export function useWriteSetup(): WriteSetup {
  const { client, patientId, ehr } = useSession();
  const grant = useWriteGrant();
  const capabilities = useQuery({ ...capabilitiesQueryOptions(client), enabled: grant.canWrite });
  const context = useMemo(() => writeContextFrom(client, patientId, resolveWriteCodes(ehr.quirks.writeCodes)), [client, patientId, ehr.quirks.writeCodes]);
  const strategy = useMemo(() => (capabilities.data === undefined ? undefined : applyEhrQuirks(capabilities.data, ehr.quirks)), [capabilities.data, ehr.quirks]);
  const resume = useJournalResume(strategy);
  if (!grant.canWrite) return { status: 'read-only', grant };
  if (capabilities.isPending) return { status: 'pending' };
  if (capabilities.isError) return { status: 'error', error: capabilities.error, retry: () =>
        capabilities.refetch().then((r): ReadySetup | undefined => (r.isSuccess ? { status: 'ready', context, strategy: applyEhrQuirks(r.data, ehr.quirks) } : undefined)),
    };
  // Leftover journals first: a save now could race what the page before the reload sent.
  if (resume.status === 'pending') return { status: 'pending', resuming: true };
  return { status: 'ready', context, strategy: strategy ?? applyEhrQuirks(capabilities.data, ehr.quirks) };
}

export type JournalResumeState =
  | { status: 'none' }
  | { status: 'pending'; progress: SaveProgress | undefined }
  | { status: 'done'; result: ResumeResult }
  | { status: 'error'; error: Error };

/**
 * The write journals an earlier page left for this patient (a reload, a relaunch in the tab),
 * reconciled once per page before anything is written (fhir/journal-resume.ts). No request at all
 * when nothing was left. Every view's save waits for it (useWriteSetup).
 */
export function useJournalResume(strategy: WriteStrategy | undefined): JournalResumeState {
  const { client, patientId } = useSession();
  // Read once per mount: groups this page writes later are its own, not leftovers.
  const [leftovers] = useState(() => leftoverGroups(sessionJournal(patientId)).length);
  const [progress, setProgress] = useState<SaveProgress | undefined>(undefined);
  const query = useQuery({
    queryKey: ['patient', patientId, 'journal-resume', PAGE_ID] as const,
    queryFn: ({ signal }) => resumeLeftoverJournals(client, patientId, strategy ?? CONSERVATIVE_STRATEGY, { signal, onProgress: setProgress }),
    enabled: leftovers > 0 && strategy !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
  if (query.isSuccess) return { status: 'done', result: query.data };
  if (query.isError) return { status: 'error', error: query.error };
  if (leftovers === 0) return { status: 'none' };
  return { status: 'pending', progress };
}

/**
 * A save button a failed capabilities read never greys out for good: pressed then, it reads the
 * capabilities again and saves as soon as they are read (the nurse presses one button, not two).
 */
export function useSaveWhenReady(setup: WriteSetup, save: (ready: ReadySetup) => void): { press: () => void; reading: boolean } {
  const [reading, setReading] = useState(false);
  const press = () => {
    if (setup.status === 'ready') {
      save(setup);
      return;
    }
    if (setup.status !== 'error' || reading) return;
    setReading(true);
    void setup.retry().then((ready) => {
      setReading(false);
      if (ready !== undefined) save(ready);
    });
  };
  return { press, reading };
}

/** What the EHR granted this launch (the token response's scope), against what the site asks for. */
export function useWriteGrant(): WriteGrant {
  const { client, ehr } = useSession();
  const scope = client.state.tokenResponse?.scope;
  return useMemo(() => mapWriteGrant(typeof scope === 'string' ? scope : undefined, ehr.scopes), [scope, ehr.scopes]);
}
