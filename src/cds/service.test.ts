/**
 * The CDS service against the sandbox EHR's FHIR engine: discovery, every card's exact body for
 * seed children (prefetch built from the discovery templates), missing prefetch read with
 * fhirAuthorization, 412 without either, and the JWT checks. Expected dates are worked out from
 * the run's instant and the seed's facts, so the suite holds at every instant of the clock matrix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';
import { startSandbox, type Sandbox } from '../../test/sandbox/server';
import { createCdsService, type CdsServiceOptions } from './service';
import { testNow } from '../../test/clock/test-clock';
import { launchToken } from '../../test/integration/node-client';
import { draftOrder, type OrderInput } from '../../test/sandbox/cds-client';
import { addDays, minutesBefore, sydneyAt } from '../../test/sandbox/seed/builders';
import { MRI_TODAY, REFILL_DUE, REFILL_SOON, STABLE_PUMP } from '../../test/sandbox/seed/generate';
import { formatSiteDateTime } from '../domain';
import type { CdsCard } from './cards';

const ZONE = 'Australia/Sydney';
const at = (d: Date): string => formatSiteDateTime(d, ZONE);
const DAY = 86_400_000;
const APP = 'https://app.example.org/launch.html';
const appLink = { label: 'Open ITB Companion', url: APP, type: 'smart' };
const emergencyLink = { label: 'ITB emergency guidance', url: APP, type: 'smart', appContext: 'emergency' };
const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) as unknown as string;
const topic = (code: string, display: string) => ({ system: 'https://itb-companion.example/cds/card-topic', code, display });
const guideline = (section: string, code: string, display: string) => ({ label: `CHW Intrathecal Baclofen practice guideline ${section}`, topic: topic(code, display) });
const OVERRIDES = [
  { system: 'https://itb-companion.example/cds/override-reason', code: 'itb-team-aware', display: 'The ITB team is aware and agrees' },
  { system: 'https://itb-companion.example/cds/override-reason', code: 'record-out-of-date', display: 'The record is out of date (pump removed or changed)' },
  { system: 'https://itb-companion.example/cds/override-reason', code: 'clinical-judgement', display: 'Clinical judgement: benefit outweighs the risk' },
];
const SETTINGS: CdsServiceOptions['settings'] = { timeZone: ZONE, refillWarningDays: 14, staleWeightDays: 90, drugStabilityDays: 180, softMaxDailyDose: 1000, appLaunchUrl: APP };

/** The pump card's body for a pump of `model` implanted at `implantedAt`. */
function pumpCard(model: string, implantedAt: Date): unknown {
  return {
    uuid: UUID,
    summary: 'ITB pump: no lumbar puncture or needle access without the ITB team',
    detail: [
      'This child has an implanted intrathecal baclofen pump with a catheter in the spinal canal.',
      '',
      '- **Do not perform a lumbar puncture** or any spinal needle procedure without the ITB team: the catheter can be damaged (Guideline §5.1.3.3, §5.2.3.6).',
      '- MRI: the pump must be interrogated within 2 hours after the scan (Guideline §2).',
      '- Monopolar diathermy not within 30 cm of the pump; interrogate after surgery with diathermy (Guideline §2).',
      '',
      `Pump: ${model}, implanted ${at(implantedAt)}.`,
    ].join('\n'),
    indicator: 'warning',
    source: guideline('§5.1.3.3, §5.2.3.6', 'pump-present', 'ITB pump present'),
    links: [appLink, emergencyLink],
  };
}

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
    settings: SETTINGS,
    log: () => undefined,
  });
  const discovery = (await (await call('/cds-services')).json()) as { services: { id: string; prefetch: Record<string, string> }[] };
  templates = discovery.services[0]?.prefetch ?? {};
}, 60_000); // the sandbox's seed load, slower when the clock matrix runs its instants side by side
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

/** The first resource of `type` in a prefetched search (its server-assigned id is in the card). */
function firstOf(bundle: unknown, type: string, where: (r: Record<string, unknown>) => boolean = () => true): Record<string, unknown> {
  const entries = (bundle as { entry?: { resource?: Record<string, unknown> }[] }).entry ?? [];
  const found = entries.map((e) => e.resource).find((r) => r?.['resourceType'] === type && where(r));
  if (found === undefined) throw new Error(`no ${type} in the prefetch`);
  return found;
}

describe('patient-view cards for the sandbox children (exact bodies)', () => {
  it('gives a test-dose child none of the pump cards', async () => {
    expect((await patientView('itb-testdose')).cards).toEqual([]);
  });

  it('gives the stable pump child the no-lumbar-puncture card, and nothing else', async () => {
    const { cards } = await patientView('itb-stable');
    expect(cards).toEqual([pumpCard(STABLE_PUMP.modelNumber, sydneyAt(testNow(), 3 * 365 + 12, 9))]);
  });

  it('gives the child whose refill is due in 5 days exactly two cards: the pump and the refill due (0.12 mL/day, (20 − 2) / 0.12 = 150 days after the fill)', async () => {
    const now = testNow();
    const filled = addDays(now, -REFILL_SOON.refillDaysBeforeNow);
    const alarm = addDays(filled, 150);
    const { cards } = await patientView(REFILL_SOON.patientId);
    expect(cards).toEqual([
      pumpCard('8637-20', sydneyAt(now, 620, 9)),
      {
        uuid: UUID,
        summary: `ITB pump refill due in 5 days, by ${at(alarm)} (low-reservoir alarm)`,
        detail: [
          "The refill falls within the site's 14-day warning window.",
          '',
          `- Last refill: ${at(filled)}, 20 mL of 2000 micrograms/mL`,
          '- Current dose: 240 micrograms/day (0.12 mL/day)',
          `- Low-reservoir alarm at 2 mL (from the pump record): reached ${at(alarm)}`,
          `- Drug stability 180 days: ${at(addDays(filled, 180))}`,
          `- Due: ${at(alarm)}, the earlier of the two (low-reservoir alarm)`,
        ].join('\n'),
        indicator: 'warning',
        source: guideline('§4.1.6', 'refill-due', 'ITB refill due'),
        links: [appLink],
      },
    ]);
    expect(REFILL_SOON.dueDaysAfterNow).toBe((alarm.getTime() - now.getTime()) / DAY);
  });

  it('makes an overdue refill a critical card, first, with the emergency link (the refill-due child two days on)', async () => {
    const now = new Date(testNow().getTime() + 2 * DAY);
    const later = createCdsService({ baseUrl: BASE, trusted: [{ iss: ISS, jwksUrl: JWKS_URL }], keySets: new Map([[JWKS_URL, createLocalJWKSet({ keys: [jwk] })]]), settings: SETTINGS, now: () => now, log: () => undefined });
    const res = await later.app.request('/cds-services/itb-patient-view', {
      method: 'POST',
      headers: { Authorization: `Bearer ${await token('/cds-services/itb-patient-view')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ hook: 'patient-view', hookInstance: crypto.randomUUID(), context: { patientId: REFILL_DUE.patientId }, prefetch: await prefetchFor(REFILL_DUE.patientId) }),
    });
    const { cards } = (await res.json()) as { cards: CdsCard[] };
    // 300 / 2000 = 0.15 mL/day; (20 − 2) / 0.15 = 120 days after the fill at 10:00 Sydney 120 days before the seed's instant.
    const filled = sydneyAt(testNow(), REFILL_DUE.refillDaysAgo, REFILL_DUE.refillHour);
    const due = addDays(filled, 120);
    expect(cards.map((c) => c.source.topic.code)).toEqual(['refill-overdue', 'pump-present']);
    expect(cards[0]).toEqual({
      uuid: UUID,
      summary: `ITB pump refill OVERDUE since ${at(due)} (low-reservoir alarm): withdrawal risk, contact the ITB team today`,
      detail: [
        'The forecast refill date has passed. A pump that runs low stops delivering baclofen: watch for withdrawal signs (Guideline §5.1.1.1, §5.1.2).',
        '',
        `- Last refill: ${at(filled)}, 20 mL of 2000 micrograms/mL`,
        '- Current dose: 300 micrograms/day (0.15 mL/day)',
        `- Low-reservoir alarm at 2 mL (from the pump record): reached ${at(due)}`,
        `- Drug stability 180 days: ${at(addDays(filled, 180))}`,
        `- Due: ${at(due)}, the earlier of the two (low-reservoir alarm)`,
      ].join('\n'),
      indicator: 'critical',
      source: guideline('§4.1.6', 'refill-overdue', 'ITB refill overdue'),
      links: [appLink, emergencyLink],
    });
  });

  it('gives the child with an MRI 20 minutes ago the MRI card: interrogate within 2 hours of the scan', async () => {
    const now = testNow();
    const mri = minutesBefore(now, MRI_TODAY.mriMinutesBeforeNow);
    const { cards } = await patientView(MRI_TODAY.patientId);
    expect(cards).toEqual([
      pumpCard('8637-40', sydneyAt(now, 1100, 9)),
      {
        uuid: UUID,
        summary: `MRI today: interrogate the ITB pump within 2 hours of the scan (by ${at(new Date(mri.getTime() + 2 * 3_600_000))})`,
        detail: [
          `MRI recorded ${at(mri)}; no pump interrogation is recorded after it.`,
          '',
          'The MRI magnetic field can stall the pump rotor: baclofen is not delivered and withdrawal can follow. Kids Rehab staff interrogate the pump and read the logs no later than 2 hours after the MRI ends (Guideline §2).',
        ].join('\n'),
        indicator: 'warning',
        source: guideline('§2 (MRI)', 'mri-interrogation', 'Pump interrogation after MRI'),
        links: [appLink, emergencyLink],
      },
    ]);
  });

  it('warns of the stale weight for the pounds child: 88 lb = 39.92 kg, whole days since 10:00 Sydney 430 days before', async () => {
    const now = testNow();
    const weighed = sydneyAt(now, 430, 10);
    const prefetch = await prefetchFor('itb-pounds');
    const observation = firstOf(prefetch['weight'], 'Observation');
    const { cards } = await patientView('itb-pounds');
    expect(cards.map((c) => c.source.topic.code)).toEqual(['pump-present', 'stale-weight']);
    expect(cards[1]).toEqual({
      uuid: UUID,
      summary: `Weight 39.9 kg is ${Math.floor((now.getTime() - weighed.getTime()) / DAY)} days old (limit 90): re-weigh, the ITB rescue dose depends on it`,
      detail: `The oral baclofen rescue dose for ITB withdrawal is chosen by weight (< 30 kg or > 30 kg, Guideline §5.1.4.1).\n\nLatest weight: 39.92 kg recorded ${at(weighed)} (Observation/${String(observation['id'])}).`,
      indicator: 'warning',
      source: guideline('§5.1.4.1', 'stale-weight', 'Weight for the rescue dose'),
      links: [appLink],
    });
  });

  it('keeps every summary under 140 characters', async () => {
    for (const id of ['itb-stable', 'itb-pounds', 'itb-oracle', 'itb-epic', 'itb-titration', 'itb-lowdose', 'itb-history', REFILL_SOON.patientId, REFILL_DUE.patientId, MRI_TODAY.patientId]) {
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
    expect(await res.json()).toEqual({ error: 'Prefetch lacks devices and the call carries no fhirAuthorization to read them' });
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

async function orderHook(hook: 'order-select' | 'order-sign', patientId: string, order: OrderInput): Promise<{ cards: CdsCard[]; id: string }> {
  const draft = draftOrder(patientId, order, testNow().toISOString());
  const res = await call(`/cds-services/itb-${hook}`, {
    method: 'POST',
    body: {
      hook,
      hookInstance: crypto.randomUUID(),
      context: { patientId, draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: draft.resource }] }, ...(hook === 'order-select' ? { selections: [draft.selection] } : {}) },
      prefetch: await prefetchFor(patientId),
    },
  });
  expect(res.status).toBe(200);
  return { cards: ((await res.json()) as { cards: CdsCard[] }).cards, id: draft.selection.split('/')[1] ?? '' };
}

describe('order-select and order-sign (exact bodies)', () => {
  it('gives a lumbar puncture order for a pump child a critical card with a suggestion to remove it', async () => {
    const { cards, id } = await orderHook('order-select', 'itb-stable', { kind: 'lumbar-puncture' });
    expect(cards).toEqual([
      {
        uuid: UUID,
        summary: 'Lumbar puncture ordered for a child with an ITB pump: the catheter can be damaged, call the ITB team first',
        detail: [
          `Order: "Lumbar puncture" (ServiceRequest/${id}).`,
          '',
          '**DO NOT PERFORM A LUMBAR PUNCTURE** – there is a risk that the catheter will be damaged in the process (Guideline §5.1.3.3, §5.2.3.6). Pump: 8637-40.',
          'If spinal access is essential, the Kids Rehab ITB team plans it with the treating team.',
        ].join('\n'),
        indicator: 'critical',
        source: guideline('§5.1.3.3, §5.2.3.6', 'spinal-procedure-order', 'Spinal procedure with an ITB pump'),
        suggestions: [{ label: 'Remove the lumbar puncture order', uuid: UUID, isRecommended: true, actions: [{ type: 'delete', description: 'Remove the draft lumbar puncture order', resourceId: [`ServiceRequest/${id}`] }] }],
        selectionBehavior: 'any',
        overrideReasons: OVERRIDES,
        links: [appLink],
      },
    ]);
  });

  it('gives the same order on order-sign the same critical card', async () => {
    const { cards } = await orderHook('order-sign', 'itb-stable', { kind: 'lumbar-puncture' });
    expect(cards.map((c) => [c.indicator, c.source.topic.code])).toEqual([['critical', 'spinal-procedure-order']]);
  });

  it('gives the same order for the test-dose child no card (no pump)', async () => {
    expect((await orderHook('order-select', 'itb-testdose', { kind: 'lumbar-puncture' })).cards).toEqual([]);
  });

  it('flags an intrathecal baclofen order written in mg as critical, and does not convert it', async () => {
    const { cards, id } = await orderHook('order-sign', 'itb-stable', { kind: 'itb', dose: 0.5, unit: 'mg/d', concentration: 2000 });
    expect(cards).toEqual([
      {
        uuid: UUID,
        summary: 'Intrathecal baclofen ordered in mg: prescribe in micrograms (1 mg = 1000 micrograms)',
        detail: [
          `Order MedicationRequest/${id}: "0.5 mg/day by continuous intrathecal infusion (baclofen 2000 micrograms/mL)".`,
          '',
          'Intrathecal baclofen doses are prescribed and programmed in micrograms. A dose in mg is a thousand-fold error waiting to happen, so the service does not convert it: re-enter the dose in micrograms.',
        ].join('\n'),
        indicator: 'critical',
        source: guideline('§4.1', 'itb-order-mg', 'Intrathecal dose in mg'),
        overrideReasons: OVERRIDES,
        links: [appLink],
      },
    ]);
  });

  /** The stable child's current order: 450 micrograms/day since 11:00 Sydney 240 days before. */
  async function currentOrder(): Promise<{ id: string; since: Date }> {
    const prefetch = await prefetchFor('itb-stable');
    const current = firstOf(prefetch['medications'], 'MedicationRequest', (r) => r['status'] === 'active');
    return { id: String(current['id']), since: sydneyAt(testNow(), 240, 11) };
  }
  const stepCard = (current: { id: string; since: Date }, proposed: number, percent: string, change: number, days: number) => ({
    uuid: UUID,
    summary: `ITB dose step 450 → ${proposed} micrograms/day (+${percent}%) is outside the 5–15% step`,
    detail: [
      `Current: 450 micrograms/day (MedicationRequest/${current.id}, since ${at(current.since)}). Proposed: ${proposed} micrograms/day.`,
      `Change: +${change} micrograms/day (+${percent}%), ${days} days after the last change. Guideline: the 5–15% outpatient step every 3–7 days (§4.1.4).`,
      '',
      `- An increase of ${percent}% is outside the outpatient step of 5–15% of the daily dose (§4.1.4).`,
    ].join('\n'),
    indicator: 'warning',
    source: guideline('§4.1.4', 'itb-step', 'ITB titration step'),
    overrideReasons: OVERRIDES,
    links: [appLink],
  });
  const daysSince = (since: Date): number => Math.round(((testNow().getTime() - since.getTime()) / DAY) * 10) / 10;

  it('flags a step above the outpatient titration limit: 450 → 600 micrograms/day is +33.3%', async () => {
    const current = await currentOrder();
    const { cards } = await orderHook('order-select', 'itb-stable', { kind: 'itb', dose: 600, unit: 'ug/d', concentration: 2000 });
    expect(cards).toEqual([stepCard(current, 600, '33.3', 150, daysSince(current.since))]);
  });

  it('flags a dose above the soft maximum (1100 > 1000 micrograms/day), beside the step card', async () => {
    const current = await currentOrder();
    const { cards } = await orderHook('order-sign', 'itb-stable', { kind: 'itb', dose: 1100, unit: 'ug/d', concentration: 2000 });
    expect(cards).toEqual([
      stepCard(current, 1100, '144.4', 650, daysSince(current.since)),
      {
        uuid: UUID,
        summary: 'ITB dose 1100 micrograms/day is above the 1000 micrograms/day maximum: confirm with the ITB team',
        detail: 'A maximum dose varies for each child but can reach up to 1000 micrograms/day for children with significant dystonia (Guideline §4.1.5). The site alerts above 1000 micrograms/day.',
        indicator: 'warning',
        source: guideline('§4.1.5', 'itb-soft-max', 'ITB soft maximum dose'),
        overrideReasons: OVERRIDES,
        links: [appLink],
      },
    ]);
  });

  it('flags a concentration other than the one in the pump (1000 ordered, 2000 micrograms/mL refilled)', async () => {
    const { cards, id } = await orderHook('order-select', 'itb-stable', { kind: 'itb', dose: 450, unit: 'ug/d', concentration: 1000 });
    const refilled = sydneyAt(testNow(), STABLE_PUMP.refillDaysAgo, STABLE_PUMP.refillHour);
    expect(cards).toEqual([
      {
        uuid: UUID,
        summary: 'ITB order is 1000 micrograms/mL but the pump holds 2000 micrograms/mL: check the concentration',
        detail: [
          `Order MedicationRequest/${id}: 1000 micrograms/mL (the medicine's strength: 1000 micrograms/mL).`,
          `Last refill ${at(refilled)}: 2000 micrograms/mL.`,
          '',
          'A wrong concentration is a cause of ITB overdose and withdrawal (Guideline §5.2.1.5). The pump must be programmed for the concentration in its reservoir; a change of concentration needs a refill with the new drug.',
        ].join('\n'),
        indicator: 'warning',
        source: guideline('§4.1.1, §5.2.1.5', 'itb-concentration', 'ITB concentration'),
        overrideReasons: OVERRIDES,
        links: [appLink],
      },
    ]);
  });

  it('asks nothing of an order within the limits at the pump\'s concentration (450 → 495 micrograms/day, +10%)', async () => {
    expect((await orderHook('order-select', 'itb-stable', { kind: 'itb', dose: 495, unit: 'ug/d', concentration: 2000 })).cards).toEqual([]);
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
    const res = await call('/cds-services', { bearer: await token('/cds-services', { exp: Math.floor(Date.now() / 1000) - 120 }) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'The token has expired' });
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
    const again = await call('/cds-services', { bearer: once });
    expect(again.status).toBe(401);
    expect(await again.json()).toEqual({ error: 'The token (jti) was already used' });
  });
  it('keeps the jti memory per service instance, not per module (a second copy behind a load balancer has its own, README)', async () => {
    const other = createCdsService({ baseUrl: BASE, trusted: [{ iss: ISS, jwksUrl: JWKS_URL }], keySets: new Map([[JWKS_URL, createLocalJWKSet({ keys: [jwk] })]]), settings: SETTINGS, log: () => undefined });
    const once = await token('/cds-services', { jti: 'per-instance-1' });
    expect((await call('/cds-services', { bearer: once })).status).toBe(200);
    const request = () => other.app.request('/cds-services', { headers: { Authorization: `Bearer ${once}` } });
    expect((await request()).status).toBe(200);
    expect((await request()).status).toBe(401);
  });
  it('refuses a jku header other than the issuer\'s allowlisted JWKS URL', async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'RS384', typ: 'JWT', kid: 'k1', jku: 'https://evil.example/jwks' }).setIssuer(ISS).setAudience(`${BASE}/cds-services`).setIssuedAt(now).setExpirationTime(now + 300).setJti(crypto.randomUUID()).sign(privateKey);
    const res = await call('/cds-services', { bearer: jwt });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "jku is not the issuer's allowlisted JWKS URL" });
  });
  it('refuses an HMAC-signed token and an unsigned one (alg none), whatever they claim', async () => {
    const now = Math.floor(Date.now() / 1000);
    const hmac = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'k1' }).setIssuer(ISS).setAudience(`${BASE}/cds-services`).setIssuedAt(now).setExpirationTime(now + 300).setJti(crypto.randomUUID()).sign(new TextEncoder().encode('a shared secret the EHR never agreed'));
    expect((await call('/cds-services', { bearer: hmac })).status).toBe(401);
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${enc({ alg: 'none', typ: 'JWT', kid: 'k1' })}.${enc({ iss: ISS, aud: `${BASE}/cds-services`, iat: now, exp: now + 300, jti: crypto.randomUUID() })}.`;
    expect((await call('/cds-services', { bearer: none })).status).toBe(401);
  });
  it('refuses a forged token on a hook call too, and answers no cards', async () => {
    const forged = await generateKeyPair('RS384');
    const res = await call('/cds-services/itb-patient-view', {
      method: 'POST',
      bearer: await token('/cds-services/itb-patient-view', {}, forged.privateKey),
      body: { hook: 'patient-view', hookInstance: crypto.randomUUID(), context: { patientId: 'itb-stable' }, prefetch: await prefetchFor('itb-stable') },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await res.json()).toEqual({ error: 'The token signature could not be verified' });
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
