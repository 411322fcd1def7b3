/**
 * The one place an entry being typed is kept across a reload (issue 5, issue 14): sessionStorage
 * only, under `itb:draft:<kind>:<patientId>`, so two children's drafts never mix and nothing
 * clinical outlives the browser session. Read back through the caller's schema: a stored value
 * that no longer fits is dropped, never trusted. Blocked or full storage only costs reload survival.
 * Rounds and the refill visit keep their drafts here.
 */
import type { z } from '../zod-jitless';

export const sessionDraftKey = (kind: string, patientId: string): string => `itb:draft:${kind}:${patientId}`;

/** The draft kept for this kind and patient, or undefined; one that does not parse (or names another patient) is removed. */
export function loadSessionDraft<T extends { readonly patientId: string }>(storage: Storage, kind: string, patientId: string, schema: z.ZodMiniType<T>): T | undefined {
  const key = sessionDraftKey(kind, patientId);
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    clearSessionDraft(storage, kind, patientId);
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success || parsed.data.patientId !== patientId) {
    clearSessionDraft(storage, kind, patientId);
    return undefined;
  }
  return parsed.data;
}

export function saveSessionDraft(storage: Storage, kind: string, draft: { readonly patientId: string }): void {
  try {
    storage.setItem(sessionDraftKey(kind, draft.patientId), JSON.stringify(draft));
  } catch {
    // Quota or blocked storage: the entry stays on screen; nothing else to do.
  }
}

export function clearSessionDraft(storage: Storage, kind: string, patientId: string): void {
  try {
    storage.removeItem(sessionDraftKey(kind, patientId));
  } catch {
    // Nothing stored to clear.
  }
}
