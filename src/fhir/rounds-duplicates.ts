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
import { z } from '../zod-jitless';
import { SYSTEM } from './codes';
import { searchPages, searchUrl, type FhirClient } from './client';
import { FhirError, toFhirError } from './errors';

/** The kinds of resource the app writes with client identifiers (rounds, assessments, refill visits). */
export type WrittenType = 'Observation' | 'Procedure';

const storedShape = z.looseObject({
  resourceType: z.enum(['Observation', 'Procedure']),
  id: z.string(),
  status: z.string(),
  identifier: z.optional(z.array(z.object({ system: z.optional(z.string()), value: z.optional(z.string()) }))),
  meta: z.optional(z.object({ versionId: z.optional(z.string()), lastUpdated: z.optional(z.string()) })),
  note: z.optional(z.array(z.looseObject({ text: z.optional(z.string()) }))),
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
  resourceType: WrittenType = 'Observation',
): Promise<DuplicateCopies[]> {
  const url = searchUrl(resourceType, [
    ['patient', patientId],
    ['identifier', `${SYSTEM.entryGroupId}|${groupId}`],
    ['_count', '100'],
  ]);
  const page = await searchPages(client, url, { maxPages: 5, ...(signal === undefined ? {} : { signal }) });
  const byItem = new Map<string, Stored[]>();
  const prefix = `${groupId}:`;
  for (const raw of page.resources) {
    const parsed = storedShape.safeParse(raw);
    if (!parsed.success || parsed.data.resourceType !== resourceType || parsed.data.status === 'entered-in-error') continue;
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
/**
 * Where extra copies came from, said truthfully in the note and on screen: the browser resending a
 * create whose connection reset, or the app's own retry after a reload creating again what the page
 * before it had sent (the EHR had not stored it yet when the retry searched).
 */
export type CopyOrigin = 'resend' | 'earlier-page';
export const COPY_ORIGIN_TEXT: Record<CopyOrigin, string> = {
  resend: 'a network resend',
  'earlier-page': "the app's retry after the page reloaded while the first save was still being stored",
};

async function retirementOf(client: FhirClient, copy: { id: string; versionId: string | undefined }, keptId: string, origin: CopyOrigin, resourceType: WrittenType) {
  const path = `${resourceType}/${encodeURIComponent(copy.id)}`;
  const current = storedShape.parse(await client.request({ url: path, headers: { accept: FHIR_JSON } }));
  const versionId = current.meta?.versionId ?? copy.versionId;
  const { meta: _meta, ...rest } = current;
  const note = [...(current.note ?? []), { text: `Duplicate copy created by ${COPY_ORIGIN_TEXT[origin]}; the recorded value is ${resourceType}/${keptId}.` }];
  return { path, versionId, resource: { ...rest, status: 'entered-in-error', note } };
}

export async function retireDuplicateCopy(
  client: FhirClient,
  copy: { id: string; versionId: string | undefined },
  keptId: string,
  origin: CopyOrigin = 'resend',
  resourceType: WrittenType = 'Observation',
): Promise<void> {
  try {
    const { path, versionId, resource } = await retirementOf(client, copy, keptId, origin, resourceType);
    await client.request({
      url: path,
      method: 'PUT',
      body: JSON.stringify(resource),
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

const batchResponseShape = z.object({
  resourceType: z.literal('Bundle'),
  entry: z.optional(z.array(z.object({ response: z.optional(z.object({ status: z.string() })) }))),
});

/** One batch Bundle of If-Match PUTs (FHIR R4 §3.1.0.11 batch: each entry stands alone). */
async function retireAsBatch(
  client: FhirClient,
  copies: readonly { id: string; versionId: string | undefined; itemId: string; keptId: string }[],
  origin: CopyOrigin,
  resourceType: WrittenType,
): Promise<{ retired: number; failed: { id: string; itemId: string; error: FhirError }[] }> {
  const built = await Promise.all(copies.map((c) => retirementOf(client, c, c.keptId, origin, resourceType)));
  const bundle = {
    resourceType: 'Bundle',
    type: 'batch',
    entry: built.map((b) => ({ resource: b.resource, request: { method: 'PUT', url: b.path, ...(b.versionId === undefined ? {} : { ifMatch: `W/"${b.versionId}"` }) } })),
  };
  const reply = batchResponseShape.parse(
    await client.request({ url: client.state.serverUrl, method: 'POST', body: JSON.stringify(bundle), headers: { 'content-type': FHIR_JSON, accept: FHIR_JSON } }),
  );
  let retired = 0;
  const failed: { id: string; itemId: string; error: FhirError }[] = [];
  copies.forEach((c, i) => {
    const status = reply.entry?.[i]?.response?.status ?? '';
    const code = Number.parseInt(status, 10);
    if (code >= 200 && code < 300) retired += 1;
    else failed.push({ id: c.id, itemId: c.itemId, error: toFhirError(status === '' ? 'no response entry' : status, undefined, Number.isNaN(code) ? 500 : code) });
  });
  return { retired, failed };
}

export type RetireOptions = {
  /** Where the copies came from, for the note on each (default: a network resend). */
  readonly origin?: CopyOrigin;
  /** The EHR takes batch Bundles: retire every copy in one request. */
  readonly batch?: boolean;
  /** What the group's copies are (default Observation; a refill visit's Procedure too). */
  readonly resourceType?: WrittenType;
  /**
   * Keep looking for copies until this moment (epoch ms) even when a search finds none: an earlier
   * page's creates, sent before a reload, may land after this retry has written its own (an EHR
   * slower than the settle wait). Polled every LATE_COPY_POLL_MS, a bounded number of times.
   */
  readonly watchUntil?: number;
  /**
   * The items whose earlier-page copies may still be on their way: the ones this retry created
   * while that page's creates were unknown. The watch goes on until a copy of each has been found
   * (or watchUntil), also after a pass has retired the copies that had landed by then: the earlier
   * page's creates land one by one on a busy EHR, and a watch that stopped at the first copies
   * found left the later ones live behind "saved". Without it, the watch ends at the first copies.
   */
  readonly watchItems?: readonly string[];
};

/** One pass over the copies found: one batch where asked, otherwise every copy at once. */
async function retirePass(
  client: FhirClient,
  copies: readonly { id: string; versionId: string | undefined; itemId: string; keptId: string }[],
  origin: CopyOrigin,
  resourceType: WrittenType,
  batch: boolean,
): Promise<{ retired: number; failed: { id: string; itemId: string; error: FhirError }[] }> {
  if (batch && copies.length > 1) {
    try {
      return await retireAsBatch(client, copies, origin, resourceType);
    } catch {
      // Batch refused or its reply lost: one PUT each below (If-Match keeps a repeat harmless).
    }
  }
  const outcomes = await Promise.all(
    copies.map(async (copy) => {
      try {
        await retireDuplicateCopy(client, copy, copy.keptId, origin, resourceType);
        return undefined;
      } catch (e) {
        return { id: copy.id, itemId: copy.itemId, error: toFhirError(e) };
      }
    }),
  );
  const failed = outcomes.filter((o): o is { id: string; itemId: string; error: FhirError } => o !== undefined);
  return { retired: copies.length - failed.length, failed };
}

/**
 * Find and retire every extra copy of a group's items, as one step: one batch where the EHR takes
 * batches, otherwise every copy at once. A copy left live by a transient refusal (503, a lost
 * connection, a version changed under it) is searched for and tried again, a bounded number of
 * passes, before the group is called saved; a search that fails on the way is one more transient
 * refusal, not the end. Throws (FhirError) only if no search succeeded at all.
 */
export async function retireDuplicateCopies(
  client: FhirClient,
  patientId: string,
  groupId: string,
  confirmed: ReadonlyMap<string, string | undefined>,
  options: RetireOptions = {},
): Promise<DuplicateCleanup> {
  const origin = options.origin ?? 'resend';
  const resourceType = options.resourceType ?? 'Observation';
  let retired = 0;
  let failed: { id: string; itemId: string; error: FhirError }[] = [];
  let searched = false;
  let searchError: FhirError | undefined;
  // A count, not a clock check in the loop: a frozen or faked clock must not make it endless.
  let polls = options.watchUntil === undefined ? 0 : Math.min(MAX_LATE_COPY_POLLS, Math.ceil(Math.max(0, options.watchUntil - Date.now()) / LATE_COPY_POLL_MS));
  // Items whose late copy has not been seen yet (empty: watch only until the first copies).
  const awaited = new Set(options.watchItems ?? []);
  const watchOn = async (): Promise<boolean> => {
    if (polls === 0 || (options.watchItems !== undefined && awaited.size === 0)) return false;
    polls -= 1;
    await new Promise((r) => setTimeout(r, LATE_COPY_POLL_MS));
    return true;
  };
  for (let pass = 0; pass <= RETIRE_ATTEMPTS; pass++) {
    if (pass > 0) await new Promise((r) => setTimeout(r, RETIRE_BACKOFF_MS * pass));
    let duplicates: DuplicateCopies[];
    try {
      duplicates = await findDuplicateCopies(client, patientId, groupId, confirmed, undefined, resourceType);
    } catch (e) {
      searchError = toFhirError(e);
      if (!RETRY_KINDS.has(searchError.kind)) break;
      continue;
    }
    searched = true;
    const copies = duplicates.flatMap((d) => d.extra.map((c) => ({ ...c, itemId: d.itemId, keptId: d.keptId })));
    const live = new Set(copies.map((c) => c.id));
    // A retirement whose reply was lost may have been applied: only a copy still live has failed.
    retired += failed.filter((f) => !live.has(f.id)).length;
    const refused = new Map(failed.map((f) => [f.id, f.error]));
    failed = copies.map((c) => ({ id: c.id, itemId: c.itemId, error: refused.get(c.id) ?? new FhirError('server', 'The copy was still live after the clean-up.') }));
    for (const c of copies) awaited.delete(c.itemId);
    if (copies.length === 0) {
      // None (left): wait for late copies without using up a retirement pass.
      if (!(await watchOn())) return { retired, failed: [] };
      pass -= 1;
      continue;
    }
    // The last search only learns what the passes left; a refusal for good would be met again.
    if (pass === RETIRE_ATTEMPTS || [...refused.values()].some((e) => !RETRY_KINDS.has(e.kind))) break;
    const r = await retirePass(client, copies, origin, resourceType, options.batch === true && pass === 0);
    retired += r.retired;
    failed = r.failed;
    if (failed.length === 0) {
      // Retired; copies of other items may still land: watch on, without using up a pass.
      if (awaited.size === 0 || !(await watchOn())) return { retired, failed };
      pass = 0;
      continue;
    }
  }
  if (!searched) throw searchError ?? new FhirError('server', 'The chart could not be searched for extra copies.');
  return { retired, failed };
}

/** How often, and how many times at most, a watch for an earlier page's late copies searches. */
export const LATE_COPY_POLL_MS = 750;
const MAX_LATE_COPY_POLLS = 20;
/** Passes over a group's extra copies before those still live are reported to the user. */
const RETIRE_ATTEMPTS = 5;
/** The wait before pass n is n times this (0.3, 0.6 … 1.5 s: 4.5 s at most in all). */
const RETIRE_BACKOFF_MS = 300;
/** Refusals worth another pass: the EHR or the line was briefly down, or the copy changed (re-read). */
const RETRY_KINDS: ReadonlySet<string> = new Set(['network', 'server', 'conflict']);
