/**
 * The interoperability corpus (test/fixtures/interop/observation-*.json): Observations shaped as
 * Oracle Health, Epic and the FHIR R4 specification send them, each with the reading it must give.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeClient } from '../../test/integration/node-client';
import { fetchLatestWeight, fetchVitalSigns, mapLatestWeight, mapObservationResources, WEIGHT_READ_COUNT } from './observations';
import { FHIR_BASE } from './testing/fixtures';
import type { ItemKey } from './write-codes';
import { loadUcum } from '../domain/units';

// These call the mappers directly (the reads wait for the library in withUnits): EHR units such as
// [degF] and cc are outside the app's table, so the UCUM library is loaded first.
beforeAll(() => loadUcum());

const interop = (name: string): unknown => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../test/fixtures/interop', `${name}.json`), 'utf8'));

type WeightReading = { kg: number; original: { value: number; unit: string }; effective: string } | { unusable: { path: string; message: RegExp } };

describe('Body weight as EHRs send it', () => {
  it.each<[string, WeightReading]>([
    ['observation-weight-oracle-health-kg', { kg: 19.8, original: { value: 19.8, unit: 'kg' }, effective: '2026-10-25T23:05:00.000Z' }],
    ['observation-weight-epic-flowsheet-lb', { kg: 15.998, original: { value: 35.27, unit: '[lb_av]' }, effective: '2026-08-04T15:20:00Z' }],
    ['observation-weight-fhir-spec-lb-date-only', { kg: 83.915, original: { value: 185, unit: '[lb_av]' }, effective: '2016-03-28' }],
    ['observation-weight-grams', { kg: 16.2, original: { value: 16200, unit: 'g' }, effective: '2026-10-02T07:45:00+10:00' }],
    ['observation-weight-entered-in-error', { unusable: { path: 'status', message: /entered-in-error/ } }],
    ['observation-weight-data-absent', { unusable: { path: 'dataAbsentReason', message: /no value recorded \(data absent: Not performed: child in theatre\)/ } }],
    ['observation-weight-epic-valuestring', { unusable: { path: 'valueString', message: /as text "19\.8kg\? re-weigh, scale not zeroed": not read as a number/ } }],
    ['observation-weight-preliminary', { unusable: { path: 'status', message: /"preliminary" is not a final result/ } }],
  ])('%s', (name, expected) => {
    const w = mapLatestWeight([interop(name)]);
    if ('unusable' in expected) {
      expect(w.latest).toBeUndefined();
      expect(w.issues).toEqual([expect.objectContaining({ resourceType: 'Observation', path: expected.unusable.path, message: expect.stringMatching(expected.unusable.message) as unknown })]);
      expect(w.skippedNewer).toEqual(w.issues);
    } else {
      expect(w.latest?.kg).toBeCloseTo(expected.kg, 3);
      expect(w.latest).toMatchObject({ original: expected.original, effective: expected.effective });
      expect(w.issues).toEqual([]);
    }
  });
});

describe('Vital signs as EHRs send them', () => {
  it.each<[string, ItemKey, unknown]>([
    ['observation-heart-rate-epic-valuestring', 'heart-rate', { kind: 'quantity', value: 96, unit: '/min' }],
    ['observation-temperature-oracle-health-degf', 'temperature', { kind: 'quantity', value: 38, unit: 'Cel' }],
  ])('%s reads as %s', (name, key, value) => {
    const r = mapObservationResources([interop(name)], new Set([key]));
    expect(r.issues).toEqual([]);
    expect(r.items).toEqual([expect.objectContaining({ key, value })]);
  });

  it('names a preliminary vital sign returned by a server that ignored the status filter, and does not show it', () => {
    const prelim = { ...(interop('observation-heart-rate-epic-valuestring') as object), status: 'preliminary' };
    const r = mapObservationResources([prelim], new Set<ItemKey>(['heart-rate']));
    expect(r.items).toEqual([]);
    expect(r.issues).toEqual([expect.objectContaining({ path: 'status', message: expect.stringContaining('preliminary') as unknown })]);
  });
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const client = nodeClient(FHIR_BASE, { access_token: 'token' });
const searchset = (resources: readonly unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });

describe('The newest usable weight when the newest entries are unusable (issue 11)', () => {
  // Newest first, as the server sorts: entered in error (21 Nov), data absent (20 Nov), text (18 Nov), then 19.8 kg (26 Oct).
  const newestUnusable = ['observation-weight-entered-in-error', 'observation-weight-data-absent', 'observation-weight-epic-valuestring'].map(interop);
  const chart = [...newestUnusable, interop('observation-weight-oracle-health-kg')];

  it('asks for usable statuses only and enough history in one request, and finds the 19.8 kg weight behind three unusable ones', async () => {
    const seen: URLSearchParams[] = [];
    server.use(
      http.get(`${FHIR_BASE}/Observation`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        seen.push(params);
        // As a server does: no more than `_count` entries on the page.
        return HttpResponse.json(searchset(chart.slice(0, Number(params.get('_count') ?? chart.length))));
      }),
    );
    const w = await fetchLatestWeight(client, 'p1');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.get('status')).toBe('final,amended,corrected');
    expect(seen[0]?.get('_count')).toBe('10');
    expect(WEIGHT_READ_COUNT).toBeGreaterThan(3);
    expect(w.latest).toMatchObject({ id: 'ohw-19-8', kg: 19.8 });
    expect(w.skippedNewer.map((i) => [i.id, i.path])).toEqual([
      ['ohw-eie-195', 'status'],
      ['w-absent', 'dataAbsentReason'],
      ['eWgt.Text-3', 'valueString'],
    ]);
    expect(w.issues).toEqual(w.skippedNewer);
  });

  it('does not report an unusable weight older than the one shown: it could not have been the latest', () => {
    const w = mapLatestWeight([interop('observation-weight-oracle-health-kg'), { ...(interop('observation-weight-data-absent') as object), effectiveDateTime: '2026-01-01T08:00:00+11:00' }]);
    expect(w.latest?.id).toBe('ohw-19-8');
    expect(w.issues).toEqual([]);
  });

  it('reads vital signs at usable statuses only', async () => {
    let status: string | null = null;
    server.use(
      http.get(`${FHIR_BASE}/Observation`, ({ request }) => {
        status = new URL(request.url).searchParams.get('status');
        return HttpResponse.json(searchset([]));
      }),
    );
    await fetchVitalSigns(client, 'p1', { since: '2026-11-23T10:00:00+11:00' });
    expect(status).toBe('final,amended,corrected');
  });
});
