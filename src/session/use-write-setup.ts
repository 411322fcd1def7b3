import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { capabilitiesQueryOptions, resolveWriteCodes, writeContextFrom } from '../fhir';
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
  | { status: 'pending' }
  | { status: 'error'; error: Error; retry: () => void }
  /** The EHR did not grant this session permission to write Observations: nothing can be saved. */
  | { status: 'read-only'; grant: WriteGrant }
  | { status: 'ready'; context: WriteContext; strategy: WriteStrategy };

/** Everything a save needs: the launch context, the site's codes and the write strategy. */
export function useWriteSetup(): WriteSetup {
  const { client, patientId, ehr } = useSession();
  const grant = useWriteGrant();
  const capabilities = useQuery({ ...capabilitiesQueryOptions(client), enabled: grant.canWrite });
  const context = useMemo(() => writeContextFrom(client, patientId, resolveWriteCodes(ehr.quirks.writeCodes)), [client, patientId, ehr.quirks.writeCodes]);
  if (!grant.canWrite) return { status: 'read-only', grant };
  if (capabilities.isPending) return { status: 'pending' };
  if (capabilities.isError) return { status: 'error', error: capabilities.error, retry: () => void capabilities.refetch() };
  return { status: 'ready', context, strategy: applyEhrQuirks(capabilities.data, ehr.quirks) };
}

/** What the EHR granted this launch (the token response's scope), against what the site asks for. */
export function useWriteGrant(): WriteGrant {
  const { client, ehr } = useSession();
  const scope = client.state.tokenResponse?.scope;
  return useMemo(() => mapWriteGrant(typeof scope === 'string' ? scope : undefined, ehr.scopes), [scope, ehr.scopes]);
}
