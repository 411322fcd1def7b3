import { queryOptions } from '@tanstack/react-query';
import { fhirGet, type FhirClient } from './client';
import { FhirError } from './errors';
import { parseResource } from './parse';
import { capabilityStatementSchema, type FhirCapabilityStatement } from './schemas';

/**
 * How a round is written, decided by the server's CapabilityStatement (FHIR R4 §3.1.0
 * CapabilityStatement.rest.interaction / rest.resource.conditionalCreate):
 * - 'transaction': one transaction Bundle, all or nothing.
 * - 'one-at-a-time': each Observation created on its own (Oracle Health, Epic), the round saved
 *   only when every part is confirmed.
 * `conditionalCreate` says whether If-None-Exist guards creates; without it the app searches by
 * its client identifier before writing, so a retry can never duplicate.
 */
export type WriteStrategy = {
  readonly mode: 'transaction' | 'one-at-a-time';
  readonly conditionalCreate: boolean;
  /** Observation update (amend) is listed. */
  readonly canUpdate: boolean;
};

export function mapWriteStrategy(cs: FhirCapabilityStatement): WriteStrategy {
  const rest = cs.rest?.find((r) => r.mode === undefined || r.mode === 'server') ?? cs.rest?.[0];
  const transaction = rest?.interaction?.some((i) => i.code === 'transaction') ?? false;
  const observation = rest?.resource?.find((r) => r.type === 'Observation');
  return {
    mode: transaction ? 'transaction' : 'one-at-a-time',
    conditionalCreate: observation?.conditionalCreate === true,
    canUpdate: observation?.interaction?.some((i) => i.code === 'update') ?? false,
  };
}

/** The most careful strategy: used when the server says nothing readable. */
export const CONSERVATIVE_STRATEGY: WriteStrategy = { mode: 'one-at-a-time', conditionalCreate: false, canUpdate: false };

export async function fetchWriteStrategy(client: FhirClient, signal?: AbortSignal): Promise<WriteStrategy> {
  const json = await fhirGet(client, 'metadata', signal);
  const parsed = parseResource(capabilityStatementSchema, json);
  if (!parsed.ok) {
    throw new FhirError('server', `The EHR's capability statement could not be read (field ${parsed.issue.path}: ${parsed.issue.message}).`);
  }
  return mapWriteStrategy(parsed.value);
}

/** The write strategy for this EHR. Not patient data, so keyed by server. */
export const capabilitiesQueryOptions = (client: FhirClient) =>
  queryOptions({
    queryKey: ['server', client.state.serverUrl, 'write-strategy'] as const,
    queryFn: ({ signal }) => fetchWriteStrategy(client, signal),
    staleTime: Number.POSITIVE_INFINITY,
    // Not patient data and cheap: a passing 503 should not block a save, so try a few times
    // (never after the session ended: the user must relaunch).
    retry: (count, e) => count < 3 && !(e instanceof FhirError && e.kind === 'session-expired'),
    retryDelay: (attempt) => Math.min(4000, 500 * 2 ** attempt),
  });
