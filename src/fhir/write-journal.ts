/**
 * The write journal: for each group of writes (a round, an amendment, an assessment, a verdict, a
 * test-dose injection, a refill visit), which items were sent, which the EHR confirmed and which
 * are unknown (sent, no answer). Kept in sessionStorage beside the drafts, namespaced by patient,
 * so a reload or a relaunch in the same tab knows what the previous page may have written before
 * anything is created again (issue 14). Never localStorage: nothing clinical outlives the tab.
 *
 * One journal for every kind of entry: `saveObservationGroup` keeps it, so a feature adopts it by
 * saving through that function with a stable group id. The journal of a group is removed only
 * when the group is confirmed complete and checked for extra copies; a discarded entry keeps it,
 * so `pendingGroups` can reconcile it before a later entry is written.
 */
import { z } from '../zod-jitless';

export type JournalItemState = 'sent' | 'confirmed' | 'unknown';

const itemSchema = z.object({
  state: z.enum(['sent', 'confirmed', 'unknown']),
  id: z.optional(z.string()),
  versionId: z.optional(z.string()),
  /** What was last sent for the item (write.ts valueSignature), so a later page can compare the chart's value. */
  signature: z.optional(z.string()),
  /** Observation unless said (a refill visit's Procedure is an item of its group too). */
  resourceType: z.optional(z.enum(['Observation', 'Procedure'])),
});

const groupSchema = z.object({
  version: z.literal(1),
  patientId: z.string().check(z.minLength(1)),
  groupId: z.string().check(z.minLength(1)),
  /** What the group is (e.g. 'round', 'assessment'), for the message when it is resumed. */
  kind: z.string().check(z.minLength(1)),
  items: z.record(z.string(), itemSchema),
  /** The page that last sent (a reload makes a new page): its writes may still be in flight. */
  pageId: z.optional(z.string()),
  /** When the last write of the group was sent (epoch ms). */
  lastSentAt: z.optional(z.number()),
  /** The user discarded the entry after failures; it is kept to be reconciled, not re-sent. */
  discarded: z.optional(z.boolean()),
  /** Every item confirmed and the entry's draft cleared; kept only because copies are still to be retired. */
  complete: z.optional(z.boolean()),
  /** What the user would call the entry ("round of 24 Nov 2026 10:15"), for the message on resume. */
  label: z.optional(z.string()),
});
export type GroupJournal = z.infer<typeof groupSchema>;

/** This page's id: a reload gets a new one, so writes sent by the page before it are told apart. */
export const PAGE_ID: string = typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `page-${Date.now()}`;

export interface WriteJournal {
  get(groupId: string): GroupJournal | undefined;
  /** Change (or start) a group's journal; `kind` names it when it is new. */
  update(groupId: string, kind: string, change: (g: GroupJournal) => GroupJournal): GroupJournal;
  remove(groupId: string): void;
  /** Groups of this patient still open: not confirmed complete, or not yet checked for copies. */
  list(): GroupJournal[];
}

const PREFIX = 'itb:journal:';
export const journalKey = (patientId: string, groupId: string): string => `${PREFIX}${patientId}:${groupId}`;

/** The journal in a Storage (sessionStorage in the app). Blocked storage: a journal that forgets. */
export function storageJournal(storage: Storage, patientId: string): WriteJournal {
  const read = (key: string): GroupJournal | undefined => {
    let raw: string | null;
    try {
      raw = storage.getItem(key);
    } catch {
      return undefined;
    }
    if (raw === null) return undefined;
    try {
      const parsed = groupSchema.safeParse(JSON.parse(raw));
      if (parsed.success && parsed.data.patientId === patientId) return parsed.data;
    } catch {
      // Not JSON: dropped below.
    }
    try {
      storage.removeItem(key);
    } catch {
      // Nothing to clear.
    }
    return undefined;
  };
  return {
    get: (groupId) => read(journalKey(patientId, groupId)),
    update(groupId, kind, change) {
      const current = read(journalKey(patientId, groupId)) ?? { version: 1, patientId, groupId, kind, items: {} };
      const next = change(current);
      try {
        storage.setItem(journalKey(patientId, groupId), JSON.stringify(next));
      } catch {
        // Quota or blocked: the save goes on; only reload survival is lost.
      }
      return next;
    },
    remove(groupId) {
      try {
        storage.removeItem(journalKey(patientId, groupId));
      } catch {
        // Nothing to clear.
      }
    },
    list() {
      const out: GroupJournal[] = [];
      const prefix = `${PREFIX}${patientId}:`;
      let keys: string[];
      try {
        keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter((k): k is string => k?.startsWith(prefix) === true);
      } catch {
        return out;
      }
      for (const k of keys) {
        const g = read(k);
        if (g !== undefined) out.push(g);
      }
      return out;
    },
  };
}

/** The app's journal for a patient: sessionStorage where the browser has it, else undefined. */
export function sessionJournal(patientId: string): WriteJournal | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : storageJournal(sessionStorage, patientId);
  } catch {
    return undefined;
  }
}

/**
 * Groups an earlier page left open for this patient (this page's own are its own business). Here
 * beside the journal, not with the resume, so the launch's check for leftovers loads no write code.
 */
export function leftoverGroups(journal: WriteJournal | undefined): GroupJournal[] {
  return (journal?.list() ?? []).filter((g) => g.pageId !== undefined && g.pageId !== PAGE_ID);
}

/** Items sent by another page (before a reload) whose outcome this page has not seen. */
export function inFlightFromEarlierPage(g: GroupJournal | undefined, pageId: string): number {
  if (g === undefined || g.pageId === undefined || g.pageId === pageId) return 0;
  return Object.values(g.items).filter((i) => i.state !== 'confirmed').length;
}

/** Mark items sent, now, from this page; `signatures` records the value sent for each. */
export const markSent = (
  g: GroupJournal,
  itemIds: readonly string[],
  at: number,
  pageId: string,
  signatures?: ReadonlyMap<string, string>,
  resourceType?: 'Procedure',
): GroupJournal => ({
  ...g,
  pageId,
  lastSentAt: at,
  items: {
    ...g.items,
    ...Object.fromEntries(
      itemIds.map((id) => {
        const signature = signatures?.get(id) ?? g.items[id]?.signature;
        return [id, { ...g.items[id], state: 'sent' as const, ...(signature === undefined ? {} : { signature }), ...(resourceType === undefined ? {} : { resourceType }) }];
      }),
    ),
  },
});

/** Record what the EHR answered: confirmed (with id/version) or unknown (no answer, or refused). */
export const markOutcome = (
  g: GroupJournal,
  outcomes: readonly { itemId: string; confirmed: boolean; id?: string | undefined; versionId?: string | undefined }[],
): GroupJournal => ({
  ...g,
  items: {
    ...g.items,
    ...Object.fromEntries(
      outcomes
        .filter((o) => o.confirmed || g.items[o.itemId] !== undefined)
        .map((o) => [
          o.itemId,
          o.confirmed
            ? {
                ...g.items[o.itemId],
                state: 'confirmed' as const,
                ...(o.id === undefined ? {} : { id: o.id }),
                ...(o.versionId === undefined ? {} : { versionId: o.versionId }),
              }
            : { ...g.items[o.itemId], state: 'unknown' as const },
        ]),
    ),
  },
});
