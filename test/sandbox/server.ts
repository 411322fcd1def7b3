/**
 * The sandbox EHR: one Node process playing an outside EHR for ITB Companion — a SMART
 * authorization server, a FHIR R4 server, a PowerChart-like mock chart that launches the app,
 * fault switches and admin endpoints for tests. It imports nothing from `src/`.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OperationOutcome } from '@medplum/fhirtypes';
import { AuthServer } from './auth.ts';
import type { ClientRegistration } from './auth.ts';
import { CdsClient, draftOrder, readOrderInput } from './cds-client.ts';
import { cdsCardsHtml, chartPage, errorPage, patientListPage, patientPickerPage } from './chart.ts';
import type { CardLinkHref } from './chart.ts';
import { FaultState } from './faults.ts';
import { readOnlyScopes } from './scopes.ts';
import type { Faults } from './faults.ts';
import { FhirEngine } from './fhir-engine.ts';
import type { EngineResponse } from './fhir-engine.ts';
import { generateSeed } from './seed/generate.ts';
import type { SeedPatient } from './seed/generate.ts';

export interface SandboxOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 'localhost'. */
  host?: string;
  /** The app's SMART launch page. Default http://localhost:5173/launch.html */
  appLaunchUrl?: string;
  clients?: ClientRegistration[];
  faults?: Partial<Faults>;
  /** No startup line on the console. */
  quiet?: boolean;
  /** The "now" the seed is generated against (default: the real current time). */
  now?: () => Date;
  /**
   * A CDS Hooks service registered with this EHR (its base URL; discovery at `{base}/cds-services`).
   * With it the chart calls `patient-view` when a chart opens and the order box calls
   * `order-select`/`order-sign`; the service must trust issuer `{origin}` with JWKS
   * `{origin}/cds-client/jwks.json`.
   */
  cdsServiceBase?: string;
}

export interface Sandbox {
  origin: string;
  fhirBase: string;
  patients: readonly SeedPatient[];
  close(): Promise<void>;
  setFaults(update: Partial<Faults>): Faults;
  /** The FHIR requests answered since the last reset, oldest first (what /admin/requests lists). */
  readonly requestLog: readonly RequestLogEntry[];
  reset(): Promise<void>;
  /** Creates an EHR launch like the chart does and returns the app URL to open. */
  launch(patientId: string, options?: { needPatientBanner?: boolean; encounterId?: string; intent?: string; appContext?: string }): { launchId: string; launchUrl: string };
  /** The issuer and JWKS URL this EHR signs its CDS Hooks calls with (for the service's allowlist). */
  readonly cdsClient: { iss: string; jwksUrl: string };
}

export const DEFAULT_CLIENTS: ClientRegistration[] = [
  {
    clientId: 'itb-companion',
    redirectUris: ['http://localhost:5173/index.html', 'http://localhost:4173/index.html', 'http://localhost:4174/index.html'],
  },
];

export interface RequestLogEntry {
  at: string;
  method: string;
  /** Path below the FHIR base, query included. */
  path: string;
  status: number;
  /** Response body bytes (0 when dropped). */
  bytes: number;
  requestBytes: number;
  durationMs: number;
  dropped: boolean;
  /** Committed and then reset by the resetRate fault (dropped is true as well). */
  reset?: boolean;
}

const MAX_LOG = 5000;
const CORS_ALLOW_HEADERS = 'Authorization, Content-Type, Accept, If-None-Exist, If-Match, If-None-Match, If-Modified-Since, Prefer, X-Requested-With';
const CORS_EXPOSE_HEADERS = 'Location, ETag, Last-Modified, Content-Location, WWW-Authenticate';

/** Values an app may apply to match the EHR's look (SMART `smart_style_url`). */
const SMART_STYLE = {
  color_background: '#edeae3',
  color_error: '#9e2d2d',
  color_highlight: '#69b5ce',
  color_modal_backdrop: '',
  color_success: '#498e49',
  color_text: '#303030',
  dim_border_radius: '6px',
  dim_font_size: '13px',
  dim_spacing_size: '20px',
  font_family_body: "Georgia, Times, 'Times New Roman', serif",
  font_family_heading: "'HelveticaNeue-Light', Helvetica, Arial, 'Lucida Grande', sans-serif",
};

function isLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function operationOutcome(code: string, text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: code as 'invalid', details: { text } }] };
}

/**
 * The last seed made, with its instant: generateSeed is deterministic, and every reset of a test
 * run asks for the run's one instant. Only the last is kept: `npm start`'s sandbox reseeds at the
 * real time, a new instant each reset, and must not keep them all.
 */
let lastSeed: { at: number; seed: ReturnType<typeof generateSeed> } | undefined;
function seedAt(at: Date): ReturnType<typeof generateSeed> {
  if (lastSeed?.at !== at.getTime()) lastSeed = { at: at.getTime(), seed: generateSeed(at) };
  return lastSeed.seed;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const started = performance.now();
  const port = options.port ?? 4010;
  const host = options.host ?? 'localhost';
  const appLaunchUrl = options.appLaunchUrl ?? 'http://localhost:5173/launch.html';
  const clients = options.clients ?? DEFAULT_CLIENTS;
  const now = options.now ?? ((): Date => new Date());
  const faults = new FaultState(options.faults);
  const requestLog: RequestLogEntry[] = [];

  // The origin is only known once listening (port 0), so the server is created first and the
  // EHR parts are built once it is bound.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${host}:${address.port}`;
  const fhirBase = `${origin}/fhir`;

  const engine = new FhirEngine(fhirBase);
  let seed = seedAt(now());
  await engine.loadSeed(seed.bundles);

  const auth = new AuthServer({
    origin,
    fhirBase,
    clients,
    defaultPractitioner: seed.practitionerId,
    tokenLifetimeSeconds: () => faults.current.tokenLifetimeSeconds,
    narrowGrant: (scope) => (faults.current.readOnlyGrant ? readOnlyScopes(scope) : scope),
    patientExists: async (id) => (await engine.repo.readResource('Patient', id).then(() => true, () => false)),
  });

  const launch: Sandbox['launch'] = (patientId, launchOptions = {}) => {
    const patient = seed.patients.find((p) => p.id === patientId);
    const launchId = auth.createLaunch({
      patient: patientId,
      encounter: launchOptions.encounterId ?? patient?.encounterId,
      practitioner: seed.practitionerId,
      needPatientBanner: launchOptions.needPatientBanner ?? false,
      ...(launchOptions.intent === undefined ? {} : { intent: launchOptions.intent }),
      ...(launchOptions.appContext === undefined ? {} : { appContext: launchOptions.appContext }),
    });
    const url = new URL(appLaunchUrl);
    url.searchParams.set('iss', fhirBase);
    url.searchParams.set('launch', launchId);
    return { launchId, launchUrl: url.toString() };
  };

  const cdsJwksUrl = `${origin}/cds-client/jwks.json`;
  const cds =
    options.cdsServiceBase === undefined
      ? undefined
      : new CdsClient({
          serviceBase: options.cdsServiceBase,
          issuer: origin,
          jwksUrl: cdsJwksUrl,
          fhirBase,
          readFhir: async (path) => {
            const result = await engine.handle({ method: 'GET', path, headers: {}, oracleMode: false });
            return { status: result.status, body: result.body };
          },
          // What the CDS service may read when prefetch lacks something: this patient, read only, 5 minutes.
          serviceToken: (patientId) =>
            auth.issueServiceToken('itb-cds', patientId, ['patient/Patient.read', 'patient/Observation.read', 'patient/MedicationRequest.read', 'patient/Medication.read', 'patient/Device.read', 'patient/Procedure.read'], 300),
        });

  /** A card's SMART link to the registered app becomes a fresh EHR launch for this patient in the chart's frame. */
  const cardLinks = (patientId: string): CardLinkHref => (link) => {
    if (link.type === 'smart') {
      if (link.url !== appLaunchUrl) return undefined;
      return { href: launch(patientId, { needPatientBanner: false, ...(link.appContext === undefined ? {} : { appContext: link.appContext }) }).launchUrl, target: 'itb-app' };
    }
    return /^https?:\/\//.test(link.url) ? { href: link.url, target: '_blank' } : undefined;
  };

  const reset = async (): Promise<void> => {
    engine.clear();
    seed = seedAt(now());
    await engine.loadSeed(seed.bundles);
    requestLog.length = 0;
  };

  function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): number {
    const buffer = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { 'Content-Length': String(buffer.length), ...headers });
    res.end(buffer);
    return buffer.length;
  }

  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number {
    return send(res, status, JSON.stringify(body), { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  }

  function sendHtml(res: ServerResponse, status: number, html: string): number {
    return send(res, status, html, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  }

  function cors(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', CORS_ALLOW_HEADERS);
    res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSE_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
  }

  function sendEngine(res: ServerResponse, result: EngineResponse): number {
    const headers = { ...result.headers };
    if (!result.body) {
      res.writeHead(result.status, headers);
      res.end();
      return 0;
    }
    return send(res, result.status, JSON.stringify(result.body), { 'Content-Type': 'application/fhir+json; charset=utf-8', ...headers });
  }

  function unauthorized(res: ServerResponse, description: string): number {
    return sendJson(res, 401, operationOutcome('login', description), {
      'Content-Type': 'application/fhir+json; charset=utf-8',
      'WWW-Authenticate': `Bearer realm="${fhirBase}", error="invalid_token", error_description="${description}"`,
    });
  }

  function parseJsonBody(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
    if (raw.length === 0) return { ok: true, value: undefined };
    try {
      return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
    } catch {
      return { ok: false };
    }
  }

  /** /fhir/*: latency (writeLatency) → force401 → bearer check → failRate → maxBundleEntries → process → dropRate → resetRate. */
  async function handleFhir(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const startedAt = performance.now();
    const path = url.pathname.slice('/fhir'.length).replace(/^\//, '') + url.search;
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const entry: RequestLogEntry = { at: new Date().toISOString(), method, path, status: 0, bytes: 0, requestBytes: raw.length, durationMs: 0, dropped: false };
    const finish = (status: number, bytes: number, dropped = false): void => {
      entry.status = status;
      entry.bytes = bytes;
      entry.dropped = dropped;
      entry.durationMs = Math.round(performance.now() - startedAt);
      requestLog.push(entry);
      if (requestLog.length > MAX_LOG) requestLog.splice(0, requestLog.length - MAX_LOG);
    };
    const current = faults.current;
    const isWrite = method !== 'GET' && method !== 'HEAD';
    if (current.latencyMs > 0) await sleep(current.latencyMs);
    if (isWrite && current.writeLatencyMs > 0) await sleep(current.writeLatencyMs);
    if (current.force401) return finish(401, unauthorized(res, 'The session has ended (force401 fault)'));

    const isMetadata = path === 'metadata' || path.startsWith('metadata?');
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const grant = bearer ? auth.verify(bearer) : undefined;
    if (!isMetadata) {
      if (!bearer) return finish(401, unauthorized(res, 'A bearer token is required'));
      if (!grant) return finish(401, unauthorized(res, 'The access token is unknown or expired'));
    }
    const roll = faults.roll();
    if (roll.fail) {
      return finish(503, sendJson(res, 503, operationOutcome('transient', 'Service temporarily unavailable (failRate fault)'), { 'Content-Type': 'application/fhir+json; charset=utf-8', 'Retry-After': '1' }));
    }

    const contentType = req.headers['content-type'] ?? '';
    let body: unknown;
    if (contentType.includes('application/x-www-form-urlencoded')) {
      body = raw.toString('utf8');
    } else {
      const parsed = parseJsonBody(raw);
      if (!parsed.ok) return finish(400, sendJson(res, 400, operationOutcome('invalid', 'The request body is not valid JSON'), { 'Content-Type': 'application/fhir+json; charset=utf-8' }));
      body = parsed.value;
    }
    const headers: Record<string, string | undefined> = {
      'if-none-exist': header(req, 'if-none-exist'),
      'if-match': header(req, 'if-match'),
      prefer: header(req, 'prefer'),
    };
    const entries = (body as { resourceType?: unknown; entry?: unknown } | undefined)?.resourceType === 'Bundle' ? (body as { entry?: unknown[] }).entry : undefined;
    if (method === 'POST' && (path === '' || path.startsWith('?')) && current.maxBundleEntries > 0 && Array.isArray(entries) && entries.length > current.maxBundleEntries) {
      return finish(400, sendJson(res, 400, operationOutcome('too-costly', `This server accepts at most ${current.maxBundleEntries} entries in a Bundle; this one has ${entries.length} (maxBundleEntries fault)`), { 'Content-Type': 'application/fhir+json; charset=utf-8' }));
    }
    const result = await engine.handle({
      method,
      path,
      headers,
      body,
      access: grant ? { scopes: grant.scope, patient: grant.context.patient } : isMetadata ? undefined : { scopes: [] },
      oracleMode: current.oracleMode,
      noTransactions: current.noTransactions,
      noConditionalCreate: current.noConditionalCreate,
    });
    if (roll.drop && (!current.dropWritesOnly || method !== 'GET')) {
      // The write happened; the client never hears about it.
      req.socket.destroy();
      return finish(result.status, 0, true);
    }
    if (isWrite && faults.shouldReset(`${method} ${path} ${createHash('sha256').update(raw).digest('hex')}`)) {
      // Committed, then a TCP reset with no reply: the browser may re-send it on its own.
      entry.reset = true;
      req.socket.resetAndDestroy();
      return finish(result.status, 0, true);
    }
    finish(result.status, sendEngine(res, result));
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!isLoopback(req)) {
      sendJson(res, 403, { error: 'admin endpoints answer loopback clients only' });
      return;
    }
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path.startsWith('/admin/fhir/') || path === '/admin/fhir') {
      const fhirPath = path.slice('/admin/fhir'.length).replace(/^\//, '') + url.search;
      const raw = await readBody(req);
      const parsed = parseJsonBody(raw);
      if (!parsed.ok) {
        sendJson(res, 400, operationOutcome('invalid', 'The request body is not valid JSON'));
        return;
      }
      if (method !== 'GET') {
        sendJson(res, 405, operationOutcome('not-supported', '/admin/fhir is read-only; write through /fhir with a token'));
        return;
      }
      sendEngine(res, await engine.handle({ method, path: fhirPath, headers: {}, oracleMode: false }));
      return;
    }
    const readJsonObject = async (): Promise<Record<string, unknown>> => {
      const parsed = parseJsonBody(await readBody(req));
      if (!parsed.ok || (parsed.value !== undefined && (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)))) {
        throw new Error('body must be a JSON object');
      }
      return (parsed.value ?? {}) as Record<string, unknown>;
    };
    try {
      switch (`${method} ${path}`) {
        case 'GET /admin/faults':
          sendJson(res, 200, faults.current);
          return;
        case 'POST /admin/faults': {
          const body = await readJsonObject();
          const { expireAllTokens, ...update } = body;
          const next = faults.update(update);
          if (expireAllTokens === true) auth.expireAllAccessTokens();
          sendJson(res, 200, next);
          return;
        }
        case 'POST /admin/expire-tokens':
          sendJson(res, 200, { expired: auth.expireAllAccessTokens() });
          return;
        case 'POST /admin/reset':
          await reset();
          sendJson(res, 200, { reset: true, patients: seed.patients.length });
          return;
        case 'GET /admin/patients':
          sendJson(res, 200, seed.patients);
          return;
        case 'POST /admin/launch': {
          const body = await readJsonObject();
          const patientId = body['patientId'];
          if (typeof patientId !== 'string' || !(await engine.repo.readResource('Patient', patientId).then(() => true, () => false))) {
            sendJson(res, 400, { error: 'patientId must name a seed patient' });
            return;
          }
          const needPatientBanner = body['needPatientBanner'] === true;
          const encounterId = typeof body['encounterId'] === 'string' ? body['encounterId'] : undefined;
          sendJson(res, 200, launch(patientId, { needPatientBanner, encounterId }));
          return;
        }
        case 'GET /admin/requests':
          sendJson(res, 200, requestLog);
          return;
        case 'DELETE /admin/requests':
          requestLog.length = 0;
          sendJson(res, 200, { cleared: true });
          return;
        default:
          sendJson(res, 404, { error: `no admin route ${method} ${path}` });
      }
    } catch (err) {
      sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const isApi = path.startsWith('/fhir') || path.startsWith('/oauth/token') || path === '/oauth/jwks' || path === '/smart-style.json' || path.startsWith('/.well-known');
    if (isApi) cors(req, res);
    if (method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (path === '/fhir/.well-known/smart-configuration' || path === '/.well-known/smart-configuration') {
      sendJson(res, 200, auth.smartConfiguration());
      return;
    }
    if (path === '/fhir' || path.startsWith('/fhir/')) return handleFhir(req, res, url);
    if (path.startsWith('/admin/') || path === '/admin') return handleAdmin(req, res, url);

    if (method === 'GET' && path === '/') {
      sendHtml(res, 200, patientListPage(seed.patients, now()));
      return;
    }
    if (method === 'GET' && path === '/cds-client/jwks.json') {
      sendJson(res, 200, cds === undefined ? { keys: [] } : await cds.jwks());
      return;
    }
    const cdsRoute = /^\/chart\/([A-Za-z0-9.-]+)\/cds\/(patient-view|order)$/.exec(path);
    if (method === 'POST' && cdsRoute?.[1]) {
      const patient = seed.patients.find((p) => p.id === cdsRoute[1]);
      if (!patient) {
        sendHtml(res, 404, errorPage('No such patient', `There is no patient "${cdsRoute[1]}" in this chart.`));
        return;
      }
      if (cdsRoute[2] === 'patient-view') {
        const result = cds === undefined ? { kind: 'not-configured' as const } : await cds.call('patient-view', patient.id);
        sendHtml(res, 200, cdsCardsHtml(result, cardLinks(patient.id), 'this chart'));
        return;
      }
      const parsed = parseJsonBody(await readBody(req));
      const input = parsed.ok ? readOrderInput(parsed.value) : undefined;
      if (input === undefined) {
        sendHtml(res, 400, '<p class="cds-status" role="alert">The order is incomplete: choose an order, and for intrathecal baclofen give a dose and a concentration above zero.</p>');
        return;
      }
      const draft = draftOrder(patient.id, input.order, now().toISOString());
      const result =
        cds === undefined
          ? { kind: 'not-configured' as const }
          : await cds.call(input.hook, patient.id, { draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: draft.resource }] }, ...(input.hook === 'order-select' ? { selections: [draft.selection] } : {}) });
      sendHtml(res, 200, cdsCardsHtml(result, cardLinks(patient.id), 'this order'));
      return;
    }
    const chart = /^\/chart\/([A-Za-z0-9.-]+)(\/tab)?$/.exec(path);
    if (method === 'GET' && chart?.[1]) {
      const patient = seed.patients.find((p) => p.id === chart[1]);
      if (!patient) {
        sendHtml(res, 404, errorPage('No such patient', `There is no patient "${chart[1]}" in this chart.`));
        return;
      }
      if (chart[2]) {
        // A fresh EHR launch for the app in its own tab: the tab has no chart banner.
        const { launchUrl } = launch(patient.id, { needPatientBanner: true });
        res.writeHead(302, { Location: launchUrl, 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      // `?intent=nurse` launches as the EHR would from a nurse's workflow (SMART launch intent).
      const intent = url.searchParams.get('intent') ?? undefined;
      const { launchUrl } = launch(patient.id, { needPatientBanner: false, ...(intent === undefined || intent === '' ? {} : { intent }) });
      sendHtml(res, 200, chartPage(patient, launchUrl, now(), { cds: cds !== undefined }));
      return;
    }
    if (method === 'GET' && path === '/smart-style.json') {
      sendJson(res, 200, SMART_STYLE);
      return;
    }
    if (method === 'GET' && path === '/oauth/jwks') {
      sendJson(res, 200, { keys: [auth.jwk] });
      return;
    }
    if (method === 'GET' && path === '/oauth/authorize') {
      const picked = url.searchParams.get('sandbox_patient') ?? undefined;
      const params = new URLSearchParams(url.searchParams);
      params.delete('sandbox_patient');
      const result = await auth.authorize(params, picked);
      switch (result.kind) {
        case 'error-page':
          sendHtml(res, result.status, errorPage('Authorization error', result.message));
          return;
        case 'redirect':
          res.writeHead(302, { Location: result.location, 'Cache-Control': 'no-store' });
          res.end();
          return;
        case 'pick-patient':
          sendHtml(res, 200, patientPickerPage(seed.patients, result.params, now()));
          return;
        default:
          result satisfies never;
          return;
      }
    }
    if (method === 'POST' && path === '/oauth/token') {
      const form = new URLSearchParams((await readBody(req)).toString('utf8'));
      const result = auth.token(form);
      sendJson(res, result.status, result.body, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
      return;
    }
    sendHtml(res, 404, errorPage('Not found', `${method} ${path} is not a sandbox route.`));
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      console.error('sandbox: unhandled error', err);
      if (!res.headersSent) sendJson(res, 500, operationOutcome('exception', err instanceof Error ? err.message : String(err)));
      else res.destroy();
    });
  });

  const startupMs = Math.round(performance.now() - started);
  if (!options.quiet) {
    console.log(`sandbox EHR: ${origin}/ (FHIR ${fhirBase}; ${seed.patients.length} patients; ready in ${startupMs} ms)`);
  }

  return {
    origin,
    fhirBase,
    get patients() {
      return seed.patients;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
    setFaults: (update) => faults.update(update),
    requestLog,
    reset,
    launch,
    cdsClient: { iss: origin, jwksUrl: cdsJwksUrl },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

