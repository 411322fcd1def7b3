/**
 * A weight the clinician types when the chart has none usable (none recorded, every record
 * unusable, or the read failed), for this session's weight-based figures only: the rescue dose
 * band (Guideline §5.1.4.1), the test-dose band (§3.1.5), the titration check and the plan's
 * weight. Kept in sessionStorage under the patient's id (`session-store.ts`), shared live by the
 * doctor view, the action plan and emergency mode, never written to the EHR, and labelled
 * "entered for this session, not in the chart" wherever it is used.
 *
 * Once the chart holds a usable weight, the chart's is used and the entry is shown as superseded
 * (with a way to clear it): the two are never mixed.
 */
import { useCallback, useMemo } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { z } from '../zod-jitless';
import { checkWeightForAge } from '../domain/weight-for-age';
import { kilograms, toKilograms } from '../domain/units';
import { withWeightForAge, type BodyWeight, type LatestWeight, type WeightForAgeChild } from '../fhir';
import { confirmWeight, withdrawConfirmedWeight } from './confirmed-doses';
import { createSessionStore } from './session-store';
import { useSession } from './session-context';

export type SessionWeightEntry = {
  readonly kg: number;
  /** When it was entered (ISO instant). */
  readonly enteredAt: string;
  /** The signed-in user's reference (`Practitioner/123`), when the launch gave one. */
  readonly enteredBy?: string | undefined;
};

const entrySchema = z.object({
  kg: z.number().check(z.positive()),
  enteredAt: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T/)),
  enteredBy: z.optional(z.string()),
});

export const sessionWeightStore = createSessionStore<SessionWeightEntry>('session-weight', entrySchema);

/** The id the entered weight carries in place of an Observation id (and its for-age confirmation's key). */
export const SESSION_WEIGHT_ID = 'session-entered-weight';

/** The chart's weight, as far as the read tells. */
export type ChartWeightState = 'pending' | 'recorded' | 'none-recorded' | 'none-usable' | 'read-failed';

export type SessionWeightUse =
  /** Nothing entered (or nothing to enter while the chart has a usable weight). */
  | { readonly status: 'none'; readonly chart: ChartWeightState }
  /** The entered weight stands in for the chart's missing one. */
  | { readonly status: 'used'; readonly entry: SessionWeightEntry; readonly chart: Exclude<ChartWeightState, 'recorded'> }
  /** The chart now has a usable weight: it is used; the entry is not. */
  | { readonly status: 'superseded'; readonly entry: SessionWeightEntry; readonly chartWeight: BodyWeight };

/** May the clinician enter a weight? Only while the chart has none usable. */
export const mayEnterWeight = (use: SessionWeightUse): boolean => use.status === 'none' && (use.chart === 'none-recorded' || use.chart === 'none-usable' || use.chart === 'read-failed');

function chartState(read: LatestWeight | undefined, readFailed: boolean): ChartWeightState {
  if (readFailed) return 'read-failed';
  if (read === undefined) return 'pending';
  if (read.latest !== undefined && read.latest.effective !== undefined) return 'recorded';
  return read.latest !== undefined || read.skippedNewer.length > 0 || read.issues.length > 0 || read.items.length > 0 ? 'none-usable' : 'none-recorded';
}

/**
 * The entry as the weight every figure reads, checked against the child's age on the day it was
 * entered. Its time is when it was entered, but never after `notAfter` (the instant the view
 * calculates at: the doctor view's opening time, the plan's and emergency mode's as-of time), so
 * a weight typed after the view opened is current for it, not "in the future"; the label keeps
 * the real time of entry.
 */
export function enteredBodyWeight(entry: SessionWeightEntry, child: WeightForAgeChild | undefined, notAfter?: Date): BodyWeight {
  const effective = notAfter !== undefined && notAfter.getTime() < Date.parse(entry.enteredAt) ? notAfter.toISOString() : entry.enteredAt;
  const check =
    child === undefined || child.birthDateProblem !== undefined
      ? undefined
      : checkWeightForAge({ kg: entry.kg, recordedAt: effective, birthDate: child.birthDate, sex: child.sex });
  const forAge = check?.ok === true && check.value.status === 'checked' ? { plausible: check.value.plausible, message: check.value.message } : undefined;
  return {
    id: SESSION_WEIGHT_ID,
    kg: kilograms(entry.kg),
    original: { value: entry.kg, unit: 'kg' },
    effective,
    enteredForSession: { at: entry.enteredAt, ...(entry.enteredBy === undefined ? {} : { by: entry.enteredBy }) },
    ...(forAge === undefined ? {} : { forAge }),
  };
}

/**
 * The weight read (already checked against age) with this session's entry applied where the
 * chart has no usable weight. A failed read stays failed (the caller still names it); the entry
 * is then the weight the figures use, labelled.
 */
export function withSessionWeight(
  read: LatestWeight | undefined,
  readFailed: boolean,
  entry: SessionWeightEntry | undefined,
  child: WeightForAgeChild | undefined,
  notAfter?: Date,
): { readonly read: LatestWeight | undefined; readonly use: SessionWeightUse } {
  const chart = chartState(read, readFailed);
  if (entry === undefined || chart === 'pending') return { read, use: { status: 'none', chart } };
  if (chart === 'recorded' && read?.latest !== undefined) return { read, use: { status: 'superseded', entry, chartWeight: read.latest } };
  if (chart === 'recorded') return { read, use: { status: 'none', chart } };
  const entered = enteredBodyWeight(entry, child, notAfter);
  const base: LatestWeight = read ?? { items: [], issues: [], latest: undefined, skippedNewer: [] };
  // A chart weight without a date cannot be used, but is named, never hidden behind the entry.
  const undated = base.latest;
  const issues =
    undated === undefined
      ? base.issues
      : [...base.issues, { resourceType: 'Observation', id: undated.id, path: 'effectiveDateTime', message: `weight ${undated.original.value} ${undated.original.unit} has no date: not used; the weight entered for this session is used instead` }];
  return { read: { ...base, issues, latest: entered }, use: { status: 'used', entry, chart } };
}

export type EnteredWeightCheck =
  | { readonly ok: false; readonly error: string }
  | {
      readonly ok: true;
      readonly kg: number;
      /** Against the weight-for-age chart: implausible needs the clinician's confirmation before it is used. */
      readonly forAge: { readonly status: 'plausible' | 'implausible' | 'unchecked'; readonly message: string };
    };

/**
 * A typed weight: a plain positive number of kg (no unit typed: the unit is shown beside the
 * field), within the app's 1–150 kg bounds, then against the weight-for-age chart for the child's
 * age today. Outside ±4 SD for age it is flagged and needs confirming; nothing is used silently.
 */
export function checkEnteredWeight(raw: string, child: WeightForAgeChild | undefined, enteredAt: string): EnteredWeightCheck {
  const text = raw.trim();
  if (text === '') return { ok: false, error: 'Enter the weight in kg.' };
  if (!/^\d+(\.\d+)?$/.test(text)) return { ok: false, error: 'Enter the weight as a number of kg, with a decimal point if needed (e.g. 19.5).' };
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) return { ok: false, error: 'The weight must be more than 0 kg.' };
  const kg = toKilograms(value, 'kg');
  if (!kg.ok) return { ok: false, error: kg.error.message };
  if (child === undefined || child.birthDateProblem !== undefined) {
    return { ok: true, kg: kg.value, forAge: { status: 'unchecked', message: 'Weight not checked against age: the birth date is not known.' } };
  }
  const check = checkWeightForAge({ kg: kg.value, recordedAt: enteredAt, birthDate: child.birthDate, sex: child.sex });
  if (!check.ok) return { ok: false, error: check.error.message };
  const c = check.value;
  if (c.status === 'unchecked') return { ok: true, kg: kg.value, forAge: { status: 'unchecked', message: c.reason } };
  return { ok: true, kg: kg.value, forAge: { status: c.plausible ? 'plausible' : 'implausible', message: c.message } };
}

export type SessionWeight = {
  readonly use: SessionWeightUse;
  /** Keep `kg` for this session; `checkedForAge` when the clinician confirmed an implausible weight. */
  readonly enter: (kg: number, checkedForAge: boolean) => void;
  readonly clear: () => void;
};

/**
 * The weight query of a view with the for-age check (issue 15) and this session's entered weight
 * applied: the one place the doctor view, the action plan and emergency mode get the weight their
 * figures use.
 */
export function useWeightWithSession<Q extends Pick<UseQueryResult<LatestWeight>, 'data' | 'isError'>>(
  weight: Q,
  patient: WeightForAgeChild | undefined,
  timeZone: string,
  /** The instant the view calculates at (see `enteredBodyWeight`). */
  notAfter: Date | undefined,
): { readonly weight: Q; readonly session: SessionWeight } {
  const { patientId, fhirUser } = useSession();
  const [entry, setEntry] = sessionWeightStore.use(patientId);
  const read = weight.data;
  const checked = useMemo(() => (read === undefined ? undefined : withWeightForAge(read, patient, timeZone)), [read, patient, timeZone]);
  const notAfterMs = notAfter?.getTime();
  const applied = useMemo(
    () => withSessionWeight(checked, weight.isError, entry, patient, notAfterMs === undefined ? undefined : new Date(notAfterMs)),
    [checked, weight.isError, entry, patient, notAfterMs],
  );
  const merged = useMemo(() => ({ ...weight, data: applied.read }), [weight, applied.read]);
  const enter = useCallback(
    (kg: number, checkedForAge: boolean) => {
      if (checkedForAge) confirmWeight(patientId, SESSION_WEIGHT_ID, kg);
      else withdrawConfirmedWeight(patientId, SESSION_WEIGHT_ID);
      setEntry({ kg, enteredAt: new Date().toISOString(), ...(fhirUser === undefined ? {} : { enteredBy: fhirUser }) });
    },
    [patientId, fhirUser, setEntry],
  );
  const clear = useCallback(() => {
    withdrawConfirmedWeight(patientId, SESSION_WEIGHT_ID);
    setEntry(undefined);
  }, [patientId, setEntry]);
  return { weight: merged, session: { use: applied.use, enter, clear } };
}
