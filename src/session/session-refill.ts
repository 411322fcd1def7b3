/**
 * Refill facts the clinician types when the EHR does not hold them (date of the last refill, fill
 * volume, concentration), used by this session's forecast, action plan and emergency mode, and
 * always labelled "entered by you for this session, not saved to the EHR". Kept in sessionStorage
 * under the patient's id (never localStorage; `session-store.ts`): gone when the tab closes, never
 * shared between patients.
 */
import { z } from '../zod-jitless';
import { microgramsPerMl, millilitres } from '../domain/units';
import type { PumpInfo, Refill } from '../fhir';
import { createSessionStore } from './session-store';

export type SessionRefillEntry = {
  /** A calendar date, YYYY-MM-DD. */
  readonly performed?: string | undefined;
  readonly fillVolume?: number | undefined;
  readonly concentration?: number | undefined;
  /** The EHR refill these facts complete; absent when the EHR has no refill at all. */
  readonly forProcedureId?: string | undefined;
};

const entrySchema = z.object({
  performed: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
  fillVolume: z.optional(z.number().check(z.positive())),
  concentration: z.optional(z.number().check(z.positive())),
  forProcedureId: z.optional(z.string()),
});

/** Kept per patient in sessionStorage (`itb:session-refill:<patientId>`), shared live by the views that use it. */
export const sessionRefillStore = createSessionStore<SessionRefillEntry>('session-refill', entrySchema);

/** The entry for one patient, and a setter that keeps sessionStorage in step. */
export function useSessionRefill(patientId: string): readonly [SessionRefillEntry | undefined, (entry: SessionRefillEntry | undefined) => void] {
  return sessionRefillStore.use(patientId);
}

/**
 * The pump read with the entered facts filled in where the EHR has none. Facts the EHR holds are
 * never replaced. An entry made for one refill does not apply once a newer refill is recorded,
 * and an entered refill is used only while the EHR records none.
 */
/** A date with its day ("2026-08-02…"); a year or month alone ("2026", "2026-08") is not. */
const hasDay = (value: string | undefined): boolean => value !== undefined && /^\d{4}-\d{2}-\d{2}/.test(value);

export function withSessionRefill(pump: PumpInfo, entry: SessionRefillEntry | undefined): PumpInfo {
  if (entry === undefined) return pump;
  const [latest, ...older] = pump.refills;
  const entered = { from: 'entered' } as const;
  if (latest === undefined) {
    if (entry.forProcedureId !== undefined || entry.performed === undefined) return pump;
    const refill: Refill = {
      procedureId: undefined,
      performed: entry.performed,
      performedFrom: entered,
      fillVolume: entry.fillVolume === undefined ? undefined : millilitres(entry.fillVolume),
      concentration: entry.concentration === undefined ? undefined : microgramsPerMl(entry.concentration),
      ...(entry.fillVolume === undefined ? {} : { fillVolumeFrom: entered }),
      ...(entry.concentration === undefined ? {} : { concentrationFrom: entered }),
      refused: [],
    };
    return { ...pump, refills: [refill] };
  }
  if (entry.forProcedureId === undefined || entry.forProcedureId !== latest.procedureId) return pump;
  const completed: Refill = {
    ...latest,
    ...(!hasDay(latest.performed) && entry.performed !== undefined ? { performed: entry.performed, performedFrom: entered } : {}),
    ...(latest.fillVolume === undefined && entry.fillVolume !== undefined ? { fillVolume: millilitres(entry.fillVolume), fillVolumeFrom: entered } : {}),
    ...(latest.concentration === undefined && entry.concentration !== undefined ? { concentration: microgramsPerMl(entry.concentration), concentrationFrom: entered } : {}),
  };
  return { ...pump, refills: [completed, ...older] };
}

/** Which of the last refill's facts were entered this session, in words ("fill volume, concentration"). */
export function enteredFacts(refill: Refill | undefined): string[] {
  if (refill === undefined) return [];
  return [
    refill.performedFrom?.from === 'entered' ? 'date of the last refill' : undefined,
    refill.fillVolumeFrom?.from === 'entered' ? 'fill volume' : undefined,
    refill.concentrationFrom?.from === 'entered' ? 'concentration' : undefined,
  ].filter((t): t is string => t !== undefined);
}
