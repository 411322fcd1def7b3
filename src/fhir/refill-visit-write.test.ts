import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nodeClient } from '../../test/integration/node-client';
import { buildObservation, type WriteContext } from './build';
import type { WriteStrategy } from './capabilities';
import { SYSTEM } from './codes';
import { classifyProcedures, mapRefills } from './pump';
import { procedureRecognitionFrom } from './procedure-recognition';
import { buildRefillDrafts, buildRefillProcedure, refillNote, saveRefillVisit, type RefillVisitRecord } from './refill-visit-write';
import { procedureSchema } from './schemas';
import { FHIR_BASE } from './testing/fixtures';
import { defaultWriteCodes, resolveWriteCodes } from './write-codes';
import { markSent, type GroupJournal, type WriteJournal } from './write-journal';

const context: WriteContext = { patientId: 'p1', encounterId: 'e1', performer: 'Practitioner/nurse', codes: defaultWriteCodes };
const record: RefillVisitRecord = {
  performedAt: '2026-09-13T08:40:00+10:00',
  residualWithdrawnMl: 3.2,
  fillVolumeMl: 20,
  concentrationMicrogramsPerMl: 2000,
  programmedDailyDoseMicrograms: 300,
  mode: 'simple-continuous',
  programmerNextRefillDate: '2027-01-08',
  performedBy: 'CNC Jo Smith',
  pumpReference: 'Device/pump1',
  flags: ['residual more than expected (outside the tolerance)'],
};

/** What the server would hand back: the written resource with an id. */
const stored = (resource: Record<string, unknown>, id: string) => ({ ...resource, id });

describe('the written refill is read back by the existing procedure reader', () => {
  const procedure = procedureSchema.parse(stored(buildRefillProcedure('v1', record, context), 'proc1'));

  it('recognised as a pump refill by its code, with the pump as focalDevice and its time', () => {
    const { records } = classifyProcedures([procedure]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'pump-refill', performed: '2026-09-13T08:40:00+10:00', devices: ['Device/pump1'], match: { by: 'code', system: SYSTEM.itbProcedure, code: 'pump-refill' } });
  });

  it('fill volume and concentration come from its Observations (partOf the Procedure)', () => {
    const { records } = classifyProcedures([procedure]);
    const observations = buildRefillDrafts(record, 'proc1').map((d, i) => ({ ...buildObservation(d, 'v1', record.performedAt, context), id: `o${i}` }));
    const { refills } = mapRefills(records, observations);
    expect(refills[0]).toMatchObject({ procedureId: 'proc1', fillVolume: 20, concentration: 2000, fillVolumeFrom: { from: 'observation', id: 'o1' }, concentrationFrom: { from: 'observation', id: 'o2' } });
    // The Clinician Programmer's date (authoritative, §4.1.6) is read back with the refill.
    expect(refills[0]?.programmerNextRefillDate).toEqual({ date: '2027-01-08', id: 'o3' });
  });

  it('where the Observations are not read, the note alone gives 20 mL and 2000 micrograms/mL (the residual is not taken as the fill)', () => {
    const { records } = classifyProcedures([procedure]);
    const { refills } = mapRefills(records, []);
    expect(refills[0]).toMatchObject({ fillVolume: 20, concentration: 2000, fillVolumeFrom: { from: 'text', field: 'note' } });
    expect(refills[0]?.refused).toEqual([]);
  });

  it("a site's own refill code is written, and the record is still recognised by its text where the reader does not list that code", () => {
    const codes = resolveWriteCodes({ procedures: { 'pump-refill': [{ system: 'urn:oid:1.2.3', code: 'REFILL-ITB' }] } });
    const p = procedureSchema.parse(stored(buildRefillProcedure('v2', record, { ...context, codes }), 'proc2'));
    expect(p.code?.coding?.[0]).toEqual({ system: 'urn:oid:1.2.3', code: 'REFILL-ITB' });
    const { records } = classifyProcedures([p], procedureRecognitionFrom({ procedureCodes: [], recentProcedureCount: 50 }));
    expect(records[0]).toMatchObject({ kind: 'pump-refill', match: { by: 'text', text: 'Intrathecal baclofen pump refill' } });
  });

  it('the note says what was done in words', () => {
    expect(refillNote(record)).toBe(
      'Residual 3.2 mL withdrawn. Filled 20 mL of 2000 micrograms/mL. Programmed 300 micrograms/day, simple continuous. Next refill date on the Clinician Programmer: 2027-01-08. Refill by CNC Jo Smith. Flagged at the visit: residual more than expected (outside the tolerance)',
    );
  });
});

describe('saving the refill visit exactly once', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  const client = nodeClient(FHIR_BASE, { access_token: 'token' });
  const strategy: WriteStrategy = { mode: 'one-at-a-time', conditionalCreate: true, canUpdate: true };
  const json = z.record(z.string(), z.unknown());

  /** A tiny store: creates keep the resource; searches by identifier find it. */
  function ehr(options: { dropFirstProcedureAnswer: boolean }) {
    const resources: Record<string, unknown>[] = [];
    let dropped = false;
    const bundle = (items: readonly Record<string, unknown>[]) => ({ resourceType: 'Bundle', type: 'searchset', entry: items.map((resource) => ({ resource })) });
    const byIdentifier = (type: string, request: Request) => {
      const id = new URL(request.url).searchParams.get('identifier') ?? '';
      const [system, value] = id.split('|');
      return resources.filter((r) => {
        if (r['resourceType'] !== type) return false;
        const ids = z.array(z.object({ system: z.string(), value: z.string() })).parse(r['identifier']);
        return ids.some((i) => i.system === system && (i.value === value || (system === SYSTEM.entryGroupId && i.value === value)));
      });
    };
    server.use(
      http.get(`${FHIR_BASE}/Procedure`, ({ request }) => HttpResponse.json(bundle(byIdentifier('Procedure', request)))),
      http.get(`${FHIR_BASE}/Observation`, ({ request }) => HttpResponse.json(bundle(byIdentifier('Observation', request)))),
      http.get(`${FHIR_BASE}/:type/:id`, ({ params }) => {
        const found = resources.find((r) => r['resourceType'] === params['type'] && r['id'] === params['id']);
        return found === undefined ? HttpResponse.json({ resourceType: 'OperationOutcome', issue: [] }, { status: 404 }) : HttpResponse.json(found);
      }),
      http.put(`${FHIR_BASE}/:type/:id`, async ({ request, params }) => {
        const body = json.parse(await request.json());
        const at = resources.findIndex((r) => r['resourceType'] === params['type'] && r['id'] === params['id']);
        const updated = { ...body, id: String(params['id']), meta: { versionId: '2' } };
        resources[at] = updated;
        return HttpResponse.json(updated);
      }),
      http.post(`${FHIR_BASE}/:type`, async ({ request, params }) => {
        const body = json.parse(await request.json());
        const created = { ...body, id: `${String(params['type'])}-${resources.length + 1}`, meta: { versionId: '1' } };
        resources.push(created);
        if (params['type'] === 'Procedure' && options.dropFirstProcedureAnswer && !dropped) {
          dropped = true;
          return HttpResponse.error();
        }
        return HttpResponse.json(created, { status: 201 });
      }),
    );
    return { resources, bundle };
  }

  it('writes one completed Procedure and its four Observations, each partOf it', async () => {
    const { resources } = ehr({ dropFirstProcedureAnswer: false });
    const result = await saveRefillVisit(client, { visitId: 'visit-a', record, context, strategy });
    expect(result.complete).toBe(true);
    const procedures = resources.filter((r) => r['resourceType'] === 'Procedure');
    expect(procedures).toHaveLength(1);
    expect(procedures[0]).toMatchObject({ status: 'completed', focalDevice: [{ manipulated: { reference: 'Device/pump1' } }] });
    const observations = resources.filter((r) => r['resourceType'] === 'Observation');
    expect(observations).toHaveLength(4);
    for (const o of observations) expect(o['partOf']).toEqual([{ reference: 'Procedure/Procedure-1' }]);
  });

  it('a lost answer to the Procedure create: not saved; the retry finds it by identifier and writes no second one', async () => {
    const { resources } = ehr({ dropFirstProcedureAnswer: true });
    const first = await saveRefillVisit(client, { visitId: 'visit-b', record, context, strategy });
    expect(first.complete).toBe(false);
    expect(first.procedure.status).toBe('failed');
    const retry = await saveRefillVisit(client, { visitId: 'visit-b', record, context, strategy, retry: true });
    expect(retry.complete).toBe(true);
    expect(retry.procedure).toMatchObject({ status: 'saved', id: 'Procedure-1', existed: true });
    expect(resources.filter((r) => r['resourceType'] === 'Procedure')).toHaveLength(1);
    expect(resources.filter((r) => r['resourceType'] === 'Observation')).toHaveLength(4);
  });

  it('without If-None-Exist, a second copy of the Procedure left by a resend is marked entered-in-error, naming the one kept', async () => {
    const { resources } = ehr({ dropFirstProcedureAnswer: false });
    const oracle: WriteStrategy = { mode: 'one-at-a-time', conditionalCreate: false, canUpdate: true };
    // Two copies of the visit's Procedure already on the server (the app's POST and the browser's resend).
    const copy = buildRefillProcedure('visit-c', record, context);
    resources.push({ ...copy, id: 'Procedure-a', meta: { versionId: '1' } }, { ...copy, id: 'Procedure-b', meta: { versionId: '1' } });
    const result = await saveRefillVisit(client, { visitId: 'visit-c', record, context, strategy: oracle, retry: true });
    expect(result.complete).toBe(true);
    expect(result.procedure).toMatchObject({ status: 'saved', id: 'Procedure-a' });
    expect(result.duplicates).toEqual({ retired: 1, failed: [] });
    const b = resources.find((r) => r['id'] === 'Procedure-b');
    expect(b?.['status']).toBe('entered-in-error');
    expect(JSON.stringify(b?.['note'])).toContain('the recorded value is Procedure/Procedure-a');
    expect(resources.filter((r) => r['resourceType'] === 'Observation').every((o) => JSON.stringify(o['partOf']) === JSON.stringify([{ reference: 'Procedure/Procedure-a' }]))).toBe(true);
  });

  it('a retry reuses the Procedure an earlier attempt confirmed, so Observations already written stay with it', async () => {
    const { resources } = ehr({ dropFirstProcedureAnswer: false });
    const copy = buildRefillProcedure('visit-d', record, context);
    resources.push({ ...copy, id: 'Procedure-z', meta: { versionId: '1' } });
    const result = await saveRefillVisit(client, { visitId: 'visit-d', record, context, strategy, retry: true, procedureId: 'Procedure-z' });
    expect(result.procedure).toMatchObject({ status: 'saved', id: 'Procedure-z' });
    expect(resources.filter((r) => r['resourceType'] === 'Procedure')).toHaveLength(1);
  });

  it("after a reload mid-save, a Procedure the earlier page's create lands after this retry made its own is retired before the visit is saved", async () => {
    const { resources } = ehr({ dropFirstProcedureAnswer: false });
    const oracle: WriteStrategy = { mode: 'one-at-a-time', conditionalCreate: false, canUpdate: true };
    // The page before the reload sent the Procedure; it is still on its way to the EHR.
    const groups = new Map<string, GroupJournal>();
    const journal: WriteJournal = {
      get: (id) => groups.get(id),
      update: (id, kind, change) => {
        const g = change(groups.get(id) ?? { version: 1, patientId: 'p1', groupId: id, kind, items: {} });
        groups.set(id, g);
        return g;
      },
      remove: (id) => void groups.delete(id),
      list: () => [...groups.values()],
    };
    journal.update('visit-e', 'refill', (g) => markSent(g, ['procedure'], Date.now(), 'page-before-reload', undefined, 'Procedure'));
    // It lands once this retry has written its own Procedure and Observations (the third Procedure search).
    let searches = 0;
    server.use(
      http.get(`${FHIR_BASE}/Procedure`, () => {
        searches += 1;
        if (searches === 3) resources.push({ ...buildRefillProcedure('visit-e', record, context), id: 'Procedure-late', meta: { versionId: '1' } });
        return undefined;
      }),
    );
    const result = await saveRefillVisit(client, { visitId: 'visit-e', record, context, strategy: oracle, journal, settleMs: 1000 });
    expect(result.complete).toBe(true);
    const live = resources.filter((r) => r['resourceType'] === 'Procedure' && r['status'] !== 'entered-in-error');
    expect(live.map((r) => r['id'])).toEqual([result.procedure.status === 'saved' ? result.procedure.id : '']);
    expect(resources.find((r) => r['id'] === 'Procedure-late')?.['status']).toBe('entered-in-error');
  }, 15_000);
});
