/**
 * The CDS Hooks 2.0 service (https://cds-hooks.hl7.org/2.0/): discovery at `{base}/cds-services`,
 * `patient-view`, `order-select` and `order-sign`, and feedback. Stateless apart from the jti
 * replay cache, which belongs to each service instance (createCdsService), never to the module:
 * every call carries what it needs (prefetch or fhirAuthorization).
 * Never logs PHI: only hook names, card topics, outcome codes and ids reach the log.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Hono } from 'hono';
import { z } from 'zod';
import smart from 'fhirclient/lib/entry/node';
import type { JWTVerifyGetKey } from 'jose';
import { cdsPrefetchTemplates, loadCdsChart, CdsDataUnavailable, type CdsReadKey } from '../fhir/cds-reads';
import { mapDraftSpinalOrders } from '../fhir/cds-orders';
import { mapDraftItbOrders } from '../fhir/medications';
import type { FhirClient } from '../fhir';
import { hasPump, itbOrderCards, patientViewCards, spinalOrderCard, type CardSettings, type CdsCard } from './cards';
import { CdsAuthError, createJwtVerifier, type TrustedClient } from './security';

export type CdsServiceOptions = {
  /** The service's public base URL (what the EHR calls; the JWT `aud` is `{baseUrl}/cds-services/{id}`). */
  readonly baseUrl: string;
  readonly trusted: readonly TrustedClient[];
  readonly settings: CardSettings;
  /** The clinical "now" the cards are worked out at (default: the real time; tests and the e2e stack pass the run's instant). */
  readonly now?: () => Date;
  /** The clock the EHR's JWT `exp`/`iat` are checked against (default: the real time; the EHR signs with its own real clock). */
  readonly tokenClock?: () => Date;
  readonly keySets?: ReadonlyMap<string, JWTVerifyGetKey>;
  /** Where ids-only events go (feedback, errors). Default: console.warn-free JSON lines on stdout. */
  readonly log?: (event: Record<string, string | number | readonly string[]>) => void;
};

const SERVICE_IDS = { 'patient-view': 'itb-patient-view', 'order-select': 'itb-order-select', 'order-sign': 'itb-order-sign' } as const;
type HookName = keyof typeof SERVICE_IDS;

const PATIENT_KEYS: readonly CdsReadKey[] = ['patient', 'weight', 'medications', 'devices', 'procedures', 'implant', 'refillObservations'];

const hookRequestSchema = z.object({
  hook: z.string(),
  hookInstance: z.string().min(1),
  fhirServer: z.string().url().optional(),
  fhirAuthorization: z.object({ access_token: z.string(), token_type: z.string(), expires_in: z.number().optional(), scope: z.string(), subject: z.string(), patient: z.string().optional() }).optional(),
  context: z.object({ patientId: z.string().min(1), userId: z.string().optional(), draftOrders: z.object({ resourceType: z.literal('Bundle'), entry: z.array(z.object({ resource: z.unknown() })).optional() }).optional(), selections: z.array(z.string()).optional() }),
  prefetch: z.record(z.string(), z.unknown()).optional(),
});

const feedbackSchema = z.object({
  feedback: z.array(
    z.object({
      card: z.string(),
      outcome: z.enum(['accepted', 'overridden']),
      acceptedSuggestions: z.array(z.object({ id: z.string() })).optional(),
      overrideReason: z.object({ reason: z.object({ code: z.string(), system: z.string().optional() }).optional(), userComment: z.string().optional() }).optional(),
      outcomeTimestamp: z.string(),
    }),
  ),
});

/** A fhirclient Client for the call's FHIR server and access token (no refresh: the EHR's token is short-lived). */
function clientFor(fhirServer: string, access_token: string, scope: string): FhirClient {
  const request = new IncomingMessage(new Socket());
  return smart(request, new ServerResponse(request)).client({ serverUrl: fhirServer, tokenResponse: { access_token, token_type: 'Bearer', scope } });
}

export type FeedbackRecord = { readonly service: string; readonly card: string; readonly outcome: 'accepted' | 'overridden'; readonly reason?: string; readonly suggestions: readonly string[]; readonly at: string };

export function createCdsService(options: CdsServiceOptions): { app: Hono; feedback: readonly FeedbackRecord[] } {
  const now = options.now ?? (() => new Date());
  const verify = createJwtVerifier({ trusted: options.trusted, now: options.tokenClock ?? (() => new Date()), ...(options.keySets === undefined ? {} : { keySets: options.keySets }) });
  const log = options.log ?? ((e) => process.stdout.write(`${JSON.stringify(e)}\n`));
  const feedback: FeedbackRecord[] = [];
  const base = options.baseUrl.replace(/\/+$/, '');
  const app = new Hono();

  const authenticate = async (authorization: string | undefined, path: string): Promise<Response | undefined> => {
    try {
      await verify(authorization, `${base}${path}`);
      return undefined;
    } catch (e) {
      const message = e instanceof CdsAuthError ? e.message : 'The token could not be verified';
      log({ event: 'auth-refused', path, reason: message });
      return Response.json({ error: message }, { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
    }
  };

  app.get('/cds-services', async (c) => {
    const refused = await authenticate(c.req.header('authorization'), '/cds-services');
    if (refused) return refused;
    const prefetch = cdsPrefetchTemplates(PATIENT_KEYS);
    return c.json({
      services: [
        { hook: 'patient-view', id: SERVICE_IDS['patient-view'], title: 'ITB pump alerts', description: 'Intrathecal baclofen pump: no lumbar puncture, refill due or overdue, MRI interrogation, stale weight for the rescue dose.', prefetch },
        { hook: 'order-select', id: SERVICE_IDS['order-select'], title: 'ITB order check (select)', description: 'A lumbar puncture or intrathecal procedure for a child with a pump; intrathecal baclofen orders in mg, outside the titration step, above the maximum or at another concentration.', prefetch },
        { hook: 'order-sign', id: SERVICE_IDS['order-sign'], title: 'ITB order check (sign)', description: 'The same checks as order-select, when the orders are signed.', prefetch },
      ],
    });
  });

  for (const hook of Object.keys(SERVICE_IDS) as HookName[]) {
    const id = SERVICE_IDS[hook];
    app.post(`/cds-services/${id}`, async (c) => {
      const refused = await authenticate(c.req.header('authorization'), `/cds-services/${id}`);
      if (refused) return refused;
      const parsed = hookRequestSchema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success || parsed.data.hook !== hook) return c.json({ error: `Not a ${hook} request: ${parsed.success ? 'hook differs' : (parsed.error.issues[0]?.path.join('.') ?? '')}` }, 400);
      const call = parsed.data;
      const auth = call.fhirAuthorization;
      if (auth !== undefined && call.fhirServer === undefined) return c.json({ error: 'fhirServer is required with fhirAuthorization' }, 400);
      const client = auth === undefined || call.fhirServer === undefined ? undefined : clientFor(call.fhirServer, auth.access_token, auth.scope);
      const at = now();
      try {
        const chart = await loadCdsChart({ patientId: call.context.patientId, prefetch: call.prefetch, client, now: at, timeZone: options.settings.timeZone });
        const ctx = { hookInstance: call.hookInstance, now: at };
        let cards: CdsCard[];
        if (hook === 'patient-view') {
          cards = patientViewCards(chart, options.settings, ctx);
        } else {
          const resources = (call.context.draftOrders?.entry ?? []).map((e) => e.resource);
          const selected = hook === 'order-select' && call.context.selections !== undefined ? new Set(call.context.selections) : undefined;
          const isSelected = (type: string, rid: string) => selected === undefined || selected.has(`${type}/${rid}`);
          const spinal = hasPump(chart) ? mapDraftSpinalOrders(resources).orders.filter((o) => isSelected('ServiceRequest', o.id)) : [];
          const itb = mapDraftItbOrders(resources).orders.filter((o) => isSelected('MedicationRequest', o.order.id));
          cards = [...spinal.map((o) => spinalOrderCard(o, chart, options.settings, ctx)), ...itb.flatMap((o) => itbOrderCards(o, chart, options.settings, ctx))];
        }
        log({ event: 'hook', hook, cards: cards.map((k) => k.source.topic.code), fetched: chart.fetched });
        return c.json({ cards });
      } catch (e) {
        if (e instanceof CdsDataUnavailable) {
          log({ event: 'precondition-failed', hook, keys: e.keys });
          return c.json({ error: e.message }, 412);
        }
        log({ event: 'hook-failed', hook, kind: e instanceof Error ? e.name : 'unknown' });
        return c.json({ error: 'The chart could not be read from the FHIR server' }, 502);
      }
    });

    app.post(`/cds-services/${id}/feedback`, async (c) => {
      const refused = await authenticate(c.req.header('authorization'), `/cds-services/${id}/feedback`);
      if (refused) return refused;
      const parsed = feedbackSchema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return c.json({ error: 'Not a feedback request' }, 400);
      for (const f of parsed.data.feedback) {
        // Ids and codes only: the user's free-text comment may hold PHI and is not kept.
        const record: FeedbackRecord = { service: id, card: f.card, outcome: f.outcome, ...(f.overrideReason?.reason?.code === undefined ? {} : { reason: f.overrideReason.reason.code }), suggestions: (f.acceptedSuggestions ?? []).map((s) => s.id), at: f.outcomeTimestamp };
        feedback.push(record);
        log({ event: 'feedback', ...record });
      }
      return c.body(null, 200);
    });
  }
  return { app, feedback };
}
