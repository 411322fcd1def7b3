/**
 * The CDS service against the sandbox EHR's FHIR engine: discovery, the cards for seed children
 * with prefetch built from the discovery templates, missing prefetch read with fhirAuthorization,
 * 412 without either, and the JWT checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';
import { startSandbox, type Sandbox } from '../../test/sandbox/server';
import { createCdsService } from './service';
import { testNow } from '../../test/clock/test-clock';
import { launchToken } from '../../test/integration/node-client';
import type { CdsCard } from './cards';

const BASE = 'https://cds.example.org';
const ISS = 'https://ehr.example.org';
const JWKS_URL = 'https://ehr.example.org/jwks';
let sandbox: Sandbox;
let privateKey: KeyLike;
let jwk: JWK;
let service: ReturnType<typeof createCdsService>;
let templates: Record<string, string>;

async function token(path: string, claims: { aud?: string; exp?: number; jti?: string; iss?: string } = {}, key = privateKey, kid = 'k1'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS384', typ: 'JWT', kid })
    .setIssuer(claims.iss ?? ISS)
    .setAudience(claims.aud ?? `${BASE}${path}`)
    .setIssuedAt(now)
    .setExpirationTime(claims.exp ?? now + 300)
    .setJti(claims.jti ?? crypto.randomUUID())
    .sign(key);
}

async function call(path: string, init: { method?: string; body?: unknown; bearer?: string } = {}): Promise<Response> {
  const bearer = init.bearer ?? (await token(path));
  return service.app.request(path, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

async function prefetchFor(patientId: string, omit: readonly string[] = []): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, template] of Object.entries(templates)) {
    if (omit.includes(key)) continue;
    const res = await fetch(`${sandbox.origin}/admin/fhir/${template.replaceAll('{{context.patientId}}', patientId)}`);
    out[key] = await res.json();
  }
  return out;
}

async function patientView(patientId: string, extra: Record<string, unknown> = {}): Promise<{ status: number; cards: CdsCard[] }> {
  const res = await call('/cds-services/itb-patient-view', {
    method: 'POST',
    body: { hook: 'patient-view', hookInstance: crypto.randomUUID(), context: { patientId, userId: 'Practitioner/prac-rehab-lee' }, prefetch: await prefetchFor(patientId), ...extra },
  });
  const body = (await res.json()) as { cards?: CdsCard[] };
  return { status: res.status, cards: body.cards ?? [] };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, now: () => testNow() });
  const pair = await generateKeyPair('RS384');
  privateKey = pair.privateKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS384' };
  service = createCdsService({
    baseUrl: BASE,
    trusted: [{ iss: ISS, jwksUrl: JWKS_URL }],
    keySets: new Map([[JWKS_URL, createLocalJWKSet({ keys: [jwk] })]]),
    settings: { timeZone: 'Australia/Sydney', refillWarningDays: 14, staleWeightDays: 90, drugStabilityDays: 180, softMaxDailyDose: 1000, appLaunchUrl: 'https://app.example.org/launch.html' },
    log: () => undefined,
  });
  const discovery = (await (await call('/cds-services')).json()) as { services: { id: string; prefetch: Record<string, string> }[] };
  templates = discovery.services[0]?.prefetch ?? {};
});
afterAll(async () => {
  await sandbox.close();
});

describe('discovery', () => {
  it('lists patient-view, order-select and order-sign with the readers\' own searches as prefetch templates', async () => {
    const res = await call('/cds-services');
    const body = (await res.json()) as { services: { hook: string; id: string; prefetch: Record<string, string> }[] };
    expect(body.services.map((s) => [s.hook, s.id])).toEqual([
      ['patient-view', 'itb-patient-view'],
      ['order-select', 'itb-order-select'],
      ['order-sign', 'itb-order-sign'],
    ]);
    expect(body.services[0]?.prefetch['patient']).toBe('Patient/{{context.patientId}}');
    expect(body.services[0]?.prefetch['devices']).toBe('Device?patient={{context.patientId}}&_count=10');
  });
});

describe('patient-view cards for the sandbox children', () => {
  it('gives a test-dose child none of the pump cards', async () => {
    expect((await patientView('itb-testdose')).cards).toEqual([]);
  });

  it('gives the stable pump child the no-lumbar-puncture card, exactly', async () => {
    const { cards } = await patientView('itb-stable');
    expect(cards.map((c) => c.summary)).toEqual(['ITB pump: no lumbar puncture or needle access without the ITB team']);
    const [card] = cards;
    expect(card?.indicator).toBe('warning');
    expect(card?.source.label).toBe('CHW Intrathecal Baclofen practice guideline §5.1.3.3, §5.2.3.6');
    expect(card?.links).toEqual([
      { label: 'Open ITB Companion', url: 'https://app.example.org/launch.html', type: 'smart' },
      { label: 'ITB emergency guidance', url: 'https://app.example.org/launch.html', type: 'smart', appContext: 'emergency' },
    ]);
    expect(card?.detail).toContain('**Do not perform a lumbar puncture**');
  });

  it('warns of the stale weight for the pounds child, its age in whole days from the seeded weighing to the run’s instant', async () => {
    const { cards } = await patientView('itb-pounds');
    expect(cards.map((c) => c.source.topic.code)).toEqual(['pump-present', 'stale-weight']);
    // The seed weighs the child (88 lb) at 10:00 Sydney some 430 calendar days back; how many
    // whole days that is depends on the hour of the run and the DST change between (at 10:15
    // Sydney, 429; at 23:30, 430), so the expectation is worked out from the seeded record.
    const bundle = (await (await fetch(`${sandbox.origin}/admin/fhir/Observation?patient=itb-pounds&code=29463-7`)).json()) as { entry?: { resource: { effectiveDateTime?: string; valueQuantity?: { value?: number } } }[] };
    const weighing = bundle.entry?.map((e) => e.resource).find((o) => o.valueQuantity?.value === 88);
    expect(weighing?.effectiveDateTime).toBeDefined();
    const days = Math.floor((testNow().getTime() - new Date(weighing!.effectiveDateTime!).getTime()) / 86_400_000);
    expect(days).toBeGreaterThan(400);
    expect(cards[1]?.summary).toBe(`Weight 39.9 kg is ${days} days old (limit 90): re-weigh, the ITB rescue dose depends on it`);
  });

  it('keeps every summary under 140 characters', async () => {
    for (const id of ['itb-stable', 'itb-pounds', 'itb-oracle', 'itb-epic', 'itb-titration', 'itb-lowdose', 'itb-history']) {
      for (const card of (await patientView(id)).cards) expect(card.summary.length).toBeLessThan(140);
    }
  });
});

describe('prefetch and fhirAuthorization', () => {
  it('answers 412 when prefetch lacks a key and there is no fhirAuthorization', async () => {
    const res = await call('/cds-services/itb-patient-view', {
      method: 'POST',
      body: { hook: 'patient-view', hookInstance: crypto.randomUUID(), context: { patientId: 'itb-stable' }, prefetch: await prefetchFor('itb-stable', ['devices']) },
    });
    expect(res.status).toBe(412);
  });

  it('reads what prefetch lacks from the FHIR server with the call\'s access token, and gives the same cards', async () => {
    const tokenResponse = await launchToken(sandbox.origin, sandbox.fhirBase, 'itb-pounds');
    const before = sandbox.requestLog.length;
    const res = await call('/cds-services/itb-patient-view', {
      method: 'POST',
      body: {
        hook: 'patient-view',
        hookInstance: crypto.randomUUID(),
        context: { patientId: 'itb-pounds' },
        prefetch: await prefetchFor('itb-pounds', ['devices', 'weight']),
        fhirServer: sandbox.fhirBase,
        fhirAuthorization: { access_token: String(tokenResponse.access_token), token_type: 'Bearer', scope: String(tokenResponse.scope), subject: 'itb-cds', patient: 'itb-pounds' },
      },
    });
    expect(res.status).toBe(200);
    const { cards } = (await res.json()) as { cards: CdsCard[] };
    expect(cards.map((c) => c.source.topic.code)).toEqual(['pump-present', 'stale-weight']);
    // Only the two missing searches went to the FHIR server.
    expect(sandbox.requestLog.slice(before).map((r) => r.path.split('?')[0])).toEqual(expect.arrayContaining(['Device', 'Observation']));
    expect(sandbox.requestLog.length - before).toBe(2);
  });

  it('answers 502, never cards from nothing, when the FHIR server refuses the token', async () => {
    const res = await call('/cds-services/itb-patient-view', {
      method: 'POST',
      body: {
        hook: 'patient-view',
        hookInstance: crypto.randomUUID(),
        context: { patientId: 'itb-stable' },
        prefetch: await prefetchFor('itb-stable', ['devices']),
        fhirServer: sandbox.fhirBase,
        fhirAuthorization: { access_token: 'not-a-token', token_type: 'Bearer', scope: 'patient/*.read', subject: 'itb-cds' },
      },
    });
    expect(res.status).toBe(502);
  });
});

describe('order-select', () => {
  const lpOrder = { resourceType: 'ServiceRequest', id: 'draft-lp', status: 'draft', intent: 'order', subject: { reference: 'Patient/itb-stable' }, code: { coding: [{ system: 'http://snomed.info/sct', code: '277762005', display: 'Lumbar puncture' }], text: 'Lumbar puncture' } };
  it('gives a lumbar puncture order for a pump child a critical card with a suggestion to remove it', async () => {
    const res = await call('/cds-services/itb-order-select', {
      method: 'POST',
      body: { hook: 'order-select', hookInstance: 'h-1', context: { patientId: 'itb-stable', selections: ['ServiceRequest/draft-lp'], draftOrders: { resourceType: 'Bundle', entry: [{ resource: lpOrder }] } }, prefetch: await prefetchFor('itb-stable') },
    });
    const { cards } = (await res.json()) as { cards: CdsCard[] };
    expect(cards.map((c) => [c.indicator, c.summary])).toEqual([['critical', 'Lumbar puncture ordered for a child with an ITB pump: the catheter can be damaged, call the ITB team first']]);
    expect(cards[0]?.suggestions?.[0]?.actions).toEqual([{ type: 'delete', description: 'Remove the draft lumbar puncture order', resourceId: ['ServiceRequest/draft-lp'] }]);
  });

  it('gives the same order for the test-dose child no card', async () => {
    const res = await call('/cds-services/itb-order-select', {
      method: 'POST',
      body: { hook: 'order-select', hookInstance: 'h-2', context: { patientId: 'itb-testdose', selections: ['ServiceRequest/draft-lp'], draftOrders: { resourceType: 'Bundle', entry: [{ resource: { ...lpOrder, subject: { reference: 'Patient/itb-testdose' } } }] } }, prefetch: await prefetchFor('itb-testdose') },
    });
    expect(((await res.json()) as { cards: CdsCard[] }).cards).toEqual([]);
  });

  it('flags an intrathecal baclofen order written in mg as critical', async () => {
    const mgOrder = {
      resourceType: 'MedicationRequest', id: 'draft-mg', status: 'draft', intent: 'order', subject: { reference: 'Patient/itb-stable' },
      medicationCodeableConcept: { text: 'Baclofen intrathecal 2000 micrograms/mL' },
      dosageInstruction: [{ route: { coding: [{ system: 'http://snomed.info/sct', code: '72607000', display: 'Intrathecal route' }] }, doseAndRate: [{ doseQuantity: { value: 0.5, unit: 'mg/d', system: 'http://unitsofmeasure.org', code: 'mg/d' } }] }],
    };
    const res = await call('/cds-services/itb-order-sign', {
      method: 'POST',
      body: { hook: 'order-sign', hookInstance: 'h-3', context: { patientId: 'itb-stable', draftOrders: { resourceType: 'Bundle', entry: [{ resource: mgOrder }] } }, prefetch: await prefetchFor('itb-stable') },
    });
    const { cards } = (await res.json()) as { cards: CdsCard[] };
    expect(cards.map((c) => [c.indicator, c.summary])).toEqual([['critical', 'Intrathecal baclofen ordered in mg: prescribe in micrograms (1 mg = 1000 micrograms)']]);
  });
});

describe('client authentication (JWT)', () => {
  it('refuses a call with no token', async () => {
    expect((await service.app.request('/cds-services')).status).toBe(401);
  });
  it('refuses a forged token (signed by a key the EHR does not publish)', async () => {
    const forged = await generateKeyPair('RS384');
    expect((await call('/cds-services', { bearer: await token('/cds-services', {}, forged.privateKey) })).status).toBe(401);
  });
  it('refuses an expired token', async () => {
    expect((await call('/cds-services', { bearer: await token('/cds-services', { exp: Math.floor(Date.now() / 1000) - 120 }) })).status).toBe(401);
  });
  it('refuses a token for another audience', async () => {
    expect((await call('/cds-services', { bearer: await token('/cds-services', { aud: `${BASE}/other` }) })).status).toBe(401);
  });
  it('refuses an issuer not on the allowlist', async () => {
    expect((await call('/cds-services', { bearer: await token('/cds-services', { iss: 'https://evil.example' }) })).status).toBe(401);
  });
  it('refuses a replayed token (same jti)', async () => {
    const once = await token('/cds-services', { jti: 'replay-1' });
    expect((await call('/cds-services', { bearer: once })).status).toBe(200);
    expect((await call('/cds-services', { bearer: once })).status).toBe(401);
  });
});

describe('feedback', () => {
  it('records accepted and overridden cards by id and reason code, without the comment', async () => {
    const res = await call('/cds-services/itb-order-select/feedback', {
      method: 'POST',
      body: { feedback: [{ card: 'c-1', outcome: 'overridden', overrideReason: { reason: { code: 'itb-team-aware', system: 'x' }, userComment: 'spoke to Dr X about the patient' }, outcomeTimestamp: '2026-11-24T10:15:00+11:00' }] },
    });
    expect(res.status).toBe(200);
    expect(service.feedback.at(-1)).toEqual({ service: 'itb-order-select', card: 'c-1', outcome: 'overridden', reason: 'itb-team-aware', suggestions: [], at: '2026-11-24T10:15:00+11:00' });
  });
});
