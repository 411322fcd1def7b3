/**
 * The refill visit's write, all in one place: a completed Procedure (the site's refill code, the
 * pump as `focalDevice`) and its Observations (residual drawn back, fill volume, concentration,
 * and the Clinician Programmer's next refill date when entered) with `partOf` the Procedure.
 *
 * Exactly once, like a round: the Procedure carries the client identifier `{visit}:procedure`
 * and goes with If-None-Exist where conditional create is supported; before a retry (and always
 * where it is not) the app searches for it by that identifier first. The Observations then go
 * through `saveObservationGroup` with the same visit id, so a retry after a lost answer finds
 * what was written and never duplicates. The visit is shown as saved only when every part is
 * confirmed.
 */
import { z } from '../zod-jitless';
import type { WriteStrategy } from './capabilities';
import { SYSTEM } from './codes';
import { searchPages, searchUrl, type FhirClient } from './client';
import { identifierValue } from './concept';
import { FhirError, toFhirError } from './errors';
import { parseResourcesOfType } from './parse';
import type { ObservationDraft, WriteContext } from './build';
import { retireDuplicateCopies } from './rounds-duplicates';
import { lateCopyWatch, saveObservationGroup, send, settleEarlierWrites, type SaveGroupResult } from './write';
import { PAGE_ID, markOutcome, markSent, sessionJournal, type WriteJournal } from './write-journal';

export const REFILL_PROCEDURE_TEXT = 'Intrathecal baclofen pump refill';

/** What the clinician entered, in domain terms (mL, micrograms/mL, micrograms/day). */
export type RefillVisitRecord = {
  /** When the refill was done, ISO 8601 with offset. */
  readonly performedAt: string;
  readonly residualWithdrawnMl: number;
  readonly fillVolumeMl: number;
  readonly concentrationMicrogramsPerMl: number;
  readonly programmedDailyDoseMicrograms: number;
  readonly mode: 'simple-continuous' | 'flex';
  /** Flex steps as programmed, in words ("06:00–18:00 350 micrograms/day; …"). */
  readonly flexSteps?: string | undefined;
  /** The next refill or alarm date shown by the Clinician Programmer, YYYY-MM-DD. */
  readonly programmerNextRefillDate?: string | undefined;
  /** Who did the refill, as typed. */
  readonly performedBy: string;
  /** `Device/{id}` of the pump, when the chart has one. */
  readonly pumpReference?: string | undefined;
  /** Flags the clinician saw and accepted (residual outside tolerance, dose differs...), kept on the note. */
  readonly flags?: readonly string[];
};

export type RefillVisitInput = {
  /** The visit's UUID (newEntryId()), made when the entry starts; reused on every retry. */
  readonly visitId: string;
  readonly record: RefillVisitRecord;
  readonly context: WriteContext;
  readonly strategy: WriteStrategy;
  readonly retry?: boolean;
  /**
   * The Procedure an earlier attempt of this visit confirmed: a retry reuses it, so Observations
   * already written `partOf` it stay with the copy that is kept.
   */
  readonly procedureId?: string | undefined;
  readonly signal?: AbortSignal;
  /** The write journal (sessionStorage by default); null: none. */
  readonly journal?: WriteJournal | null;
  /** Bound on the wait for the earlier page's writes (default EARLIER_WRITES_SETTLE_MS). */
  readonly settleMs?: number;
};

export type RefillVisitResult = {
  readonly visitId: string;
  /** True only when the Procedure and every Observation are confirmed. */
  readonly complete: boolean;
  readonly procedure: { readonly status: 'saved'; readonly id: string; readonly existed: boolean } | { readonly status: 'failed'; readonly error: FhirError };
  /** Undefined when the Procedure was not confirmed (the Observations wait for its id). */
  readonly observations: SaveGroupResult | undefined;
  readonly error: FhirError | undefined;
  /**
   * Where the EHR honours no If-None-Exist, the browser's own resend of a dropped POST can leave a
   * second copy: after a complete save extra copies are marked entered-in-error. Undefined when no
   * check was needed; `failed` names copies to mark in the EHR by hand.
   */
  readonly duplicates?: { readonly retired: number; readonly failed: readonly string[] };
};

const PROCEDURE_ITEM = 'procedure';

const MODE_TEXT: Record<RefillVisitRecord['mode'], string> = { 'simple-continuous': 'simple continuous', flex: 'flex' };

/**
 * The note a reader of the chart sees, and that the procedure reader can parse when a site reads
 * refills as text: "Residual 3 mL withdrawn" is the residual, "Filled 20 mL of 2000
 * micrograms/mL" the fill (procedure-recognition DEFAULT_REFILL_TEXT).
 */
export function refillNote(r: RefillVisitRecord): string {
  const parts = [
    `Residual ${r.residualWithdrawnMl} mL withdrawn.`,
    `Filled ${r.fillVolumeMl} mL of ${r.concentrationMicrogramsPerMl} micrograms/mL.`,
    `Programmed ${r.programmedDailyDoseMicrograms} micrograms/day, ${MODE_TEXT[r.mode]}${r.mode === 'flex' && r.flexSteps !== undefined && r.flexSteps.trim() !== '' ? ` (${r.flexSteps.trim()})` : ''}.`,
    r.programmerNextRefillDate === undefined ? undefined : `Next refill date on the Clinician Programmer: ${r.programmerNextRefillDate}.`,
    `Refill by ${r.performedBy}.`,
    ...(r.flags ?? []).map((f) => `Flagged at the visit: ${f}`),
  ];
  return parts.filter((p): p is string => p !== undefined).join(' ');
}

/** The Procedure as written (FHIR R4 Procedure; status completed). */
export function buildRefillProcedure(visitId: string, r: RefillVisitRecord, context: WriteContext): Record<string, unknown> {
  return {
    resourceType: 'Procedure',
    identifier: [
      { system: SYSTEM.clientEntryId, value: `${visitId}:${PROCEDURE_ITEM}` },
      { system: SYSTEM.entryGroupId, value: visitId },
    ],
    status: 'completed',
    code: { coding: context.codes.procedures['pump-refill'].map((c) => ({ ...c })), text: REFILL_PROCEDURE_TEXT },
    subject: { reference: `Patient/${context.patientId}` },
    ...(context.encounterId === undefined ? {} : { encounter: { reference: `Encounter/${context.encounterId}` } }),
    performedDateTime: r.performedAt,
    ...(context.performer === undefined ? {} : { recorder: { reference: context.performer } }),
    performer: [{ actor: { display: r.performedBy } }],
    ...(r.pumpReference === undefined ? {} : { focalDevice: [{ manipulated: { reference: r.pumpReference } }] }),
    note: [{ text: refillNote(r) }],
  };
}

/** The Observations of the visit, each `partOf` the Procedure. */
export function buildRefillDrafts(r: RefillVisitRecord, procedureId: string): ObservationDraft[] {
  const partOf = `Procedure/${procedureId}`;
  const drafts: ObservationDraft[] = [
    { key: 'refill-residual-volume', value: { kind: 'quantity', value: r.residualWithdrawnMl, unit: 'mL' }, partOf },
    { key: 'reservoir-fill-volume', value: { kind: 'quantity', value: r.fillVolumeMl, unit: 'mL' }, partOf },
    { key: 'refill-concentration', value: { kind: 'quantity', value: r.concentrationMicrogramsPerMl, unit: 'ug/mL' }, partOf },
  ];
  if (r.programmerNextRefillDate !== undefined) {
    drafts.push({ key: 'programmer-next-refill-date', value: { kind: 'dateTime', value: r.programmerNextRefillDate }, partOf });
  }
  return drafts;
}

const writtenProcedureSchema = z.looseObject({
  resourceType: z.literal('Procedure'),
  id: z.string(),
  status: z.string(),
  identifier: z.optional(z.array(z.object({ system: z.optional(z.string()), value: z.optional(z.string()) }))),
});

/** The visit's Procedures on the server (normally one), found by its client identifier. */
async function findVisitProcedures(client: FhirClient, patientId: string, visitId: string, signal?: AbortSignal): Promise<string[]> {
  const value = `${visitId}:${PROCEDURE_ITEM}`;
  const url = searchUrl('Procedure', [
    ['patient', patientId],
    ['identifier', `${SYSTEM.clientEntryId}|${value}`],
  ]);
  const page = await searchPages(client, url, { maxPages: 1, ...(signal === undefined ? {} : { signal }) });
  const { items } = parseResourcesOfType(page.resources, 'Procedure', writtenProcedureSchema);
  // Should a resend without If-None-Exist have made two, the same one is used every time.
  return items
    .filter((p) => p.status !== 'entered-in-error' && identifierValue(p.identifier, SYSTEM.clientEntryId) === value)
    .map((p) => p.id)
    .sort((a, b) => a.localeCompare(b));
}

const createdShape = z.looseObject({ id: z.optional(z.string()) });

async function createVisitProcedure(client: FhirClient, input: RefillVisitInput): Promise<{ id: string; existed: boolean }> {
  const { visitId, record, context, strategy, signal } = input;
  const resource = buildRefillProcedure(visitId, record, context);
  const headers: Record<string, string> = strategy.conditionalCreate ? { 'if-none-exist': `identifier=${SYSTEM.clientEntryId}|${visitId}:${PROCEDURE_ITEM}` } : {};
  const response = await send(client, 'Procedure', 'POST', resource, headers, signal);
  const body = createdShape.safeParse(response.body);
  const location = response.response.headers.get('location') ?? response.response.headers.get('content-location');
  const fromLocation = location === null ? undefined : /Procedure\/([^/]+)/.exec(location)?.[1];
  const id = (body.success ? body.data.id : undefined) ?? fromLocation;
  if (id === undefined) throw new FhirError('server', 'The EHR accepted the refill but did not say where it stored it; save again to confirm.');
  return { id, existed: response.response.status === 200 && strategy.conditionalCreate };
}

/**
 * Save the refill visit: the Procedure first (its id is the Observations' `partOf`), then the
 * Observations. The whole visit is one group of the write journal (the Procedure is its item
 * `procedure`), so after a reload the retry waits for what the page before may still have had in
 * flight, searches before creating, and the resume at launch (journal-resume.ts) reconciles it like
 * a round. Extra copies (of the Procedure or an Observation) are retired before the visit is saved.
 */
export async function saveRefillVisit(client: FhirClient, input: RefillVisitInput): Promise<RefillVisitResult> {
  const { visitId, record, context, strategy, signal } = input;
  const journal = input.journal === undefined ? sessionJournal(context.patientId) : (input.journal ?? undefined);
  const before = journal?.get(visitId);
  const label = `refill visit of ${record.performedAt.slice(0, 16).replace('T', ' ')}`;
  const { earlier } = await settleEarlierWrites(before, strategy, { settleMs: input.settleMs, signal });
  let procedure: { id: string; existed: boolean };
  try {
    const known = input.procedureId ?? (before?.items[PROCEDURE_ITEM]?.state === 'confirmed' ? before.items[PROCEDURE_ITEM].id : undefined);
    const mustSearch = known === undefined && (input.retry === true || before !== undefined || !strategy.conditionalCreate);
    const existing = known ?? (mustSearch ? (await findVisitProcedures(client, context.patientId, visitId, signal))[0] : undefined);
    if (existing === undefined) {
      // Journal first: if the page goes away mid-write, the next one knows the Procedure may have landed.
      journal?.update(visitId, 'refill', (g) => ({ ...markSent(g, [PROCEDURE_ITEM], Date.now(), PAGE_ID, undefined, 'Procedure'), label }));
      try {
        procedure = await createVisitProcedure(client, input);
      } catch (e) {
        journal?.update(visitId, 'refill', (g) => markOutcome(g, [{ itemId: PROCEDURE_ITEM, confirmed: false }]));
        throw e;
      }
    } else procedure = { id: existing, existed: true };
    const confirmedId = procedure.id;
    journal?.update(visitId, 'refill', (g) => ({ ...g, label, items: { ...g.items, [PROCEDURE_ITEM]: { state: 'confirmed', id: confirmedId, resourceType: 'Procedure' } } }));
  } catch (e) {
    const error = toFhirError(e);
    return { visitId, complete: false, procedure: { status: 'failed', error }, observations: undefined, error };
  }
  const observations = await saveObservationGroup(client, {
    groupId: visitId,
    drafts: buildRefillDrafts(record, procedure.id),
    effective: record.performedAt,
    context,
    strategy,
    kind: 'refill',
    label,
    keepJournal: true,
    journal: journal ?? null,
    // What the earlier page had in flight, as read before this page sent the Procedure.
    ...(before === undefined ? {} : { earlierPage: before }),
    ...(input.settleMs === undefined ? {} : { settleMs: input.settleMs }),
    ...(input.retry === undefined ? {} : { retry: input.retry }),
    ...(signal === undefined ? {} : { signal }),
  });
  let duplicates: RefillVisitResult['duplicates'];
  if (observations.complete && !strategy.conditionalCreate) {
    // The Observations' copies were retired by the save; the Procedure's the same way here.
    const failed = (observations.duplicates?.failed ?? []).map((f) => (f.id === '' ? `the check itself (${f.error.message})` : `Observation/${f.id}`));
    let retired = observations.duplicates?.retired ?? 0;
    try {
      // A Procedure created here while the earlier page's create was in flight: that one may land
      // later still, so the clean-up watches for it as a round's does for its items.
      const r = await retireDuplicateCopies(client, context.patientId, visitId, new Map([[PROCEDURE_ITEM, procedure.id]]), {
        origin: earlier > 0 ? 'earlier-page' : 'resend',
        resourceType: 'Procedure',
        ...lateCopyWatch(before, procedure.existed ? [] : [PROCEDURE_ITEM], input.settleMs),
      });
      retired += r.retired;
      failed.push(...r.failed.map((f) => `Procedure/${f.id}`));
    } catch (e) {
      failed.push(`the check itself (${toFhirError(e).message})`);
    }
    duplicates = { retired, failed };
  }
  if (observations.complete) {
    if (duplicates === undefined || duplicates.failed.length === 0) journal?.remove(visitId);
    else journal?.update(visitId, 'refill', (g) => ({ ...g, complete: true }));
  }
  return {
    visitId,
    complete: observations.complete,
    procedure: { status: 'saved', ...procedure },
    observations,
    error: observations.error,
    ...(duplicates === undefined ? {} : { duplicates }),
  };
}
