import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nodeClient } from '../../test/integration/node-client';
import { buildObservation, type ObservationDraft, type WriteContext } from './build';
import type { WriteStrategy } from './capabilities';
import { SYSTEM } from './codes';
import { FhirError, toFhirError } from './errors';
import { FHIR_BASE, fixture } from './testing/fixtures';
import { amendObservation, saveObservationGroup } from './write';
import { defaultWriteCodes, resolveWriteCodes, writeCodeMapSchema } from './write-codes';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = nodeClient(FHIR_BASE, { access_token: 'token' });
const context: WriteContext = { patientId: 'p1', encounterId: 'e1', performer: 'Practitioner/nurse', codes: defaultWriteCodes };
const EFFECTIVE = '2024-05-02T10:00:00+10:00';
const round: ObservationDraft[] = [
  { key: 'heart-rate', value: { kind: 'quantity', value: 88, unit: '/min' } },
  {
    key: 'blood-pressure',
    value: {
      kind: 'components',
      components: [
        { key: 'bp-systolic', value: { kind: 'quantity', value: 100, unit: 'mm[Hg]' } },
        { key: 'bp-diastolic', value: { kind: 'quantity', value: 60, unit: 'mm[Hg]' } },
      ],
    },
  },
  { key: 'avpu', value: { kind: 'codeable', answer: 'A' } },
  { key: 'drowsiness', value: { kind: 'boolean', value: false } },
];

const anyJson = z.record(z.string(), z.unknown());
const txStrategy: WriteStrategy = { mode: 'transaction', conditionalCreate: true, canUpdate: true };
const oneStrategy: WriteStrategy = { mode: 'one-at-a-time', conditionalCreate: true, canUpdate: true };
const oracleStrategy: WriteStrategy = { mode: 'one-at-a-time', conditionalCreate: false, canUpdate: true };

describe('buildObservation', () => {
  it('follows the R4 vital-signs profile: category, LOINC, UCUM, subject, encounter, performer, final', () => {
    const obs = buildObservation(round[1] as ObservationDraft, 'g1', EFFECTIVE, context);
    expect(obs).toMatchObject({
      resourceType: 'Observation',
      status: 'final',
      category: [{ coding: [{ system: SYSTEM.observationCategory, code: 'vital-signs' }] }],
      code: { coding: [{ system: SYSTEM.loinc, code: '85354-9' }] },
      subject: { reference: 'Patient/p1' },
      encounter: { reference: 'Encounter/e1' },
      performer: [{ reference: 'Practitioner/nurse' }],
      effectiveDateTime: EFFECTIVE,
      identifier: [
        { system: SYSTEM.clientEntryId, value: 'g1:blood-pressure' },
        { system: SYSTEM.entryGroupId, value: 'g1' },
      ],
      component: [
        { code: { coding: [{ code: '8480-6' }] }, valueQuantity: { value: 100, system: SYSTEM.ucum, code: 'mm[Hg]' } },
        { code: { coding: [{ code: '8462-4' }] }, valueQuantity: { value: 60, system: SYSTEM.ucum, code: 'mm[Hg]' } },
      ],
    });
  });

  it('writes MAS with the SNOMED instrument, body site and time point', () => {
    const obs = buildObservation(
      { key: 'mas-grade', itemId: 'mas:hamstrings-left', value: { kind: 'codeable', answer: 'mas-1plus' }, bodySite: { text: 'Hamstrings', laterality: 'left' }, timePoint: '2h' },
      'g2',
      EFFECTIVE,
      context,
    );
    expect(obs).toMatchObject({
      category: [{ coding: [{ code: 'exam' }] }],
      method: { coding: [{ system: SYSTEM.snomed, code: '765771006' }] },
      valueCodeableConcept: { coding: [{ system: SYSTEM.itbAssessment, code: 'mas-1plus' }] },
      bodySite: { text: 'Hamstrings (left)' },
      component: [{ code: { coding: [{ code: 'time-point' }] }, valueCodeableConcept: { coding: [{ code: '2h' }] } }],
      identifier: [{ value: 'g2:mas:hamstrings-left' }, { value: 'g2' }],
    });
  });

  it('uses a site code map: Epic flowsheet row sent as valueString', () => {
    const codes = resolveWriteCodes({
      items: { 'heart-rate': { category: 'vital-signs', coding: [{ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.707679', code: '8' }], valueAs: 'string' } },
    });
    const obs = buildObservation(round[0] as ObservationDraft, 'g1', EFFECTIVE, { ...context, codes });
    expect(obs.code.coding[0]?.code).toBe('8');
    expect(obs.valueString).toBe('88 /min');
    expect(obs.valueQuantity).toBeUndefined();
  });

  it('rejects a site code map with a bad category, naming the field', () => {
    const r = writeCodeMapSchema.safeParse({ items: { 'heart-rate': { category: 'vitals', coding: [{ system: 's', code: 'c' }] } } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['items', 'heart-rate', 'category']);
  });
});

describe('saveObservationGroup', () => {
  it('writes a round as one transaction with urn:uuid fullUrls and ifNoneExist on every entry', async () => {
    let sent: unknown;
    server.use(
      http.post(FHIR_BASE, async ({ request }) => {
        sent = await request.json();
        const bundle = z.object({ entry: z.array(z.unknown()) }).parse(sent);
        return HttpResponse.json({
          resourceType: 'Bundle',
          type: 'transaction-response',
          entry: bundle.entry.map((_, i) => ({ response: { status: '201 Created', location: `Observation/o${i}/_history/1` } })),
        });
      }),
    );
    const result = await saveObservationGroup(client, { groupId: 'g-tx', drafts: round, effective: EFFECTIVE, context, strategy: txStrategy });
    expect(result.complete).toBe(true);
    expect(result.items.map((i) => [i.itemId, i.id])).toEqual([
      ['heart-rate', 'o0'],
      ['blood-pressure', 'o1'],
      ['avpu', 'o2'],
      ['drowsiness', 'o3'],
    ]);
    const bundle = z
      .object({ type: z.literal('transaction'), entry: z.array(z.object({ fullUrl: z.string(), request: z.object({ method: z.string(), url: z.string(), ifNoneExist: z.string() }) })) })
      .parse(sent);
    expect(bundle.entry.every((e) => /^urn:uuid:[0-9a-f-]{36}$/.test(e.fullUrl))).toBe(true);
    expect(bundle.entry[0]?.request).toEqual({
      method: 'POST',
      url: 'Observation',
      ifNoneExist: `identifier=${SYSTEM.clientEntryId}|g-tx:heart-rate`,
    });
  });

  it('sends If-None-Exist on each create where transactions are not supported', async () => {
    const headers: (string | null)[] = [];
    server.use(
      http.post(`${FHIR_BASE}/Observation`, async ({ request }) => {
        headers.push(request.headers.get('if-none-exist'));
        const body = anyJson.parse(await request.json());
        return HttpResponse.json({ ...body, id: `id-${headers.length}`, meta: { versionId: '1' } }, { status: 201 });
      }),
    );
    const result = await saveObservationGroup(client, { groupId: 'g-one', drafts: round, effective: EFFECTIVE, context, strategy: oneStrategy });
    expect(result.complete).toBe(true);
    expect(headers).toHaveLength(4);
    expect(headers).toContain(`identifier=${SYSTEM.clientEntryId}|g-one:avpu`);
  });

  it('without conditional create, searches by identifier first and only writes what is missing', async () => {
    const created: string[] = [];
    server.use(
      http.get(`${FHIR_BASE}/Observation`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('identifier')).toBe(`${SYSTEM.entryGroupId}|g-or`);
        const done = buildObservation(round[0] as ObservationDraft, 'g-or', EFFECTIVE, context);
        return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { ...done, id: 'already', meta: { versionId: '1' } } }] });
      }),
      http.post(`${FHIR_BASE}/Observation`, async ({ request }) => {
        expect(request.headers.get('if-none-exist')).toBeNull();
        const body = anyJson.parse(await request.json());
        created.push(JSON.stringify(body['code']));
        return HttpResponse.json({ ...body, id: `n${created.length}` }, { status: 201 });
      }),
    );
    const result = await saveObservationGroup(client, { groupId: 'g-or', drafts: round, effective: EFFECTIVE, context, strategy: oracleStrategy });
    expect(result.complete).toBe(true);
    expect(created).toHaveLength(3);
    expect(result.items[0]).toMatchObject({ itemId: 'heart-rate', id: 'already', existed: true, status: 'saved' });
  });

  it('is not complete when one part fails, and says which', async () => {
    let n = 0;
    server.use(
      http.post(`${FHIR_BASE}/Observation`, async ({ request }) => {
        const mine = ++n;
        const body = anyJson.parse(await request.json());
        if (mine === 2) return HttpResponse.json(fixture('operation-outcome-invalid') as never, { status: 422 });
        return HttpResponse.json({ ...body, id: `x${mine}` }, { status: 201 });
      }),
    );
    const result = await saveObservationGroup(client, { groupId: 'g-part', drafts: round, effective: EFFECTIVE, context, strategy: oneStrategy });
    expect(result.complete).toBe(false);
    expect(result.items.filter((i) => i.status === 'failed')).toHaveLength(1);
    expect(result.error?.kind).toBe('invalid');
    expect(result.error?.message).toContain('valueQuantity.value must be a number');
  });

  it('keeps the round unsaved and asks for a relaunch when the session has expired', async () => {
    server.use(http.post(FHIR_BASE, () => HttpResponse.json({ error: 'invalid_token' }, { status: 401 })));
    const result = await saveObservationGroup(client, { groupId: 'g-401', drafts: round, effective: EFFECTIVE, context, strategy: txStrategy });
    expect(result.complete).toBe(false);
    expect(result.error?.kind).toBe('session-expired');
    expect(result.items.every((i) => i.status === 'failed')).toBe(true);
  });
});

describe('amendObservation', () => {
  const saved = { ...buildObservation(round[0] as ObservationDraft, 'g-am', EFFECTIVE, context), id: 'hr1', meta: { versionId: '3' }, issued: '2024-05-02T10:01:00+10:00' };

  it('PUTs status amended with If-Match on the version the user saw', async () => {
    let put: { body: Record<string, unknown>; ifMatch: string | null } | undefined;
    server.use(
      http.get(`${FHIR_BASE}/Observation/hr1`, () => HttpResponse.json(saved)),
      http.put(`${FHIR_BASE}/Observation/hr1`, async ({ request }) => {
        put = { body: anyJson.parse(await request.json()), ifMatch: request.headers.get('if-match') };
        return HttpResponse.json({ ...put.body, meta: { versionId: '4' } }, { headers: { etag: 'W/"4"' } });
      }),
    );
    const r = await amendObservation(client, { id: 'hr1', versionId: '3', groupId: 'g-am', draft: { key: 'heart-rate', value: { kind: 'quantity', value: 90, unit: '/min' } }, context });
    expect(r).toEqual({ id: 'hr1', versionId: '4' });
    expect(put?.ifMatch).toBe('W/"3"');
    expect(put?.body).toMatchObject({ status: 'amended', valueQuantity: { value: 90 }, effectiveDateTime: EFFECTIVE, issued: saved.issued });
  });

  it.each([409, 412])('explains a %i as a conflict', async (status) => {
    server.use(
      http.get(`${FHIR_BASE}/Observation/hr1`, () => HttpResponse.json(saved)),
      http.put(`${FHIR_BASE}/Observation/hr1`, () => HttpResponse.json(fixture('operation-outcome-conflict') as never, { status })),
    );
    const draft: ObservationDraft = { key: 'heart-rate', value: { kind: 'quantity', value: 90, unit: '/min' } };
    const error = await amendObservation(client, { id: 'hr1', versionId: '3', groupId: 'g-am', draft, context }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FhirError);
    expect((error as FhirError).kind).toBe('conflict');
    expect((error as FhirError).message).toContain('Version mismatch');
    // The edit is the caller's: nothing here consumed it.
    expect(draft.value).toEqual({ kind: 'quantity', value: 90, unit: '/min' });
  });
});

describe('toFhirError', () => {
  it.each([
    [{ status: 403, message: '403 Forbidden' }, 'forbidden'],
    [{ status: 404, message: '404' }, 'not-found'],
    [{ status: 503, message: '503' }, 'server'],
    [new TypeError('fetch failed'), 'network'],
    [new Error('Unable to refresh. No offline_access or online_access scope found.'), 'session-expired'],
  ])('%o → %s', (error, kind) => {
    expect(toFhirError(error).kind).toBe(kind);
  });
});

describe('oxygen saturation coding', () => {
  it('writes SpO2 with 2708-6, which the R4 oxygen saturation profile requires, and 59408-5 for pulse oximetry', () => {
    const obs = buildObservation({ key: 'spo2', value: { kind: 'quantity', value: 97, unit: '%' } }, 'g1', EFFECTIVE, context);
    expect(obs.code.coding.map((c) => `${c.system}|${c.code}`)).toEqual([`${SYSTEM.loinc}|2708-6`, `${SYSTEM.loinc}|59408-5`]);
    expect(obs.valueQuantity).toEqual({ value: 97, unit: '%', system: SYSTEM.ucum, code: '%' });
  });
});

describe('AU Core vital signs (site setting writeCodes.profile = au-core)', () => {
  const au: WriteContext = { ...context, codes: resolveWriteCodes({ profile: 'au-core' }) };
  it('adds the fixed SNOMED CT coding after LOINC on each AU Core vital, and on the blood pressure components', () => {
    const codes = (key: ObservationDraft['key'], value: ObservationDraft['value']) =>
      buildObservation({ key, value }, 'g1', EFFECTIVE, au).code.coding.map((c) => `${c.system === SYSTEM.loinc ? 'loinc' : c.system === SYSTEM.snomed ? 'sct' : c.system}|${c.code}`);
    expect(codes('heart-rate', { kind: 'quantity', value: 88, unit: '/min' })).toEqual(['loinc|8867-4', 'sct|364075005']);
    expect(codes('respiratory-rate', { kind: 'quantity', value: 20, unit: '/min' })).toEqual(['loinc|9279-1', 'sct|86290005']);
    expect(codes('temperature', { kind: 'quantity', value: 37, unit: 'Cel' })).toEqual(['loinc|8310-5', 'sct|386725007']);
    expect(codes('body-weight', { kind: 'quantity', value: 20, unit: 'kg' })).toEqual(['loinc|29463-7', 'sct|27113001']);
    // No AU Core SpO2 profile: base R4 only.
    expect(codes('spo2', { kind: 'quantity', value: 97, unit: '%' })).toEqual(['loinc|2708-6', 'loinc|59408-5']);
    const bp = buildObservation(round[1] as ObservationDraft, 'g1', EFFECTIVE, au);
    expect(bp.code.coding.map((c) => c.code)).toEqual(['85354-9', '75367002']);
    expect(bp.component?.map((c) => c.code.coding.map((x) => x.code))).toEqual([
      ['8480-6', '271649006'],
      ['8462-4', '271650006'],
    ]);
  });
  it('leaves the base codes alone by default, and a site-coded item as the site wrote it', () => {
    expect(buildObservation(round[0] as ObservationDraft, 'g1', EFFECTIVE, context).code.coding.map((c) => c.code)).toEqual(['8867-4']);
    const site = resolveWriteCodes({ profile: 'au-core', items: { 'heart-rate': { category: 'vital-signs', coding: [{ system: 'urn:site', code: 'HR' }] } } });
    expect(buildObservation(round[0] as ObservationDraft, 'g1', EFFECTIVE, { ...context, codes: site }).code.coding.map((c) => c.code)).toEqual(['HR']);
  });
});

describe('AVPU and pain categories (issue 14)', () => {
  const categoryOf = (key: ObservationDraft['key'], value: ObservationDraft['value'], ctx: WriteContext = context) =>
    buildObservation({ key, value }, 'g1', EFFECTIVE, ctx).category.flatMap((c) => (c.coding ?? []).map((x) => `${x.system}|${x.code}`));
  it('writes AVPU as an examination finding, not under the vital-signs profile (67775-7 is not in its value set)', () => {
    expect(categoryOf('avpu', { kind: 'codeable', answer: 'V' })).toEqual([`${SYSTEM.observationCategory}|exam`]);
  });
  it('writes the 0–10 pain rating as a survey score, like the other rating instruments', () => {
    expect(categoryOf('pain', { kind: 'integer', value: 4 })).toEqual([`${SYSTEM.observationCategory}|survey`]);
  });
  it('keeps vital-signs for the items the R4 vital-signs value set holds, with AU Core too', () => {
    const au: WriteContext = { ...context, codes: resolveWriteCodes({ profile: 'au-core' }) };
    expect(categoryOf('heart-rate', { kind: 'quantity', value: 88, unit: '/min' }, au)).toEqual([`${SYSTEM.observationCategory}|vital-signs`]);
    expect(categoryOf('avpu', { kind: 'codeable', answer: 'A' }, au)).toEqual([`${SYSTEM.observationCategory}|exam`]);
  });
});
