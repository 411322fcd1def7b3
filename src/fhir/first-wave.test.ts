/**
 * The first screen's reads sent at token time (first-wave.ts): the URLs are the ones the view's
 * reads ask for, fhirGet takes each body once instead of sending the request again, and a body
 * too old, or sent for another session's client, is not used.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { nodeClient } from '../../test/integration/node-client';
import { fhirGet } from './client';
import { clearEarlyReads, EARLY_READ_TTL_MS, firstWaveUrls, sendFirstWave, sendPumpSearches } from './first-wave';
import { DEFAULT_PROCEDURE_RECOGNITION } from './procedure-recognition';
import { itbMedicationsSearchUrl } from './medications';
import { latestWeightSearchUrl } from './observations';
import { pumpSearchUrls } from './pump';
import { FHIR_BASE } from './testing/fixtures';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  clearEarlyReads();
  vi.useRealTimers();
});
afterAll(() => server.close());

const client = nodeClient(FHIR_BASE, { access_token: 't', patient: 'p1' });

function counting(): Map<string, number> {
  const seen = new Map<string, number>();
  server.use(
    http.get(`${FHIR_BASE}/*`, ({ request }) => {
      const u = new URL(request.url);
      const key = `${u.pathname.slice(new URL(FHIR_BASE).pathname.length + 1)}${u.search}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      return u.pathname.endsWith('/Patient/p1')
        ? HttpResponse.json({ resourceType: 'Patient', id: 'p1' })
        : HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [] });
    }),
  );
  return seen;
}

describe('first wave at token time', () => {
  it('asks for the same URLs as the reads of the first screen', () => {
    expect(firstWaveUrls('p1')).toEqual(['Patient/p1', itbMedicationsSearchUrl('p1'), latestWeightSearchUrl('p1'), pumpSearchUrls('p1').devices]);
  });

  it('sends the pump card\'s other searches with the site\'s procedure codes, the URLs fetchPump asks for', async () => {
    const seen = counting();
    const recognition = { ...DEFAULT_PROCEDURE_RECOGNITION, recentCount: 20 };
    sendPumpSearches(client, 'p1', recognition);
    const urls = pumpSearchUrls('p1', recognition);
    await Promise.all([urls.recent, urls.implant, urls.refillObservations].map((u) => fhirGet(client, u)));
    expect([...seen.values()]).toEqual([1, 1, 1]);
    expect(seen.has(urls.recent)).toBe(true);
  });

  it('fhirGet takes an early body once: one request for the launch, a new one for a refetch', async () => {
    const seen = counting();
    sendFirstWave(client, 'p1');
    await expect(fhirGet(client, 'Patient/p1')).resolves.toEqual({ resourceType: 'Patient', id: 'p1' });
    expect(seen.get('Patient/p1')).toBe(1);
    await fhirGet(client, 'Patient/p1');
    expect(seen.get('Patient/p1')).toBe(2);
  });

  it('does not use a body for another client, or one sent too long ago', async () => {
    const seen = counting();
    sendFirstWave(client, 'p1');
    const other = nodeClient(FHIR_BASE, { access_token: 'u', patient: 'p1' });
    await fhirGet(other, 'Patient/p1');
    expect(seen.get('Patient/p1')).toBe(2);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + EARLY_READ_TTL_MS + 1);
    await fhirGet(client, itbMedicationsSearchUrl('p1'));
    expect(seen.get(itbMedicationsSearchUrl('p1'))).toBe(2);
  });

  it('an early read that failed fails the read that takes it, as a FhirError', async () => {
    counting();
    server.use(http.get(`${FHIR_BASE}/Patient/p1`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [] }, { status: 500 })));
    sendFirstWave(client, 'p1');
    await expect(fhirGet(client, 'Patient/p1')).rejects.toMatchObject({ name: 'FhirError' });
  });
});
