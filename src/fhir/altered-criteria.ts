/**
 * A patient's Altered Calling Criteria (issue 12; the SPOC chart's "Altered Calling Criteria" box,
 * clinical-reference §1.1–1.2): written and read as ONE Observation per setting
 * (docs/fhir-conventions.md "Altered Calling Criteria"):
 *  - code `itb-assessment#altered-calling-criteria` (site-mappable), category survey,
 *    effectiveDateTime = when they were set (from then on they apply), performer = who set them;
 *  - one component per criterion: the vital sign's own code (the site's heart-rate code, …), a
 *    valueQuantity whose `comparator` is the trigger's direction (`< 60 /min`), and an
 *    `interpretation` naming the zone it triggers (`itb-assessment#zone-red` / `zone-yellow`);
 *  - components `acc-valid-until` (valueDateTime, the end time), `acc-reason` and
 *    `acc-authorised-by` (valueString).
 * The newest setting replaces any older one; once its end time passes the standard criteria apply.
 */
import { queryOptions } from '@tanstack/react-query';
import { z } from '../zod-jitless';
import type { AlteredCallingCriteria, CriteriaRule } from '../domain';
import { formatSiteDateTime } from '../domain/clinical-time';
import { searchPages, searchUrl, type FhirClient } from './client';
import { practitionerNames } from './assessments-verdicts';
import { USABLE_OBSERVATION_STATUSES } from './observations';
import { parseResourcesOfType, type ParseIssue, type ReadResult } from './parse';
import { observationSchema, referenceSchema, type FhirCodeableConcept } from './schemas';
import { ANSWER_CODES, defaultWriteCodes, type WriteCodeMap, type WriteCoding } from './write-codes';

/** The vital signs a criterion may be set for, with the UCUM unit it is written in. */
export const ALTERED_PARAMETERS = {
  heartRate: { unit: '/min' },
  respiratoryRate: { unit: '/min' },
  spo2: { unit: '%' },
  systolicBp: { unit: 'mm[Hg]' },
  temperature: { unit: 'Cel' },
} as const;
export type AlteredParameter = keyof typeof ALTERED_PARAMETERS;
const PARAMETERS = Object.keys(ALTERED_PARAMETERS) as AlteredParameter[];

export type AlteredRule = {
  readonly parameter: AlteredParameter;
  readonly comparison: '<' | '<=' | '>' | '>=';
  readonly value: number;
  readonly zone: 'yellow' | 'red';
};

export type AlteredCriteriaEntry = {
  readonly rules: readonly AlteredRule[];
  /** End time, ISO 8601 with offset. */
  readonly validUntil: string;
  readonly reason: string;
  readonly authorisedBy: string;
};

/** The code a criterion's component carries: the site's code for that vital sign. */
export function parameterCoding(codes: WriteCodeMap, p: AlteredParameter): readonly WriteCoding[] {
  switch (p) {
    case 'heartRate':
      return codes.items['heart-rate'].coding;
    case 'respiratoryRate':
      return codes.items['respiratory-rate'].coding;
    case 'spo2':
      return codes.items.spo2.coding;
    case 'systolicBp':
      return codes.components['bp-systolic'];
    case 'temperature':
      return codes.items.temperature.coding;
    default:
      return p satisfies never;
  }
}

export const concept = (coding: readonly WriteCoding[]) => ({ coding: coding.map((c) => ({ ...c })) });
export const ZONE_CODING = { red: ANSWER_CODES['escalation-zone'].red, yellow: ANSWER_CODES['escalation-zone'].yellow } as const;

// --- Reading -------------------------------------------------------------------------------

export type AlteredCriteriaRecord = {
  readonly id: string;
  readonly versionId: string | undefined;
  /** When they were set (effectiveDateTime, as written). */
  readonly setAt: string;
  readonly validUntil: string;
  readonly reason: string;
  readonly authorisedBy: string;
  readonly rules: readonly AlteredRule[];
  /** Who set them: the performer reference and, when it could be read, the name. */
  readonly setBy: { readonly reference: string; readonly name: string | undefined } | undefined;
};

export type AlteredCriteriaRead = ReadResult<AlteredCriteriaRecord> & {
  /**
   * True when a setting newer than the newest readable one could not be read: the criteria now in
   * force are not known, and the view must say so rather than apply an older setting.
   */
  readonly newerUnreadable: boolean;
};

const withPerformer = z.extend(observationSchema, { performer: z.optional(z.array(referenceSchema)) });
type Parsed = z.infer<typeof withPerformer>;

const keyOf = (c: { system?: string | undefined; code?: string | undefined }) => `${c.system ?? ''}|${c.code ?? ''}`;
const hasCoding = (cc: FhirCodeableConcept, codings: readonly WriteCoding[]) => {
  const wanted = new Set(codings.map(keyOf));
  return (cc.coding ?? []).some((c) => wanted.has(keyOf(c)));
};
const COMPARISONS = new Set(['<', '<=', '>', '>=']);

type Mapped = { ok: true; record: Omit<AlteredCriteriaRecord, 'setBy'>; performer: string | undefined } | { ok: false; problems: string[] };

/** One Observation → a setting, or every reason it cannot be used (a criterion half-read is not used). */
function mapSetting(obs: Parsed, codes: WriteCodeMap): Mapped {
  const problems: string[] = [];
  const rules: AlteredRule[] = [];
  let validUntil: string | undefined;
  let reason: string | undefined;
  let authorisedBy: string | undefined;
  for (const [i, comp] of (obs.component ?? []).entries()) {
    if (hasCoding(comp.code, codes.components['acc-valid-until'])) {
      validUntil = comp.valueDateTime;
      continue;
    }
    if (hasCoding(comp.code, codes.components['acc-reason'])) {
      reason = comp.valueString;
      continue;
    }
    if (hasCoding(comp.code, codes.components['acc-authorised-by'])) {
      authorisedBy = comp.valueString;
      continue;
    }
    const parameter = PARAMETERS.find((p) => hasCoding(comp.code, parameterCoding(codes, p)) || hasCoding(comp.code, parameterCoding(defaultWriteCodes, p)));
    if (parameter === undefined) {
      problems.push(`component[${i}]: not a vital sign the criteria are set for`);
      continue;
    }
    const q = comp.valueQuantity;
    const zone = (comp.interpretation ?? []).flatMap((c) => c.coding ?? []).map((c) => (keyOf(c) === keyOf(ZONE_CODING.red) ? 'red' : keyOf(c) === keyOf(ZONE_CODING.yellow) ? 'yellow' : undefined)).find((z) => z !== undefined);
    const unit = ALTERED_PARAMETERS[parameter].unit;
    if (q?.value === undefined || !Number.isFinite(q.value)) problems.push(`component[${i}]: no threshold value`);
    else if (q.comparator === undefined || !COMPARISONS.has(q.comparator)) problems.push(`component[${i}]: the threshold has no direction (comparator)`);
    else if ((q.code ?? q.unit) !== unit) problems.push(`component[${i}]: unit "${q.code ?? q.unit ?? ''}" is not ${unit}`);
    else if (zone === undefined) problems.push(`component[${i}]: the zone it triggers is not given (interpretation)`);
    else rules.push({ parameter, comparison: q.comparator as AlteredRule['comparison'], value: q.value, zone });
  }
  const setAt = obs.effectiveDateTime;
  if (setAt === undefined) problems.push('effectiveDateTime: when they were set is missing');
  if (validUntil === undefined) problems.push('no end time (acc-valid-until)');
  if (reason === undefined || reason.trim() === '') problems.push('no reason (acc-reason)');
  if (authorisedBy === undefined || authorisedBy.trim() === '') problems.push('no authoriser (acc-authorised-by)');
  if (rules.length === 0 && problems.length === 0) problems.push('no criteria');
  if (problems.length > 0 || setAt === undefined || validUntil === undefined || reason === undefined || authorisedBy === undefined) return { ok: false, problems };
  const performer = obs.performer?.find((r) => r.reference !== undefined)?.reference;
  return { ok: true, record: { id: obs.id, versionId: obs.meta?.versionId, setAt, validUntil, reason, authorisedBy, rules }, performer };
}

const time = (value: string | undefined): number => {
  const t = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(t) ? 0 : t;
};

/** Raw search resources → settings newest first (names not yet read). */
export function mapAlteredCriteria(resources: readonly unknown[], codes: WriteCodeMap = defaultWriteCodes): ReadResult<AlteredCriteriaRecord & { performer: string | undefined }> & { newerUnreadable: boolean } {
  const parsed = parseResourcesOfType(resources, 'Observation', withPerformer);
  const issues: ParseIssue[] = [...parsed.issues];
  const items: (AlteredCriteriaRecord & { performer: string | undefined })[] = [];
  let newestRefused = Number.NEGATIVE_INFINITY;
  const code = codes.items['altered-calling-criteria'].coding;
  for (const obs of parsed.items) {
    if (!hasCoding(obs.code, code) && !hasCoding(obs.code, defaultWriteCodes.items['altered-calling-criteria'].coding)) continue;
    if (obs.status === 'entered-in-error' || obs.status === 'cancelled') continue;
    if (!(USABLE_OBSERVATION_STATUSES as readonly string[]).includes(obs.status)) {
      issues.push({ resourceType: 'Observation', id: obs.id, path: 'status', message: `status "${obs.status}" is not final: these Altered Calling Criteria are not used` });
      newestRefused = Math.max(newestRefused, time(obs.effectiveDateTime));
      continue;
    }
    const m = mapSetting(obs, codes);
    if (!m.ok) {
      for (const message of m.problems) issues.push({ resourceType: 'Observation', id: obs.id, path: 'component', message: `Altered Calling Criteria not used: ${message}` });
      newestRefused = Math.max(newestRefused, time(obs.effectiveDateTime));
      continue;
    }
    items.push({ ...m.record, setBy: undefined, performer: m.performer });
  }
  // Newest first. A setting ending the one before it ("End these criteria now", its end time at
  // its own setting time) can be set in the same minute as it: at a tie the ending one is newer.
  const ending = (r: { setAt: string; validUntil: string }) => (time(r.validUntil) <= time(r.setAt) ? 1 : 0);
  items.sort((a, b) => time(b.setAt) - time(a.setAt) || ending(b) - ending(a));
  const newest = items[0];
  return { items, issues, newerUnreadable: newestRefused > Number.NEGATIVE_INFINITY && (newest === undefined || newestRefused >= time(newest.setAt)) };
}

export const ALTERED_CRITERIA_READ_COUNT = 10;

export function alteredCriteriaSearchUrl(patientId: string, codes: WriteCodeMap = defaultWriteCodes): string {
  const coding = codes.items['altered-calling-criteria'].coding[0];
  return searchUrl('Observation', [
    ['patient', patientId],
    ['code', `${coding?.system ?? ''}|${coding?.code ?? ''}`],
    ['status', USABLE_OBSERVATION_STATUSES.join(',')],
    ['_sort', '-date'],
    ['_count', String(ALTERED_CRITERIA_READ_COUNT)],
  ]);
}

/** The patient's settings, newest first, each with the name of who set it. */
export async function fetchAlteredCriteria(client: FhirClient, patientId: string, codes: WriteCodeMap = defaultWriteCodes, signal?: AbortSignal): Promise<AlteredCriteriaRead> {
  const page = await searchPages(client, alteredCriteriaSearchUrl(patientId, codes), { maxPages: 1, ...(signal === undefined ? {} : { signal }) });
  const mapped = mapAlteredCriteria(page.resources, codes);
  const issues: ParseIssue[] = [...page.outcomes, ...mapped.issues];
  const names = await practitionerNames(client, mapped.items.flatMap((i) => (i.performer === undefined ? [] : [i.performer])), issues, signal);
  const items = mapped.items.map(({ performer, ...r }) => ({ ...r, setBy: performer === undefined ? undefined : { reference: performer, name: names.get(performer) } }));
  return { items, issues, newerUnreadable: mapped.newerUnreadable };
}

export const alteredCriteriaQueryOptions = (client: FhirClient, patientId: string, codes: WriteCodeMap = defaultWriteCodes) =>
  queryOptions({
    queryKey: ['patient', patientId, 'altered-criteria'] as const,
    queryFn: ({ signal }) => fetchAlteredCriteria(client, patientId, codes, signal),
  });

/** A setting as the domain's Altered Calling Criteria (applies from `setAt` to `validUntil`). */
export function toDomainCriteria(r: AlteredCriteriaRecord, timeZone: string): AlteredCallingCriteria {
  const by = r.setBy?.name ?? r.setBy?.reference ?? 'not recorded';
  const rules: CriteriaRule[] = r.rules.map((x) => ({
    kind: 'numeric',
    parameter: x.parameter,
    comparison: x.comparison,
    value: x.value,
    zone: x.zone,
    derivation: `set ${formatSiteDateTime(r.setAt, timeZone)} by ${by}, authorised by ${r.authorisedBy}: ${r.reason}`,
  }));
  return { rules, reason: r.reason, authorisedBy: r.authorisedBy, validFrom: r.setAt, validUntil: r.validUntil };
}
