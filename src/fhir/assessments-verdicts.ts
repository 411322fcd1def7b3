/**
 * The test-dose response verdicts (`itb-test-response`, docs/fhir-conventions.md) with WHO recorded
 * them: the verdict is shown to the team "with who and when", and ObservationRecord carries no
 * performer. Added for the therapist view (issue 6); the verdict itself stays a normal Observation
 * that `assessmentsQueryOptions` also reads.
 */
import { queryOptions } from '@tanstack/react-query';
import { z } from '../zod-jitless';
import { withUnits } from '../domain/units';
import { searchPages, searchUrl, fhirGet, type FhirClient } from './client';
import { buildCodeIndex, mapObservation, USABLE_OBSERVATION_STATUSES, type ObservationRecord } from './observations';
import { parseResource, parseResourcesOfType, type ParseIssue, type ReadResult } from './parse';
import { humanNameSchema, observationSchema } from './schemas';
import { defaultWriteCodes, type WriteCodeMap } from './write-codes';

export type Performer = {
  /** e.g. `Practitioner/prac-rehab-lee`, as written on the Observation. */
  readonly reference: string;
  /** The practitioner's name, or undefined when it could not be read (see issues). */
  readonly name: string | undefined;
};

export type VerdictRecord = ObservationRecord & { readonly performers: readonly Performer[] };

const practitionerSchema = z.object({
  resourceType: z.literal('Practitioner'),
  id: z.string(),
  name: z.optional(z.array(z.extend(humanNameSchema, { prefix: z.optional(z.array(z.string())) }))),
});

/** "Dr Jordan Lee": name.text, else prefix + given + family of the first name. */
export function practitionerName(json: unknown): { name: string | undefined; issue: ParseIssue | undefined } {
  const parsed = parseResource(practitionerSchema, json);
  if (!parsed.ok) return { name: undefined, issue: parsed.issue };
  const n = parsed.value.name?.find((x) => x.use === 'official') ?? parsed.value.name?.[0];
  const text = n?.text ?? [...(n?.prefix ?? []), ...(n?.given ?? []), n?.family].filter((p) => p !== undefined && p !== '').join(' ');
  return { name: text === '' ? undefined : text, issue: undefined };
}

/** `readPractitionerNames`, its issues added to the caller's list. */
export async function practitionerNames(client: FhirClient, refs: readonly string[], issues: ParseIssue[], signal?: AbortSignal): Promise<Map<string, string | undefined>> {
  const read = await readPractitionerNames(client, refs, signal);
  issues.push(...read.issues);
  return new Map(read.names);
}

const SEARCH_LIMIT = 20;

const time = (value: string | undefined): number => {
  const t = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(t) ? 0 : t;
};

/**
 * The names of the practitioners referenced (one read per person; other references are left
 * unnamed). A read that fails leaves the name undefined and is reported as an issue, never shown
 * as "unknown person".
 */
export async function readPractitionerNames(
  client: FhirClient,
  refs: readonly string[],
  signal?: AbortSignal,
): Promise<{ names: ReadonlyMap<string, string | undefined>; issues: ParseIssue[] }> {
  const names = new Map<string, string | undefined>();
  const issues: ParseIssue[] = [];
  const practitionerRefs = [...new Set(refs)].filter((r) => /^Practitioner\/[^/]+$/.test(r));
  await Promise.all(
    practitionerRefs.map(async (ref) => {
      try {
        const { name, issue } = practitionerName(await fhirGet(client, ref, signal));
        names.set(ref, name);
        if (issue !== undefined) issues.push(issue);
      } catch {
        names.set(ref, undefined);
        issues.push({ resourceType: 'Practitioner', id: ref.slice('Practitioner/'.length), path: '', message: 'could not be read' });
      }
    }),
  );
  return { names, issues };
}

/** Who amended the records shown (their performer references), by name; keyed under the patient's assessments. */
export const practitionerNamesQueryOptions = (client: FhirClient, patientId: string, refs: readonly string[]) => {
  const sorted = [...new Set(refs)].sort();
  return queryOptions({
    queryKey: ['patient', patientId, 'assessments', 'practitioner-names', sorted] as const,
    queryFn: ({ signal }) => readPractitionerNames(client, sorted, signal),
  });
};

/** Verdicts newest first, each with its performers' names (one Practitioner read per person). */
export async function fetchTestResponseVerdicts(
  client: FhirClient,
  patientId: string,
  codes: WriteCodeMap = defaultWriteCodes,
  signal?: AbortSignal,
): Promise<ReadResult<VerdictRecord>> {
  const coding = codes.items['itb-test-response'].coding[0];
  const url = searchUrl('Observation', [
    ['patient', patientId],
    ['code', `${coding?.system ?? ''}|${coding?.code ?? ''}`],
    ['_sort', '-date'],
    ['_count', String(SEARCH_LIMIT)],
  ]);
  const page = await searchPages(client, url, { maxPages: 1, ...(signal === undefined ? {} : { signal }) });
  const parsed = parseResourcesOfType(page.resources, 'Observation', observationSchema);
  const issues: ParseIssue[] = [...page.outcomes, ...parsed.issues];
  const index = buildCodeIndex(codes);
  // From fresh lists each time: withUnits runs it again if a unit needed the UCUM library first.
  const { found, mappedIssues } = await withUnits(() => {
    const list: { record: ObservationRecord; refs: string[] }[] = [];
    const read: ParseIssue[] = [];
    for (const obs of parsed.items) {
      if (obs.status === 'entered-in-error' || obs.status === 'cancelled') continue;
      if (!(USABLE_OBSERVATION_STATUSES as readonly string[]).includes(obs.status)) {
        // Matched exactly: "Final" or "" is not a status, and a preliminary verdict is not the verdict (issue 15).
        read.push({ resourceType: 'Observation', id: obs.id, path: 'status', message: `status "${obs.status}" is not a final result: not used` });
        continue;
      }
      const mapped = mapObservation(obs, index);
      read.push(...mapped.issues);
      if (mapped.record?.key !== 'itb-test-response') continue;
      list.push({ record: mapped.record, refs: [...(mapped.record.performerRefs ?? [])] });
    }
    return { found: list, mappedIssues: read };
  });
  issues.push(...mappedIssues);

  const names = await practitionerNames(client, found.flatMap((f) => f.refs), issues, signal);
  const items = found
    .map(({ record, refs }) => ({ ...record, performers: refs.map((reference) => ({ reference, name: names.get(reference) })) }))
    .sort((a, b) => time(b.effective) - time(a.effective));
  return { items, issues };
}

/** Keyed under the patient's assessments, so saving an assessment or verdict refreshes it too. */
export const testResponseVerdictsQueryOptions = (client: FhirClient, patientId: string, codes: WriteCodeMap = defaultWriteCodes) =>
  queryOptions({
    queryKey: ['patient', patientId, 'assessments', 'test-response-verdicts'] as const,
    queryFn: ({ signal }) => fetchTestResponseVerdicts(client, patientId, codes, signal),
  });
