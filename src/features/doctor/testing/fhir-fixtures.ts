/**
 * FHIR JSON for the doctor's component tests: a pump child (or a child before the test dose)
 * served by msw the way the EHR answers each search. Raw JSON, written out by hand.
 */
import { http, HttpResponse } from 'msw';

export const FHIR_BASE = 'https://ehr.example/fhir';
const ITB_PROCEDURE = 'https://itb-companion.example/fhir/CodeSystem/itb-procedure';
const ITB_ASSESSMENT = 'https://itb-companion.example/fhir/CodeSystem/itb-assessment';
const UCUM = 'http://unitsofmeasure.org';

type Json = Record<string, unknown>;

export const bundle = (resources: readonly Json[]): Json => ({
  resourceType: 'Bundle',
  type: 'searchset',
  total: resources.length,
  entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
});

export function patient(birthDate: string): Json {
  return {
    resourceType: 'Patient',
    id: 'p1',
    name: [{ use: 'official', text: 'Liam Test' }],
    birthDate,
    gender: 'male',
    identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: 'MRN1' }],
  };
}

export function weight(id: string, value: number, code: string, at: string): Json {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: at,
    valueQuantity: { value, unit: code, system: UCUM, code },
  };
}

/** A continuous intrathecal order (contained Medication with its strength). */
export function itbOrder(id: string, dose: number, concentration: number, start: string, end?: string): Json {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: end === undefined ? 'active' : 'completed',
    intent: 'order',
    contained: [
      {
        resourceType: 'Medication',
        id: 'med',
        code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1292' }], text: `Baclofen intrathecal ${concentration} micrograms/mL` },
        ingredient: [{ strength: { numerator: { value: concentration, system: UCUM, code: 'ug' }, denominator: { value: 1, system: UCUM, code: 'mL' } } }],
      },
    ],
    medicationReference: { reference: '#med' },
    subject: { reference: 'Patient/p1' },
    authoredOn: start,
    dosageInstruction: [
      {
        text: `${dose} micrograms/day by continuous intrathecal infusion`,
        route: { coding: [{ system: 'http://snomed.info/sct', code: '72607000' }] },
        doseAndRate: [{ rateQuantity: { value: dose, system: UCUM, code: 'ug/d', unit: 'ug/d' } }],
      },
    ],
    dispenseRequest: { validityPeriod: { start, ...(end === undefined ? {} : { end }) } },
  };
}

export function device(alarmMl: number | undefined): Json {
  return {
    resourceType: 'Device',
    id: 'dev1',
    status: 'active',
    deviceName: [{ name: 'SynchroMed II', type: 'manufacturer-name' }],
    modelNumber: '8637-40',
    patient: { reference: 'Patient/p1' },
    property: [
      { type: { coding: [{ system: 'https://itb-companion.example/fhir/CodeSystem/itb-device-property', code: 'reservoir-volume' }] }, valueQuantity: [{ value: 40, system: UCUM, code: 'mL' }] },
      ...(alarmMl === undefined
        ? []
        : [{ type: { coding: [{ system: 'https://itb-companion.example/fhir/CodeSystem/itb-device-property', code: 'low-reservoir-alarm-volume' }] }, valueQuantity: [{ value: alarmMl, system: UCUM, code: 'mL' }] }]),
    ],
  };
}

export function procedure(id: string, code: string, at: string): Json {
  return { resourceType: 'Procedure', id, status: 'completed', code: { coding: [{ system: ITB_PROCEDURE, code }] }, subject: { reference: 'Patient/p1' }, performedDateTime: at };
}

export function refillObservation(id: string, code: 'reservoir-fill-volume' | 'refill-concentration', value: number, unit: string, at: string, procedureId: string): Json {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'procedure' }] }],
    code: { coding: [{ system: ITB_ASSESSMENT, code }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: at,
    valueQuantity: { value, system: UCUM, code: unit },
    partOf: [{ reference: `Procedure/${procedureId}` }],
  };
}

export type Chart = {
  patient: Json;
  weights: Json[];
  orders: Json[];
  devices: Json[];
  procedures: Json[];
  refillObservations: Json[];
  assessments: Json[];
  /** Planned test-dose orders (ServiceRequest); none when absent. */
  serviceRequests?: Json[];
};

/** The stable pump child: 40 mL of 2000 micrograms/mL on 13 Sep 2026 10:00, 450 micrograms/day since March. */
export function stableChild(): Chart {
  return {
    patient: patient('2012-05-06'),
    weights: [weight('w1', 42.5, 'kg', '2026-11-20T09:00:00+11:00')],
    orders: [itbOrder('mr-old', 400, 2000, '2025-11-20T11:00:00+11:00', '2026-03-27T11:00:00+11:00'), itbOrder('mr-now', 450, 2000, '2026-03-27T11:00:00+11:00')],
    devices: [device(2)],
    procedures: [procedure('implant', 'pump-implant', '2023-11-11T09:00:00+11:00'), procedure('refill1', 'pump-refill', '2026-09-13T10:00:00+10:00')],
    refillObservations: [
      refillObservation('fv1', 'reservoir-fill-volume', 40, 'mL', '2026-09-13T10:00:00+10:00', 'refill1'),
      refillObservation('fc1', 'refill-concentration', 2000, 'ug/mL', '2026-09-13T10:00:00+10:00', 'refill1'),
    ],
    assessments: [],
  };
}

/** Handlers answering each of the view's searches from a chart. */
export function chartHandlers(chart: Chart) {
  const byDate = (key: string) => (a: Json, b: Json) => String(b[key]).localeCompare(String(a[key]));
  return [
    http.get(`${FHIR_BASE}/Patient/p1`, () => HttpResponse.json(chart.patient)),
    http.get(`${FHIR_BASE}/Observation`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      const code = params.get('code') ?? '';
      if (code.includes('29463-7')) return HttpResponse.json(bundle(chart.weights));
      if (code.includes('reservoir-fill-volume')) return HttpResponse.json(bundle(chart.refillObservations));
      if ((params.get('category') ?? '').includes('exam')) return HttpResponse.json(bundle(chart.assessments));
      return HttpResponse.json(bundle([]));
    }),
    http.get(`${FHIR_BASE}/MedicationRequest`, ({ request }) => {
      const status = new URL(request.url).searchParams.get('status');
      const orders = status === null ? chart.orders : chart.orders.filter((o) => status.split(',').includes(String(o.status)));
      return HttpResponse.json(bundle([...orders].sort(byDate('authoredOn'))));
    }),
    http.get(`${FHIR_BASE}/Device`, () => HttpResponse.json(bundle(chart.devices))),
    http.get(`${FHIR_BASE}/ServiceRequest`, () => HttpResponse.json(bundle(chart.serviceRequests ?? []))),
    http.get(`${FHIR_BASE}/Procedure`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      const code = params.get('code');
      const count = Number(params.get('_count') ?? '50');
      // No code filter: the recent procedures, newest first, as many as asked for.
      const wanted = code === null ? undefined : code.split(',').map((c) => c.split('|')[1]);
      const matching = wanted === undefined ? chart.procedures : chart.procedures.filter((p) => wanted.some((w) => JSON.stringify(p.code).includes(`"${w ?? ''}"`)));
      return HttpResponse.json(bundle([...matching].sort(byDate('performedDateTime')).slice(0, count)));
    }),
  ];
}
