import { z } from 'zod';
import type { Micrograms } from '../domain/units';
import type { WriteStrategy } from './capabilities';
import { SYSTEM } from './codes';
import { searchPages, searchUrl, type FhirClient } from './client';
import { identifierValue } from './concept';
import { FhirError, toFhirError } from './errors';
import { parseResourcesOfType } from './parse';
import { bundleSchema, observationSchema, operationOutcomeSchema } from './schemas';
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
  readonly id: string | undefined;
  readonly versionId: string | undefined;
  readonly error: FhirError | undefined;
};

export type SaveGroupResult = {
  readonly groupId: string;
  /** True only when every item is confirmed: only then show the round as saved. */
  readonly complete: boolean;
  readonly items: readonly ItemConfirmation[];
  /** The first failure, for the message (e.g. kind 'session-expired' → ask to relaunch). */
  readonly error: FhirError | undefined;
};

export type SaveGroupInput = {
  /** The group UUID made when the round/assessment started (newEntryId()); reuse it on retry. */
  readonly groupId: string;
  readonly drafts: readonly ObservationDraft[];
  /** Default effectiveDateTime for the drafts, ISO 8601 with offset (formatLocalDateTime). */
  readonly effective: string;
  readonly context: WriteContext;
  readonly strategy: WriteStrategy;
  /** Set on a user retry; the app also remembers groups already attempted in this session. */
  readonly retry?: boolean;
  readonly signal?: AbortSignal;
};

const attempted = new WeakMap<FhirClient, Set<string>>();

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
async function send(
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

const writtenShape = z.object({ id: z.string().optional(), meta: z.object({ versionId: z.string().optional() }).optional() });

export type WrittenItem = { readonly id: string; readonly versionId: string | undefined; readonly status: string };

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
    found.set(entry.slice(prefix.length), { id: obs.id, versionId: obs.meta?.versionId, status: obs.status });
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

  const seen = attempted.get(client) ?? new Set<string>();
  attempted.set(client, seen);
  const isRetry = input.retry === true || seen.has(groupId);
  seen.add(groupId);

  let existing = new Map<string, WrittenItem>();
  if (!strategy.conditionalCreate || isRetry) {
    try {
      existing = await findWrittenByIdentifier(client, context.patientId, groupId, signal);
    } catch (e) {
      // Without knowing what is already there, writing could duplicate: write nothing.
      const error = toFhirError(e);
      const items = drafts.map((d) => failed(d, error));
      return { groupId, complete: false, items, error };
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
    const written =
      strategy.mode === 'transaction'
        ? await writeTransaction(client, pending, strategy, signal)
        : await writeOneAtATime(client, pending, strategy, signal);
    for (const w of written) done.set(w.itemId, w);
  }
  const items = drafts.flatMap((d) => {
    const c = done.get(itemIdOf(d));
    return c === undefined ? [] : [c];
  });
  const error = items.find((i) => i.error !== undefined)?.error;
  return { groupId, complete: items.length === drafts.length && items.every((i) => i.status === 'saved'), items, error };
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
  effectiveDateTime: z.string().optional(),
  meta: z.object({ versionId: z.string().optional() }).optional(),
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
    ...(input.retry === undefined ? {} : { retry: input.retry }),
  });
}

/** Context from the launch: encounter and fhirUser as fhirclient knows them. */
export function writeContextFrom(client: FhirClient, patientId: string, codes: WriteContext['codes']): WriteContext {
  const encounterId = client.getEncounterId() ?? undefined;
  const performer = client.getFhirUser() ?? undefined;
  return { patientId, codes, ...(encounterId === undefined ? {} : { encounterId }), ...(performer === undefined ? {} : { performer }) };
}
