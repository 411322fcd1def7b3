/**
 * (A copy of the action plan's test chart: features share no code, tests included.)
 *
 * Test support: a small FHIR chart served by msw (the same JSON an EHR sends), a fhirclient
 * client pointed at it, and the app's providers around a view. Only used by *.test.tsx.
 */
import type { ReactNode } from 'react';
// The browser entry, as the app gets in the bundle (the package's main entry is the Node one).
import FHIR from 'fhirclient/lib/entry/browser';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { SessionContext } from '../../../session/session-context';
import { FHIR_BASE, SITE } from './site';
import type { Session } from '../../../app/session';

export { FHIR_BASE, SITE };
const ITB_ASSESSMENT = 'https://itb-companion.example/fhir/CodeSystem/itb-assessment';
const ITB_PROCEDURE = 'https://itb-companion.example/fhir/CodeSystem/itb-procedure';
const UCUM = 'http://unitsofmeasure.org';

/** `2026-07-05T10:00:00+10:00` for an instant, at a fixed +10:00 (as the EHR sends it). */
export function at10(date: Date): string {
  return new Date(date.getTime() + 10 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+10:00');
}

export const daysBefore = (now: Date, days: number): Date => new Date(now.getTime() - days * 86_400_000);

const bundle = (resources: readonly unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });

export const patient = (birthDate = '2012-05-06') => ({
  resourceType: 'Patient',
  id: 'p1',
  name: [{ use: 'official', given: ['Liam'], family: "O'Brien" }],
  birthDate,
  gender: 'male',
  identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: 'MRN100004' }],
});

export const weight = (id: string, kg: number, when: string, unit: { unit: string; code: string } = { unit: 'kg', code: 'kg' }) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: when,
  valueQuantity: { value: kg, unit: unit.unit, system: UCUM, code: unit.code },
});

export const itbOrder = (id: string, dose: number, start: string, opts: { end?: string; concentration?: number } = {}) => {
  const concentration = opts.concentration ?? 2000;
  return {
    resourceType: 'MedicationRequest',
    id,
    status: opts.end === undefined ? 'active' : 'completed',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    authoredOn: start,
    contained: [
      {
        resourceType: 'Medication',
        id: 'med',
        code: { text: `Baclofen intrathecal ${concentration} micrograms/mL` },
        ingredient: [
          {
            itemCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1292' }] },
            strength: { numerator: { value: concentration, unit: 'ug', system: UCUM, code: 'ug' }, denominator: { value: 1, unit: 'mL', system: UCUM, code: 'mL' } },
          },
        ],
      },
    ],
    medicationReference: { reference: '#med' },
    dosageInstruction: [
      {
        text: `${dose} micrograms/day by continuous intrathecal infusion`,
        route: { coding: [{ system: 'http://snomed.info/sct', code: '72607000' }] },
        doseAndRate: [{ rateQuantity: { value: dose, unit: 'ug/d', system: UCUM, code: 'ug/d' } }],
      },
    ],
    dispenseRequest: { validityPeriod: { start, ...(opts.end === undefined ? {} : { end: opts.end }) } },
  };
};

export const device = (alarmMl = 2) => ({
  resourceType: 'Device',
  id: 'pump1',
  status: 'active',
  deviceName: [{ name: 'SynchroMed II', type: 'manufacturer-name' }],
  modelNumber: '8637-40',
  patient: { reference: 'Patient/p1' },
  property: [
    { type: { coding: [{ system: 'https://itb-companion.example/fhir/CodeSystem/itb-device-property', code: 'reservoir-volume' }] }, valueQuantity: [{ value: 40, unit: 'mL', system: UCUM, code: 'mL' }] },
    { type: { coding: [{ system: 'https://itb-companion.example/fhir/CodeSystem/itb-device-property', code: 'low-reservoir-alarm-volume' }] }, valueQuantity: [{ value: alarmMl, unit: 'mL', system: UCUM, code: 'mL' }] },
  ],
});

export const procedure = (id: string, kind: 'pump-implant' | 'pump-refill' | 'mri', when: string) => ({
  resourceType: 'Procedure',
  id,
  status: 'completed',
  code: { coding: [{ system: ITB_PROCEDURE, code: kind }] },
  subject: { reference: 'Patient/p1' },
  performedDateTime: when,
});

export const refillObservations = (procedureId: string, when: string, fillMl: number | undefined, concentration: number) => [
  ...(fillMl === undefined
    ? []
    : [
        {
          resourceType: 'Observation',
          id: `${procedureId}-vol`,
          status: 'final',
          code: { coding: [{ system: ITB_ASSESSMENT, code: 'reservoir-fill-volume' }] },
          subject: { reference: 'Patient/p1' },
          effectiveDateTime: when,
          valueQuantity: { value: fillMl, unit: 'mL', system: UCUM, code: 'mL' },
          partOf: [{ reference: `Procedure/${procedureId}` }],
        },
      ]),
  {
    resourceType: 'Observation',
    id: `${procedureId}-conc`,
    status: 'final',
    code: { coding: [{ system: ITB_ASSESSMENT, code: 'refill-concentration' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: when,
    valueQuantity: { value: concentration, unit: 'ug/mL', system: UCUM, code: 'ug/mL' },
    partOf: [{ reference: `Procedure/${procedureId}` }],
  },
];

export type FakeChart = {
  patient?: unknown;
  weights?: readonly unknown[];
  /** Active orders (the medicines query). */
  orders?: readonly unknown[];
  /** Every order, for the dose-history query. */
  history?: readonly unknown[];
  devices?: readonly unknown[];
  procedures?: readonly unknown[];
  refillObservations?: readonly unknown[];
  fail?: Partial<Record<'patient' | 'weight' | 'medications' | 'pump' | 'history', true>>;
};

const unavailable = () =>
  HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', diagnostics: 'Service unavailable' }] }, { status: 503 });

/** msw handlers answering the app's reads from `chart`. */
export function chartHandlers(chart: FakeChart): HttpHandler[] {
  return [
    http.get(`${FHIR_BASE}/Patient/p1`, () => (chart.fail?.patient ? unavailable() : HttpResponse.json(chart.patient ?? patient()))),
    http.get(`${FHIR_BASE}/Observation`, ({ request }) => {
      const code = new URL(request.url).searchParams.get('code') ?? '';
      if (code.includes('29463-7')) return chart.fail?.weight ? unavailable() : HttpResponse.json(bundle(chart.weights ?? []));
      if (code.includes('reservoir-fill-volume')) return chart.fail?.pump ? unavailable() : HttpResponse.json(bundle(chart.refillObservations ?? []));
      return HttpResponse.json(bundle([]));
    }),
    http.get(`${FHIR_BASE}/MedicationRequest`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      if (params.has('status')) return chart.fail?.medications ? unavailable() : HttpResponse.json(bundle(chart.orders ?? []));
      return chart.fail?.history ? unavailable() : HttpResponse.json(bundle(chart.history ?? chart.orders ?? []));
    }),
    http.get(`${FHIR_BASE}/Device`, () => (chart.fail?.pump ? unavailable() : HttpResponse.json(bundle(chart.devices ?? [])))),
    http.get(`${FHIR_BASE}/Procedure`, ({ request }) => {
      if (chart.fail?.pump) return unavailable();
      const code = new URL(request.url).searchParams.get('code') ?? '';
      const all = (chart.procedures ?? []) as { code?: { coding?: { code?: string }[] } }[];
      const implantOnly = !code.includes(',') && code.endsWith('|pump-implant');
      return HttpResponse.json(bundle(implantOnly ? all.filter((p) => p.code?.coding?.[0]?.code === 'pump-implant') : all));
    }),
  ];
}

const noEhr = (): never => {
  throw new Error('The test site configuration has no EHR.');
};
const EHR = SITE.ehrs[0] ?? noEhr();

/** The view inside a session for patient p1 and a fresh QueryClient (no retries). */
export function withSession(children: ReactNode): ReactNode {
  const client = FHIR.client({ serverUrl: FHIR_BASE, tokenResponse: { access_token: 't', patient: 'p1' } });
  const session: Session = {
    client,
    patientId: 'p1',
    encounterId: undefined,
    fhirUser: 'Practitioner/prac1',
    needPatientBanner: false,
    smartStyleUrl: undefined,
    ehr: EHR,
    site: SITE,
  };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return (
    <SessionContext.Provider value={session}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </SessionContext.Provider>
  );
}
