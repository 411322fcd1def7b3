import { randomUUID } from 'node:crypto';
import type { Bundle, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPrng, faultsFromEnv, mergeFaults, DEFAULT_FAULTS } from './faults.ts';
import type { RequestLogEntry, Sandbox } from './server.ts';
import { CLIENT_ID, bearer, launchAndToken, postForm, startTestSandbox } from './test-helpers.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  sandbox.setFaults({ ...DEFAULT_FAULTS });
  await sandbox.reset();
});

function observation(id: string): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    identifier: [{ system: 'https://itb-companion.example/fhir/NamingSystem/client-entry-id', value: id }],
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '9279-1' }] },
    subject: { reference: 'Patient/itb-stable' },
    effectiveDateTime: '2026-01-10T10:00:00+11:00',
    valueQuantity: { value: 18, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  };
}

async function admin(path: string, method = 'GET', body?: unknown): Promise<Response> {
  return fetch(`${sandbox.origin}/admin/${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function countWithIdentifier(id: string): Promise<number> {
  return ((await (await admin(`fhir/Observation?identifier=${id}`)).json()) as Bundle).total ?? 0;
}

describe('fault switches', () => {
  it('latencyMs delays every FHIR request', async () => {
    const { access_token } = await launchAndToken(sandbox, 'itb-stable');
    sandbox.setFaults({ latencyMs: 300 });
    const started = performance.now();
    await fetch(`${sandbox.fhirBase}/Patient/itb-stable`, { headers: bearer(access_token) });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('failRate answers 503 before processing, repeatably for the same seed', async () => {
    const { access_token } = await launchAndToken(sandbox, 'itb-stable');
    const run = async (): Promise<number[]> => {
      await admin('faults', 'POST', { failRate: 0.5, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await fetch(`${sandbox.fhirBase}/Patient/itb-stable`, { headers: bearer(access_token) })).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('a 503 from failRate writes nothing', async () => {
    const { access_token } = await launchAndToken(sandbox, 'itb-stable');
    sandbox.setFaults({ failRate: 1 });
    const id = randomUUID();
    const res = await fetch(`${sandbox.fhirBase}/Observation`, { method: 'POST', headers: bearer(access_token, { 'Content-Type': 'application/fhir+json' }), body: JSON.stringify(observation(id)) });
    expect(res.status).toBe(503);
    expect(await countWithIdentifier(id)).toBe(0);
  });

  it('dropRate destroys the connection after the write happened, so a naive retry duplicates', async () => {
    const { access_token } = await launchAndToken(sandbox, 'itb-stable');
    sandbox.setFaults({ dropRate: 1 });
    const id = randomUUID();
    const send = (): Promise<Response> => fetch(`${sandbox.fhirBase}/Observation`, { method: 'POST', headers: bearer(access_token, { 'Content-Type': 'application/fhir+json' }), body: JSON.stringify(observation(id)) });
    await expect(send()).rejects.toThrow();
    expect(await countWithIdentifier(id)).toBe(1);
    sandbox.setFaults({ dropRate: 0 });
    expect((await send()).status).toBe(201);
    expect(await countWithIdentifier(id)).toBe(2);
  });

  it('dropWritesOnly keeps reads answering while writes are committed and their answers lost', async () => {
    const { access_token } = await launchAndToken(sandbox, 'itb-stable');
    sandbox.setFaults({ dropRate: 1, dropWritesOnly: true });
    const id = randomUUID();
    const read = await fetch(`${sandbox.fhirBase}/Observation?patient=itb-stable&_count=1`, { headers: bearer(access_token) });
    expect(read.status).toBe(200);
    await expect(
      fetch(`${sandbox.fhirBase}/Observation`, { method: 'POST', headers: bearer(access_token, { 'Content-Type': 'application/fhir+json' }), body: JSON.stringify(observation(id)) }),
    ).rejects.toThrow();
    expect(await countWithIdentifier(id)).toBe(1);
  });

  it('resetRate commits a write, resets the connection with no reply, and answers a byte-identical re-send', async () => {
    const { access_token } = await launchAndToken(sandbox, 'itb-stable');
    sandbox.setFaults({ resetRate: 1 });
    const id = randomUUID();
    const body = JSON.stringify(observation(id));
    const send = (b: string): Promise<Response> => fetch(`${sandbox.fhirBase}/Observation`, { method: 'POST', headers: bearer(access_token, { 'Content-Type': 'application/fhir+json' }), body: b });
    await expect(send(body)).rejects.toThrow();
    expect(await countWithIdentifier(id)).toBe(1);
    // The browser's re-send of the same bytes is answered, and without If-None-Exist it duplicates.
    expect((await send(body)).status).toBe(201);
    expect(await countWithIdentifier(id)).toBe(2);
    // Another write is reset in its turn; reads never are.
    const other = randomUUID();
    await expect(send(JSON.stringify(observation(other)))).rejects.toThrow();
    expect(await countWithIdentifier(other)).toBe(1);
    expect((await fetch(`${sandbox.fhirBase}/Observation?patient=itb-stable&_count=1`, { headers: bearer(access_token) })).status).toBe(200);
    const log = (await (await admin('requests')).json()) as RequestLogEntry[];
    expect(log.filter((e) => e.reset === true).map((e) => e.method)).toEqual(['POST', 'POST']);
  });

  it('writeLatencyMs delays writes only, and a write whose client left meanwhile still commits', async () => {
    const { access_token } = await launchAndToken(sandbox, 'itb-stable');
    sandbox.setFaults({ writeLatencyMs: 400 });
    const readStart = performance.now();
    expect((await fetch(`${sandbox.fhirBase}/Observation?patient=itb-stable&_count=1`, { headers: bearer(access_token) })).status).toBe(200);
    expect(performance.now() - readStart).toBeLessThan(350);
    const id = randomUUID();
    const aborted = new AbortController();
    const left = fetch(`${sandbox.fhirBase}/Observation`, { method: 'POST', headers: bearer(access_token, { 'Content-Type': 'application/fhir+json' }), body: JSON.stringify(observation(id)), signal: aborted.signal });
    await new Promise((r) => setTimeout(r, 100));
    aborted.abort();
    await expect(left).rejects.toThrow();
    expect(await countWithIdentifier(id)).toBe(0);
    await new Promise((r) => setTimeout(r, 600));
    expect(await countWithIdentifier(id)).toBe(1);
  });

  it('maxBundleEntries refuses a larger transaction with 400 and writes none of it', async () => {
    const { access_token } = await launchAndToken(sandbox, 'itb-stable');
    sandbox.setFaults({ maxBundleEntries: 2 });
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const bundle = { resourceType: 'Bundle', type: 'transaction', entry: ids.map((id) => ({ fullUrl: `urn:uuid:${randomUUID()}`, resource: observation(id), request: { method: 'POST', url: 'Observation' } })) };
    const response = await fetch(sandbox.fhirBase, { method: 'POST', headers: bearer(access_token, { 'Content-Type': 'application/fhir+json' }), body: JSON.stringify(bundle) });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('at most 2 entries');
    for (const id of ids) expect(await countWithIdentifier(id)).toBe(0);
    sandbox.setFaults({ maxBundleEntries: 3 });
    expect((await fetch(sandbox.fhirBase, { method: 'POST', headers: bearer(access_token, { 'Content-Type': 'application/fhir+json' }), body: JSON.stringify(bundle) })).status).toBe(200);
  });

  it('noTransactions refuses Bundles (405, writes none) and stops advertising them; conditional create still works', async () => {
    const { access_token } = await launchAndToken(sandbox, 'itb-stable');
    sandbox.setFaults({ noTransactions: true });
    const id = randomUUID();
    const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{ fullUrl: `urn:uuid:${randomUUID()}`, resource: observation(id), request: { method: 'POST', url: 'Observation' } }] };
    const response = await fetch(sandbox.fhirBase, { method: 'POST', headers: bearer(access_token, { 'Content-Type': 'application/fhir+json' }), body: JSON.stringify(bundle) });
    expect(response.status).toBe(405);
    expect(await countWithIdentifier(id)).toBe(0);
    const metadata = JSON.stringify(await (await fetch(`${sandbox.fhirBase}/metadata`)).json());
    expect(metadata).not.toContain('"transaction"');
    expect(metadata).toContain('"conditionalCreate":true');
    const create = () =>
      fetch(`${sandbox.fhirBase}/Observation`, {
        method: 'POST',
        headers: bearer(access_token, { 'Content-Type': 'application/fhir+json', 'If-None-Exist': `identifier=https://itb-companion.example/fhir/NamingSystem/client-entry-id|${id}` }),
        body: JSON.stringify(observation(id)),
      });
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(200);
    expect(await countWithIdentifier(id)).toBe(1);
  });

  it('noConditionalCreate ignores If-None-Exist and stops advertising it; transactions still work', async () => {
    const { access_token } = await launchAndToken(sandbox, 'itb-stable');
    sandbox.setFaults({ noConditionalCreate: true });
    const id = randomUUID();
    const create = () =>
      fetch(`${sandbox.fhirBase}/Observation`, {
        method: 'POST',
        headers: bearer(access_token, { 'Content-Type': 'application/fhir+json', 'If-None-Exist': `identifier=https://itb-companion.example/fhir/NamingSystem/client-entry-id|${id}` }),
        body: JSON.stringify(observation(id)),
      });
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(201);
    expect(await countWithIdentifier(id)).toBe(2);
    const metadata = JSON.stringify(await (await fetch(`${sandbox.fhirBase}/metadata`)).json());
    expect(metadata).toContain('"conditionalCreate":false');
    expect(metadata).toContain('"transaction"');
  });

  it('tokenLifetimeSeconds shortens new tokens; an expired token gets 401 and the refresh grant recovers', async () => {
    sandbox.setFaults({ tokenLifetimeSeconds: 1 });
    const token = await launchAndToken(sandbox, 'itb-stable');
    expect(token.expires_in).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await fetch(`${sandbox.fhirBase}/Patient/itb-stable`, { headers: bearer(token.access_token) })).status).toBe(401);
    sandbox.setFaults({ tokenLifetimeSeconds: 570 });
    const refreshed = (await (await postForm(`${sandbox.origin}/oauth/token`, { grant_type: 'refresh_token', refresh_token: token.refresh_token ?? '', client_id: CLIENT_ID })).json()) as { access_token: string };
    expect((await fetch(`${sandbox.fhirBase}/Patient/itb-stable`, { headers: bearer(refreshed.access_token) })).status).toBe(200);
  });

  it('force401 answers 401 to every FHIR request, even with a valid token', async () => {
    const { access_token } = await launchAndToken(sandbox, 'itb-stable');
    sandbox.setFaults({ force401: true });
    const res = await fetch(`${sandbox.fhirBase}/Patient/itb-stable`, { headers: bearer(access_token) });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('expireAllTokens expires current access tokens but keeps refresh tokens valid', async () => {
    const token = await launchAndToken(sandbox, 'itb-stable');
    expect((await admin('faults', 'POST', { expireAllTokens: true })).status).toBe(200);
    expect((await fetch(`${sandbox.fhirBase}/Patient/itb-stable`, { headers: bearer(token.access_token) })).status).toBe(401);
    const refreshed = await postForm(`${sandbox.origin}/oauth/token`, { grant_type: 'refresh_token', refresh_token: token.refresh_token ?? '', client_id: CLIENT_ID });
    expect(refreshed.status).toBe(200);
  });

  it('GET /admin/faults shows the current switches and POST updates them partially', async () => {
    await admin('faults', 'POST', { latencyMs: 5 });
    await admin('faults', 'POST', { oracleMode: true });
    const current = (await (await admin('faults')).json()) as Record<string, unknown>;
    expect(current).toMatchObject({ latencyMs: 5, oracleMode: true, failRate: 0 });
  });

  it('rejects an unknown fault or an out-of-range value', async () => {
    expect((await admin('faults', 'POST', { failrate: 0.5 })).status).toBe(400);
    expect((await admin('faults', 'POST', { failRate: 2 })).status).toBe(400);
  });

  it('reads fault switches from environment variables', () => {
    expect(faultsFromEnv({ SANDBOX_LATENCY_MS: '250', SANDBOX_ORACLE_MODE: 'true', SANDBOX_DROP_RATE: '0.1' })).toMatchObject({ latencyMs: 250, oracleMode: true, dropRate: 0.1 });
    expect(() => mergeFaults(DEFAULT_FAULTS, { failRate: 'lots' })).toThrow();
  });

  it('the PRNG is deterministic for a seed', () => {
    const a = createPrng(7);
    const b = createPrng(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe('admin endpoints', () => {
  it('logs FHIR requests with method, path, status and bytes, and clears the log', async () => {
    const { access_token } = await launchAndToken(sandbox, 'itb-stable');
    await admin('requests', 'DELETE');
    await fetch(`${sandbox.fhirBase}/Patient/itb-stable`, { headers: bearer(access_token) });
    await fetch(`${sandbox.fhirBase}/Observation?patient=itb-stable&_count=5`, { headers: bearer(access_token) });
    const log = (await (await admin('requests')).json()) as RequestLogEntry[];
    expect(log.map((e) => [e.method, e.path, e.status])).toEqual([
      ['GET', 'Patient/itb-stable', 200],
      ['GET', 'Observation?patient=itb-stable&_count=5', 200],
    ]);
    expect(log.every((e) => e.bytes > 0)).toBe(true);
    await admin('requests', 'DELETE');
    expect(((await (await admin('requests')).json()) as unknown[]).length).toBe(0);
  });

  it('POST /admin/launch creates an EHR launch like the chart does', async () => {
    const res = await admin('launch', 'POST', { patientId: 'itb-lowdose', needPatientBanner: true });
    const { launchUrl } = (await res.json()) as { launchUrl: string };
    const url = new URL(launchUrl);
    expect(url.origin + url.pathname).toBe('http://localhost:5173/launch.html');
    expect(url.searchParams.get('iss')).toBe(sandbox.fhirBase);
    expect(url.searchParams.get('launch')).toBeTruthy();
    expect((await admin('launch', 'POST', { patientId: 'nobody' })).status).toBe(400);
  });

  it('POST /admin/reset reloads the seed and drops what clients wrote', async () => {
    const { access_token } = await launchAndToken(sandbox, 'itb-stable');
    const id = randomUUID();
    await fetch(`${sandbox.fhirBase}/Observation`, { method: 'POST', headers: bearer(access_token, { 'Content-Type': 'application/fhir+json' }), body: JSON.stringify(observation(id)) });
    expect(await countWithIdentifier(id)).toBe(1);
    expect((await admin('reset', 'POST')).status).toBe(200);
    expect(await countWithIdentifier(id)).toBe(0);
    expect((await (await admin('fhir/Patient/itb-stable')).json()) as { id: string }).toMatchObject({ id: 'itb-stable' });
  });

  it('GET /admin/fhir reads without a token; writes there are refused', async () => {
    expect((await admin('fhir/Observation?patient=itb-lowdose&_count=1')).status).toBe(200);
    expect((await admin('fhir/Observation', 'POST', observation(randomUUID()))).status).toBe(405);
  });
});
