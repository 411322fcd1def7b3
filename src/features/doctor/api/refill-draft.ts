/**
 * The refill visit being entered survives a reload (an embedded EHR view reloads on "As Of"
 * refresh), kept beside the round and assessment drafts (session/session-draft.ts) under
 * `itb:draft:refill:<patientId>`, and cleared once the refill is saved. The visit id made when the
 * entry started travels with it, so a retry after a reload reuses it and the write journal
 * recognises what the earlier page wrote (no second Procedure).
 */
import { z } from '../../../zod-jitless';
import { clearSessionDraft, loadSessionDraft, saveSessionDraft, sessionDraftKey } from '../../../session/session-draft';

export const refillDraftKey = (patientId: string): string => sessionDraftKey('refill', patientId);

export const refillFormSchema = z.object({
  time: z.string(),
  residual: z.string(),
  fill: z.string(),
  /** A supplied strength as text, or 'other'. */
  concentrationChoice: z.string(),
  otherConcentration: z.string(),
  otherConfirmed: z.boolean(),
  dose: z.string(),
  /** The dose text confirmed although below the low-dose limit (a milligram figure typed as micrograms?). */
  lowDoseConfirmedFor: z.optional(z.string()),
  mode: z.enum(['simple-continuous', 'flex']),
  flexSteps: z.string(),
  programmerDate: z.string(),
  performedBy: z.string(),
});
export type RefillForm = z.infer<typeof refillFormSchema>;

const refillDraftSchema = z.object({
  version: z.literal(1),
  patientId: z.string().check(z.minLength(1)),
  /** The visit's UUID (newEntryId()), made when the entry started. */
  visitId: z.uuid(),
  /** A save was attempted: the next save is a retry (search before writing). */
  attempted: z.boolean(),
  /** The Procedure an earlier attempt confirmed. */
  procedureId: z.optional(z.string().check(z.minLength(1))),
  phase: z.enum(['entry', 'review']),
  form: refillFormSchema,
});
export type RefillDraft = z.infer<typeof refillDraftSchema>;

export const loadRefillDraft = (storage: Storage, patientId: string): RefillDraft | undefined => loadSessionDraft(storage, 'refill', patientId, refillDraftSchema);
export const saveRefillDraft = (storage: Storage, draft: RefillDraft): void => saveSessionDraft(storage, 'refill', draft);
export const clearRefillDraft = (storage: Storage, patientId: string): void => clearSessionDraft(storage, 'refill', patientId);

/** Whether anything was typed or attempted beyond what the view opened with: only then is a draft kept. */
export function refillDraftWorthKeeping(d: Pick<RefillDraft, 'attempted' | 'phase' | 'form'>, opened: RefillForm): boolean {
  return d.attempted || d.phase === 'review' || (Object.keys(refillFormSchema.shape) as (keyof RefillForm)[]).some((k) => d.form[k] !== opened[k]);
}
