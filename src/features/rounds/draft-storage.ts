/**
 * A half-entered round survives a reload of the app (issue 5): it is kept in sessionStorage,
 * namespaced by patient so two children's drafts can never mix, and cleared once the round is
 * saved. Never localStorage: nothing clinical outlives the browser session. The group id made when
 * the entry started travels with the draft, so a retry after a reload reuses it and the FHIR
 * layer recognises what was already written (no duplicates).
 */
import { z } from '../../zod-jitless';
import { roundFormValuesSchema, type RoundFormValues } from './round-form';
import { clearSessionDraft, loadSessionDraft, saveSessionDraft, sessionDraftKey } from '../../session/session-draft';

export const draftKey = (patientId: string): string => sessionDraftKey('round', patientId);

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
  return loadSessionDraft(storage, 'round', patientId, roundDraftSchema);
}

export function saveRoundDraft(storage: Storage, draft: RoundDraft): void {
  saveSessionDraft(storage, 'round', draft);
}

export function clearRoundDraft(storage: Storage, patientId: string): void {
  clearSessionDraft(storage, 'round', patientId);
}

export function newRoundDraft(patientId: string, groupId: string, values: RoundFormValues): RoundDraft {
  return { version: 1, patientId, groupId, attempted: false, values };
}
