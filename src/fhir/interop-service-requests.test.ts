/**
 * The interoperability corpus (test/fixtures/interop/servicerequest-*.json): planned test doses
 * as Oracle Health, Epic and a plain UCUM order send them, each with the reading it must give.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeClient } from '../../test/integration/node-client';
import { fetchPlannedTestDoses, isIntrathecalBaclofenTestDose, mapPlannedTestDoses } from './service-requests';
import { FHIR_BASE } from './testing/fixtures';

const interop = (name: string): unknown => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../test/fixtures/interop', `${name}.json`), 'utf8'));

describe('Planned intrathecal test doses as EHRs send them', () => {
  it.each([
    ['servicerequest-test-dose-quantity-ucum', { id: 'sr-td-50', status: 'active', intent: 'order', indication: 'spasticity', occurrence: '2026-12-03T08:30:00+11:00', dose: { ok: true, micrograms: 50, source: 'quantityQuantity' } }],
    [
      'servicerequest-test-dose-oracle-health-orderdetail',
      { id: '317219523', status: 'draft', intent: 'plan', description: 'Baclofen Intrathecal Trial', occurrence: '2026-12-03T21:30:00.000Z', dose: { ok: true, micrograms: 25, source: 'orderDetail', text: 'Dose: 25 mcg once via lumbar puncture, 50 micrograms/mL ampoule' } },
    ],
    ['servicerequest-test-dose-epic-text-only', { id: 'eSR.TD-75', status: 'on-hold', indication: 'dystonia', authoredOn: '2026-11-19', dose: { ok: true, micrograms: 75, source: 'code', text: 'ITB trial bolus 75 mcg' } }],
    ['servicerequest-test-dose-milligrams', { id: 'sr-td-mg', dose: { ok: false, reason: expect.stringContaining('0.05 mg: an intrathecal dose is written in micrograms') as unknown } }],
    ['servicerequest-test-dose-no-dose', { id: 'sr-td-nodose', dose: { ok: false, reason: expect.stringContaining('no dose found') as unknown } }],
  ])('%s', (name, expected) => {
    const r = mapPlannedTestDoses([interop(name)]);
    expect(r.issues).toEqual([]);
    expect(r.items).toEqual([expect.objectContaining(expected)]);
  });

  it.each([
    ['servicerequest-ct-fhir-spec', 'not a baclofen test dose'],
    ['servicerequest-test-dose-completed', 'already completed'],
  ])('%s is not a planned test dose (%s)', (name) => {
    expect(mapPlannedTestDoses([interop(name)])).toEqual({ items: [], issues: [] });
  });

  it('names the failing field of a malformed ServiceRequest and still reads the others', () => {
    const bad = { ...(interop('servicerequest-test-dose-quantity-ucum') as object), id: 'sr-bad', authoredOn: '20/11/2026' };
    const r = mapPlannedTestDoses([bad, interop('servicerequest-test-dose-epic-text-only')]);
    expect(r.items.map((i) => i.id)).toEqual(['eSR.TD-75']);
    expect(r.issues).toEqual([expect.objectContaining({ resourceType: 'ServiceRequest', id: 'sr-bad', path: 'authoredOn' })]);
  });

  it.each([
    ['Intrathecal baclofen test dose', true],
    ['Baclofen Intrathecal Trial', true],
    ['ITB trial bolus 75 mcg', true],
    ['Baclofen 10 mg tablet', false],
    ['Intrathecal chemotherapy', false],
  ])('"%s" is a test-dose order: %s', (text, expected) => {
    expect(isIntrathecalBaclofenTestDose(text)).toBe(expected);
  });
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const client = nodeClient(FHIR_BASE, { access_token: 'token' });

describe('The planned test-dose read', () => {
  it('asks for orders not yet carried out and reads them', async () => {
    let status: string | null = null;
    server.use(
      http.get(`${FHIR_BASE}/ServiceRequest`, ({ request }) => {
        status = new URL(request.url).searchParams.get('status');
        return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: interop('servicerequest-test-dose-quantity-ucum') }] });
      }),
    );
    const r = await fetchPlannedTestDoses(client, 'p1');
    expect(status).toBe('active,draft,on-hold');
    expect(r.items.map((i) => i.id)).toEqual(['sr-td-50']);
  });

  it('a failed read is an error, never "none planned"', async () => {
    server.use(http.get(`${FHIR_BASE}/ServiceRequest`, () => new HttpResponse(null, { status: 503 })));
    await expect(fetchPlannedTestDoses(client, 'p1')).rejects.toMatchObject({ kind: 'server' });
  });
});
