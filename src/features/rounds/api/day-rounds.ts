/**
 * The day's rounds, read through the FHIR layer: vital signs and ITB checks grouped into rounds
 * (by the entry-group identifier the app writes; by time for rounds charted elsewhere), the
 * documented test-dose injection, and the first "voided since the dose".
 */
import { useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { Avpu, Concern, VitalSignsRound } from '../../../domain';
import {
  ANSWER_CODES,
  ESCALATION_KEYS,
  assessmentsQueryOptions,
  latestTestDoseInjection,
  vitalSignsQueryOptions,
  ITB_CHECK_KEYS,
  type FhirClient,
  type ItemKey,
  type ObservationRecord,
  type ObservationScalar,
  type ParseIssue,
  type TestDoseInjectionRecord,
  type WriteCodeMap,
} from '../../../fhir';
import { ITB_CHECKS } from '../round-form';

export type RecordedRound = {
  /** Stable key: the group id, or the time for rounds without one. */
  readonly key: string;
  readonly groupId: string | undefined;
  /** effectiveDateTime as sent (with its offset). */
  readonly effective: string | undefined;
  readonly at: Date | undefined;
  readonly items: Partial<Record<ItemKey, ObservationRecord>>;
  /** What the zone rules read: only values in the expected units. */
  readonly round: VitalSignsRound;
  /** Inhaled oxygen concentration when recorded, %. */
  readonly inhaledOxygen: number | undefined;
  /** Values shown as written but not used for the zone (unexpected unit or form). */
  readonly unreadable: readonly string[];
  readonly amended: boolean;
  /** The staff or family concern charted with the round (undefined: not charted). */
  readonly concern: Concern | undefined;
  /** The zone the nurse was shown when the round was saved (undefined: not charted). */
  readonly zoneShown: ZoneShownRecord | undefined;
};

/** As charted by the app (write-codes `escalation-zone` answers). */
export type ZoneShownRecord = keyof (typeof ANSWER_CODES)['escalation-zone'];

/** The nurse's injection record, read by the FHIR layer (one reader for every view, issue 12). */
export type TestDoseInjection = TestDoseInjectionRecord;

const ROUND_VITALS: ReadonlySet<ItemKey> = new Set(['heart-rate', 'respiratory-rate', 'spo2', 'inhaled-oxygen', 'blood-pressure', 'temperature', 'avpu', 'pain']);
const CHECKS: ReadonlySet<ItemKey> = new Set([...ITB_CHECK_KEYS, ...ESCALATION_KEYS]);

const timeOf = (effective: string | undefined): Date | undefined => {
  if (effective === undefined) return undefined;
  const t = Date.parse(effective);
  return Number.isNaN(t) ? undefined : new Date(t);
};

function quantityIn(value: ObservationScalar | undefined, units: readonly (string | undefined)[]): number | undefined {
  if (value === undefined) return undefined;
  if (value.kind === 'quantity' && units.includes(value.unit)) return value.value;
  return undefined;
}

const scalarOf = (r: ObservationRecord): ObservationScalar | undefined =>
  r.value.kind === 'components' || r.value.kind === 'absent' ? undefined : r.value;

const AVPU_CODES: readonly string[] = ['A', 'V', 'P', 'U'];
const isAvpu = (code: string | undefined): code is Avpu => code !== undefined && AVPU_CODES.includes(code);

/**
 * A coded answer of `item`: by its code, or (a site writing valueString, e.g. Epic flowsheet rows)
 * by the answer's display text, compared without case.
 */
function answerOf<K extends 'escalation-concern' | 'escalation-zone'>(item: K, record: ObservationRecord | undefined): keyof (typeof ANSWER_CODES)[K] | undefined {
  if (record === undefined) return undefined;
  const table: Readonly<Record<string, { readonly display?: string }>> = ANSWER_CODES[item];
  const keys = Object.keys(table) as (keyof (typeof ANSWER_CODES)[K] & string)[];
  const s = scalarOf(record);
  if (s?.kind === 'codeable') return keys.find((k) => k === s.code);
  if (s?.kind === 'string') {
    const text = s.value.trim().toLowerCase();
    return keys.find((k) => table[k]?.display?.toLowerCase() === text);
  }
  return undefined;
}

/** The VitalSignsRound the zone rules read from recorded items, plus what could not be read. */
export function roundFromRecords(items: Partial<Record<ItemKey, ObservationRecord>>): { round: VitalSignsRound; inhaledOxygen: number | undefined; unreadable: string[] } {
  const round: { -readonly [K in keyof VitalSignsRound]: VitalSignsRound[K] } = {};
  const unreadable: string[] = [];
  const numeric = (key: ItemKey, field: 'heartRate' | 'respiratoryRate' | 'spo2' | 'temperature' | 'pain', units: readonly (string | undefined)[]) => {
    const r = items[key];
    if (r === undefined) return;
    const s = scalarOf(r);
    const v = s?.kind === 'integer' && field === 'pain' ? s.value : quantityIn(s, units);
    if (v === undefined) unreadable.push(key);
    else round[field] = v;
  };
  numeric('heart-rate', 'heartRate', ['/min']);
  numeric('respiratory-rate', 'respiratoryRate', ['/min']);
  numeric('spo2', 'spo2', ['%']);
  numeric('temperature', 'temperature', ['Cel']);
  numeric('pain', 'pain', ['{score}']);
  let inhaledOxygen: number | undefined;
  const o2 = items['inhaled-oxygen'];
  if (o2 !== undefined) {
    inhaledOxygen = quantityIn(scalarOf(o2), ['%']);
    if (inhaledOxygen === undefined) unreadable.push('inhaled-oxygen');
    else round.onOxygen = inhaledOxygen > 21;
  }
  const bp = items['blood-pressure'];
  if (bp !== undefined) {
    const comps = bp.value.kind === 'components' ? bp.value.components : [];
    const sys = quantityIn(comps.find((c) => c.key === 'bp-systolic')?.value, ['mm[Hg]']);
    const dia = quantityIn(comps.find((c) => c.key === 'bp-diastolic')?.value, ['mm[Hg]']);
    if (sys === undefined) unreadable.push('blood-pressure');
    else round.systolicBp = sys;
    if (dia !== undefined) round.diastolicBp = dia;
  }
  const avpu = items.avpu;
  if (avpu !== undefined) {
    const s = scalarOf(avpu);
    if (s?.kind === 'codeable' && isAvpu(s.code)) round.avpu = s.code;
    else unreadable.push('avpu');
  }
  const seizure = items.seizure;
  if (seizure !== undefined) {
    const s = scalarOf(seizure);
    if (s?.kind === 'boolean') round.seizure = s.value;
  }
  // The charted concern escalates on its own when read back, as it did at entry (§3.4.3–4).
  const concern = items['escalation-concern'];
  if (concern !== undefined) {
    const c = answerOf('escalation-concern', concern);
    if (c === undefined) unreadable.push('escalation-concern');
    else if (c !== 'none') round.concern = c;
  }
  return { round, inhaledOxygen, unreadable };
}

/** Group vital signs and ITB checks into rounds, oldest first. */
export function groupRounds(records: readonly ObservationRecord[]): RecordedRound[] {
  const groups = new Map<string, ObservationRecord[]>();
  for (const r of records) {
    if (!ROUND_VITALS.has(r.key) && !CHECKS.has(r.key)) continue;
    const key = r.groupId ?? `at:${r.effective ?? r.id}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const rounds: RecordedRound[] = [];
  for (const [key, list] of groups) {
    const items: Partial<Record<ItemKey, ObservationRecord>> = {};
    // Newest wins when an item repeats within a group (e.g. a correction charted elsewhere).
    for (const r of [...list].sort((a, b) => (timeOf(a.effective)?.getTime() ?? 0) - (timeOf(b.effective)?.getTime() ?? 0))) items[r.key] = r;
    const vitals = list.filter((r) => ROUND_VITALS.has(r.key));
    const effective = (vitals[0] ?? list[0])?.effective;
    const { round, inhaledOxygen, unreadable } = roundFromRecords(items);
    rounds.push({
      key,
      groupId: list[0]?.groupId,
      effective,
      at: timeOf(effective),
      items,
      round,
      inhaledOxygen,
      unreadable,
      amended: list.some((r) => r.status === 'amended' || r.status === 'corrected'),
      concern: answerOf('escalation-concern', items['escalation-concern']),
      zoneShown: answerOf('escalation-zone', items['escalation-zone']),
    });
  }
  return rounds.sort((a, b) => (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0));
}

/** A recorded round's withdrawal/overdose signs: any ITB check answered Yes that is a sign. */
export function roundSignsRecorded(round: RecordedRound): boolean {
  return ITB_CHECKS.some((c) => {
    const v = round.items[c.key]?.value;
    return c.sign !== undefined && v?.kind === 'boolean' && v.value;
  });
}

/** The newest documented test-dose injection (itb-assessment#test-dose-injection). */
export const findInjection = latestTestDoseInjection;

/** The first "voided since the dose: yes" at or after the injection. */
export function findVoidedAt(records: readonly ObservationRecord[], injection: TestDoseInjection | undefined): Date | undefined {
  if (injection === undefined) return undefined;
  const times = records
    .filter((r) => r.key === 'voided-since-dose' && r.value.kind === 'boolean' && r.value.value)
    .map((r) => timeOf(r.effective))
    .filter((t): t is Date => t !== undefined && t.getTime() >= injection.at.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
  return times[0];
}

export type DayRounds = {
  readonly rounds: readonly RecordedRound[];
  readonly injection: TestDoseInjection | undefined;
  readonly voidedAt: Date | undefined;
  readonly issues: readonly ParseIssue[];
  /** More observations than the window holds: the oldest of the day may be missing. */
  readonly hasMore: boolean;
};

export type DayRoundsState =
  | { status: 'pending' }
  | { status: 'error'; error: Error; retry: () => void }
  | { status: 'ready'; data: DayRounds; fetching: boolean };

/** The query keys to invalidate after a save or amendment, so the round appears at once. */
export async function invalidateRounds(queryClient: QueryClient, patientId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['patient', patientId, 'vital-signs'] }),
    queryClient.invalidateQueries({ queryKey: ['patient', patientId, 'assessments'] }),
  ]);
}

/** Vital signs and ITB checks/assessments since `since`, combined into the day's rounds. */
export function useDayRounds(client: FhirClient, patientId: string, since: string, codes: WriteCodeMap): DayRoundsState {
  const vitals = useQuery(vitalSignsQueryOptions(client, patientId, { since, codes }));
  const assessments = useQuery(assessmentsQueryOptions(client, patientId, { since, codes }));
  if (vitals.isError || assessments.isError) {
    const error = vitals.error ?? assessments.error ?? new Error('The observations could not be read.');
    return {
      status: 'error',
      error,
      retry: () => {
        if (vitals.isError) void vitals.refetch();
        if (assessments.isError) void assessments.refetch();
      },
    };
  }
  if (vitals.isPending || assessments.isPending) return { status: 'pending' };
  // A record carrying both categories comes back from both searches: keep one copy.
  const seen = new Set<string>();
  const all = [...vitals.data.items, ...assessments.data.items].filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
  const injection = findInjection(assessments.data.items);
  return {
    status: 'ready',
    fetching: vitals.isFetching || assessments.isFetching,
    data: {
      rounds: groupRounds(all),
      injection,
      voidedAt: findVoidedAt(assessments.data.items, injection),
      issues: [...vitals.data.issues, ...assessments.data.issues],
      hasMore: vitals.data.hasMore || assessments.data.hasMore,
    },
  };
}
