import { randomUUID } from 'node:crypto';
import type { Bundle, CapabilityStatement, Observation, OperationOutcome } from '@medplum/fhirtypes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from './server.ts';
import { bearer, launchAndToken, startTestSandbox } from './test-helpers.ts';

let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandbox.reset();
  sandbox.setFaults({ oracleMode: false });
  token = (await launchAndToken(sandbox, 'itb-stable', 'launch openid fhirUser online_access patient/*.read patient/Observation.write patient/Procedure.write')).access_token;
});

function heartRate(value: number, patient = 'itb-stable', identifier = randomUUID()): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    identifier: [{ system: 'https://itb-companion.example/fhir/NamingSystem/client-entry-id', value: identifier }],
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: '2026-01-10T10:00:00+11:00',
    valueQuantity: { value, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  };
}

async function get(path: string, auth = token): Promise<Response> {
  return fetch(`${sandbox.fhirBase}/${path}`, { headers: bearer(auth) });
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sandbox.fhirBase}/${path}`, { method: 'POST', headers: bearer(token, { 'Content-Type': 'application/fhir+json', ...headers }), body: JSON.stringify(body) });
}

async function adminSearch(path: string): Promise<Bundle> {
  return (await (await fetch(`${sandbox.origin}/admin/fhir/${path}`)).json()) as Bundle;
}

describe('bearer tokens', () => {
  it('answers 401 without a bearer token, with an OperationOutcome and WWW-Authenticate', async () => {
    const res = await fetch(`${sandbox.fhirBase}/Patient/itb-stable`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(((await res.json()) as OperationOutcome).resourceType).toBe('OperationOutcome');
  });

  it('answers 401 for an unknown token', async () => {
    expect((await get('Patient/itb-stable', 'made-up')).status).toBe(401);
  });

  it('answers 403 when a patient-scoped token reads another patient', async () => {
    expect((await get('Patient/itb-lowdose')).status).toBe(403);
    expect((await get('Observation?patient=itb-lowdose')).status).toBe(403);
  });

  it('answers 403 when a patient-scoped search names no patient', async () => {
    expect((await get('Observation?code=8867-4')).status).toBe(403);
  });

  it('answers 403 for a write the granted scopes do not allow', async () => {
    const condition = { resourceType: 'Condition', subject: { reference: 'Patient/itb-stable' }, code: { text: 'x' } };
    expect((await post('Condition', condition)).status).toBe(403);
  });

  it('answers 403 when writing into another patient', async () => {
    expect((await post('Observation', heartRate(80, 'itb-lowdose'))).status).toBe(403);
  });

  it('answers CORS preflight for If-None-Exist, If-Match and Prefer', async () => {
    const res = await fetch(`${sandbox.fhirBase}/Observation`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:4173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,if-none-exist' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:4173');
    const allowed = res.headers.get('access-control-allow-headers')?.toLowerCase() ?? '';
    for (const h of ['authorization', 'content-type', 'if-none-exist', 'if-match', 'prefer']) expect(allowed).toContain(h);
  });
});

describe('reads and searches', () => {
  it('reads the patient in context', async () => {
    const res = await get('Patient/itb-stable');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^W\/"/);
  });

  it('reads the launch encounter and the fhirUser Practitioner with patient scopes', async () => {
    expect((await get('Encounter/enc-itb-stable')).status).toBe(200);
    expect((await get('Practitioner/prac-rehab-lee')).status).toBe(200);
    expect((await get('Encounter/enc-itb-lowdose')).status).toBe(403);
  });

  it('accepts bare ids in patient= and subject=', async () => {
    const bare = (await (await get('Device?patient=itb-stable')).json()) as Bundle;
    expect(bare.entry?.[0]?.resource?.id).toBe('device-itb-stable');
    const subject = (await (await get('Observation?subject=itb-stable&code=http://loinc.org|29463-7')).json()) as Bundle;
    expect(subject.total).toBe(3);
    const absolute = (await (await get(`Observation?patient=${sandbox.fhirBase}/Patient/itb-stable&code=http://loinc.org|29463-7`)).json()) as Bundle;
    expect(absolute.total).toBe(3);
  });

  it('carries fullUrl, search.mode and link[self] on a searchset', async () => {
    const bundle = (await (await get('Observation?patient=itb-stable&code=http://loinc.org|29463-7')).json()) as Bundle;
    expect(bundle.type).toBe('searchset');
    expect(bundle.link?.find((l) => l.relation === 'self')?.url).toContain(`${sandbox.fhirBase}/Observation?`);
    for (const entry of bundle.entry ?? []) {
      expect(entry.fullUrl).toBe(`${sandbox.fhirBase}/Observation/${entry.resource?.id ?? ''}`);
      expect(entry.search?.mode).toBe('match');
    }
  });

  it('pages with link[next] at _count=200 max', async () => {
    const history = await launchAndToken(sandbox, 'itb-history');
    const first = (await (await get('Observation?patient=itb-history&_count=500', history.access_token)).json()) as Bundle;
    expect(first.entry).toHaveLength(200);
    const next = first.link?.find((l) => l.relation === 'next')?.url ?? '';
    expect(next).toContain('_count=200');
    const second = (await (await fetch(next, { headers: bearer(history.access_token) })).json()) as Bundle;
    expect(second.entry).toHaveLength(200);
    const firstIds = new Set(first.entry?.map((e) => e.resource?.id));
    expect(second.entry?.some((e) => firstIds.has(e.resource?.id))).toBe(false);
  });

  it('defaults _count to 50', async () => {
    const history = await launchAndToken(sandbox, 'itb-history');
    const page = (await (await get('Observation?patient=itb-history', history.access_token)).json()) as Bundle;
    expect(page.entry).toHaveLength(50);
    expect(page.link?.some((l) => l.relation === 'next')).toBe(true);
  });

  it('pages Observations newest first when no _sort is given (as Oracle Health does)', async () => {
    const page = (await (await get('Observation?patient=itb-stable&code=http://loinc.org|29463-7')).json()) as Bundle<Observation>;
    const times = page.entry?.map((e) => Date.parse(e.resource?.effectiveDateTime ?? '')) ?? [];
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('_include returns the included resource', async () => {
    const bundle = (await (await get('Observation?patient=itb-stable&code=https://itb-companion.example/fhir/CodeSystem/itb-assessment|reservoir-fill-volume&_include=Observation:part-of')).json()) as Bundle;
    const included = bundle.entry?.filter((e) => e.search?.mode === 'include') ?? [];
    expect(included.length).toBeGreaterThan(0);
    expect(included.every((e) => e.resource?.resourceType === 'Procedure')).toBe(true);
  });

  it('serves a CapabilityStatement listing each resource with its patient search parameter', async () => {
    const cs = (await (await get('metadata')).json()) as CapabilityStatement;
    const observation = cs.rest?.[0]?.resource?.find((r) => r.type === 'Observation');
    expect(observation?.searchParam?.some((p) => p.name === 'patient')).toBe(true);
    expect(observation?.interaction?.map((i) => i.code)).toEqual(expect.arrayContaining(['create', 'read', 'search-type', 'update']));
    expect(observation?.conditionalCreate).toBe(true);
    expect(cs.rest?.[0]?.interaction?.map((i) => i.code)).toEqual(['transaction', 'batch']);
  });

  it('answers 404 for an unknown resource type', async () => {
    expect((await get('Banana?patient=itb-stable')).status).toBe(404);
  });
});

describe('writes', () => {
  it('creates an Observation: 201 with Location and ETag', async () => {
    const res = await post('Observation', heartRate(88));
    expect(res.status).toBe(201);
    const created = (await res.json()) as Observation;
    expect(res.headers.get('location')).toBe(`${sandbox.fhirBase}/Observation/${created.id ?? ''}/_history/${created.meta?.versionId ?? ''}`);
    expect(res.headers.get('etag')).toBe(`W/"${created.meta?.versionId ?? ''}"`);
  });

  it('validates a created Observation and returns 400 with an OperationOutcome', async () => {
    const invalid: Partial<Observation> = { ...heartRate(88) };
    delete invalid.status;
    const res = await post('Observation', invalid);
    expect(res.status).toBe(400);
    const outcome = (await res.json()) as OperationOutcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue?.[0]?.expression).toContain('Observation.status');
  });

  it('rejects an unknown property', async () => {
    const res = await post('Observation', { ...heartRate(88), heartbeat: 1 });
    expect(res.status).toBe(400);
  });

  it('If-None-Exist returns the existing resource', async () => {
    const id = randomUUID();
    const ifNoneExist = `identifier=https://itb-companion.example/fhir/NamingSystem/client-entry-id|${id}`;
    const first = await post('Observation', heartRate(90, 'itb-stable', id), { 'If-None-Exist': ifNoneExist });
    expect(first.status).toBe(201);
    const again = await post('Observation', heartRate(90, 'itb-stable', id), { 'If-None-Exist': ifNoneExist });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Observation).id).toBe(((await first.json()) as Observation).id);
    expect((await adminSearch(`Observation?identifier=${id}`)).total).toBe(1);
  });

  it('If-Match stale → 412', async () => {
    const created = (await (await post('Observation', heartRate(70))).json()) as Observation;
    const put = (body: Observation, etag: string): Promise<Response> =>
      fetch(`${sandbox.fhirBase}/Observation/${created.id ?? ''}`, { method: 'PUT', headers: bearer(token, { 'Content-Type': 'application/fhir+json', 'If-Match': etag }), body: JSON.stringify(body) });
    const etag = `W/"${created.meta?.versionId ?? ''}"`;
    const ok = await put({ ...created, status: 'amended', valueQuantity: { ...created.valueQuantity, value: 72 } }, etag);
    expect(ok.status).toBe(200);
    const stale = await put({ ...created, status: 'amended', valueQuantity: { ...created.valueQuantity, value: 74 } }, etag);
    expect(stale.status).toBe(412);
  });

  it('honours Prefer: return=minimal', async () => {
    const res = await post('Observation', heartRate(88), { Prefer: 'return=minimal' });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('');
    expect(res.headers.get('location')).toBeTruthy();
  });
});

describe('transactions', () => {
  function round(size: number, group = randomUUID()): Bundle {
    return {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: Array.from({ length: size }, (_, k) => ({
        fullUrl: `urn:uuid:${randomUUID()}`,
        resource: heartRate(60 + k, 'itb-stable', `${group}:item-${k}`),
        request: { method: 'POST', url: 'Observation', ifNoneExist: `identifier=https://itb-companion.example/fhir/NamingSystem/client-entry-id|${group}:item-${k}` },
      })),
    };
  }

  it('a transaction of 15 conditional entries succeeds', async () => {
    const res = await post('', round(15));
    expect(res.status).toBe(200);
    const response = (await res.json()) as Bundle;
    expect(response.type).toBe('transaction-response');
    expect(response.entry).toHaveLength(15);
    expect(response.entry?.every((e) => e.response?.status.startsWith('201'))).toBe(true);
  });

  it('replaying the same transaction creates nothing new', async () => {
    const group = randomUUID();
    await post('', round(15, group));
    const replay = (await (await post('', round(15, group))).json()) as Bundle;
    expect(replay.entry?.every((e) => e.response?.status.startsWith('200'))).toBe(true);
    expect((await adminSearch(`Observation?patient=itb-stable&code=8867-4&_count=100`)).total).toBe(15);
  });

  it('rolls back the whole transaction when one entry is invalid', async () => {
    const bundle = round(5);
    const bad = bundle.entry?.[3]?.resource as Partial<Observation>;
    delete bad.status;
    const res = await post('', bundle);
    expect(res.status).toBe(400);
    const outcome = (await res.json()) as OperationOutcome;
    expect(outcome.issue?.[0]?.expression?.[0]).toContain('Bundle.entry[3]');
    expect((await adminSearch('Observation?patient=itb-stable&code=8867-4')).total).toBe(0);
  });

  it('resolves urn:uuid references between entries', async () => {
    const procedureUrl = `urn:uuid:${randomUUID()}`;
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: procedureUrl, resource: { resourceType: 'Procedure', status: 'completed', subject: { reference: 'Patient/itb-stable' }, code: { text: 'pump-refill' } }, request: { method: 'POST', url: 'Procedure' } },
        { fullUrl: `urn:uuid:${randomUUID()}`, resource: { ...heartRate(1), partOf: [{ reference: procedureUrl }] }, request: { method: 'POST', url: 'Observation' } },
      ],
    };
    const response = (await (await post('', bundle)).json()) as Bundle;
    const procedureId = response.entry?.[0]?.resource?.id ?? '';
    expect((response.entry?.[1]?.resource as Observation).partOf?.[0]?.reference).toBe(`Procedure/${procedureId}`);
  });

  it('oracle mode refuses a transaction Bundle', async () => {
    sandbox.setFaults({ oracleMode: true });
    const res = await post('', round(2));
    expect([400, 405]).toContain(res.status);
    expect(((await res.json()) as OperationOutcome).issue?.[0]?.code).toBe('not-supported');
    expect((await adminSearch('Observation?patient=itb-stable&code=8867-4')).total).toBe(0);
  });

  it('oracle mode ignores If-None-Exist and says so in the CapabilityStatement', async () => {
    sandbox.setFaults({ oracleMode: true });
    const id = randomUUID();
    const headers = { 'If-None-Exist': `identifier=https://itb-companion.example/fhir/NamingSystem/client-entry-id|${id}` };
    expect((await post('Observation', heartRate(90, 'itb-stable', id), headers)).status).toBe(201);
    expect((await post('Observation', heartRate(90, 'itb-stable', id), headers)).status).toBe(201);
    expect((await adminSearch(`Observation?identifier=${id}`)).total).toBe(2);
    const cs = (await (await get('metadata')).json()) as CapabilityStatement;
    expect(cs.rest?.[0]?.interaction ?? []).toEqual([]);
    expect(cs.rest?.[0]?.resource?.find((r) => r.type === 'Observation')?.conditionalCreate).toBe(false);
  });
});
