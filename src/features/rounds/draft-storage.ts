/**
 * A half-entered round survives a reload of the app (issue 5): it is kept in sessionStorage,
 * namespaced by patient so two children's drafts can never mix, and cleared once the round is
 * saved. Never localStorage: nothing clinical outlives the browser session. The group id made when
 * the entry started travels with the draft, so a retry after a reload reuses it and the FHIR
 * layer recognises what was already written (no duplicates).
 */
import { z } from '../../zod-jitless';
import { roundFormValuesSchema, type RoundFormValues } from './round-form';

export const draftKey = (patientId: string): string => `itb:draft:round:${patientId}`;

const roundDraftSchema = z.object({
  version: z.literal(1),
  patientId: z.string().check(z.minLength(1)),
  /** The entry's group UUID (newEntryId()), made when the entry started. */
  groupId: z.uuid(),
  /** A save was attempted: the next save is a retry (search before writing). */
  attempted: z.boolean(),
  values: roundFormValuesSchema,
});
export type RoundDraft = z.infer<typeof roundDraftSchema>;

/** The saved draft for this patient, or undefined. A draft that no longer parses is dropped. */
export function loadRoundDraft(storage: Storage, patientId: string): RoundDraft | undefined {
  let raw: string | null;
  try {
    raw = storage.getItem(draftKey(patientId));
  } catch {
    // Storage blocked (privacy settings): the form still works, only without reload survival.
    return undefined;
  }
  if (raw === null) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    storage.removeItem(draftKey(patientId));
    return undefined;
  }
  const parsed = roundDraftSchema.safeParse(json);
  if (!parsed.success || parsed.data.patientId !== patientId) {
    storage.removeItem(draftKey(patientId));
    return undefined;
  }
  return parsed.data;
}

export function saveRoundDraft(storage: Storage, draft: RoundDraft): void {
  try {
    storage.setItem(draftKey(draft.patientId), JSON.stringify(draft));
  } catch {
    // Quota or blocked storage: the entry stays on screen; nothing else to do.
  }
}

export function clearRoundDraft(storage: Storage, patientId: string): void {
  try {
    storage.removeItem(draftKey(patientId));
  } catch {
    // Nothing stored to clear.
  }
}

export function newRoundDraft(patientId: string, groupId: string, values: RoundFormValues): RoundDraft {
  return { version: 1, patientId, groupId, attempted: false, values };
}
