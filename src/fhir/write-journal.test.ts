import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nodeClient } from '../../test/integration/node-client';
import type { ObservationDraft, WriteContext } from './build';
import type { WriteStrategy } from './capabilities';
import { saveObservationGroup, type SaveProgress } from './write';
import { defaultWriteCodes } from './write-codes';
import { leftoverGroups, resumeLeftoverJournals } from './journal-resume';
import { PAGE_ID, inFlightFromEarlierPage, journalKey, markOutcome, markSent, storageJournal, type GroupJournal } from './write-journal';

/** A Storage backed by a Map: what sessionStorage does, without a browser. */
class MemoryStorage implements Storage {
  private readonly m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
}

const BASE = 'https://journal.example/fhir';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const client = nodeClient(BASE, { access_token: 't' });
const context: WriteContext = { patientId: 'p1', codes: defaultWriteCodes };
const EFFECTIVE = '2026-09-13T08:40:00+10:00';
const oracle: WriteStrategy = { mode: 'one-at-a-time', conditionalCreate: false, canUpdate: true };
const conditional: WriteStrategy = { mode: 'one-at-a-time', conditionalCreate: true, canUpdate: true };
const round: ObservationDraft[] = [
  { key: 'heart-rate', value: { kind: 'quantity', value: 88, unit: '/min' } },
  { key: 'respiratory-rate', value: { kind: 'quantity', value: 20, unit: '/min' } },
];

const resourceShape = z.looseObject({
  id: z.string().optional(),
  status: z.string(),
  identifier: z.array(z.object({ system: z.string(), value: z.string() })),
  meta: z.object({ versionId: z.string() }).optional(),
});
type Stored = z.infer<typeof resourceShape> & { id: string; meta: { versionId: string } };

/**
 * A tiny Observation store that honours no If-None-Exist (as Oracle Health): search by group
 * identifier, create, read and If-Match update. `hold` keeps creates from "landing" for a while, as
 * a create the page before a reload sent that the EHR has not stored yet.
 */
function oracleStore(seed: Stored[] = []) {
  const rows: Stored[] = [...seed];
  let next = rows.length + 1;
  const log: string[] = [];
  server.use(
    http.get(`${BASE}/Observation`, ({ request }) => {
      log.push('search');
      const group = new URL(request.url).searchParams.get('identifier')?.split('|')[1];
      const hits = rows.filter((r) => r.identifier.some((i) => i.value === group));
      return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: hits.map((resource) => ({ resource })) });
    }),
    http.post(`${BASE}/Observation`, async ({ request }) => {
      log.push('create');
      const body = resourceShape.parse(await request.json());
      const row = { ...body, id: `o${next++}`, meta: { versionId: '1' } };
      rows.push(row);
      return HttpResponse.json(row, { status: 201 });
    }),
    http.get(`${BASE}/Observation/:id`, ({ params }) => {
      const row = rows.find((r) => r.id === params.id);
      return row === undefined ? new HttpResponse(null, { status: 404 }) : HttpResponse.json(row);
    }),
    http.put(`${BASE}/Observation/:id`, async ({ params, request }) => {
      log.push('update');
      const i = rows.findIndex((r) => r.id === params.id);
      const current = rows[i];
      if (current === undefined) return new HttpResponse(null, { status: 404 });
      if (request.headers.get('if-match') !== `W/"${current.meta.versionId}"`) return new HttpResponse(null, { status: 412 });
      const body = resourceShape.parse(await request.json());
      const row = { ...body, id: current.id, meta: { versionId: String(Number(current.meta.versionId) + 1) } };
      rows[i] = row;
      return HttpResponse.json(row);
    }),
  );
  return { rows, log, live: () => rows.filter((r) => r.status !== 'entered-in-error') };
}

const copyOf = (id: string, item: string, value: number): Stored => ({
  resourceType: 'Observation',
  id,
  subject: { reference: 'Patient/p1' },
  status: 'final',
  meta: { versionId: '1' },
  identifier: [
    { system: 'https://itb-companion.example/fhir/NamingSystem/client-entry-id', value: `g1:${item}` },
    { system: 'https://itb-companion.example/fhir/NamingSystem/entry-group-id', value: 'g1' },
  ],
  code: { coding: [{ system: 'http://loinc.org', code: item === 'heart-rate' ? '8867-4' : '9279-1' }] },
  valueQuantity: { value, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
});

describe('the write journal (sessionStorage, per patient)', () => {
  it('records sent, then confirmed or unknown, per item, and lists only this patient’s groups', () => {
    const storage = new MemoryStorage();
    const j = storageJournal(storage, 'p1');
    j.update('g1', 'round', (g) => markSent(g, ['heart-rate', 'avpu'], 1000, 'page-a'));
    j.update('g1', 'round', (g) => markOutcome(g, [{ itemId: 'heart-rate', confirmed: true, id: 'o1', versionId: '1' }, { itemId: 'avpu', confirmed: false }]));
    storageJournal(storage, 'p2').update('g9', 'assessment', (g) => markSent(g, ['bads-neck'], 1000, 'page-a'));
    expect(j.get('g1')).toEqual({
      version: 1,
      patientId: 'p1',
      groupId: 'g1',
      kind: 'round',
      pageId: 'page-a',
      lastSentAt: 1000,
      items: { 'heart-rate': { state: 'confirmed', id: 'o1', versionId: '1' }, avpu: { state: 'unknown' } },
    });
    expect(j.list().map((g) => g.groupId)).toEqual(['g1']);
    expect(inFlightFromEarlierPage(j.get('g1'), 'page-b')).toBe(1);
    expect(inFlightFromEarlierPage(j.get('g1'), 'page-a')).toBe(0);
  });

  it('drops a journal that does not parse, or that names another patient', () => {
    const storage = new MemoryStorage();
    storage.setItem(journalKey('p1', 'g1'), '{not json');
    storage.setItem(journalKey('p1', 'g2'), JSON.stringify({ version: 1, patientId: 'p2', groupId: 'g2', kind: 'round', items: {} } satisfies GroupJournal));
    const j = storageJournal(storage, 'p1');
    expect(j.get('g1')).toBeUndefined();
    expect(j.get('g2')).toBeUndefined();
    expect(storage.length).toBe(0);
  });
});

describe('saving through the journal', () => {
  it('keeps the journal while a save is not confirmed, and removes it once the group is complete', async () => {
    const storage = new MemoryStorage();
    const journal = storageJournal(storage, 'p1');
    let fail = true;
    server.use(
      http.post(`${BASE}/Observation`, async ({ request }) => {
        if (fail) return new HttpResponse(null, { status: 503 });
        const body = resourceShape.parse(await request.json());
        return HttpResponse.json({ ...body, id: 'o1', meta: { versionId: '1' } }, { status: 201 });
      }),
      http.get(`${BASE}/Observation`, () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset' })),
    );
    const first = await saveObservationGroup(client, { groupId: 'g1', drafts: round, effective: EFFECTIVE, context, strategy: conditional, journal, kind: 'round' });
    expect(first.complete).toBe(false);
    expect(journal.get('g1')?.items).toMatchObject({ 'heart-rate': { state: 'unknown' }, 'respiratory-rate': { state: 'unknown' } });
    // What was sent is kept, so a later page can compare the chart's value with it.
    expect(journal.get('g1')?.items['heart-rate']?.signature).toMatch(/^q:/);
    fail = false;
    const second = await saveObservationGroup(client, { groupId: 'g1', drafts: round, effective: EFFECTIVE, context, strategy: conditional, journal, kind: 'round' });
    expect(second.complete).toBe(true);
    expect(journal.get('g1')).toBeUndefined();
  });

  it('after a reload mid-save, waits (bounded, told) for the earlier page’s creates and finds them instead of creating again', async () => {
    const store = oracleStore();
    const storage = new MemoryStorage();
    const journal = storageJournal(storage, 'p1');
    // The page before the reload sent both creates 0 ms ago; they land 60 ms later.
    journal.update('g1', 'round', (g) => markSent(g, ['heart-rate', 'respiratory-rate'], Date.now(), 'page-before-reload'));
    setTimeout(() => store.rows.push(copyOf('a1', 'heart-rate', 88), copyOf('a2', 'respiratory-rate', 20)), 60);
    const progress: SaveProgress[] = [];
    const result = await saveObservationGroup(client, {
      groupId: 'g1',
      drafts: round,
      effective: EFFECTIVE,
      context,
      strategy: oracle,
      journal,
      settleMs: 300,
      onProgress: (p) => progress.push(p),
    });
    expect(result.complete).toBe(true);
    expect(result.waitedMs).toBeGreaterThan(200);
    expect(result.waitedMs).toBeLessThanOrEqual(300);
    expect(progress[0]).toMatchObject({ kind: 'waiting-for-earlier-writes', items: 2 });
    expect(store.log.filter((l) => l === 'create')).toEqual([]);
    expect(store.live().map((r) => r.id)).toEqual(['a1', 'a2']);
    expect(journal.get('g1')).toBeUndefined();
  });

  it('does not wait for writes this page sent itself, nor where conditional create guards every create', async () => {
    oracleStore();
    const journal = storageJournal(new MemoryStorage(), 'p1');
    journal.update('g1', 'round', (g) => markSent(g, ['heart-rate'], Date.now(), PAGE_ID));
    const own = await saveObservationGroup(client, { groupId: 'g1', drafts: round, effective: EFFECTIVE, context, strategy: oracle, journal, settleMs: 5000 });
    expect(own.waitedMs).toBe(0);
    expect(own.complete).toBe(true);
  });

  it('retires copies that still appear as one step, with a note saying the app’s own retry made them, before saying saved', async () => {
    // The earlier page's creates landed after the wait: the retry created them again.
    const store = oracleStore();
    const journal = storageJournal(new MemoryStorage(), 'p1');
    journal.update('g1', 'round', (g) => markSent(g, ['heart-rate', 'respiratory-rate'], Date.now(), 'page-before-reload'));
    let landed = false;
    server.use(
      http.post(`${BASE}/Observation`, async ({ request }) => {
        if (!landed) {
          landed = true;
          store.rows.push(copyOf('a1', 'heart-rate', 88), copyOf('a2', 'respiratory-rate', 20));
        }
        const body = resourceShape.parse(await request.json());
        const row = { ...body, id: `r${store.rows.length}`, meta: { versionId: '1' } };
        store.rows.push(row);
        return HttpResponse.json(row, { status: 201 });
      }),
    );
    const result = await saveObservationGroup(client, { groupId: 'g1', drafts: round, effective: EFFECTIVE, context, strategy: oracle, journal, settleMs: 10 });
    expect(result.complete).toBe(true);
    expect(result.duplicates).toMatchObject({ retired: 2, failed: [], origin: 'earlier-page' });
    const live = store.live();
    expect(live).toHaveLength(2);
    expect(new Set(live.map((r) => r.identifier[0]?.value))).toEqual(new Set(['g1:heart-rate', 'g1:respiratory-rate']));
    const retired = store.rows.filter((r) => r.status === 'entered-in-error');
    expect(retired).toHaveLength(2);
    for (const r of retired) expect(JSON.stringify(r)).toContain("the app's retry after the page reloaded");
  });

  it('is not "saved" while an extra copy is still live: says which and where it came from, keeps the journal, and the next save retires it without writing again', async () => {
    // The browser re-sent a create: heart rate is in the chart twice; the EHR refuses the update.
    const store = oracleStore([copyOf('a1', 'heart-rate', 88), copyOf('a2', 'heart-rate', 88), copyOf('a3', 'respiratory-rate', 20)]);
    const journal = storageJournal(new MemoryStorage(), 'p1');
    let refuse = true;
    server.use(
      http.put(`${BASE}/Observation/:id`, () => (refuse ? HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] }, { status: 403 }) : undefined)),
    );
    const first = await saveObservationGroup(client, { groupId: 'g1', drafts: round, effective: EFFECTIVE, context, strategy: oracle, journal, retry: true });
    expect(first.items.every((i) => i.status === 'saved')).toBe(true);
    expect(first.complete).toBe(false);
    expect(first.error?.message).toMatch(/^Every item is in the chart, but an extra copy made by a network resend could not be marked entered-in-error yet \(heart-rate \(Observation\/a1\)\): The EHR did not allow this/);
    expect(store.live()).toHaveLength(3);
    // Kept open, not closed as saved: a reload restores the entry and the resume retires the copy.
    expect(journal.get('g1')).toMatchObject({ items: { 'heart-rate': { state: 'confirmed' }, 'respiratory-rate': { state: 'confirmed' } } });
    expect(journal.get('g1')?.complete).toBeUndefined();

    refuse = false;
    const second = await saveObservationGroup(client, { groupId: 'g1', drafts: round, effective: EFFECTIVE, context, strategy: oracle, journal, retry: true });
    expect(second.complete).toBe(true);
    expect(second.error).toBeUndefined();
    expect(second.duplicates).toMatchObject({ retired: 1, failed: [], origin: 'resend' });
    expect(store.live().map((r) => r.id).sort()).toEqual(['a2', 'a3']);
    expect(store.log.filter((l) => l === 'create')).toEqual([]);
    expect(journal.get('g1')).toBeUndefined();
  });

  it('after a reload, copies a retry that created nothing finds are a resend’s, not blamed on the retry', async () => {
    // Everything the earlier page sent had landed (one item twice, by the browser's resend).
    const store = oracleStore([copyOf('a1', 'heart-rate', 88), copyOf('a2', 'heart-rate', 88), copyOf('a3', 'respiratory-rate', 20)]);
    const journal = storageJournal(new MemoryStorage(), 'p1');
    journal.update('g1', 'round', (g) => markSent(g, ['heart-rate', 'respiratory-rate'], Date.now(), 'page-before-reload'));
    const result = await saveObservationGroup(client, { groupId: 'g1', drafts: round, effective: EFFECTIVE, context, strategy: oracle, journal, settleMs: 10 });
    expect(result.complete).toBe(true);
    expect(store.log.filter((l) => l === 'create')).toEqual([]);
    expect(result.duplicates).toMatchObject({ retired: 1, failed: [], origin: 'resend', text: 'a network resend' });
    const retired = store.rows.filter((r) => r.status === 'entered-in-error');
    expect(retired).toHaveLength(1);
    expect(JSON.stringify(retired[0])).toContain('created by a network resend');
  });

  it('a value corrected after a lost reply is amended, never "saved" over the old value', async () => {
    const store = oracleStore([copyOf('a1', 'heart-rate', 140), copyOf('a2', 'respiratory-rate', 20)]);
    const journal = storageJournal(new MemoryStorage(), 'p1');
    journal.update('g1', 'round', (g) => markOutcome(markSent(g, ['heart-rate', 'respiratory-rate'], 0, 'page-before-reload'), [{ itemId: 'heart-rate', confirmed: false }, { itemId: 'respiratory-rate', confirmed: false }]));
    const result = await saveObservationGroup(client, { groupId: 'g1', drafts: round, effective: EFFECTIVE, context, strategy: oracle, journal, settleMs: 10 });
    expect(result.complete).toBe(true);
    expect(result.items.find((i) => i.itemId === 'heart-rate')?.corrected).toBe(true);
    expect(store.rows.find((r) => r.id === 'a1')).toMatchObject({ status: 'amended', valueQuantity: { value: 88 } });
    expect(store.log.filter((l) => l === 'create')).toEqual([]);
  });
});

describe('resuming journals an earlier page left, at launch (journal-resume)', () => {
  const sig = (value: number) => `q:${value} /min`;
  it('a discarded round: copies retired as one step, what stands in the chart said, nothing created, the journal closed', async () => {
    // The page before the reload sent both; the EHR stored heart rate twice (a browser resend) and respiratory rate once.
    const store = oracleStore([copyOf('a1', 'heart-rate', 88), copyOf('a2', 'heart-rate', 88), copyOf('a3', 'respiratory-rate', 20)]);
    const journal = storageJournal(new MemoryStorage(), 'p1');
    journal.update('g1', 'round', (g) => ({
      ...markOutcome(markSent(g, ['heart-rate', 'respiratory-rate'], 0, 'page-before-reload', new Map([['heart-rate', sig(88)], ['respiratory-rate', sig(20)]])), [
        { itemId: 'heart-rate', confirmed: false },
        { itemId: 'respiratory-rate', confirmed: false },
      ]),
      discarded: true,
      label: 'round of 13 Sep 2026 08:40',
    }));
    expect(leftoverGroups(journal).map((g) => g.groupId)).toEqual(['g1']);
    const r = await resumeLeftoverJournals(client, 'p1', oracle, { journal, settleMs: 10 });
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0]).toMatchObject({ stage: 'discarded', sent: 2, found: 2, missing: [], mismatched: [], retired: 1, unretired: [] });
    expect(r.groups[0]?.text).toContain('The round of 13 Sep 2026 08:40 you discarded after failed saves: 2 of the 2 items sent were stored in the EHR');
    expect(r.groups[0]?.text).toContain('1 extra copy made by');
    expect(store.live().map((x) => x.id).sort()).toEqual(['a1', 'a3']);
    expect(store.log.filter((l) => l === 'create')).toEqual([]);
    expect(journal.get('g1')).toBeUndefined();
  });

  it('a round still being saved: a value other than the last one sent is named, the journal kept with what was found, nothing created', async () => {
    const store = oracleStore([copyOf('a1', 'heart-rate', 140)]);
    const journal = storageJournal(new MemoryStorage(), 'p1');
    journal.update('g1', 'round', (g) => markSent(g, ['heart-rate', 'respiratory-rate'], 0, 'page-before-reload', new Map([['heart-rate', sig(88)], ['respiratory-rate', sig(20)]])));
    const r = await resumeLeftoverJournals(client, 'p1', oracle, { journal, settleMs: 10 });
    expect(r.groups[0]).toMatchObject({ stage: 'open', sent: 2, found: 1, missing: ['respiratory-rate'], mismatched: ['heart-rate'], retired: 0 });
    expect(r.groups[0]?.text).toContain('1 never arrived');
    expect(r.groups[0]?.text).toContain('saving the entry corrects it (status amended)');
    expect(store.log.filter((l) => l === 'create')).toEqual([]);
    const kept = journal.get('g1');
    expect(kept?.items['heart-rate']).toMatchObject({ state: 'confirmed', id: 'a1' });
    // The item not found may still land: it stays the earlier page's, so the save that creates it
    // again watches for that page's copy (issue 14).
    expect(kept?.pageId).toBe('page-before-reload');
    expect(PAGE_ID).not.toBe('page-before-reload');
    // The entry's own save then amends what differs and creates only what is missing.
    const saved = await saveObservationGroup(client, { groupId: 'g1', drafts: round, effective: EFFECTIVE, context, strategy: oracle, journal, settleMs: 10 });
    expect(saved.complete).toBe(true);
    expect(store.rows.find((x) => x.id === 'a1')).toMatchObject({ status: 'amended', valueQuantity: { value: 88 } });
    expect(store.log.filter((l) => l === 'create')).toHaveLength(1);
  });

  it('waits (bounded, told) for writes the earlier page still had in flight before counting them', async () => {
    const store = oracleStore();
    const journal = storageJournal(new MemoryStorage(), 'p1');
    journal.update('g1', 'round', (g) => ({ ...markSent(g, ['heart-rate'], Date.now(), 'page-before-reload', new Map([['heart-rate', sig(88)]])), complete: true }));
    setTimeout(() => store.rows.push(copyOf('a1', 'heart-rate', 88)), 50);
    const progress: SaveProgress[] = [];
    const r = await resumeLeftoverJournals(client, 'p1', conditional, { journal, settleMs: 200, onProgress: (p) => progress.push(p) });
    expect(r.waitedMs).toBeGreaterThan(100);
    expect(progress[0]).toMatchObject({ kind: 'waiting-for-earlier-writes', items: 1 });
    expect(r.groups[0]).toMatchObject({ stage: 'saved', found: 1, missing: [] });
    expect(journal.get('g1')).toBeUndefined();
  });

  it('leaves this page’s own groups alone, and says so when the check itself fails, keeping the journal', async () => {
    const journal = storageJournal(new MemoryStorage(), 'p1');
    journal.update('mine', 'round', (g) => markSent(g, ['heart-rate'], 0, PAGE_ID));
    expect(leftoverGroups(journal)).toEqual([]);
    journal.update('g1', 'assessment', (g) => ({ ...markSent(g, ['bads-eyes'], 0, 'page-before-reload'), discarded: true }));
    server.use(http.get(`${BASE}/Observation`, () => new HttpResponse(null, { status: 503 })));
    const r = await resumeLeftoverJournals(client, 'p1', oracle, { journal, settleMs: 10 });
    expect(r.groups.map((g) => g.groupId)).toEqual(['g1']);
    expect(r.groups[0]?.error).toBeDefined();
    expect(r.groups[0]?.text).toContain('could not be checked in the chart');
    expect(journal.get('g1')).toBeDefined();
  });
});
