/**
 * Extra copies of a saved round's Observations, and retiring them.
 *
 * Why this exists: where the EHR honours no If-None-Exist (Oracle Health, Epic), the app searches
 * by its client identifier before every retry, but the browser itself can resend a POST: Chromium
 * (and so Edge/WebView2) repeats a request whose reused keep-alive connection closed before any
 * reply byte arrived, below fetch() and out of the app's sight. If the EHR had processed the first
 * one, the item now exists twice. Found in the browser tests against the sandbox's dropped
 * connections (one create per Observation, 50% failures).
 *
 * Nothing is deleted: an extra copy is marked `entered-in-error` (FHIR R4 Observation.status) with
 * a note naming the copy kept, by PUT with If-Match, so a reader sees one live value per item.
 */
import { z } from 'zod';
import { SYSTEM } from './codes';
import { searchPages, searchUrl, type FhirClient } from './client';
import { toFhirError, type FhirError } from './errors';

const storedShape = z.looseObject({
  resourceType: z.literal('Observation'),
  id: z.string(),
  status: z.string(),
  identifier: z.array(z.object({ system: z.string().optional(), value: z.string().optional() })).optional(),
  meta: z.object({ versionId: z.string().optional(), lastUpdated: z.string().optional() }).optional(),
  note: z.array(z.looseObject({ text: z.string().optional() })).optional(),
});
type Stored = z.infer<typeof storedShape>;

export type DuplicateCopies = {
  readonly itemId: string;
  /** The copy kept: the one the save confirmed, else the first written. */
  readonly keptId: string;
  readonly extra: readonly { readonly id: string; readonly versionId: string | undefined }[];
};

const entryOf = (o: Stored): string | undefined => o.identifier?.find((i) => i.system === SYSTEM.clientEntryId)?.value;
const writtenAt = (o: Stored): number => {
  const t = Date.parse(o.meta?.lastUpdated ?? '');
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

/** Items of a group the EHR holds more than once (entered-in-error copies do not count). */
export async function findDuplicateCopies(
  client: FhirClient,
  patientId: string,
  groupId: string,
  confirmed: ReadonlyMap<string, string | undefined>,
  signal?: AbortSignal,
): Promise<DuplicateCopies[]> {
  const url = searchUrl('Observation', [
    ['patient', patientId],
    ['identifier', `${SYSTEM.entryGroupId}|${groupId}`],
    ['_count', '100'],
  ]);
  const page = await searchPages(client, url, { maxPages: 5, ...(signal === undefined ? {} : { signal }) });
  const byItem = new Map<string, Stored[]>();
  const prefix = `${groupId}:`;
  for (const raw of page.resources) {
    const parsed = storedShape.safeParse(raw);
    if (!parsed.success || parsed.data.status === 'entered-in-error') continue;
    const entry = entryOf(parsed.data);
    if (entry?.startsWith(prefix) !== true) continue;
    const itemId = entry.slice(prefix.length);
    byItem.set(itemId, [...(byItem.get(itemId) ?? []), parsed.data]);
  }
  const out: DuplicateCopies[] = [];
  for (const [itemId, copies] of byItem) {
    if (copies.length < 2) continue;
    const preferred = confirmed.get(itemId);
    const kept = copies.find((c) => c.id === preferred) ?? [...copies].sort((a, b) => writtenAt(a) - writtenAt(b) || a.id.localeCompare(b.id))[0];
    if (kept === undefined) continue;
    out.push({ itemId, keptId: kept.id, extra: copies.filter((c) => c !== kept).map((c) => ({ id: c.id, versionId: c.meta?.versionId })) });
  }
  return out;
}

const FHIR_JSON = 'application/fhir+json';

/** Mark one extra copy entered-in-error, If-Match on the version found; a 409/412 is kind 'conflict'. */
export async function retireDuplicateCopy(client: FhirClient, copy: { id: string; versionId: string | undefined }, keptId: string): Promise<void> {
  const path = `Observation/${encodeURIComponent(copy.id)}`;
  try {
    const current = storedShape.parse(await client.request({ url: path, headers: { accept: FHIR_JSON } }));
    const versionId = current.meta?.versionId ?? copy.versionId;
    const { meta: _meta, ...rest } = current;
    const note = [...(current.note ?? []), { text: `Duplicate copy created by a network resend; the recorded value is Observation/${keptId}.` }];
    await client.request({
      url: path,
      method: 'PUT',
      body: JSON.stringify({ ...rest, status: 'entered-in-error', note }),
      headers: { 'content-type': FHIR_JSON, accept: FHIR_JSON, ...(versionId === undefined ? {} : { 'if-match': `W/"${versionId}"` }) },
    });
  } catch (e) {
    throw toFhirError(e);
  }
}

export type DuplicateCleanup = {
  readonly retired: number;
  /** Copies that could not be retired: the user is told to mark them in the EHR. */
  readonly failed: readonly { readonly id: string; readonly itemId: string; readonly error: FhirError }[];
};

/** Find and retire every extra copy of a group's items. Throws (FhirError) only if the search fails. */
export async function retireDuplicateCopies(
  client: FhirClient,
  patientId: string,
  groupId: string,
  confirmed: ReadonlyMap<string, string | undefined>,
): Promise<DuplicateCleanup> {
  let duplicates: DuplicateCopies[];
  try {
    duplicates = await findDuplicateCopies(client, patientId, groupId, confirmed);
  } catch (e) {
    throw toFhirError(e);
  }
  let retired = 0;
  const failed: { id: string; itemId: string; error: FhirError }[] = [];
  for (const d of duplicates) {
    for (const copy of d.extra) {
      try {
        await retireDuplicateCopy(client, copy, d.keptId);
        retired += 1;
      } catch (e) {
        failed.push({ id: copy.id, itemId: d.itemId, error: toFhirError(e) });
      }
    }
  }
  if (failed.length === 0) return { retired, failed };
  // A failed PUT may still have been applied (a lost reply): report only what is still doubled.
  let still: DuplicateCopies[];
  try {
    still = await findDuplicateCopies(client, patientId, groupId, confirmed);
  } catch {
    return { retired, failed };
  }
  const remaining = new Set(still.flatMap((d) => d.extra.map((c) => c.id)));
  const stillFailed = failed.filter((f) => remaining.has(f.id));
  return { retired: retired + (failed.length - stillFailed.length), failed: stillFailed };
}
