/**
 * Test support for the rounds view: a small FHIR server in msw with an in-memory Observation
 * store (writes show up in later searches, as in a real EHR), a fhirclient client pointed at it,
 * and the app's providers. Only used by *.test.tsx.
 */
import type { ReactNode } from 'react';
// The browser entry, as the app gets in the bundle.
import FHIR from 'fhirclient/lib/entry/browser';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { z } from 'zod';
import type { Session } from '../../../app/session';
import { parseSiteConfig } from '../../../config/site-config';
import { SessionContext } from '../../../session/session-context';

export const FHIR_BASE = 'https://ward.example/fhir';
const UCUM = 'http://unitsofmeasure.org';
const ITB = 'https://itb-companion.example/fhir/CodeSystem/itb-assessment';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const GROUP = 'https://itb-companion.example/fhir/NamingSystem/entry-group-id';
const ENTRY = 'https://itb-companion.example/fhir/NamingSystem/client-entry-id';

export const SITE = parseSiteConfig({
  version: 1,
  site: { name: 'Ward test hospital', timeZone: 'Australia/Sydney' },
  ehrs: [{ id: 'ward', name: 'Ward EHR', issuers: [FHIR_BASE], clientId: 'itb-companion', scopeStyle: 'smart-v1', scopes: ['launch', 'openid', 'fhirUser', 'online_access', 'patient/Observation.read', 'patient/Observation.write'] }],
  contacts: [
    { role: 'Rehabilitation Registrar (clinical review)', name: 'Registrar on call', pager: 'Pager 7777' },
    { role: 'Rapid response', name: 'Rapid Response Team', phone: 'Dial 5555' },
  ],
});

/** Sydney wall clock +10:00 (September: standard time). */
export const sydney = (d: Date): string => new Date(d.getTime() + 10 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+10:00');

const looseObservation = z.looseObject({
  resourceType: z.literal('Observation'),
  id: z.string().optional(),
  meta: z.object({ versionId: z.string().optional() }).optional(),
  identifier: z.array(z.object({ system: z.string().optional(), value: z.string().optional() })).optional(),
  category: z.array(z.object({ coding: z.array(z.object({ code: z.string().optional() })).optional() })).optional(),
  note: z.array(z.object({ text: z.string().optional() })).optional(),
  status: z.string(),
});
export type StoredObservation = z.infer<typeof looseObservation>;

const vital = (code: string, at: string, value: Record<string, unknown>, group?: string, item?: string) => ({
  resourceType: 'Observation',
  status: 'final',
  category: [{ coding: [{ system: CATEGORY, code: 'vital-signs' }] }],
  code: { coding: [{ system: 'http://loinc.org', code }] },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: at,
  ...(group === undefined ? {} : { identifier: [{ system: ENTRY, value: `${group}:${item ?? code}` }, { system: GROUP, value: group }] }),
  ...value,
});

const q = (value: number, code: string) => ({ valueQuantity: { value, unit: code, system: UCUM, code } });

/** A recorded round, as the app writes it. */
export function round(group: string, at: string, v: { hr: number; rr: number; spo2: number; sbp: number; dbp: number }): unknown[] {
  return [
    vital('8867-4', at, q(v.hr, '/min'), group, 'heart-rate'),
    vital('9279-1', at, q(v.rr, '/min'), group, 'respiratory-rate'),
    vital('59408-5', at, q(v.spo2, '%'), group, 'spo2'),
    vital('85354-9', at, {
      component: [
        { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, ...q(v.sbp, 'mm[Hg]') },
        { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, ...q(v.dbp, 'mm[Hg]') },
      ],
    }, group, 'blood-pressure'),
  ];
}

/** A round's ITB checks (category exam, local codes, valueBoolean), as the app writes them. */
export function checks(group: string, at: string, answers: Readonly<Record<string, boolean>>): unknown[] {
  return Object.entries(answers).map(([code, value]) => ({
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: CATEGORY, code: 'exam' }] }],
    code: { coding: [{ system: ITB, code }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: at,
    identifier: [{ system: ENTRY, value: `${group}:${code}` }, { system: GROUP, value: group }],
    valueBoolean: value,
  }));
}

export const injection = (at: string, dose = 50) => ({
  resourceType: 'Observation',
  status: 'final',
  category: [{ coding: [{ system: CATEGORY, code: 'exam' }] }],
  code: { coding: [{ system: ITB, code: 'test-dose-injection' }] },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: at,
  ...q(dose, 'ug'),
});

/** An implanted pump (SynchroMed II), as the EHR sends the Device. */
export const pumpDevice = () => ({ resourceType: 'Device', id: 'pump1', status: 'active', deviceName: [{ name: 'SynchroMed II', type: 'manufacturer-name' }], modelNumber: '8637-40', patient: { reference: 'Patient/p1' } });

/** An active intrathecal baclofen order (SNOMED 72607000 intrathecal route). */
export const intrathecalOrder = (dailyDose = 450) => ({
  resourceType: 'MedicationRequest',
  id: 'mr1',
  status: 'active',
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  authoredOn: '2026-01-16T11:00:00+10:00',
  medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1292' }], text: 'Baclofen intrathecal 2000 micrograms/mL' },
  dosageInstruction: [
    {
      text: `${dailyDose} micrograms/day by continuous intrathecal infusion`,
      route: { coding: [{ system: 'http://snomed.info/sct', code: '72607000' }] },
      doseAndRate: [{ rateQuantity: { value: dailyDose, unit: 'ug/d', system: UCUM, code: 'ug/d' } }],
    },
  ],
});

export const patient = (birthDate = '2017-05-06') => ({
  resourceType: 'Patient',
  id: 'p1',
  name: [{ use: 'official', given: ['Noah'], family: 'Williams' }],
  birthDate,
  gender: 'male',
});

const capability = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2026-01-01',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['json'],
  rest: [{ mode: 'server', interaction: [{ code: 'transaction' }], resource: [{ type: 'Observation', conditionalCreate: true, interaction: [{ code: 'create' }, { code: 'update' }, { code: 'search-type' }] }] }],
};

const searchset = (resources: readonly unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });

/** The ward's EHR: a Patient and an Observation store. Writes are kept; every request is logged. */
export class WardChart {
  readonly observations: StoredObservation[] = [];
  readonly requests: string[] = [];
  private next = 1;
  /**
   * Make the next N transactions fail with this status; with `afterStore` the write happens first
   * and only the reply is lost (as a dropped connection).
   */
  failWrites: { status: number; times: number; afterStore?: boolean } | undefined;
  failVitalsRead = false;
  patient: Record<string, unknown> = patient();
  /** Pump records and intrathecal orders: none by default (a test-dose child without a pump). */
  devices: unknown[] = [];
  procedures: unknown[] = [];
  orders: unknown[] = [];
  failPumpRead = false;
  failPatientRead = false;

  constructor(seed: readonly unknown[] = []) {
    for (const r of seed) this.store(r);
  }

  /** The admission; set `status: 'finished'` and `period.end` to document a discharge. */
  encounter: { resourceType: 'Encounter'; id: string; status: string; period?: { start?: string; end?: string } } = {
    resourceType: 'Encounter',
    id: 'e1',
    status: 'in-progress',
  };

  store(resource: unknown): StoredObservation {
    const obs = looseObservation.parse(resource);
    const stored = { ...obs, id: obs.id ?? `o${this.next++}`, meta: { versionId: '1' } };
    this.observations.push(stored);
    return stored;
  }

  private search(url: URL): StoredObservation[] {
    const identifier = url.searchParams.get('identifier');
    if (identifier !== null) {
      const [system, value] = identifier.split('|');
      return this.observations.filter((o) => o.identifier?.some((i) => i.system === system && i.value === value));
    }
    const categories = (url.searchParams.get('category') ?? '').split(',').map((c) => c.split('|')[1]);
    return this.observations.filter((o) => o.category?.some((c) => c.coding?.some((x) => categories.includes(x.code))));
  }

  private failing(): Response | undefined {
    if (this.failWrites === undefined || this.failWrites.times <= 0) return undefined;
    this.failWrites.times -= 1;
    const status = this.failWrites.status;
    return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', diagnostics: 'unavailable' }] }, { status });
  }

  handlers(): HttpHandler[] {
    return [
      http.get(`${FHIR_BASE}/metadata`, () => HttpResponse.json(capability)),
      http.get(`${FHIR_BASE}/Patient/p1`, () =>
        this.failPatientRead ? HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }, { status: 503 }) : HttpResponse.json(this.patient),
      ),
      http.get(`${FHIR_BASE}/Encounter/e1`, () => HttpResponse.json(this.encounter)),
      http.get(`${FHIR_BASE}/Device`, () =>
        this.failPumpRead ? HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }, { status: 503 }) : HttpResponse.json(searchset(this.devices)),
      ),
      http.get(`${FHIR_BASE}/Procedure`, () => HttpResponse.json(searchset(this.procedures))),
      http.get(`${FHIR_BASE}/MedicationRequest`, () => HttpResponse.json(searchset(this.orders))),
      http.get(`${FHIR_BASE}/Observation`, ({ request }) => {
        const url = new URL(request.url);
        this.requests.push(`GET ${url.search}`);
        if (this.failVitalsRead && (url.searchParams.get('category') ?? '').includes('vital-signs')) {
          return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }, { status: 503 });
        }
        return HttpResponse.json(searchset(this.search(url)));
      }),
      http.post(`${FHIR_BASE}`, async ({ request }) => {
        this.requests.push('POST transaction');
        const afterStore = this.failWrites?.afterStore === true;
        const failedBefore = afterStore ? undefined : this.failing();
        if (failedBefore !== undefined) return failedBefore;
        // No If-None-Exist here: only the app's search-before-retry can prevent a duplicate.
        const body = z.object({ entry: z.array(z.object({ resource: z.unknown() })) }).parse(await request.json());
        const entries = body.entry.map((e) => {
          const o = this.store(e.resource);
          return { response: { status: '201 Created', location: `Observation/${o.id}/_history/1` } };
        });
        const failedAfter = afterStore ? this.failing() : undefined;
        if (failedAfter !== undefined) return failedAfter;
        return HttpResponse.json({ resourceType: 'Bundle', type: 'transaction-response', entry: entries });
      }),
      http.get(`${FHIR_BASE}/Observation/:id`, ({ params }) => {
        const o = this.observations.find((x) => x.id === params['id']);
        return o === undefined ? new HttpResponse(null, { status: 404 }) : HttpResponse.json(o);
      }),
      http.put(`${FHIR_BASE}/Observation/:id`, async ({ params, request }) => {
        this.requests.push(`PUT ${String(params['id'])} if-match ${request.headers.get('if-match') ?? ''}`);
        const index = this.observations.findIndex((x) => x.id === params['id']);
        const current = this.observations[index];
        if (current === undefined) return new HttpResponse(null, { status: 404 });
        if (request.headers.get('if-match') !== `W/"${current.meta?.versionId ?? ''}"`) {
          return HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'conflict', diagnostics: 'Version mismatch' }] }, { status: 412 });
        }
        const body = looseObservation.parse(await request.json());
        const version = String(Number(current.meta?.versionId ?? '1') + 1);
        const updated = { ...body, id: current.id, meta: { versionId: version } };
        this.observations[index] = updated;
        return HttpResponse.json(updated, { headers: { etag: `W/"${version}"` } });
      }),
    ];
  }

  /** Someone else amends an observation (a newer version appears). */
  amendElsewhere(id: string, change: Record<string, unknown>): void {
    const index = this.observations.findIndex((x) => x.id === id);
    const current = this.observations[index];
    if (current === undefined) throw new Error(`no ${id}`);
    this.observations[index] = { ...current, ...change, status: 'amended', meta: { versionId: String(Number(current.meta?.versionId ?? '1') + 1) } };
  }
}

/** The view inside a session for patient p1 (encounter e1) and a fresh QueryClient without retries. */
export function withSession(children: ReactNode, options: { grantedScope?: string } = {}): { ui: ReactNode; queryClient: QueryClient } {
  const client = FHIR.client({
    serverUrl: FHIR_BASE,
    tokenResponse: { access_token: 't', patient: 'p1', encounter: 'e1', ...(options.grantedScope === undefined ? {} : { scope: options.grantedScope }) },
  });
  const ehr = SITE.ehrs[0];
  if (ehr === undefined) throw new Error('test site has no EHR');
  const session: Session = { client, patientId: 'p1', encounterId: 'e1', fhirUser: undefined, needPatientBanner: false, smartStyleUrl: undefined, ehr, site: SITE };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return {
    queryClient,
    ui: (
      <SessionContext.Provider value={session}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </SessionContext.Provider>
    ),
  };
}
