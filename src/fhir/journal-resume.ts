/**
 * Resuming write journals left by an earlier page (a reload, or a relaunch in the same tab), at
 * launch, before anything is written again (issue 14). For every group an earlier page sent and
 * did not close — a round, an assessment, a refill visit, whatever its kind — the app waits
 * (bounded) for what that page may still have had in flight, searches by the group's identifier,
 * retires extra copies as one step, compares the chart's values with the last ones sent, and says
 * what it found. Nothing is created here: an entry still being entered is finished by its own save
 * (which then finds what is already there); a discarded or already-saved one is only checked.
 */
import { z } from '../zod-jitless';
import type { WriteStrategy } from './capabilities';
import { SYSTEM } from './codes';
import { searchPages, searchUrl, type FhirClient } from './client';
import { identifierValue } from './concept';
import { toFhirError, type FhirError } from './errors';
import { COPY_ORIGIN_TEXT, retireDuplicateCopies, type CopyOrigin, type WrittenType } from './rounds-duplicates';
import { findWrittenByIdentifier, settleEarlierWrites, transactionsRefusedFor, type SaveProgress, type WrittenItem } from './write';
import { PAGE_ID, inFlightFromEarlierPage, leftoverGroups, sessionJournal, type GroupJournal, type WriteJournal } from './write-journal';

export type ResumedGroup = {
  readonly groupId: string;
  readonly kind: string;
  /** What the user calls it: the journal's label, else the kind ("round"). */
  readonly name: string;
  /** Where the entry stands: still being entered (its draft saves it), discarded, or saved. */
  readonly stage: 'open' | 'discarded' | 'saved';
  /** Items the earlier page sent. */
  readonly sent: number;
  /** Of those, found in the chart (one live copy each after the clean-up). */
  readonly found: number;
  /** Sent, and not in the chart after the wait: never stored. */
  readonly missing: readonly string[];
  /** In the chart with a value other than the last one sent. */
  readonly mismatched: readonly string[];
  readonly retired: number;
  /** Extra copies that could not be marked entered-in-error (to be marked in the EHR). */
  readonly unretired: readonly string[];
  readonly origin: CopyOrigin;
  /** The check itself failed: nothing is known, the journal is kept for the next try. */
  readonly error: FhirError | undefined;
  /** The whole message, said as it is. */
  readonly text: string;
};

export type ResumeResult = { readonly waitedMs: number; readonly groups: readonly ResumedGroup[] };

const KIND_NAMES: Record<string, string> = {
  round: 'round',
  assessment: 'assessment',
  refill: 'refill visit',
  verdict: 'test-dose verdict',
  injection: 'test-dose injection',
  amendment: 'amendment',
};

export { leftoverGroups };

const procedureShape = z.looseObject({
  resourceType: z.literal('Procedure'),
  id: z.string(),
  status: z.string(),
  identifier: z.optional(z.array(z.object({ system: z.optional(z.string()), value: z.optional(z.string()) }))),
});

/** The group's live Procedures, by item id (a refill visit has one, `procedure`). */
async function findWrittenProcedures(client: FhirClient, patientId: string, groupId: string, signal?: AbortSignal): Promise<Map<string, string>> {
  const url = searchUrl('Procedure', [
    ['patient', patientId],
    ['identifier', `${SYSTEM.entryGroupId}|${groupId}`],
  ]);
  const page = await searchPages(client, url, { maxPages: 2, ...(signal === undefined ? {} : { signal }) });
  const found = new Map<string, string>();
  for (const raw of page.resources) {
    const p = procedureShape.safeParse(raw);
    if (!p.success || p.data.status === 'entered-in-error') continue;
    const entry = identifierValue(p.data.identifier, SYSTEM.clientEntryId);
    if (entry?.startsWith(`${groupId}:`) === true) found.set(entry.slice(groupId.length + 1), p.data.id);
  }
  return found;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function describe(g: Omit<ResumedGroup, 'text'>): string {
  const what = `The ${g.name}`;
  if (g.error !== undefined) {
    return `${what} sent before the page reloaded could not be checked in the chart: ${g.error.message} ${
      g.stage === 'open' ? 'Saving it again checks first, so nothing is written twice.' : 'It is checked again when the app next opens.'
    }`;
  }
  const copies =
    g.retired === 0
      ? ''
      : ` ${plural(g.retired, 'extra copy', 'extra copies')} made by ${COPY_ORIGIN_TEXT[g.origin]} ${g.retired === 1 ? 'was' : 'were'} marked entered-in-error.`;
  const unretired = g.unretired.length === 0 ? '' : ` The chart still holds an extra copy of ${g.unretired.join(', ')} that could not be marked entered-in-error: mark it in the EHR.`;
  const values =
    g.mismatched.length === 0
      ? ''
      : ` The chart holds another value than the one last sent for ${g.mismatched.join(', ')}${g.stage === 'open' ? ': saving the entry corrects it (status amended).' : ': check it in the chart.'}`;
  const count = `${g.found} of the ${plural(g.sent, 'item', 'items')} sent`;
  switch (g.stage) {
    case 'open':
      return `${what} you were saving before the page reloaded: ${count} ${g.found === 1 ? 'is' : 'are'} in the chart${g.missing.length === 0 ? '' : `, ${g.missing.length} never arrived`}.${copies}${unretired}${values} Nothing was written again; saving it writes only what is missing.`;
    case 'discarded':
      return `${what} you discarded after failed saves: ${count} ${g.found === 1 ? 'was' : 'were'} stored in the EHR before the replies were lost${g.found === 0 ? '' : ', and stand in the chart'}.${copies}${unretired}${values}${g.found === 0 ? '' : ' Amend them, or mark them entered in error, if they should not stand.'}`;
    case 'saved':
      return `${what} saved before the page reloaded is in the chart (${count}).${copies}${unretired}${values}`;
    default:
      return g.stage satisfies never;
  }
}

/** Reconcile one group from its journal: search, retire copies, compare. Never creates. */
export async function reconcileJournalGroup(
  client: FhirClient,
  patientId: string,
  group: GroupJournal,
  strategy: WriteStrategy,
  options: { readonly journal?: WriteJournal | undefined; readonly signal?: AbortSignal | undefined; readonly earlierPage?: boolean } = {},
): Promise<ResumedGroup> {
  const { groupId } = group;
  const stage: ResumedGroup['stage'] = group.discarded === true ? 'discarded' : group.complete === true ? 'saved' : 'open';
  const name = group.label ?? KIND_NAMES[group.kind] ?? 'entry';
  const itemIds = Object.keys(group.items);
  const typeOf = (itemId: string): WrittenType => group.items[itemId]?.resourceType ?? 'Observation';
  const origin: CopyOrigin = (options.earlierPage ?? inFlightFromEarlierPage(group, PAGE_ID) > 0) ? 'earlier-page' : 'resend';
  const base = { groupId, kind: group.kind, name, stage, sent: itemIds.length, origin };
  let retired = 0;
  const unretired: string[] = [];
  try {
    if (!strategy.conditionalCreate) {
      // Only without If-None-Exist can a resend or a racing retry have made a second copy.
      for (const resourceType of new Set(itemIds.map(typeOf))) {
        const confirmed = new Map(itemIds.filter((i) => typeOf(i) === resourceType).map((i) => [i, group.items[i]?.id]));
        const r = await retireDuplicateCopies(client, patientId, groupId, confirmed, {
          origin,
          resourceType,
          batch: strategy.mode === 'transaction' && !transactionsRefusedFor(client),
        });
        retired += r.retired;
        unretired.push(...r.failed.map((f) => `${f.itemId} (${resourceType}/${f.id})`));
      }
    }
    const observations = itemIds.some((i) => typeOf(i) === 'Observation') ? await findWrittenByIdentifier(client, patientId, groupId, options.signal) : new Map<string, WrittenItem>();
    const procedures = itemIds.some((i) => typeOf(i) === 'Procedure') ? await findWrittenProcedures(client, patientId, groupId, options.signal) : new Map<string, string>();
    const missing: string[] = [];
    const mismatched: string[] = [];
    const confirmedNow: Record<string, { id: string; versionId?: string }> = {};
    for (const itemId of itemIds) {
      const item = group.items[itemId];
      if (typeOf(itemId) === 'Procedure') {
        const id = procedures.get(itemId);
        if (id === undefined) missing.push(itemId);
        else confirmedNow[itemId] = { id };
        continue;
      }
      const found = observations.get(itemId);
      if (found === undefined) {
        missing.push(itemId);
        continue;
      }
      confirmedNow[itemId] = { id: found.id, ...(found.versionId === undefined ? {} : { versionId: found.versionId }) };
      if (item?.signature !== undefined && item.signature !== found.signature) mismatched.push(itemId);
    }
    const result = { ...base, found: itemIds.length - missing.length, missing, mismatched, retired, unretired, error: undefined };
    const journal = options.journal;
    if (stage !== 'open' && unretired.length === 0 && mismatched.length === 0) {
      // Checked and said: nothing is left for the app to do with it.
      journal?.remove(groupId);
    } else {
      // What is in the chart is known now: the entry's own save finds it without waiting again. An
      // item not found yet stays the earlier page's: its create may still land (an EHR slower than
      // the settle wait), so the save that creates it again watches for that copy before "saved"
      // (issue 14: claimed as this page's, 6 copies landed behind "Saved" with writes held 5 s).
      journal?.update(groupId, group.kind, (g) => ({
        ...g,
        pageId: missing.length === 0 ? PAGE_ID : g.pageId,
        items: Object.fromEntries(
          Object.entries(g.items).map(([k, v]) => {
            const c = confirmedNow[k];
            return [k, c === undefined ? v : { ...v, state: 'confirmed' as const, ...c }];
          }),
        ),
      }));
    }
    return { ...result, text: describe(result) };
  } catch (e) {
    const result = { ...base, found: 0, missing: [], mismatched: [], retired, unretired, error: toFhirError(e) };
    return { ...result, text: describe(result) };
  }
}

/**
 * At launch: every group an earlier page left, reconciled before anything is written. One bounded
 * wait covers them all (for the latest write any of them sent), then each is checked.
 */
export async function resumeLeftoverJournals(
  client: FhirClient,
  patientId: string,
  strategy: WriteStrategy,
  options: { readonly journal?: WriteJournal | null; readonly settleMs?: number; readonly onProgress?: (p: SaveProgress) => void; readonly signal?: AbortSignal } = {},
): Promise<ResumeResult> {
  const journal = options.journal === undefined ? sessionJournal(patientId) : (options.journal ?? undefined);
  const groups = leftoverGroups(journal);
  if (groups.length === 0) return { waitedMs: 0, groups: [] };
  const latest = groups.reduce((a, b) => ((b.lastSentAt ?? 0) > (a.lastSentAt ?? 0) ? b : a));
  // Wait even where If-None-Exist is honoured: the counts told to the user must not miss writes still landing.
  const { waitedMs } = await settleEarlierWrites(latest, { conditionalCreate: false }, { settleMs: options.settleMs, onProgress: options.onProgress, signal: options.signal });
  const out: ResumedGroup[] = [];
  for (const g of groups) {
    out.push(await reconcileJournalGroup(client, patientId, g, strategy, { journal, signal: options.signal, earlierPage: inFlightFromEarlierPage(g, PAGE_ID) > 0 }));
  }
  return { waitedMs, groups: out };
}
