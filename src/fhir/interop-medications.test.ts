/**
 * The interoperability corpus (test/fixtures/interop): every MedicationRequest and Medication
 * file, written the way Oracle Health, Epic, AU Core and the FHIR spec write them, read through
 * `mapItbMedications`, against the reading its file says it must produce.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nodeClient } from '../../test/integration/node-client';
import { fetchItbMedications, mapItbMedications, type DoseChange } from './medications';
import { FHIR_BASE } from './testing/fixtures';

const DIR = resolve(import.meta.dirname, '../../test/fixtures/interop');

const expectedSchema = z.object({
  kind: z.enum(['intrathecal', 'oral', 'unclassified', 'ignored']),
  dailyDose: z.number().nullable(),
  source: z.string().nullable(),
  /** The FHIR element the dose was read from, kept for a tooltip (the label is in words). */
  sourceDetail: z.string().optional(),
  concentration: z.number().nullable(),
  concentrationSource: z.string().nullable(),
  concentrationSourceDetail: z.string().optional(),
  candidate: z.number().nullable(),
  issues: z.array(z.object({ path: z.string(), says: z.string() })),
  steps: z.array(z.object({ startsAt: z.string(), dailyRate: z.number() })).optional(),
});
const medicationExpectedSchema = z.object({ concentration: z.number(), concentrationSource: z.string(), concentrationSourceDetail: z.string() });
const fileSchema = z.object({ resource: z.unknown(), expected: z.unknown(), with: z.array(z.string()).optional() });

const load = (name: string) => fileSchema.parse(JSON.parse(readFileSync(resolve(DIR, name), 'utf8')));
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const requestFiles = files.filter((f) => f.startsWith('medicationrequest-'));
const medicationFiles = files.filter((f) => f.startsWith('medication-'));

describe('the interoperability corpus', () => {
  it('holds at least 14 MedicationRequest and Medication resources', () => {
    expect(requestFiles.length + medicationFiles.length).toBeGreaterThanOrEqual(14);
  });

  it.each(requestFiles)('%s is read as its file says', (name) => {
    const file = load(name);
    const expected = expectedSchema.parse(file.expected);
    const resources = [file.resource, ...(file.with ?? []).map((w) => load(w).resource)];
    const m = mapItbMedications(resources);
    const change = m.timeline[0];
    const kind = change !== undefined ? 'intrathecal' : m.oral.length > 0 ? 'oral' : m.unclassified.length > 0 ? 'unclassified' : 'ignored';
    expect(kind).toBe(expected.kind);
    if (expected.kind === 'intrathecal') {
      const c = change as DoseChange;
      expect({
        dailyDose: c.dailyDose ?? null,
        source: c.source ?? null,
        sourceDetail: c.sourceDetail,
        concentration: c.concentration ?? null,
        concentrationSource: c.concentrationSource ?? null,
        concentrationSourceDetail: c.concentrationSourceDetail,
        candidate: c.candidate?.dailyDose ?? null,
      }).toEqual({
        dailyDose: expected.dailyDose,
        source: expected.source,
        sourceDetail: expected.sourceDetail,
        concentration: expected.concentration,
        concentrationSource: expected.concentrationSource,
        concentrationSourceDetail: expected.concentrationSourceDetail,
        candidate: expected.candidate,
      });
      // The words shown to clinicians name no FHIR element and no UCUM code (issue 11, issue 13 item 7).
      expect(`${c.source ?? ''} ${c.concentrationSource ?? ''}`).not.toMatch(/Quantity|rateRatio|ingredient|\bug\/|\bug\b/);
      if (expected.steps !== undefined) expect(c.steps.map((s) => ({ startsAt: s.startsAt, dailyRate: s.dailyRate }))).toEqual(expected.steps);
    }
    expect(m.issues.map((i) => i.path)).toEqual(expected.issues.map((i) => i.path));
    expected.issues.forEach((e, i) => expect(m.issues[i]?.message).toContain(e.says));
  });

  it.each(medicationFiles)('%s gives its strength as the concentration of an intrathecal order that references it', (name) => {
    const file = load(name);
    const expected = medicationExpectedSchema.parse(file.expected);
    const id = z.object({ id: z.string() }).parse(file.resource).id;
    const order = {
      resourceType: 'MedicationRequest',
      id: 'ref',
      status: 'active',
      medicationReference: { reference: `Medication/${id}` },
      dosageInstruction: [{ route: { text: 'Intrathecal' }, doseAndRate: [{ rateQuantity: { value: 100, unit: 'ug/d', system: 'http://unitsofmeasure.org', code: 'ug/d' } }] }],
    };
    const c = mapItbMedications([order, file.resource]).timeline[0];
    expect([c?.concentration, c?.concentrationSource, c?.concentrationSourceDetail]).toEqual([expected.concentration, expected.concentrationSource, expected.concentrationSourceDetail]);
  });
});

describe('a referenced Medication the server did not include', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  const client = nodeClient(FHIR_BASE, { access_token: 'token' });
  const epic = load('medicationrequest-epic-every-8-hours.json');
  const medication = load('medication-epic-baclofen-2000.json');
  const searchset = (resources: unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });

  it('is read by id in one more request, and its strength gives the concentration', async () => {
    const reads: string[] = [];
    server.use(
      http.get(`${FHIR_BASE}/MedicationRequest`, () => HttpResponse.json(searchset([epic.resource]))),
      http.get(`${FHIR_BASE}/Medication/:id`, ({ params }) => {
        reads.push(String(params.id));
        return HttpResponse.json(medication.resource as never);
      }),
    );
    const m = await fetchItbMedications(client, 'p1');
    expect(reads).toEqual(['eBaclofen2000']);
    expect([m.current?.dailyDose, m.current?.concentration]).toEqual([450, 2000]);
  });

  it('several are fetched in one _id search', async () => {
    const second = { ...(epic.resource as Record<string, unknown>), id: 'eX7Yx3aB.2', medicationReference: { reference: 'Medication/eOther' } };
    const searches: string[] = [];
    server.use(
      http.get(`${FHIR_BASE}/MedicationRequest`, () => HttpResponse.json(searchset([epic.resource, second]))),
      http.get(`${FHIR_BASE}/Medication`, ({ request }) => {
        searches.push(new URL(request.url).searchParams.get('_id') ?? '');
        return HttpResponse.json(searchset([medication.resource]));
      }),
    );
    await fetchItbMedications(client, 'p1');
    expect(searches).toEqual(['eBaclofen2000,eOther']);
  });

  it('that is not found is named, and the order is still read', async () => {
    server.use(
      http.get(`${FHIR_BASE}/MedicationRequest`, () => HttpResponse.json(searchset([epic.resource]))),
      http.get(`${FHIR_BASE}/Medication/:id`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] }, { status: 404 })),
    );
    const m = await fetchItbMedications(client, 'p1');
    expect(m.current?.dailyDose).toBe(450);
    // Without the Medication's strength, the order's own "2,000 mcg/mL" is all there is: refused as ambiguous, and named.
    expect(m.issues).toEqual([
      expect.objectContaining({ resourceType: 'Medication', id: 'eBaclofen2000' }),
      expect.objectContaining({ path: 'medicationReference.display', message: expect.stringContaining('"2,000" could be a thousands separator') as unknown }),
    ]);
  });

  it('that fails to load fails the read with a retry, rather than dropping the order', async () => {
    server.use(
      http.get(`${FHIR_BASE}/MedicationRequest`, () => HttpResponse.json(searchset([epic.resource]))),
      http.get(`${FHIR_BASE}/Medication/:id`, () => new HttpResponse(null, { status: 503 })),
    );
    await expect(fetchItbMedications(client, 'p1')).rejects.toMatchObject({ kind: 'server' });
  });

  it('is not fetched again when the search included it', async () => {
    let medicationRequests = 0;
    server.use(
      http.get(`${FHIR_BASE}/MedicationRequest`, () => HttpResponse.json(searchset([epic.resource, medication.resource]))),
      http.get(`${FHIR_BASE}/Medication`, () => {
        medicationRequests += 1;
        return HttpResponse.json(searchset([]));
      }),
    );
    const m = await fetchItbMedications(client, 'p1');
    expect(medicationRequests).toBe(0);
    expect(m.current?.concentration).toBe(2000);
  });
});
