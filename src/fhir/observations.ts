import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { formatSiteDateTime, toSiteInstantIso } from '../domain/clinical-time';
import { toKilograms, convertUcum, withUnits, type Kilograms } from '../domain/units';
import { checkWeightForAge } from '../domain/weight-for-age';
import { SYSTEM } from './codes';
import { searchPages, searchUrl, type FhirClient } from './client';
import { latestWeightSearchUrl, usableStatusParam, USABLE_OBSERVATION_STATUSES } from './first-wave';
import { conceptText, identifierValue } from './concept';
import { parseResourcesOfType, type ParseIssue, type ReadResult } from './parse';
import { recordedDateProblem, vitalValueProblem } from './plausible';
import { normaliseUnit, quantityAsWritten, quantityUnit, readQuantityUnit } from './quantity';
import { observationSchema, type FhirCodeableConcept, type FhirObservation, type FhirObservationComponent } from './schemas';
import {
  ANSWER_CODES,
  ASSESSMENT_KEYS,
  COMPONENT_KEYS,
  ESCALATION_KEYS,
  ITB_CHECK_KEYS,
  VITAL_SIGN_KEYS,
  defaultWriteCodes,
  type ComponentKey,
  type ItemKey,
  type TimePoint,
  type WriteCodeMap,
} from './write-codes';

// --- Domain-facing types ---------------------------------------------------------------------

export type ObservationScalar =
  | { readonly kind: 'quantity'; readonly value: number; readonly unit: string | undefined }
  | { readonly kind: 'codeable'; readonly code: string | undefined; readonly display: string | undefined }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'dateTime'; readonly value: string };

export type ObservationComponentValue = {
  readonly key: ComponentKey | undefined;
  readonly code: string | undefined;
  readonly value: ObservationScalar | undefined;
};

export type ObservationValue =
  | ObservationScalar
  | { readonly kind: 'components'; readonly components: readonly ObservationComponentValue[] }
  | { readonly kind: 'absent'; readonly reason: string | undefined };

/** One Observation the app understands, named by the same item key used to write it. */
export type ObservationRecord = {
  readonly id: string;
  readonly versionId: string | undefined;
  readonly key: ItemKey;
  readonly status: string;
  /** effectiveDateTime (or period start / issued), as sent, with its offset. */
  readonly effective: string | undefined;
  /** Quantities are in UCUM: temperature in Cel, body weight in the original unit (see `kg`). */
  readonly value: ObservationValue;
  /** The round or assessment this belongs to (entry-group-id identifier), when the app wrote it. */
  readonly groupId: string | undefined;
  /** The app's client identifier `{group}:{item}`. */
  readonly entryId: string | undefined;
  readonly timePoint: TimePoint | undefined;
  readonly bodySite: string | undefined;
  readonly note: string | undefined;
  /** References in partOf, e.g. the pump-refill Procedure. */
  readonly partOf: readonly string[];
  /** performer references as written (e.g. `Practitioner/abc`): on an amended record, who amended it. */
  readonly performerRefs?: readonly string[];
  /** meta.lastUpdated: when this version was written (an amendment's time, not the assessment's). */
  readonly lastUpdated?: string;
};

export type ObservationList = ReadResult<ObservationRecord> & {
  /** True when the server has older records than those loaded. */
  readonly hasMore: boolean;
};

// --- Code recognition ------------------------------------------------------------------------

type CodeIndex = ReadonlyMap<string, ItemKey>;
type ComponentIndex = ReadonlyMap<string, ComponentKey>;

/** Codes read as well as the written ones (conventions: 3141-9 weight, 2708-6 SpO2). */
const EXTRA_READ_CODES: ReadonlyArray<readonly [string, string, ItemKey]> = [
  [SYSTEM.loinc, '3141-9', 'body-weight'],
  [SYSTEM.loinc, '2708-6', 'spo2'],
  [SYSTEM.loinc, '55284-4', 'blood-pressure'],
];

const keyOf = (system: string | undefined, code: string | undefined) => `${system ?? ''}|${code ?? ''}`;

/** Index the defaults plus a site's write codes, so what a site wrote is read back too. */
export function buildCodeIndex(codes: WriteCodeMap = defaultWriteCodes): { items: CodeIndex; components: ComponentIndex } {
  const items = new Map<string, ItemKey>();
  for (const map of [defaultWriteCodes, codes]) {
    for (const [key, write] of Object.entries(map.items) as [ItemKey, WriteCodeMap['items'][ItemKey]][]) {
      for (const c of write.coding) items.set(keyOf(c.system, c.code), key);
    }
  }
  for (const [system, code, key] of EXTRA_READ_CODES) items.set(keyOf(system, code), key);
  const components = new Map<string, ComponentKey>();
  for (const map of [defaultWriteCodes, codes]) {
    for (const key of COMPONENT_KEYS) for (const c of map.components[key]) components.set(keyOf(c.system, c.code), key);
  }
  return { items, components };
}

const defaultIndex = buildCodeIndex();

function recognise<K>(index: ReadonlyMap<string, K>, cc: FhirCodeableConcept | undefined): K | undefined {
  for (const c of cc?.coding ?? []) {
    const hit = index.get(keyOf(c.system, c.code));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

// --- Mapping -----------------------------------------------------------------------------------

function answerKeyOf(item: string, cc: FhirCodeableConcept): string | undefined {
  const table: Record<string, { system: string; code: string }> | undefined =
    item in ANSWER_CODES ? ANSWER_CODES[item as keyof typeof ANSWER_CODES] : undefined;
  if (table === undefined) return undefined;
  for (const [answer, coding] of Object.entries(table)) {
    if (cc.coding?.some((c) => c.system === coding.system && c.code === coding.code)) return answer;
  }
  return undefined;
}

type MapIssue = { path: string; message: string };

function mapScalar(
  item: string,
  source: FhirObservation | FhirObservationComponent,
  path: string,
  issues: MapIssue[],
): ObservationScalar | undefined {
  if (source.valueQuantity !== undefined) {
    const q = source.valueQuantity;
    if (q.value === undefined) {
      issues.push({ path: `${path}valueQuantity.value`, message: 'quantity has no value' });
      return undefined;
    }
    if (q.comparator !== undefined) {
      issues.push({ path: `${path}valueQuantity.comparator`, message: `recorded as "${quantityAsWritten(q)}": a value with a comparator is not used as a reading` });
      return undefined;
    }
    const unit = readQuantityUnit(q);
    if (!unit.ok && /disagree/.test(unit.reason)) {
      issues.push({ path: `${path}valueQuantity.unit`, message: `"${quantityAsWritten(q)}": ${unit.reason}, so the value is not used` });
      return undefined;
    }
    return { kind: 'quantity', value: q.value, unit: unit.ok ? unit.unit : quantityUnit(q) };
  }
  if (source.valueCodeableConcept !== undefined) {
    const cc = source.valueCodeableConcept;
    const first = cc.coding?.[0];
    return {
      kind: 'codeable',
      code: answerKeyOf(item, cc) ?? first?.code,
      display: cc.text ?? first?.display,
    };
  }
  if (source.valueBoolean !== undefined) return { kind: 'boolean', value: source.valueBoolean };
  if (source.valueInteger !== undefined) return { kind: 'integer', value: source.valueInteger };
  if (source.valueString !== undefined) return { kind: 'string', value: source.valueString };
  if (source.valueDateTime !== undefined) return { kind: 'dateTime', value: source.valueDateTime };
  return undefined;
}

/**
 * Observation → ObservationRecord, or undefined when the code is not one the app reads.
 * Returns issues for values it cannot read (unknown unit, a temperature it cannot convert).
 */
export function mapObservation(
  obs: FhirObservation,
  index: { items: CodeIndex; components: ComponentIndex } = defaultIndex,
): { record: ObservationRecord | undefined; issues: ParseIssue[] } {
  const key = recognise(index.items, obs.code);
  if (key === undefined) return { record: undefined, issues: [] };
  const problems: MapIssue[] = [];
  let timePoint: TimePoint | undefined;
  const components: ObservationComponentValue[] = [];
  (obs.component ?? []).forEach((comp, i) => {
    const compKey = recognise(index.components, comp.code);
    const value = mapScalar(compKey ?? '', comp, `component[${i}].`, problems);
    if (compKey === 'time-point' && value?.kind === 'codeable' && value.code !== undefined && value.code in ANSWER_CODES['time-point']) {
      timePoint = value.code as TimePoint;
      return;
    }
    components.push({ key: compKey, code: comp.code.coding?.[0]?.code, value });
  });

  let value: ObservationValue | undefined = mapScalar(key, obs, '', problems);
  if (value !== undefined && VITAL_KEYS.has(key)) value = quantityFromString(key, value);
  if (value === undefined && components.length > 0) value = { kind: 'components', components };
  if (value === undefined) {
    value = { kind: 'absent', reason: obs.dataAbsentReason === undefined ? undefined : conceptText(obs.dataAbsentReason) || undefined };
  }
  // Temperatures are shown in Celsius whatever the site sends (conventions: [degF] read).
  if (key === 'temperature' && value.kind === 'quantity' && value.unit !== 'Cel') {
    const converted = value.unit === undefined ? undefined : convertUcum('valueQuantity', value.value, value.unit, 'Cel');
    if (converted?.ok === true) value = { kind: 'quantity', value: Math.round(converted.value * 10) / 10, unit: 'Cel' };
    else problems.push({ path: 'valueQuantity.unit', message: `temperature unit "${value.unit ?? ''}" cannot be read` });
  }
  if (value.kind === 'quantity' && value.unit === undefined) {
    problems.push({ path: 'valueQuantity.unit', message: 'unit missing or not recognised' });
  }
  problems.push(...impossibleValues(key, value));
  const dateProblem = recordedDateProblem(obs.effectiveDateTime ?? obs.effectivePeriod?.start ?? obs.issued, new Date(), 'effective date');
  if (dateProblem !== undefined) problems.push({ path: obs.effectiveDateTime === undefined ? 'effectivePeriod.start' : 'effectiveDateTime', message: dateProblem });

  const issues = problems.map((p) => ({ resourceType: 'Observation', id: obs.id, ...p }));
  // A value we cannot read correctly is not shown at all: a wrong number is worse than a gap.
  if (issues.length > 0) return { record: undefined, issues };
  const entryId = identifierValue(obs.identifier, SYSTEM.clientEntryId);
  return {
    record: {
      id: obs.id,
      versionId: obs.meta?.versionId,
      key,
      status: obs.status,
      effective: obs.effectiveDateTime ?? obs.effectivePeriod?.start ?? obs.issued,
      value,
      groupId: identifierValue(obs.identifier, SYSTEM.entryGroupId),
      entryId,
      timePoint,
      bodySite: obs.bodySite === undefined ? undefined : obs.bodySite.text ?? obs.bodySite.coding?.[0]?.display,
      note: obs.note?.map((n) => n.text).filter((t): t is string => t !== undefined).join('\n') || undefined,
      partOf: (obs.partOf ?? []).flatMap((r) => (r.reference === undefined ? [] : [r.reference])),
      performerRefs: (obs.performer ?? []).flatMap((r) => (r.reference === undefined ? [] : [r.reference])),
      ...(obs.meta?.lastUpdated === undefined ? {} : { lastUpdated: obs.meta.lastUpdated }),
    },
    issues: [],
  };
}

/** Vital signs outside the physiological limits a nurse is held to on entry (issue 15). */
function impossibleValues(key: ItemKey, value: ObservationValue): MapIssue[] {
  const check = (k: string, path: string, v: ObservationScalar | undefined): MapIssue[] => {
    if (v === undefined || (v.kind !== 'quantity' && v.kind !== 'integer')) return [];
    const problem = vitalValueProblem(k, v.value, v.kind === 'quantity' ? v.unit : IMPLIED_UNIT[key]);
    return problem === undefined ? [] : [{ path, message: `${problem}: not used` }];
  };
  if (value.kind === 'components') return value.components.flatMap((c, i) => check(c.key ?? '', `component[${i}].value`, c.value));
  if (value.kind === 'quantity' || value.kind === 'integer') return check(key, value.kind === 'quantity' ? 'valueQuantity.value' : 'valueInteger', value);
  return [];
}

/** Units that are unambiguous when a site sends a bare number as text (Epic flowsheet valueString). */
const IMPLIED_UNIT: Partial<Record<ItemKey, string>> = {
  'heart-rate': '/min',
  'respiratory-rate': '/min',
  spo2: '%',
  'inhaled-oxygen': '%',
  pain: '{score}',
};

/**
 * Vitals sent as text ("96 bpm", "20", "102/64 mmHg") are read as numbers when the text is only a
 * number and a unit we know; anything else stays text for the UI to show as written.
 */
export function quantityFromString(key: ItemKey, value: ObservationValue): ObservationValue {
  if (value.kind !== 'string') return value;
  const text = value.value.trim();
  if (key === 'blood-pressure') {
    const bp = /^(\d{2,3})\s*\/\s*(\d{2,3})\s*(mm ?\[?hg\]?)?$/i.exec(text);
    if (bp?.[1] === undefined || bp[2] === undefined) return value;
    const mmHg = (n: string): ObservationScalar => ({ kind: 'quantity', value: Number(n), unit: 'mm[Hg]' });
    return {
      kind: 'components',
      components: [
        { key: 'bp-systolic', code: undefined, value: mmHg(bp[1]) },
        { key: 'bp-diastolic', code: undefined, value: mmHg(bp[2]) },
      ],
    };
  }
  const m = /^(-?\d+(?:\.\d+)?)\s*(.*)$/.exec(text);
  if (m?.[1] === undefined) return value;
  const unit = m[2] === undefined || m[2] === '' ? IMPLIED_UNIT[key] : normaliseUnit(m[2]);
  return unit === undefined ? value : { kind: 'quantity', value: Number(m[1]), unit };
}

const timeOf = (iso: string | undefined): number => {
  const t = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};

/** Newest first; records without a time go last. */
export function sortNewestFirst<T extends { effective: string | undefined }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => timeOf(b.effective) - timeOf(a.effective));
}

const ENTERED_IN_ERROR = new Set(['entered-in-error', 'cancelled']);

/**
 * The statuses a result may be used at (FHIR R4 observation-status: final, amended, corrected).
 * Searches ask the server for these only, and the same rule is applied on read in case a server
 * ignores the `status` parameter.
 */
export { USABLE_OBSERVATION_STATUSES } from './first-wave';
const USABLE_STATUS: ReadonlySet<string> = new Set(USABLE_OBSERVATION_STATUSES);
const statusParam = usableStatusParam;

/** Raw search resources → records of the wanted keys, newest first, with every issue. */
export function mapObservationResources(
  resources: readonly unknown[],
  keys: ReadonlySet<ItemKey>,
  codes?: WriteCodeMap,
): ReadResult<ObservationRecord> {
  const index = codes === undefined ? defaultIndex : buildCodeIndex(codes);
  const parsed = parseResourcesOfType(resources, 'Observation', observationSchema);
  const issues: ParseIssue[] = [...parsed.issues];
  const items: ObservationRecord[] = [];
  for (const obs of parsed.items) {
    // Retracted records (the app's own duplicate copies among them) are left out silently.
    if (ENTERED_IN_ERROR.has(obs.status)) continue;
    if (!USABLE_STATUS.has(obs.status)) {
      // Only reached when a server ignores the status parameter: a preliminary or unknown-status
      // result of a wanted kind is named, not shown as a reading.
      const wanted = recognise(index.items, obs.code);
      if (wanted !== undefined && keys.has(wanted)) issues.push({ resourceType: 'Observation', id: obs.id, path: 'status', message: `status "${obs.status}" is not a final result: not used` });
      continue;
    }
    // Another kind of record found by the same search (e.g. Altered Calling Criteria, category
    // survey beside the round's concern) is read by its own reader, and its issues are not this one's.
    const kind = recognise(index.items, obs.code);
    if (kind === undefined || !keys.has(kind)) continue;
    const mapped = mapObservation(obs, index);
    issues.push(...mapped.issues);
    if (mapped.record !== undefined && keys.has(mapped.record.key)) items.push(mapped.record);
  }
  return { items: sortNewestFirst(items), issues };
}

// --- Searches ------------------------------------------------------------------------------

// The round's concern and zone are read with either search: written as survey by default, a site
// that must write vital-signs only (Oracle Health) maps them there (write-codes ESCALATION_KEYS).
// AVPU (exam) and pain (survey) are written outside vital-signs by default, since neither is in the
// R4 vital-signs value set; records from EHRs that file them as vital signs are read there too.
const BOTH_SEARCHES: readonly ItemKey[] = [...ESCALATION_KEYS, 'avpu', 'pain'];
const VITAL_KEYS: ReadonlySet<ItemKey> = new Set([...VITAL_SIGN_KEYS, ...BOTH_SEARCHES]);
const ASSESSMENT_AND_CHECK_KEYS: ReadonlySet<ItemKey> = new Set([...ITB_CHECK_KEYS, ...ASSESSMENT_KEYS, ...BOTH_SEARCHES]);
const category = (code: string) => `${SYSTEM.observationCategory}|${code}`;

export type ObservationWindow = {
  /** Only observations on or after this instant (server-side `date=ge`). */
  readonly since: string;
  /** Stop following pages after this many records (default 200). */
  readonly maxItems?: number;
  /** Site codes, so site-coded observations are recognised on read. */
  readonly codes?: WriteCodeMap;
};

const PAGE_SIZE = 100;

function observationSearch(patientId: string, categories: readonly string[], extra: ReadonlyArray<readonly [string, string]>): string {
  return searchUrl('Observation', [
    ['patient', patientId],
    ['category', categories.map(category).join(',')],
    statusParam(),
    ...extra,
    ['_sort', '-date'],
    ['_count', String(PAGE_SIZE)],
  ]);
}

async function fetchWindow(
  client: FhirClient,
  url: string,
  keys: ReadonlySet<ItemKey>,
  window: ObservationWindow,
  signal?: AbortSignal,
): Promise<ObservationList> {
  const maxItems = window.maxItems ?? 200;
  const page = await searchPages(client, url, {
    enough: (resources) => resources.length >= maxItems,
    ...(signal === undefined ? {} : { signal }),
  });
  const mapped = await withUnits(() => mapObservationResources(page.resources, keys, window.codes));
  return { ...mapped, issues: [...page.outcomes, ...mapped.issues], hasMore: page.next !== undefined };
}

/** Vital-sign observations since `window.since`, newest first. */
export function fetchVitalSigns(client: FhirClient, patientId: string, window: ObservationWindow, signal?: AbortSignal) {
  return fetchWindow(client, observationSearch(patientId, ['vital-signs'], [['date', `ge${window.since}`]]), VITAL_KEYS, window, signal);
}

/** The app's ITB checks and assessment observations (exam/survey) since `window.since`. */
export function fetchAssessments(client: FhirClient, patientId: string, window: ObservationWindow, signal?: AbortSignal) {
  return fetchWindow(
    client,
    observationSearch(patientId, ['exam', 'survey'], [['date', `ge${window.since}`]]),
    ASSESSMENT_AND_CHECK_KEYS,
    window,
    signal,
  );
}

export const vitalSignsQueryOptions = (client: FhirClient, patientId: string, window: ObservationWindow) =>
  queryOptions({
    queryKey: ['patient', patientId, 'vital-signs', { since: window.since, maxItems: window.maxItems ?? 200 }] as const,
    queryFn: ({ signal }) => fetchVitalSigns(client, patientId, window, signal),
  });

export const assessmentsQueryOptions = (client: FhirClient, patientId: string, window: ObservationWindow) =>
  queryOptions({
    queryKey: ['patient', patientId, 'assessments', { since: window.since, maxItems: window.maxItems ?? 200 }] as const,
    queryFn: ({ signal }) => fetchAssessments(client, patientId, window, signal),
  });

/** One page of a history view; `next` is the server's link, followed as is. */
export type HistoryPage<T> = ReadResult<T> & { readonly next: string | undefined };

function observationHistoryOptions(
  client: FhirClient,
  patientId: string,
  name: 'vital-signs-history' | 'assessments-history',
  categories: readonly string[],
  keys: ReadonlySet<ItemKey>,
  options: { pageSize?: number; codes?: WriteCodeMap },
) {
  const first = searchUrl('Observation', [
    ['patient', patientId],
    ['category', categories.map(category).join(',')],
    statusParam(),
    ['_sort', '-date'],
    ['_count', String(options.pageSize ?? 50)],
  ]);
  return infiniteQueryOptions({
    queryKey: ['patient', patientId, name, { pageSize: options.pageSize ?? 50 }] as const,
    queryFn: async ({ pageParam, signal }): Promise<HistoryPage<ObservationRecord>> => {
      const page = await searchPages(client, pageParam, { maxPages: 1, signal });
      const mapped = await withUnits(() => mapObservationResources(page.resources, keys, options.codes));
      return { ...mapped, issues: [...page.outcomes, ...mapped.issues], next: page.next };
    },
    initialPageParam: first,
    getNextPageParam: (last) => last.next,
  });
}

/** Vital signs, newest first, one server page at a time ("load older" follows link[next]). */
export const vitalSignsHistoryInfiniteQueryOptions = (client: FhirClient, patientId: string, options: { pageSize?: number; codes?: WriteCodeMap } = {}) =>
  observationHistoryOptions(client, patientId, 'vital-signs-history', ['vital-signs'], VITAL_KEYS, options);

/** Assessments and ITB checks, newest first, one server page at a time. */
export const assessmentsHistoryInfiniteQueryOptions = (client: FhirClient, patientId: string, options: { pageSize?: number; codes?: WriteCodeMap } = {}) =>
  observationHistoryOptions(client, patientId, 'assessments-history', ['exam', 'survey'], ASSESSMENT_AND_CHECK_KEYS, options);

// --- Body weight -------------------------------------------------------------------------------

export type BodyWeight = {
  readonly id: string;
  readonly kg: Kilograms;
  /** As recorded, e.g. { value: 44, unit: '[lb_av]' }. */
  readonly original: { readonly value: number; readonly unit: string };
  readonly effective: string | undefined;
  /**
   * The weight against the weight-for-age chart for the child's age on the day it was recorded
   * (`withWeightForAge`), once the birth date is known. Implausible: not to be calculated from
   * until a clinician confirms it.
   */
  readonly forAge?: { readonly plausible: boolean; readonly message: string };
  /**
   * Set only on a weight the clinician typed for this session because the chart had none usable
   * (`src/session/session-weight.ts`): not an Observation, never written to the EHR. `at` is when
   * it was entered, `by` the signed-in user's reference when the launch gave one.
   */
  readonly enteredForSession?: { readonly at: string; readonly by?: string | undefined };
};

export type LatestWeight = ReadResult<BodyWeight> & {
  readonly latest: BodyWeight | undefined;
  /** Weight records at or after `latest` (or all, when none is usable) that could not be used. */
  readonly skippedNewer: readonly ParseIssue[];
};

/**
 * Weight Observations read per request. Enough that unusable newest entries (entered in error,
 * no value, a value as text) never hide a usable older one; still one request in the first wave.
 */
export { WEIGHT_READ_COUNT } from './first-wave';

type WeightCandidate = { readonly weight: BodyWeight } | { readonly skipped: ParseIssue; readonly effective: string | undefined };

function describeAbsent(reason: string | undefined): string {
  return reason === undefined ? 'no value recorded' : `no value recorded (data absent: ${reason})`;
}

/** One parsed weight Observation → a usable weight, or the reason it cannot be used. */
function weightCandidate(obs: FhirObservation): WeightCandidate {
  const effective = obs.effectiveDateTime ?? obs.effectivePeriod?.start ?? obs.issued;
  const skip = (path: string, message: string): WeightCandidate => ({ skipped: { resourceType: 'Observation', id: obs.id, path, message }, effective });
  if (ENTERED_IN_ERROR.has(obs.status)) return skip('status', `weight marked ${obs.status} in the EHR: not used`);
  if (!USABLE_STATUS.has(obs.status)) return skip('status', `weight with status "${obs.status}" is not a final result: not used`);
  const mapped = mapObservation(obs);
  const first = mapped.issues[0];
  if (first !== undefined) return skip(first.path, first.message);
  const r = mapped.record;
  if (r === undefined) return skip('code', 'not a body weight');
  switch (r.value.kind) {
    case 'quantity': {
      if (r.value.unit === undefined) return skip('valueQuantity.unit', 'unit missing or not recognised');
      const kg = toKilograms(r.value.value, r.value.unit, 'valueQuantity');
      if (!kg.ok) return skip(kg.error.field, kg.error.message);
      return { weight: { id: r.id, kg: kg.value, original: { value: r.value.value, unit: r.value.unit }, effective: r.effective } };
    }
    case 'absent': {
      const why = obs.dataAbsentReason;
      return skip('dataAbsentReason', describeAbsent(why === undefined ? undefined : (why.text ?? why.coding?.[0]?.display ?? why.coding?.[0]?.code)));
    }
    case 'string':
      // A weight decides the rescue dose band (§5.1.4.1): text is shown, never read as a number.
      return skip('valueString', `weight recorded as text "${r.value.value}": not read as a number`);
    case 'codeable':
    case 'boolean':
    case 'integer':
    case 'dateTime':
    case 'components':
      return skip('value', 'weight recorded without a quantity and unit: not used');
    default:
      return r.value satisfies never;
  }
}

/**
 * The newest usable weight among the search results. Records that fail their schema, and wanted
 * records newer than the weight shown that cannot be used, are issues (the Partial notice names
 * each); an unusable record older than the weight shown changes nothing and is not reported.
 */
export function mapLatestWeight(resources: readonly unknown[]): LatestWeight {
  const parsed = parseResourcesOfType(resources, 'Observation', observationSchema);
  const candidates = parsed.items.filter((o) => recognise(defaultIndex.items, o.code) === 'body-weight').map(weightCandidate);
  const weights = sortNewestFirst(candidates.flatMap((c) => ('weight' in c ? [c.weight] : [])));
  const latest = weights[0];
  const latestAt = latest === undefined ? Number.NEGATIVE_INFINITY : timeOf(latest.effective);
  const skipped = candidates.flatMap((c) => ('skipped' in c && (latest === undefined || timeOf(c.effective) >= latestAt) ? [c.skipped] : []));
  const unreadable = unreadableWeights(resources, parsed.issues).filter((u) => latest === undefined || u.effective === undefined || !(timeOf(u.effective) < latestAt));
  return { items: weights, issues: [...parsed.issues, ...skipped], latest, skippedNewer: [...unreadable.map((u) => u.issue), ...skipped] };
}

/**
 * Observations that failed their schema but are coded as a body weight: one dated at or after the
 * weight shown (or with no readable date) may be the child's newest weight, so it is named beside
 * the weight, not only in the read's notice (issue 15, fuzz: the newest weight's value written as
 * the string "42.5" left the weight of May shown without a word beside it).
 */
function unreadableWeights(resources: readonly unknown[], issues: readonly ParseIssue[]): { issue: ParseIssue; effective: string | undefined }[] {
  const failed = new Map(issues.filter((i) => i.resourceType === 'Observation' && i.id !== undefined).map((i) => [i.id, i]));
  if (failed.size === 0) return [];
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return resources.flatMap((r) => {
    if (r === null || typeof r !== 'object') return [];
    const o = r as { resourceType?: unknown; id?: unknown; code?: { coding?: unknown }; effectiveDateTime?: unknown; effectivePeriod?: { start?: unknown }; issued?: unknown };
    const issue = o.resourceType === 'Observation' && typeof o.id === 'string' ? failed.get(o.id) : undefined;
    if (issue === undefined) return [];
    const codings = Array.isArray(o.code?.coding) ? (o.code.coding as unknown[]) : [];
    const coding = codings.flatMap((c) => (c !== null && typeof c === 'object' && typeof (c as { code?: unknown }).code === 'string' ? [{ system: str((c as { system?: unknown }).system), code: (c as { code: string }).code }] : []));
    if (recognise(defaultIndex.items, { coding }) !== 'body-weight') return [];
    return [{ issue, effective: str(o.effectiveDateTime) ?? str(o.effectivePeriod?.start) ?? str(o.issued) }];
  });
}

/** What the weight-for-age check needs from the Patient read (`PatientSummary` has these). */
export type WeightForAgeChild = {
  readonly birthDate: string | undefined;
  readonly sex: string | undefined;
  readonly birthDateProblem?: string | undefined;
};

/**
 * The latest weight checked against the child's age (domain `checkWeightForAge`, the
 * ±WEIGHT_FOR_AGE_Z_LIMIT z-score; issue 15), beyond the 1–150 kg any weight must meet. The
 * weight and the Patient arrive in the same wave, so this runs once both are read. A weight
 * outside the limit is kept (a true low weight in severe cerebral palsy must still give a dose
 * once confirmed) but marked on `latest.forAge` and named in the issues, so every view's Partial
 * notice says it is not used without a clinician's confirmation. Without a usable birth date,
 * nothing is checked and nothing is added.
 */
export function withWeightForAge(read: LatestWeight, child: WeightForAgeChild | undefined, timeZone: string): LatestWeight {
  if (child === undefined || child.birthDateProblem !== undefined || child.birthDate === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(child.birthDate)) return read;
  const weight = withoutWeightsBeforeBirth(read, child.birthDate, timeZone);
  const latest = weight.latest;
  if (latest === undefined || latest.effective === undefined) return weight;
  const check = checkWeightForAge({ kg: latest.kg, recordedAt: toSiteInstantIso(latest.effective, timeZone), birthDate: child.birthDate, sex: child.sex });
  if (!check.ok || check.value.status === 'unchecked') return weight;
  const { plausible, message } = check.value;
  const checked: BodyWeight = { ...latest, forAge: { plausible, message } };
  const items = weight.items.map((w) => (w === latest ? checked : w));
  if (plausible) return { ...weight, items, latest: checked };
  const issue: ParseIssue = { resourceType: 'Observation', id: latest.id, path: 'valueQuantity', message };
  return { ...weight, items, latest: checked, issues: [...weight.issues, issue] };
}

/**
 * A weight dated before the child was born is not this child's weight (a merged record, a wrong
 * patient, a mistyped year): left out and named, never a rescue-dose band (issue 11's corpus: a
 * 2016 weight beside a 2020 birth date).
 */
function withoutWeightsBeforeBirth(weight: LatestWeight, birthDate: string, timeZone: string): LatestWeight {
  const born = Date.parse(toSiteInstantIso(birthDate, timeZone));
  const before = weight.items.filter((w) => w.effective !== undefined && Date.parse(toSiteInstantIso(w.effective, timeZone)) < born);
  if (before.length === 0) return weight;
  const items = weight.items.filter((w) => !before.includes(w));
  const issues: ParseIssue[] = before.map((w) => ({
    resourceType: 'Observation',
    id: w.id,
    path: 'effectiveDateTime',
    message: `weight dated ${formatSiteDateTime(w.effective ?? '', timeZone, true)}, before the child's birth date (${formatSiteDateTime(birthDate, timeZone, true)}): not this child's weight, not used`,
  }));
  return { ...weight, items, latest: items[0], issues: [...weight.issues, ...issues] };
}

/** The latest-weight search (also the CDS service's prefetch template). */
export { latestWeightSearchUrl } from './first-wave';

export async function fetchLatestWeight(client: FhirClient, patientId: string, signal?: AbortSignal): Promise<LatestWeight> {
  const page = await searchPages(client, latestWeightSearchUrl(patientId), { maxPages: 1, ...(signal === undefined ? {} : { signal }) });
  const weight = await withUnits(() => mapLatestWeight(page.resources));
  return page.outcomes.length === 0 ? weight : { ...weight, issues: [...page.outcomes, ...weight.issues] };
}

export const latestWeightQueryOptions = (client: FhirClient, patientId: string) =>
  queryOptions({
    queryKey: ['patient', patientId, 'weight', 'latest'] as const,
    queryFn: ({ signal }) => fetchLatestWeight(client, patientId, signal),
  });

// --- The test-dose injection ---------------------------------------------------------------

/** The nurse's record of the test-dose injection (itb-assessment#test-dose-injection). */
export type TestDoseInjectionRecord = {
  readonly id: string;
  readonly versionId: string | undefined;
  readonly groupId: string | undefined;
  readonly status: string;
  /** effectiveDateTime as sent: the injection time. */
  readonly effective: string;
  readonly at: Date;
  /** micrograms, when recorded in ug (never converted: a dose in another unit is not a number here). */
  readonly doseMicrograms: number | undefined;
  readonly note: string | undefined;
};

/**
 * The newest injection among read records: the one record the rounds schedule, the emergency
 * situation and the doctor view all read (issue 12). Entered-in-error records never reach here.
 */
export function latestTestDoseInjection(records: readonly ObservationRecord[]): TestDoseInjectionRecord | undefined {
  let newest: TestDoseInjectionRecord | undefined;
  for (const r of records) {
    if (r.key !== 'test-dose-injection' || r.effective === undefined) continue;
    const t = Date.parse(r.effective);
    if (Number.isNaN(t)) continue;
    if (newest !== undefined && newest.at.getTime() >= t) continue;
    const dose = r.value.kind === 'quantity' && r.value.unit === 'ug' ? r.value.value : undefined;
    newest = { id: r.id, versionId: r.versionId, groupId: r.groupId, status: r.status, effective: r.effective, at: new Date(t), doseMicrograms: dose, note: r.note };
  }
  return newest;
}
