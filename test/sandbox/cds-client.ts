/**
 * The sandbox EHR as a CDS Hooks 2.0 client (https://cds-hooks.hl7.org/2.0/): it discovers the
 * services registered with it, fills their prefetch templates from its own FHIR store, hands the
 * service a short-lived read token in `fhirAuthorization`, and signs every call with its own key
 * (a JWT with `iss`, `aud` = the endpoint called, `exp` 5 minutes, `jti`; the public key is served
 * at `/cds-client/jwks.json`, which the service lists in its allowlist for this EHR).
 *
 * The answer is checked field by field before it is shown: the service is another system, and a
 * card the chart cannot render whole is counted, never half-shown.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';

export type CdsHook = 'patient-view' | 'order-select' | 'order-sign';

export interface CdsLink {
  label: string;
  url: string;
  type: 'smart' | 'absolute';
  appContext?: string;
}

export interface CdsCard {
  uuid?: string;
  summary: string;
  detail?: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; url?: string };
  suggestions: { label: string; isRecommended: boolean }[];
  links: CdsLink[];
}

export type CdsResult =
  | { kind: 'cards'; cards: CdsCard[]; unreadable: number; service: string }
  | { kind: 'not-configured' }
  | { kind: 'failed'; message: string };

export interface CdsClientOptions {
  /** The CDS service's base URL; discovery is `{base}/cds-services`. */
  serviceBase: string;
  /** This EHR's issuer for its CDS JWTs (the sandbox origin). */
  issuer: string;
  jwksUrl: string;
  fhirBase: string;
  /** Reads a FHIR path below the base from the EHR's own store (prefetch is the EHR's read). */
  readFhir: (path: string) => Promise<{ status: number; body: unknown }>;
  /** A patient-bound read token for `fhirAuthorization`. */
  serviceToken: (patientId: string) => { access_token: string; token_type: 'Bearer'; expires_in: number; scope: string; subject: string; patient: string };
  timeoutMs?: number;
}

interface DiscoveredService {
  hook: string;
  id: string;
  prefetch: Record<string, string>;
}

const INDICATORS = new Set(['info', 'warning', 'critical']);

/** The service answered, but not with what the EHR can use (the message is shown in the chart). */
class CdsAnswerError extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** One card as the chart can show it, or undefined when a required field is missing or wrong. */
export function readCard(raw: unknown): CdsCard | undefined {
  if (!isRecord(raw)) return undefined;
  const summary = str(raw['summary']);
  const indicator = raw['indicator'];
  const source = raw['source'];
  if (summary === undefined || typeof indicator !== 'string' || !INDICATORS.has(indicator) || !isRecord(source) || str(source['label']) === undefined) return undefined;
  const links: CdsLink[] = [];
  for (const l of Array.isArray(raw['links']) ? raw['links'] : []) {
    if (!isRecord(l)) return undefined;
    const label = str(l['label']);
    const url = str(l['url']);
    const type = l['type'];
    if (label === undefined || url === undefined || (type !== 'smart' && type !== 'absolute')) return undefined;
    const appContext = str(l['appContext']);
    links.push({ label, url, type, ...(appContext === undefined ? {} : { appContext }) });
  }
  const suggestions = (Array.isArray(raw['suggestions']) ? raw['suggestions'] : []).flatMap((s) => {
    const label = isRecord(s) ? str(s['label']) : undefined;
    return label === undefined || !isRecord(s) ? [] : [{ label, isRecommended: s['isRecommended'] === true }];
  });
  const detail = str(raw['detail']);
  const uuid = str(raw['uuid']);
  const sourceUrl = str(source['url']);
  return {
    ...(uuid === undefined ? {} : { uuid }),
    summary,
    ...(detail === undefined ? {} : { detail }),
    indicator: indicator as CdsCard['indicator'],
    source: { label: str(source['label']) ?? '', ...(sourceUrl === undefined ? {} : { url: sourceUrl }) },
    suggestions,
    links,
  };
}

export class CdsClient {
  private key: Promise<{ privateKey: KeyLike; jwk: JWK }>;
  private readonly kid = `sandbox-cds-${randomUUID().slice(0, 8)}`;
  private services: DiscoveredService[] | undefined;
  private readonly base: string;

  constructor(private readonly options: CdsClientOptions) {
    this.base = options.serviceBase.replace(/\/+$/, '');
    this.key = generateKeyPair('RS384').then(async ({ privateKey, publicKey }) => ({ privateKey, jwk: { ...(await exportJWK(publicKey)), kid: this.kid, alg: 'RS384', use: 'sig' } }));
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: [(await this.key).jwk] };
  }

  private async jwt(audience: string): Promise<string> {
    const { privateKey } = await this.key;
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS384', typ: 'JWT', kid: this.kid, jku: this.options.jwksUrl })
      .setIssuer(this.options.issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(privateKey);
  }

  private async request(path: string, body?: unknown): Promise<Response> {
    const url = `${this.base}${path}`;
    return fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { Authorization: `Bearer ${await this.jwt(url)}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
    });
  }

  /** Discovery, once per process (an EHR reads it at registration); a failed discovery is retried on the next call. */
  private async discover(): Promise<DiscoveredService[]> {
    if (this.services) return this.services;
    const res = await this.request('/cds-services');
    if (!res.ok) throw new CdsAnswerError(`the service's discovery answered ${res.status}`);
    const body: unknown = await res.json();
    const list = isRecord(body) && Array.isArray(body['services']) ? body['services'] : [];
    this.services = list.flatMap((s): DiscoveredService[] => {
      if (!isRecord(s) || str(s['hook']) === undefined || str(s['id']) === undefined) return [];
      const prefetch = isRecord(s['prefetch']) ? Object.fromEntries(Object.entries(s['prefetch']).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
      return [{ hook: String(s['hook']), id: String(s['id']), prefetch }];
    });
    return this.services;
  }

  /** The prefetch the EHR can satisfy: each template's read or search; a failed one is left out (the service may fetch it). */
  private async prefetch(templates: Record<string, string>, patientId: string, userId: string): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    await Promise.all(
      Object.entries(templates).map(async ([key, template]) => {
        const path = template.replaceAll('{{context.patientId}}', encodeURIComponent(patientId)).replaceAll('{{context.userId}}', encodeURIComponent(userId));
        const { status, body } = await this.options.readFhir(path);
        if (status === 404 && !path.includes('?')) out[key] = null;
        else if (status < 300) out[key] = body;
      }),
    );
    return out;
  }

  /** Calls the service for `hook`; cards checked one by one. */
  async call(hook: CdsHook, patientId: string, context: Record<string, unknown> = {}): Promise<CdsResult> {
    try {
      const service = (await this.discover()).find((s) => s.hook === hook);
      if (!service) return { kind: 'not-configured' };
      const userId = 'Practitioner/prac-rehab-lee';
      const res = await this.request(`/cds-services/${encodeURIComponent(service.id)}`, {
        hook,
        hookInstance: randomUUID(),
        fhirServer: this.options.fhirBase,
        fhirAuthorization: this.options.serviceToken(patientId),
        context: { userId, patientId, ...context },
        prefetch: await this.prefetch(service.prefetch, patientId, userId),
      });
      if (!res.ok) return { kind: 'failed', message: `the service answered ${res.status}` };
      const body: unknown = await res.json();
      const raw = isRecord(body) && Array.isArray(body['cards']) ? body['cards'] : undefined;
      if (raw === undefined) return { kind: 'failed', message: 'the answer has no cards list' };
      const cards = raw.map(readCard);
      return { kind: 'cards', cards: cards.filter((c): c is CdsCard => c !== undefined), unreadable: cards.filter((c) => c === undefined).length, service: service.id };
    } catch (e) {
      if (e instanceof CdsAnswerError) return { kind: 'failed', message: e.message };
      return { kind: 'failed', message: e instanceof Error && e.name === 'TimeoutError' ? 'no answer in time' : 'the service could not be reached' };
    }
  }
}

export type OrderInput =
  | { kind: 'lumbar-puncture' }
  | { kind: 'itb'; dose: number; unit: 'ug/d' | 'mg/d'; concentration: number };

/** Reads the chart's order box (JSON from the page); undefined when a field is missing or not a number. */
export function readOrderInput(raw: unknown): { hook: 'order-select' | 'order-sign'; order: OrderInput } | undefined {
  if (!isRecord(raw)) return undefined;
  const hook = raw['hook'];
  if (hook !== 'order-select' && hook !== 'order-sign') return undefined;
  if (raw['order'] === 'lumbar-puncture') return { hook, order: { kind: 'lumbar-puncture' } };
  if (raw['order'] !== 'itb') return undefined;
  const dose = Number(raw['dose']);
  const concentration = Number(raw['concentration']);
  const unit = raw['unit'];
  if (!Number.isFinite(dose) || dose <= 0 || !Number.isFinite(concentration) || concentration <= 0 || (unit !== 'ug/d' && unit !== 'mg/d')) return undefined;
  return { hook, order: { kind: 'itb', dose, unit, concentration } };
}

const SNOMED = 'http://snomed.info/sct';
const UCUM = 'http://unitsofmeasure.org';

/** The draft order as the EHR holds it while it is being written: a FHIR R4 resource in status draft. */
export function draftOrder(patientId: string, order: OrderInput, authoredOn: string): { resource: Record<string, unknown>; selection: string } {
  const id = `draft-${order.kind === 'itb' ? 'itb' : 'lp'}-${randomUUID().slice(0, 8)}`;
  const subject = { reference: `Patient/${patientId}` };
  if (order.kind === 'lumbar-puncture') {
    return {
      resource: { resourceType: 'ServiceRequest', id, status: 'draft', intent: 'order', subject, authoredOn, code: { coding: [{ system: SNOMED, code: '277762005', display: 'Lumbar puncture' }], text: 'Lumbar puncture' } },
      selection: `ServiceRequest/${id}`,
    };
  }
  const unitText = order.unit === 'ug/d' ? 'micrograms/day' : 'mg/day';
  return {
    resource: {
      resourceType: 'MedicationRequest',
      id,
      status: 'draft',
      intent: 'order',
      subject,
      authoredOn,
      contained: [
        {
          resourceType: 'Medication',
          id: 'med',
          code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1292', display: 'baclofen' }], text: `Baclofen intrathecal ${order.concentration} micrograms/mL` },
          ingredient: [{ itemCodeableConcept: { text: 'baclofen' }, isActive: true, strength: { numerator: { value: order.concentration, unit: 'ug', system: UCUM, code: 'ug' }, denominator: { value: 1, unit: 'mL', system: UCUM, code: 'mL' } } }],
        },
      ],
      medicationReference: { reference: '#med', display: `Baclofen intrathecal ${order.concentration} micrograms/mL` },
      dosageInstruction: [
        {
          text: `${order.dose} ${unitText} by continuous intrathecal infusion (baclofen ${order.concentration} micrograms/mL)`,
          route: { coding: [{ system: SNOMED, code: '72607000', display: 'Intrathecal route' }] },
          doseAndRate: [{ rateQuantity: { value: order.dose, unit: order.unit, system: UCUM, code: order.unit } }],
        },
      ],
    },
    selection: `MedicationRequest/${id}`,
  };
}
