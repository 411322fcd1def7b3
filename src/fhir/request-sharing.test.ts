/**
 * Overlapping GETs of the same URL are sent once (the pump's recent Procedures and the procedure
 * history's first page are the same search); one caller aborting does not fail the other.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeClient } from '../../test/integration/node-client';
import { fhirGet } from './client';
import { FHIR_BASE } from './testing/fixtures';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = nodeClient(FHIR_BASE, { access_token: 't', patient: 'p1' });
const URL_A = 'Procedure?patient=p1&_sort=-date&_count=50';

function countRequests(): { count: () => number; release: () => void } {
  let n = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  server.use(
    http.get(`${FHIR_BASE}/Procedure`, async () => {
      n++;
      await gate;
      return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [] });
    }),
  );
  return { count: () => n, release: () => release() };
}

describe('fhirGet request sharing', () => {
  it('sends one request for two overlapping reads of the same URL, and a new one after it ends', async () => {
    const probe = countRequests();
    const a = fhirGet(client, URL_A);
    const b = fhirGet(client, URL_A);
    await new Promise((r) => setTimeout(r, 50));
    probe.release();
    const [ba, bb] = await Promise.all([a, b]);
    expect(ba).toEqual({ resourceType: 'Bundle', type: 'searchset', entry: [] });
    expect(bb).toEqual(ba);
    expect(probe.count()).toBe(1);
    await fhirGet(client, URL_A);
    expect(probe.count()).toBe(2);
  });

  it('one caller aborting rejects only that caller', async () => {
    const probe = countRequests();
    const abort = new AbortController();
    const a = fhirGet(client, URL_A, abort.signal);
    const b = fhirGet(client, URL_A, new AbortController().signal);
    abort.abort();
    await expect(a).rejects.toBeInstanceOf(Error);
    probe.release();
    await expect(b).resolves.toEqual({ resourceType: 'Bundle', type: 'searchset', entry: [] });
    expect(probe.count()).toBe(1);
  });
});
