/**
 * Daily doses a clinician confirmed from an order that states its dose only in text (or with a
 * comparator): kept for this browser session only, in sessionStorage keyed by patient and order
 * id (never localStorage: nothing clinical outlives the session), shared by the doctor view, the
 * action plan and emergency mode. A confirmation holds only while the order still states the same
 * figure: if the order changes, the figure must be confirmed again.
 *
 * The same store keeps weights a clinician confirmed although they are outside the usual range
 * for the child's age (key `weight:<Observation id>`, value the kg confirmed): the rescue dose
 * uses such a weight only once confirmed, and only while the record still says the same weight.
 */
import { useCallback } from 'react';
import { z } from '../zod-jitless';
import { withConfirmedDoses, type ItbMedications } from '../fhir';
import { createSessionStore } from './session-store';

/** Order id → the micrograms/day the clinician confirmed. */
const storedSchema = z.record(z.string(), z.number().check(z.positive()));
export type ConfirmedDoses = Readonly<Record<string, number>>;

/** The one per-patient session store (session-store.ts), as the entered weight and refill use. */
const store = createSessionStore<ConfirmedDoses>('confirmed-dose', storedSchema);
export const confirmedDosesKey = store.key;

const EMPTY: ConfirmedDoses = Object.freeze({});

export function loadConfirmedDoses(patientId: string): ConfirmedDoses {
  return store.load(patientId) ?? EMPTY;
}

export function confirmDose(patientId: string, orderId: string, dailyDose: number): void {
  store.save(patientId, { ...loadConfirmedDoses(patientId), [orderId]: dailyDose });
}

export function withdrawConfirmedDose(patientId: string, orderId: string): void {
  const next: Record<string, number> = { ...loadConfirmedDoses(patientId) };
  delete next[orderId];
  store.save(patientId, next);
}

const weightKey = (observationId: string): string => `weight:${observationId}`;

/** A weight (kg) from Observation `observationId` confirmed as this child's, for this session. */
export function confirmWeight(patientId: string, observationId: string, kg: number): void {
  confirmDose(patientId, weightKey(observationId), kg);
}

/** Forget the confirmation of the weight `observationId` (its entry was changed or removed). */
export function withdrawConfirmedWeight(patientId: string, observationId: string): void {
  if (loadConfirmedDoses(patientId)[weightKey(observationId)] !== undefined) withdrawConfirmedDose(patientId, weightKey(observationId));
}

/** Test support: forget every snapshot (storage itself is cleared by the test). */
export const resetConfirmedDosesCache = (): void => store.reset();

/** The confirmed doses of this patient, re-rendering when any view confirms or withdraws one. */
export function useConfirmedDoses(patientId: string) {
  const confirmed = store.use(patientId)[0] ?? EMPTY;
  const confirm = useCallback((orderId: string, dose: number) => confirmDose(patientId, orderId, dose), [patientId]);
  const withdraw = useCallback((orderId: string) => withdrawConfirmedDose(patientId, orderId), [patientId]);
  return { confirmed, confirm, withdraw };
}

/** Whether this weight record, with this value, was confirmed in this session; and the confirming action. */
export function useConfirmedWeight(patientId: string, weight: { readonly id: string; readonly kg: number } | undefined) {
  const { confirmed } = useConfirmedDoses(patientId);
  const figure = weight === undefined ? undefined : confirmed[weightKey(weight.id)];
  const isConfirmed = weight !== undefined && figure !== undefined && Math.abs(figure - weight.kg) < 1e-9;
  const confirm = useCallback(() => {
    if (weight !== undefined) confirmWeight(patientId, weight.id, weight.kg);
  }, [patientId, weight]);
  return { isConfirmed, confirm };
}

/**
 * A `select` for the medications query: every view that reads the current dose (doctor, action
 * plan, emergency) sees the same confirmed figures, labelled "confirmed by you from the order text".
 */
export function useSelectConfirmedDoses(patientId: string): (meds: ItbMedications) => ItbMedications {
  const { confirmed } = useConfirmedDoses(patientId);
  return useCallback((meds: ItbMedications) => withConfirmedDoses(meds, confirmed), [confirmed]);
}
