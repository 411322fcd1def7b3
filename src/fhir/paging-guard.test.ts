/**
 * The access token never leaves the session's FHIR base: a search Bundle's `link[next]` pointing
 * elsewhere is refused before anything is sent (fhirclient would attach the token to it).
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeClient } from '../../test/integration/node-client';
import { fhirGet, isUnderFhirBase, searchPages } from './client';
import { FHIR_BASE } from './testing/fixtures';

const server = setupServer();
/** Every request that reached a host other than the FHIR base, with its Authorization header. */
const leaked: { url: string; authorization: string | null }[] = [];
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  leaked.length = 0;
});
afterAll(() => server.close());

const client = nodeClient(FHIR_BASE, { access_token: 'secret-token', patient: 'p1' });
const OUTSIDE = [
  'https://attacker.example/fhir/MedicationRequest?page=2',
  'https://ehr.example.attacker.example/fhir/Observation?page=2',
  'http://ehr.example/fhir/Observation?page=2',
  'https://ehr.example/other/Observation?page=2',
  'https://ehr.example/fhirx/Observation?page=2',
  'https://user:pw@ehr.example/fhir/Observation?page=2',
  '//attacker.example/fhir/Observation?page=2',
];

function searchset(next: string, resourceType: string) {
  return { resourceType: 'Bundle', type: 'searchset', link: [{ relation: 'next', url: next }], entry: [] as unknown[], _t: resourceType };
}

function trapOutside(): void {
  server.use(
    http.all('https://attacker.example/*', ({ request }) => {
      leaked.push({ url: request.url, authorization: request.headers.get('authorization') });
      return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset' });
    }),
    http.all('https://ehr.example.attacker.example/*', ({ request }) => {
      leaked.push({ url: request.url, authorization: request.headers.get('authorization') });
      return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset' });
    }),
    http.all('http://ehr.example/*', ({ request }) => {
      leaked.push({ url: request.url, authorization: request.headers.get('authorization') });
      return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset' });
    }),
    http.all('https://ehr.example/other/*', ({ request }) => {
      leaked.push({ url: request.url, authorization: request.headers.get('authorization') });
      return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset' });
    }),
    http.all('https://ehr.example/fhirx/*', ({ request }) => {
      leaked.push({ url: request.url, authorization: request.headers.get('authorization') });
      return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset' });
    }),
  );
}

describe('isUnderFhirBase', () => {
  const cases: [string, boolean][] = [
    ['Observation?patient=p1', true],
    [`${FHIR_BASE}/Observation?page=2`, true],
    [`${FHIR_BASE}?_getpages=abc`, true],
    [`${FHIR_BASE}/`, true],
    ...OUTSIDE.map((u): [string, boolean] => [u, false]),
    ['../other/Observation', false],
    ['javascript:alert(1)', false],
  ];
  it.each(cases)('%s → %s', (url, expected) => {
    expect(isUnderFhirBase(FHIR_BASE, url)).toBe(expected);
  });
});

describe('paging never sends the token outside the FHIR base', () => {
  it.each(OUTSIDE)('a next link to %s is refused and named, and nothing is sent there', async (next) => {
    trapOutside();
    server.use(http.get(`${FHIR_BASE}/Observation`, () => HttpResponse.json(searchset(next, 'Observation'))));
    await expect(searchPages(client, 'Observation?patient=p1', { maxPages: 3 })).rejects.toThrow(/outside its FHIR server/);
    expect(leaked).toEqual([]);
  });

  // Every paged read of the app, one by one: paging-every-read.test.ts.
  it('refuses an outside URL handed straight to a read (a "load older" page parameter)', async () => {
    trapOutside();
    await expect(fhirGet(client, 'https://attacker.example/fhir/MedicationRequest?page=2')).rejects.toThrow('https://attacker.example');
    expect(leaked).toEqual([]);
  });
});
