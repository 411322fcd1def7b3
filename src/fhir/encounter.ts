import { queryOptions } from '@tanstack/react-query';
import { z } from '../zod-jitless';
import { fhirGet, type FhirClient } from './client';
import { FhirError } from './errors';
import { parseResource } from './parse';
import { periodSchema } from './schemas';

/**
 * The launch's Encounter: whether the child is still admitted. A documented discharge is what
 * ends the test-dose day's hourly observation prompts (Guideline §3.4.2, §3.4.10–11; A6).
 */
export const encounterSchema = z.object({
  resourceType: z.literal('Encounter'),
  id: z.string(),
  status: z.enum(['planned', 'arrived', 'triaged', 'in-progress', 'onleave', 'finished', 'cancelled', 'entered-in-error', 'unknown']),
  period: z.optional(periodSchema),
  hospitalization: z.optional(z.object({ dischargeDisposition: z.optional(z.object({ text: z.optional(z.string()) })) })),
});
export type FhirEncounter = z.infer<typeof encounterSchema>;

export type EncounterSummary = {
  readonly id: string;
  readonly status: FhirEncounter['status'];
  readonly start: string | undefined;
  /** The discharge time: set only when the encounter is finished and its end is recorded. */
  readonly dischargedAt: string | undefined;
};

export function mapEncounter(encounter: FhirEncounter): EncounterSummary {
  return {
    id: encounter.id,
    status: encounter.status,
    start: encounter.period?.start,
    dischargedAt: encounter.status === 'finished' ? encounter.period?.end : undefined,
  };
}

export async function fetchEncounter(client: FhirClient, encounterId: string, signal?: AbortSignal): Promise<EncounterSummary> {
  const json = await fhirGet(client, `Encounter/${encodeURIComponent(encounterId)}`, signal);
  const parsed = parseResource(encounterSchema, json);
  if (!parsed.ok) {
    throw new FhirError('server', `The encounter could not be read (field ${parsed.issue.path}: ${parsed.issue.message}).`);
  }
  return mapEncounter(parsed.value);
}

/** The launch encounter (status, admission and discharge times). */
export const encounterQueryOptions = (client: FhirClient, patientId: string, encounterId: string) =>
  queryOptions({
    queryKey: ['patient', patientId, 'encounter', encounterId] as const,
    queryFn: ({ signal }) => fetchEncounter(client, encounterId, signal),
    staleTime: 60_000,
  });
