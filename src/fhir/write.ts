import { z } from '../zod-jitless';
import type { Micrograms } from '../domain/units';
import type { WriteStrategy } from './capabilities';
import { SYSTEM } from './codes';
import { searchPages, searchUrl, type FhirClient } from './client';
import { identifierValue } from './concept';
import { FhirError, toFhirError } from './errors';
import { parseResourcesOfType } from './parse';
import { bundleSchema, observationSchema, operationOutcomeSchema } from './schemas';
import { COPY_ORIGIN_TEXT, retireDuplicateCopies, type CopyOrigin, type DuplicateCleanup } from './rounds-duplicates';
import { PAGE_ID, inFlightFromEarlierPage, markOutcome, markSent, sessionJournal, type GroupJournal, type WriteJournal } from './write-journal';
import {
  buildObservation,
  entryIdentifier,
  itemIdOf,
  type Observation,
  type ObservationDraft,
  type WriteContext,
} from './build';

/** A new client identifier (UUID), made when the entry starts, before anything is sent. */
export const newEntryId = (): string => crypto.randomUUID();

export type ItemConfirmation = {
  readonly itemId: string;
  readonly key: ObservationDraft['key'];
  /** 'saved' only when the server confirmed it (created now, or found already written). */
  readonly status: 'saved' | 'failed';
  /** The server already had it (conditional create matched, or found by identifier). */
  readonly existed: boolean;
  /**
   * The server held this item from an earlier attempt with another value (the user corrected it
   * after a save that was never confirmed), and it was amended to the value on screen.
   */
  readonly corrected?: boolean;
  readonly id: string | undefined;
  readonly versionId: string | undefined;
  readonly error: FhirError | undefined;
};

export type SaveGroupResult = {
  readonly groupId: string;
  /**
   * True only when every item is confirmed and, where the EHR honours no If-None-Exist, the chart
   * holds one live copy of each: only then show the entry as saved. Items all confirmed with extra
   * copies still live is not complete; `error` says which copies and where they came from.
   */
  readonly complete: boolean;
  readonly items: readonly ItemConfirmation[];
  /** The first failure, for the message (e.g. kind 'session-expired' → ask to relaunch). */
  readonly error: FhirError | undefined;
  /** Milliseconds waited for writes sent by the page before a reload, before searching again. */
  readonly waitedMs: number;
  /**
   * Extra copies found once every item was confirmed, where the EHR honours no If-None-Exist,
   * retired before the group is called saved; `origin` says where they came from. Any `failed`
   * leaves the group not complete. Undefined: none looked for.
   */
  readonly duplicates: (DuplicateCleanup & { readonly origin: CopyOrigin; readonly text: string }) | undefined;
};

/** What a save is doing that the user should be told while it runs. */
export type SaveProgress =
  | { readonly kind: 'waiting-for-earlier-writes'; readonly items: number; readonly ms: number }
  | { readonly kind: 'retiring-copies' };

/** The longest wait for writes the page before a reload had in flight (told to the user). */
export const EARLIER_WRITES_SETTLE_MS = 5000;
/**
 * After a retry that created items while the earlier page's creates were unknown, the clean-up
 * keeps looking for that page's copies before "saved" until this many settle waits after its last
 * send (15 s by default): a write the EHR takes longer than the settle wait to store would
 * otherwise land after the last search and leave a live copy behind "saved".
 */
export const LATE_COPY_WATCH_SETTLES = 3;

/**
 * The watch for an earlier page's late copies (retireDuplicateCopies' watchUntil and watchItems):
 * of the items created here, those the page before a reload had in flight, until
 * LATE_COPY_WATCH_SETTLES settle waits after its last send. None when nothing created here was in
 * flight from another page. Shared by every entry's clean-up (a refill visit's Procedure too).
 */
export function lateCopyWatch(before: GroupJournal | undefined, created: readonly string[], settleMs: number = EARLIER_WRITES_SETTLE_MS): { watchUntil: number; watchItems: string[] } | undefined {
  if (before?.lastSentAt === undefined || inFlightFromEarlierPage(before, PAGE_ID) === 0) return undefined;
  const watchItems = created.filter((id) => before.items[id] !== undefined && before.items[id].state !== 'confirmed');
  return watchItems.length === 0 ? undefined : { watchUntil: before.lastSentAt + LATE_COPY_WATCH_SETTLES * settleMs, watchItems };
}

export type SaveGroupInput = {
  /** The group UUID made when the round/assessment started (newEntryId()); reuse it on retry. */
  readonly groupId: string;
  readonly drafts: readonly ObservationDraft[];
  /** Default effectiveDateTime for the drafts, ISO 8601 with the site's offset (domain/clinical-time toSiteIso). */
  readonly effective: string;
  readonly context: WriteContext;
  readonly strategy: WriteStrategy;
  /** Set on a user retry; the app also remembers groups already attempted in this session. */
  readonly retry?: boolean;
  readonly signal?: AbortSignal;
  /**
   * The write journal (sessionStorage by default, per patient); null: none. What a group sent and
   * what was confirmed survives a reload, so the next save reconciles before creating anything.
   */
  readonly journal?: WriteJournal | null;
  /** What the group is, for the journal: 'round', 'assessment', 'verdict', 'injection', 'refill'… */
  readonly kind?: string;
  /** Bound on the wait for the earlier page's writes (default EARLIER_WRITES_SETTLE_MS). */
  readonly settleMs?: number;
  readonly onProgress?: (p: SaveProgress) => void;
  /**
   * The group's journal as it stood before the caller wrote part of the group on this page (a
   * refill visit's Procedure): what the earlier page had in flight is read from it, since the
   * caller's own send has made the journal this page's. Default: the journal as it is now.
   */
  readonly earlierPage?: GroupJournal;
  /** What the user calls the entry ("round of 24 Nov 2026 10:15"), kept in the journal for the message on resume. */
  readonly label?: string;
  /**
   * The caller writes more of the group than these Observations (a refill visit's Procedure) and
   * closes the journal itself once all of it is checked.
   */
  readonly keepJournal?: boolean;
};

/**
 * Without If-None-Exist, a create the page before a reload sent may still be on its way to the
 * EHR: a search now would miss it and the retry would create it again. Wait (bounded, told to the
 * user) until the earlier page's last write has had time to land. Returns the ms waited and how
 * many items were in flight from the earlier page. Shared by every kind of entry and by the resume
 * at launch (journal-resume.ts).
 */
export async function settleEarlierWrites(
  before: GroupJournal | undefined,
  strategy: Pick<WriteStrategy, 'conditionalCreate'>,
  options: { readonly settleMs?: number | undefined; readonly onProgress?: ((p: SaveProgress) => void) | undefined; readonly signal?: AbortSignal | undefined } = {},
): Promise<{ waitedMs: number; earlier: number }> {
  const earlier = inFlightFromEarlierPage(before, PAGE_ID);
  if (strategy.conditionalCreate || earlier === 0 || before?.lastSentAt === undefined) return { waitedMs: 0, earlier };
  const bound = options.settleMs ?? EARLIER_WRITES_SETTLE_MS;
  const ms = Math.max(0, Math.min(bound, before.lastSentAt + bound - Date.now()));
  if (ms === 0) return { waitedMs: 0, earlier };
  options.onProgress?.({ kind: 'waiting-for-earlier-writes', items: earlier, ms });
  await sleep(ms, options.signal);
  return { waitedMs: ms, earlier };
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

const attempted = new WeakMap<FhirClient, Set<string>>();

/**
 * Sessions whose server refused a transaction outright (too many entries, not supported): their
 * writes go one create at a time from then on, so a "Retry save" never re-sends what cannot pass.
 */
const transactionsRefused = new WeakSet<FhirClient>();

/**
 * A refusal the same Bundle would meet again: 400 (e.g. "too many entries"), 404/405/501 (not
 * supported at the base), 413 (too large), 422. Not 401/403/408/409/412/429 or 5xx: those are
 * the session, a conflict or a passing fault, and a retry or relaunch is the answer.
 */
const REFUSED_FOR_GOOD = new Set([400, 404, 405, 413, 422, 501]);

/** True when this session's server refused a transaction for good and writes go one at a time. */
export const transactionsRefusedFor = (client: FhirClient): boolean => transactionsRefused.has(client);

const FHIR_JSON = 'application/fhir+json';

const responseShape = z.object({
  body: z.unknown(),
  response: z.object({
    status: z.number(),
    headers: z.custom<{ get(name: string): string | null }>(
      (h) => typeof h === 'object' && h !== null && typeof Reflect.get(h, 'get') === 'function',
    ),
  }),
});

/**
 * Send a request through fhirclient's `request` (not `create`/`update`, which skip the token
 * refresh): it refreshes first when the token is about to expire and online/offline_access
 * was granted. Failures leave as FhirError.
 */
export async function send(
  client: FhirClient,
  url: string,
  method: 'POST' | 'PUT' | 'GET',
  body: unknown,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<z.infer<typeof responseShape>> {
  try {
    const result: unknown = await client.request({
      url,
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: { ...(body === undefined ? {} : { 'content-type': FHIR_JSON }), accept: FHIR_JSON, ...headers },
      includeResponse: true,
      ...(signal === undefined ? {} : { signal }),
    });
    return responseShape.parse(result);
  } catch (e) {
    throw toFhirError(e);
  }
}

const idFromLocation = (location: string | undefined | null): { id?: string; versionId?: string } => {
  const m = location == null ? null : /Observation\/([^/]+)(?:\/_history\/([^/]+))?/.exec(location);
  return { ...(m?.[1] === undefined ? {} : { id: m[1] }), ...(m?.[2] === undefined ? {} : { versionId: m[2] }) };
};

const writtenShape = z.object({ id: z.optional(z.string()), meta: z.optional(z.object({ versionId: z.optional(z.string()) })) });

export type WrittenItem = {
  readonly id: string;
  readonly versionId: string | undefined;
  readonly status: string;
  /** What the stored value is, comparable with `valueSignature` of what the app would write. */
  readonly signature: string;
};

type ValueCarrier = {
  valueQuantity?: { value?: number | undefined; comparator?: string | undefined; unit?: string | undefined; code?: string | undefined } | undefined;
  valueCodeableConcept?: { coding?: { system?: string | undefined; code?: string | undefined }[] | undefined; text?: string | undefined } | undefined;
  valueBoolean?: boolean | undefined;
  valueInteger?: number | undefined;
  valueString?: string | undefined;
  valueDateTime?: string | undefined;
  interpretation?: readonly { coding?: { system?: string | undefined; code?: string | undefined }[] | undefined }[] | undefined;
};

function scalarSignature(v: ValueCarrier): string {
  const interpretation = (v.interpretation ?? []).flatMap((i) => (i.coding ?? []).map((c) => `${c.system ?? ''}|${c.code ?? ''}`)).sort().join(',');
  const signed = scalarValueSignature(v);
  return interpretation === '' ? signed : `${signed}!${interpretation}`;
}

function scalarValueSignature(v: ValueCarrier): string {
  if (v.valueQuantity !== undefined) return `q:${v.valueQuantity.comparator ?? ''}${v.valueQuantity.value ?? ''} ${v.valueQuantity.code ?? v.valueQuantity.unit ?? ''}`;
  if (v.valueCodeableConcept !== undefined) {
    const codes = (v.valueCodeableConcept.coding ?? []).map((c) => `${c.system ?? ''}|${c.code ?? ''}`).sort();
    return `c:${codes.length > 0 ? codes.join(',') : (v.valueCodeableConcept.text ?? '')}`;
  }
  if (v.valueBoolean !== undefined) return `b:${String(v.valueBoolean)}`;
  if (v.valueInteger !== undefined) return `i:${v.valueInteger}`;
  if (v.valueString !== undefined) return `s:${v.valueString}`;
  if (v.valueDateTime !== undefined) return `d:${v.valueDateTime}`;
  return '-';
}

/**
 * The value an Observation carries (its value[x], and each component's code and value), so what
 * the chart holds can be compared with what is on screen: a retry that only finds the item by its
 * identifier would otherwise say "saved" over a value the user has since corrected.
 */
export function valueSignature(o: ValueCarrier & { component?: readonly (ValueCarrier & { code: { coding?: { system?: string | undefined; code?: string | undefined }[] | undefined } })[] | undefined }): string {
  const components = (o.component ?? [])
    .map((c) => `${(c.code.coding ?? []).map((x) => `${x.system ?? ''}|${x.code ?? ''}`).sort().join(',')}=${scalarSignature(c)}`)
    .sort();
  return [scalarSignature(o), ...components].join(';');
}

/**
 * What the server already holds for a group, by item id — read before writing where conditional
 * create is not supported, and before every retry, so a retry never duplicates.
 */
export async function findWrittenByIdentifier(
  client: FhirClient,
  patientId: string,
  groupId: string,
  signal?: AbortSignal,
): Promise<Map<string, WrittenItem>> {
  const url = searchUrl('Observation', [
    ['patient', patientId],
    ['identifier', `${SYSTEM.entryGroupId}|${groupId}`],
    ['_count', '100'],
  ]);
  const page = await searchPages(client, url, { maxPages: 5, ...(signal === undefined ? {} : { signal }) });
  const { items } = parseResourcesOfType(page.resources, 'Observation', observationSchema);
  const found = new Map<string, WrittenItem>();
  const prefix = `${groupId}:`;
  for (const obs of items) {
    if (obs.status === 'entered-in-error') continue;
    const entry = identifierValue(obs.identifier, SYSTEM.clientEntryId);
    if (entry?.startsWith(prefix) !== true) continue;
    found.set(entry.slice(prefix.length), { id: obs.id, versionId: obs.meta?.versionId, status: obs.status, signature: valueSignature(obs) });
  }
  return found;
}

const saved = (d: ObservationDraft, existed: boolean, id: string | undefined, versionId: string | undefined): ItemConfirmation => ({
  itemId: itemIdOf(d),
  key: d.key,
  status: 'saved',
  existed,
  id,
  versionId,
  error: undefined,
});
const failed = (d: ObservationDraft, error: FhirError): ItemConfirmation => ({
  itemId: itemIdOf(d),
  key: d.key,
  status: 'failed',
  existed: false,
  id: undefined,
  versionId: undefined,
  error,
});

async function writeTransaction(
  client: FhirClient,
  pending: readonly { draft: ObservationDraft; resource: Observation; ifNoneExist: string }[],
  strategy: WriteStrategy,
  signal?: AbortSignal,
): Promise<ItemConfirmation[]> {
  // FHIR R4 §3.1.0.11 transaction: all or nothing; urn:uuid fullUrls; ifNoneExist per entry.
  const bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: pending.map((p) => ({
      fullUrl: `urn:uuid:${crypto.randomUUID()}`,
      resource: p.resource,
      request: { method: 'POST', url: 'Observation', ...(strategy.conditionalCreate ? { ifNoneExist: p.ifNoneExist } : {}) },
    })),
  };
  let response;
  try {
    response = await send(client, client.state.serverUrl, 'POST', bundle, {}, signal);
  } catch (e) {
    const error = toFhirError(e);
    if (error.status !== undefined && REFUSED_FOR_GOOD.has(error.status)) {
      // A transaction is all or nothing: a refused one wrote nothing. Write one at a time instead,
      // for the rest of the session; each create still carries its identifier (and If-None-Exist).
      transactionsRefused.add(client);
      return writeOneAtATime(client, pending, strategy, signal);
    }
    return pending.map((p) => failed(p.draft, error));
  }
  const parsed = bundleSchema.safeParse(response.body);
  if (!parsed.success) {
    // The server said 2xx but we cannot read which entries it stored: not confirmed. A retry
    // searches first, so nothing is duplicated.
    const error = new FhirError('server', 'The EHR accepted the round but its reply could not be read; save again to confirm.');
    return pending.map((p) => failed(p.draft, error));
  }
  const entries = parsed.data.entry ?? [];
  return pending.map((p, i) => {
    const r = entries[i]?.response;
    const code = r === undefined ? Number.NaN : Number.parseInt(r.status, 10);
    if (r === undefined || !(code >= 200 && code < 300)) {
      const outcome = operationOutcomeSchema.safeParse(r?.outcome);
      return failed(p.draft, toFhirError(r?.status ?? 'no response entry', outcome.success ? outcome.data : undefined, Number.isNaN(code) ? 500 : code));
    }
    const loc = idFromLocation(r.location);
    return saved(p.draft, code === 200, loc.id, loc.versionId);
  });
}

async function writeOneAtATime(
  client: FhirClient,
  pending: readonly { draft: ObservationDraft; resource: Observation; ifNoneExist: string }[],
  strategy: WriteStrategy,
  signal?: AbortSignal,
): Promise<ItemConfirmation[]> {
  // Oracle Health and Epic document Observation create one resource at a time.
  return Promise.all(
    pending.map(async (p) => {
      try {
        const headers: Record<string, string> = strategy.conditionalCreate ? { 'if-none-exist': p.ifNoneExist } : {};
        const response = await send(client, 'Observation', 'POST', p.resource, headers, signal);
        const body = writtenShape.safeParse(response.body);
        const loc = idFromLocation(response.response.headers.get('location') ?? response.response.headers.get('content-location'));
        const id = (body.success ? body.data.id : undefined) ?? loc.id;
        const versionId = (body.success ? body.data.meta?.versionId : undefined) ?? loc.versionId;
        return saved(p.draft, response.response.status === 200 && strategy.conditionalCreate, id, versionId);
      } catch (e) {
        return failed(p.draft, toFhirError(e));
      }
    }),
  );
}

/**
 * Save a nurse's round or a therapist's assessment. The strategy follows the server's
 * CapabilityStatement: one transaction Bundle where transactions are supported, otherwise one
 * create per Observation. Every Observation carries its client identifier; If-None-Exist guards
 * each create where conditional create is supported, and the app searches by identifier first
 * where it is not (and on every retry). The result says, per item, what the server confirmed:
 * show the group as saved only when `complete`. Failed items keep their drafts with the caller.
 */
export async function saveObservationGroup(client: FhirClient, input: SaveGroupInput): Promise<SaveGroupResult> {
  const { groupId, drafts, context, strategy, signal } = input;
  const ids = drafts.map(itemIdOf);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) throw new RangeError(`Item id "${duplicate}" appears twice in group ${groupId}; give repeated items an itemId.`);

  const journal = input.journal === undefined ? sessionJournal(context.patientId) : (input.journal ?? undefined);
  const kind = input.kind ?? 'entry';
  const before = input.earlierPage ?? journal?.get(groupId);

  const seen = attempted.get(client) ?? new Set<string>();
  attempted.set(client, seen);
  const isRetry = input.retry === true || seen.has(groupId) || before !== undefined;
  seen.add(groupId);

  const { waitedMs, earlier } = await settleEarlierWrites(before, strategy, { settleMs: input.settleMs, onProgress: input.onProgress, signal });

  let existing = new Map<string, WrittenItem>();
  if (!strategy.conditionalCreate || isRetry) {
    try {
      existing = await findWrittenByIdentifier(client, context.patientId, groupId, signal);
    } catch (e) {
      // Without knowing what is already there, writing could duplicate: write nothing.
      const error = toFhirError(e);
      const items = drafts.map((d) => failed(d, error));
      return { groupId, complete: false, items, error, waitedMs, duplicates: undefined };
    }
  }

  const done = new Map<string, ItemConfirmation>();
  const pending: { draft: ObservationDraft; resource: Observation; ifNoneExist: string }[] = [];
  for (const draft of drafts) {
    const itemId = itemIdOf(draft);
    const found = existing.get(itemId);
    if (found !== undefined) {
      done.set(itemId, saved(draft, true, found.id, found.versionId));
      continue;
    }
    pending.push({
      draft,
      resource: buildObservation(draft, groupId, input.effective, context),
      ifNoneExist: `identifier=${SYSTEM.clientEntryId}|${entryIdentifier(groupId, itemId)}`,
    });
  }
  if (pending.length > 0) {
    // Journal first: if the page goes away mid-write, the next one knows these may have landed.
    const signatures = new Map(pending.map((p) => [itemIdOf(p.draft), valueSignature(p.resource)]));
    journal?.update(groupId, kind, (g) => ({ ...markSent(g, pending.map((p) => itemIdOf(p.draft)), Date.now(), PAGE_ID, signatures), ...(input.label === undefined ? {} : { label: input.label }) }));
    const written =
      strategy.mode === 'transaction' && !transactionsRefused.has(client)
        ? await writeTransaction(client, pending, strategy, signal)
        : await writeOneAtATime(client, pending, strategy, signal);
    for (const w of written) done.set(w.itemId, w);
  }
  await reconcileExisting(client, input, done, existing);
  const items = drafts.flatMap((d) => {
    const c = done.get(itemIdOf(d));
    return c === undefined ? [] : [c];
  });
  journal?.update(groupId, kind, (g) => markOutcome(g, items.map((i) => ({ itemId: i.itemId, confirmed: i.status === 'saved', id: i.id, versionId: i.versionId }))));
  const error = items.find((i) => i.error !== undefined)?.error;
  const complete = items.length === drafts.length && items.every((i) => i.status === 'saved');
  let duplicates: SaveGroupResult['duplicates'];
  if (complete && !strategy.conditionalCreate) {
    // A browser resend, or this retry racing the earlier page's creates, can leave a second copy:
    // retire it before the group is called saved, so the chart never shows two live values. The
    // retry made copies only if it created something while the earlier page's writes were unknown;
    // where it created nothing, every extra copy is a resend's.
    const origin: CopyOrigin = earlier > 0 && pending.length > 0 ? 'earlier-page' : 'resend';
    input.onProgress?.({ kind: 'retiring-copies' });
    try {
      const r = await retireDuplicateCopies(client, context.patientId, groupId, new Map(items.map((i) => [i.itemId, i.id])), {
        origin,
        batch: strategy.mode === 'transaction' && !transactionsRefused.has(client),
        ...lateCopyWatch(before, pending.map((p) => itemIdOf(p.draft)), input.settleMs),
      });
      duplicates = { ...r, origin, text: COPY_ORIGIN_TEXT[origin] };
    } catch (e) {
      const err = toFhirError(e);
      duplicates = { retired: 0, failed: [{ id: '', itemId: 'all', error: err }], origin, text: COPY_ORIGIN_TEXT[origin] };
    }
  }
  // "Saved" means one live copy of each item with the value on screen: a copy still live (or a
  // check that could not run) leaves the group unfinished, and the next save, or the resume after a
  // reload, finds every item and retires the copies without writing anything again.
  const copiesError = duplicates === undefined ? undefined : copiesLeftError(duplicates);
  if (complete && copiesError === undefined && input.keepJournal !== true) journal?.remove(groupId);
  return { groupId, complete: complete && copiesError === undefined, items, error: error ?? copiesError, waitedMs, duplicates };
}

/** Why a group whose items are all in the chart is not saved yet: extra copies still live. */
function copiesLeftError(d: NonNullable<SaveGroupResult['duplicates']>): FhirError | undefined {
  const first = d.failed[0];
  if (first === undefined) return undefined;
  const status = first.error.status === undefined ? {} : { status: first.error.status };
  if (first.itemId === 'all') {
    return new FhirError(first.error.kind, `Every item is in the chart, but it could not be checked for extra copies, which ${d.text} can leave: ${first.error.message}`, status);
  }
  const n = d.failed.length;
  const which = d.failed.map((f) => `${f.itemId} (Observation/${f.id})`).join(', ');
  return new FhirError(
    first.error.kind,
    `Every item is in the chart, but ${n === 1 ? 'an extra copy' : `${n} extra copies`} made by ${d.text} could not be marked entered-in-error yet (${which}): ${first.error.message}`,
    status,
  );
}

/** The note on an item amended because the user corrected it before the first save was confirmed. */
export const CORRECTED_BEFORE_CONFIRMED_NOTE = 'Corrected by the author before the first save was confirmed.';

/**
 * Items the server already held (found by identifier, or matched by a conditional create) may
 * carry the value of an earlier attempt whose answer was lost, while the user has since changed
 * it. Compare what the chart holds with what is on screen, and amend (If-Match on the version
 * read) where they differ: "saved" means the chart holds exactly the values shown. An item that
 * cannot be compared or amended is left failed, so the group is never shown as saved.
 */
async function reconcileExisting(client: FhirClient, input: SaveGroupInput, done: Map<string, ItemConfirmation>, known: Map<string, WrittenItem>): Promise<void> {
  const { drafts, groupId, context, signal } = input;
  const matched = drafts.filter((d) => done.get(itemIdOf(d))?.existed === true);
  if (matched.length === 0) return;
  let stored = known;
  if (matched.some((d) => !known.has(itemIdOf(d)))) {
    // A conditional create matched an item whose stored value the reply did not show.
    try {
      stored = await findWrittenByIdentifier(client, context.patientId, groupId, signal);
    } catch (e) {
      const error = toFhirError(e);
      for (const d of matched) done.set(itemIdOf(d), failed(d, error));
      return;
    }
  }
  await Promise.all(
    matched.map(async (draft) => {
      const itemId = itemIdOf(draft);
      const found = stored.get(itemId);
      const wanted = valueSignature(buildObservation(draft, groupId, input.effective, context));
      if (found === undefined) {
        done.set(itemId, failed(draft, new FhirError('server', 'The EHR said this item was already saved but it could not be found to check its value; save again.')));
        return;
      }
      if (found.signature === wanted) return;
      if (found.versionId === undefined) {
        done.set(itemId, failed(draft, new FhirError('conflict', 'The EHR holds another value for this item from an earlier attempt, and its version is unknown, so it cannot be corrected safely.')));
        return;
      }
      try {
        const note = draft.note === undefined ? CORRECTED_BEFORE_CONFIRMED_NOTE : `${draft.note} — ${CORRECTED_BEFORE_CONFIRMED_NOTE}`;
        const amended = await amendObservation(client, { id: found.id, versionId: found.versionId, groupId, draft: { ...draft, note }, context, ...(signal === undefined ? {} : { signal }) });
        done.set(itemId, { ...saved(draft, true, amended.id, amended.versionId), corrected: true });
      } catch (e) {
        done.set(itemId, failed(draft, toFhirError(e)));
      }
    }),
  );
}

export type AmendInput = {
  /** The Observation to amend, and the version the user saw (If-Match). */
  readonly id: string;
  readonly versionId: string;
  readonly groupId: string;
  readonly draft: ObservationDraft;
  readonly context: WriteContext;
  readonly signal?: AbortSignal;
};

const currentShape = z.looseObject({
  resourceType: z.literal('Observation'),
  id: z.string(),
  effectiveDateTime: z.optional(z.string()),
  meta: z.optional(z.object({ versionId: z.optional(z.string()) })),
});

const VALUE_KEYS = ['valueQuantity', 'valueCodeableConcept', 'valueBoolean', 'valueInteger', 'valueString', 'component', 'dataAbsentReason'];

/**
 * Amend a saved observation: status `amended`, PUT with If-Match on the version the user saw
 * (FHIR R4 §3.1.0.4.2 managing resource contention). A 409/412 becomes kind 'conflict'; the
 * caller still holds the user's edit and can show both.
 */
export async function amendObservation(client: FhirClient, input: AmendInput): Promise<{ id: string; versionId: string | undefined }> {
  const path = `Observation/${encodeURIComponent(input.id)}`;
  const current = await send(client, path, 'GET', undefined, {}, input.signal);
  const parsed = currentShape.safeParse(current.body);
  if (!parsed.success) throw new FhirError('server', 'The saved observation could not be read back to amend it.');
  const { meta: _meta, ...rest } = parsed.data;
  const kept = Object.fromEntries(Object.entries(rest).filter(([k]) => !VALUE_KEYS.includes(k)));
  const effective = input.draft.effective ?? parsed.data.effectiveDateTime ?? '';
  const built = buildObservation(input.draft, input.groupId, effective, input.context);
  const amended = { ...kept, ...built, id: input.id, status: 'amended' as const };
  const response = await send(client, path, 'PUT', amended, { 'if-match': `W/"${input.versionId}"` }, input.signal);
  const body = writtenShape.safeParse(response.body);
  const etag = response.response.headers.get('etag');
  const fromEtag = etag === null ? undefined : /"([^"]+)"/.exec(etag)?.[1];
  return { id: input.id, versionId: (body.success ? body.data.meta?.versionId : undefined) ?? fromEtag };
}

const noteShape = z.optional(z.array(z.looseObject({ text: z.optional(z.string()) })));

/**
 * Retract a saved observation: status `entered-in-error` (FHIR R4 observation-status: "the
 * observation was entered in error") with the reason appended to its notes, PUT with If-Match on
 * the version the user saw. Nothing is deleted; reads leave it out. 409/412 → kind 'conflict'.
 */
export async function markEnteredInError(client: FhirClient, input: { readonly id: string; readonly versionId: string; readonly reason: string; readonly signal?: AbortSignal }): Promise<void> {
  const path = `Observation/${encodeURIComponent(input.id)}`;
  const current = await send(client, path, 'GET', undefined, {}, input.signal);
  const parsed = z.extend(currentShape, { note: noteShape }).safeParse(current.body);
  if (!parsed.success) throw new FhirError('server', 'The saved observation could not be read back to mark it entered in error.');
  const { meta: _meta, ...rest } = parsed.data;
  const note = [...(parsed.data.note ?? []), { text: `Entered in error: ${input.reason.trim()}` }];
  await send(client, path, 'PUT', { ...rest, status: 'entered-in-error', note }, { 'if-match': `W/"${input.versionId}"` }, input.signal);
}

export type TestDoseInjectionInput = {
  readonly groupId: string;
  readonly dose: Micrograms;
  /** Injection time, ISO 8601 with offset. */
  readonly at: string;
  readonly context: WriteContext;
  readonly strategy: WriteStrategy;
  readonly note?: string;
  readonly retry?: boolean;
};

/** The test-dose injection (micrograms, effective = injection time): the 1/2/4/6 h clock starts here. */
export function recordTestDoseInjection(client: FhirClient, input: TestDoseInjectionInput): Promise<SaveGroupResult> {
  const draft: ObservationDraft = {
    key: 'test-dose-injection',
    value: { kind: 'quantity', value: input.dose, unit: 'ug' },
    effective: input.at,
    ...(input.note === undefined ? {} : { note: input.note }),
  };
  return saveObservationGroup(client, {
    groupId: input.groupId,
    drafts: [draft],
    effective: input.at,
    context: input.context,
    strategy: input.strategy,
    kind: 'injection',
    ...(input.retry === undefined ? {} : { retry: input.retry }),
  });
}

/** Context from the launch: encounter and fhirUser as fhirclient knows them. */
export function writeContextFrom(client: FhirClient, patientId: string, codes: WriteContext['codes']): WriteContext {
  const encounterId = client.getEncounterId() ?? undefined;
  const performer = client.getFhirUser() ?? undefined;
  return { patientId, codes, ...(encounterId === undefined ? {} : { encounterId }), ...(performer === undefined ? {} : { performer }) };
}
