import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeClient } from '../../test/integration/node-client';
import { fetchWriteStrategy } from './capabilities';
import { fetchItbMedications, mapItbMedications } from './medications';
import { fetchAssessments, fetchLatestWeight, fetchVitalSigns, quantityFromString } from './observations';
import { buildObservation } from './build';
import { defaultWriteCodes } from './write-codes';
import { fetchPatient, mapPatient, parsePatient } from './patient';
import { fetchPump } from './pump';
import { FhirError } from './errors';
import { FHIR_BASE, fixture } from './testing/fixtures';
import { parseBundle } from './parse';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = nodeClient(FHIR_BASE, { access_token: 'token' });
const json = (name: string, status = 200) => HttpResponse.json(fixture(name) as never, { status });

describe('AVPU and pain as written (exam, survey)', () => {
  it('reads the AVPU and pain the app writes outside vital-signs from the exam/survey search, with the ITB checks', async () => {
    const ctx = { patientId: 'p1', codes: defaultWriteCodes };
    const at = '2024-05-02T10:00:00+10:00';
    const written = [
      { ...buildObservation({ key: 'avpu', value: { kind: 'codeable', answer: 'V' } }, 'g1', at, ctx), id: 'a1' },
      { ...buildObservation({ key: 'pain', value: { kind: 'integer', value: 3 } }, 'g1', at, ctx), id: 'p1' },
      { ...buildObservation({ key: 'drowsiness', value: { kind: 'boolean', value: true } }, 'g1', at, ctx), id: 'd1' },
    ];
    let search = '';
    server.use(
      http.get(`${FHIR_BASE}/Observation`, ({ request }) => {
        search = decodeURIComponent(new URL(request.url).search);
        return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: written.map((resource) => ({ resource })) });
      }),
    );
    const list = await fetchAssessments(client, 'p1', { since: '2024-05-01T00:00:00+10:00' });
    expect(search).toContain('observation-category|exam,http://terminology.hl7.org/CodeSystem/observation-category|survey');
    expect(list.items.map((i) => i.key).sort()).toEqual(['avpu', 'drowsiness', 'pain']);
    expect(list.items.find((i) => i.key === 'avpu')?.value).toMatchObject({ kind: 'codeable', code: 'V' });
    expect(list.items.find((i) => i.key === 'pain')?.value).toEqual({ kind: 'integer', value: 3 });
  });
});

describe('Patient', () => {
  it('reads name, age in years and months, sex and the MR identifier', async () => {
    server.use(http.get(`${FHIR_BASE}/Patient/p1`, () => json('patient')));
    const p = await fetchPatient(client, 'p1', 'Australia/Sydney');
    expect(p).toMatchObject({ name: 'Mia Rose Thompson', birthDate: '2018-03-15', sex: 'female', mrn: 'MRN100001' });
    expect(mapPatient((parsePatient(fixture('patient')) as { patient: never }).patient, new Date('2024-05-20T00:00:00Z'), 'Australia/Sydney').age).toEqual({ years: 6, months: 2 });
  });

  it('counts age on the site calendar date: at 01:30 on her 8th birthday in Sydney she is 8, though UTC is still the day before', () => {
    const patient = (parsePatient(fixture('patient')) as { patient: never }).patient; // born 2018-03-15
    const birthdayMorning = new Date('2026-03-14T14:30:00Z'); // 15 Mar 2026 01:30 +11:00
    expect(mapPatient(patient, birthdayMorning, 'Australia/Sydney').age).toEqual({ years: 8, months: 0 });
    expect(mapPatient(patient, birthdayMorning, 'UTC').age).toEqual({ years: 7, months: 11 });
  });

  it('names the failing field of a malformed Patient', () => {
    const parsed = parsePatient(fixture('patient-malformed'));
    expect(parsed).toMatchObject({ issue: { resourceType: 'Patient', id: 'p1', path: 'birthDate' } });
  });

  it('turns an unreadable Patient into a server error naming the field, not an empty banner', async () => {
    server.use(http.get(`${FHIR_BASE}/Patient/p1`, () => json('patient-malformed')));
    const error = await fetchPatient(client, 'p1', 'Australia/Sydney').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'server' });
    expect((error as FhirError).message).toContain('birthDate');
  });
});

describe('Body weight', () => {
  it('converts the latest weight from pounds to kg and keeps the original unit and date', async () => {
    let query = '';
    server.use(
      http.get(`${FHIR_BASE}/Observation`, ({ request }) => {
        query = new URL(request.url).search;
        return json('weight-search');
      }),
    );
    const w = await fetchLatestWeight(client, 'p1');
    expect(w.latest).toMatchObject({ id: 'w1', original: { value: 44, unit: '[lb_av]' }, effective: '2024-05-01T09:00:00+10:00' });
    expect(w.latest?.kg).toBeCloseTo(19.958, 3);
    expect(decodeURIComponent(query)).toContain('code=http://loinc.org|29463-7,http://loinc.org|3141-9');
    expect(query).toContain('_sort=-date');
  });

  it('reports a malformed weight by field and falls back to the previous one', async () => {
    server.use(http.get(`${FHIR_BASE}/Observation`, () => json('weight-search-malformed')));
    const w = await fetchLatestWeight(client, 'p1');
    expect(w.latest?.id).toBe('w1');
    expect(w.issues).toEqual([expect.objectContaining({ resourceType: 'Observation', id: 'w2', path: 'valueQuantity.value' })]);
  });
});

describe('Vital signs', () => {
  it('follows link[next] as given, reads BP components, AVPU and converts °F, newest first', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${FHIR_BASE}/Observation`, ({ request }) => {
        const url = new URL(request.url);
        seen.push(url.search);
        return json(url.searchParams.get('pageContext') === 'opaque-2' ? 'vitals-page2' : 'vitals-page1');
      }),
    );
    const v = await fetchVitalSigns(client, 'p1', { since: '2024-05-01T00:00:00+10:00' });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe('?pageContext=opaque-2');
    expect(decodeURIComponent(seen[0] ?? '')).toContain('category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs');
    expect(seen[0]).toContain('date=ge2024-05-01');
    expect(v.items.map((i) => i.id)).toEqual(['hr2', 'bp1', 'avpu1', 't1', 'hr1']);
    const bp = v.items.find((i) => i.key === 'blood-pressure');
    expect(bp?.value).toEqual({
      kind: 'components',
      components: [
        { key: 'bp-systolic', code: '8480-6', value: { kind: 'quantity', value: 100, unit: 'mm[Hg]' } },
        { key: 'bp-diastolic', code: '8462-4', value: { kind: 'quantity', value: 60, unit: 'mm[Hg]' } },
      ],
    });
    expect(v.items.find((i) => i.key === 'avpu')?.value).toMatchObject({ kind: 'codeable', code: 'V' });
    expect(v.items.find((i) => i.key === 'temperature')?.value).toEqual({ kind: 'quantity', value: 38, unit: 'Cel' });
    expect(v.items.find((i) => i.key === 'heart-rate')?.value).toMatchObject({ unit: '/min' });
  });

  it('stops paging when the view has what it needs', async () => {
    let calls = 0;
    server.use(
      http.get(`${FHIR_BASE}/Observation`, () => {
        calls++;
        return json('vitals-page1');
      }),
    );
    const v = await fetchVitalSigns(client, 'p1', { since: '2024-05-01', maxItems: 3 });
    expect(calls).toBe(1);
    expect(v.hasMore).toBe(true);
  });

  it('skips and reports a malformed observation without losing the others', async () => {
    server.use(http.get(`${FHIR_BASE}/Observation`, () => json('vitals-malformed')));
    const v = await fetchVitalSigns(client, 'p1', { since: '2024-05-01' });
    expect(v.items.map((i) => i.id)).toEqual(['hr1']);
    expect(v.issues).toEqual([expect.objectContaining({ id: 'hr3', path: 'effectiveDateTime' })]);
  });

  it('reads a Bundle without entry as empty, not as an error', async () => {
    server.use(http.get(`${FHIR_BASE}/Observation`, () => json('bundle-no-entry')));
    expect(await fetchVitalSigns(client, 'p1', { since: '2024-05-01' })).toEqual({ items: [], issues: [], hasMore: false });
  });

  it('names the failing field of a malformed Bundle', () => {
    expect(() => parseBundle(fixture('bundle-malformed'))).toThrow(/entry/);
  });

  it('turns a 503 into a server error, never into "no data"', async () => {
    server.use(http.get(`${FHIR_BASE}/Observation`, () => new HttpResponse(null, { status: 503 })));
    await expect(fetchVitalSigns(client, 'p1', { since: '2024-05-01' })).rejects.toMatchObject({ kind: 'server' });
  });
});

describe('Intrathecal baclofen', () => {
  it('recognises ITB by ingredient and route whatever the product code, and keeps oral apart', async () => {
    let query = '';
    server.use(
      http.get(`${FHIR_BASE}/MedicationRequest`, ({ request }) => {
        query = decodeURIComponent(new URL(request.url).search);
        return json('medications-search');
      }),
    );
    const m = await fetchItbMedications(client, 'p1');
    expect(query).toContain('_include=MedicationRequest:medication');
    expect(query).toContain('status=active,on-hold');
    expect(m.timeline.map((d) => [d.id, d.dailyDose, d.concentration])).toEqual([
      ['mr-new', 300, 2000], // 12.5 mcg/hr × 24, strength 2 mg/mL from the contained Medication
      ['mr-old', 250, 2000], // AMT-coded, text route, "mcg/day", concentration from dosage text
      ['mr-oldest', undefined, 500], // 0.2 mg once a day: mg refused for an intrathecal dose; strength from the _include'd Medication
    ]);
    expect(m.current?.id).toBe('mr-new');
    expect(m.timeline[1]).toMatchObject({ validFrom: '2024-03-01T11:00:00+11:00', validTo: '2024-05-01T11:00:00+10:00', status: 'completed' });
    expect(m.oral).toEqual([expect.objectContaining({ id: 'mr-oral', dose: 5, timesPerDay: 3 })]);
    expect(m.issues).toEqual([
      expect.objectContaining({ id: 'mr-oldest', path: 'dosageInstruction[0].doseAndRate[0].doseQuantity', message: expect.stringContaining('not mg') as string }),
    ]);
  });

  it('names the failing field of a malformed MedicationRequest and still reads the rest', () => {
    const m = mapItbMedications(parseBundle(fixture('medication-request-malformed')).resources);
    expect(m.issues).toEqual([expect.objectContaining({ resourceType: 'MedicationRequest', id: 'mr-bad', path: 'authoredOn' })]);
    expect(m.oral.map((o) => o.id)).toEqual(['mr-oral']);
  });

  it('names the failing field of a malformed contained Medication and does not guess the drug', () => {
    const m = mapItbMedications(parseBundle(fixture('medication-malformed')).resources);
    expect(m.issues).toEqual([
      expect.objectContaining({ resourceType: 'MedicationRequest', id: 'mr-new', path: 'contained[0].ingredient[0].strength.numerator.value' }),
    ]);
    // The only baclofen evidence was in the unreadable Medication: reported, not guessed.
    expect(m.timeline).toEqual([]);
  });
});

describe('Pump and procedures', () => {
  const pumpHandlers = (device: string, procedures: string) => [
    http.get(`${FHIR_BASE}/Device`, () => json(device)),
    http.get(`${FHIR_BASE}/Procedure`, ({ request }) =>
      json(new URL(request.url).searchParams.get('code')?.includes('|pump-implant') === true ? 'procedure-implant' : procedures),
    ),
    http.get(`${FHIR_BASE}/Observation`, () => json('refill-observations')),
  ];

  it('reads the pump model, reservoir, implant date, MRI and the last refill with volume and concentration', async () => {
    server.use(...pumpHandlers('device-search', 'procedure-search'));
    const p = await fetchPump(client, 'p1');
    expect(p.device).toMatchObject({ name: 'SynchroMed II', model: '8637-40', reservoirVolume: 40, lowReservoirAlarmVolume: 2 });
    expect(p.implantDate).toBe('2020-01-01T09:00:00+11:00');
    expect(p.procedures.map((x) => x.kind)).toEqual(['mri', 'pump-refill', 'pump-implant']);
    expect(p.refills).toEqual([
      {
        procedureId: 'pr-refill',
        performed: '2024-04-01T10:00:00+11:00',
        fillVolume: 38,
        concentration: 2000,
        fillVolumeFrom: { from: 'observation', id: 'o-vol' },
        concentrationFrom: { from: 'observation', id: 'o-conc' },
        match: { by: 'code', system: 'https://itb-companion.example/fhir/CodeSystem/itb-procedure', code: 'pump-refill' },
        refused: [],
      },
    ]);
  });

  it('works with no pump records at all', async () => {
    server.use(
      http.get(`${FHIR_BASE}/Device`, () => json('bundle-no-entry')),
      http.get(`${FHIR_BASE}/Procedure`, () => json('bundle-no-entry')),
      http.get(`${FHIR_BASE}/Observation`, () => json('bundle-no-entry')),
    );
    expect(await fetchPump(client, 'p1')).toMatchObject({
      device: undefined,
      implantDate: undefined,
      procedures: [],
      refills: [],
      issues: [],
      searched: { recentRead: 0, recentLimit: 50, moreOlder: false },
    });
  });

  it('names the failing field of a malformed Device and of a malformed Procedure', async () => {
    server.use(...pumpHandlers('device-malformed', 'procedure-malformed'));
    const p = await fetchPump(client, 'p1');
    expect(p.device).toBeUndefined();
    expect(p.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resourceType: 'Device', id: 'dev1', path: 'deviceName[0].name' }),
        expect.objectContaining({ resourceType: 'Procedure', id: 'pr-bad', path: 'status' }),
      ]),
    );
  });
});

describe('Write strategy from the CapabilityStatement', () => {
  it.each([
    ['capability-transaction', { mode: 'transaction', conditionalCreate: true, canUpdate: true }],
    ['capability-oracle', { mode: 'one-at-a-time', conditionalCreate: false, canUpdate: true }],
  ])('%s', async (name, expected) => {
    server.use(http.get(`${FHIR_BASE}/metadata`, () => json(name)));
    expect(await fetchWriteStrategy(client)).toEqual(expected);
  });

  it('names the failing field of a malformed CapabilityStatement', async () => {
    server.use(http.get(`${FHIR_BASE}/metadata`, () => json('capability-malformed')));
    const error = await fetchWriteStrategy(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FhirError);
    expect((error as FhirError).message).toContain('rest[0].resource[0].conditionalCreate');
  });
});

describe('Vitals sent as text (Epic flowsheet valueString)', () => {
  it.each([
    ['heart-rate', '96 bpm', { kind: 'quantity', value: 96, unit: '/min' }],
    ['respiratory-rate', '20', { kind: 'quantity', value: 20, unit: '/min' }],
    ['spo2', '97 %', { kind: 'quantity', value: 97, unit: '%' }],
    ['temperature', '37.2', { kind: 'string', value: '37.2' }], // °C or °F? not guessed
    ['heart-rate', 'settled, asleep', { kind: 'string', value: 'settled, asleep' }],
  ] as const)('%s "%s"', (key, text, expected) => {
    expect(quantityFromString(key, { kind: 'string', value: text })).toEqual(expected);
  });

  it('reads "102/64 mmHg" as a BP panel', () => {
    expect(quantityFromString('blood-pressure', { kind: 'string', value: '102/64 mmHg' })).toMatchObject({
      kind: 'components',
      components: [{ key: 'bp-systolic', value: { value: 102 } }, { key: 'bp-diastolic', value: { value: 64 } }],
    });
  });
});
