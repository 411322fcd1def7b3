/**
 * Turns the page's one code exchange into a Session the app can trust. `ready()` is called once,
 * at module level by the entry (src/launch/sign-in.ts, main.tsx), outside React, so StrictMode's
 * double effects can never exchange the authorization code twice.
 */
import type Client from 'fhirclient/lib/Client';
import type { EhrConfig, SiteConfig } from '../config/site-config';
import { findEhrForIssuer, loadSiteConfig, SiteConfigError } from '../config/site-config';
import { writeCodeMapSchema } from '../fhir/write-codes';
import { callingCriteriaTableSchema } from '../domain/calling-criteria-schema';

export interface Session {
  client: Client;
  patientId: string;
  encounterId: string | undefined;
  /** The signed-in user as a reference, e.g. `Practitioner/123` (from the id_token). */
  fhirUser: string | undefined;
  needPatientBanner: boolean;
  smartStyleUrl: string | undefined;
  /** The SMART launch context `intent` (which UI the EHR asks for), when sent. */
  intent?: string | undefined;
  /** A CDS card link's `appContext` (CDS Hooks 2.0), passed back in the token response, when sent. */
  appContext?: string | undefined;
  ehr: EhrConfig;
  site: SiteConfig;
}

export type SessionFailure =
  | { kind: 'no-launch' }
  | { kind: 'refused-by-ehr'; message: string }
  | { kind: 'expired' }
  | { kind: 'not-configured'; message: string }
  /** The site configuration could not be fetched (the network or the web server), twice: try again. */
  | { kind: 'config-unreachable'; message: string }
  | { kind: 'unknown-issuer'; iss: string }
  | { kind: 'no-patient' }
  | { kind: 'failed'; message: string };

export class SessionError extends Error {
  constructor(readonly failure: SessionFailure) {
    super(failure.kind);
    this.name = 'SessionError';
  }
}

function classifyReadyError(e: unknown): SessionFailure {
  const message = e instanceof Error ? e.message : String(e);
  const params = new URLSearchParams(window.location.search);
  if (params.has('error')) {
    return { kind: 'refused-by-ehr', message: params.get('error_description') ?? params.get('error') ?? message };
  }
  if (/No 'state' parameter found|No state found/i.test(message)) {
    return params.has('state') ? { kind: 'expired' } : { kind: 'no-launch' };
  }
  if (/expired|re-launch|invalid_grant/i.test(message)) return { kind: 'expired' };
  return { kind: 'failed', message };
}

/**
 * Parts of the site configuration whose schemas live with the code that uses them: the write
 * code map (src/fhir) and a replacement escalation table (src/domain). Checked at start so a
 * wrong code is named on screen before anyone types a round, not when it is saved.
 */
export function checkSiteExtensions(site: SiteConfig): string[] {
  const problems: string[] = [];
  for (const [index, ehr] of site.ehrs.entries()) {
    const codes = writeCodeMapSchema.safeParse(ehr.quirks.writeCodes);
    if (!codes.success) {
      problems.push(...codes.error.issues.map((i) => `ehrs.${index}.quirks.writeCodes.${i.path.join('.')}: ${i.message}`));
    }
  }
  if (site.clinical.callingCriteria !== undefined) {
    const criteria = callingCriteriaTableSchema.safeParse(site.clinical.callingCriteria);
    if (!criteria.success) {
      problems.push(...criteria.error.issues.map((i) => `clinical.callingCriteria.${i.path.join('.')}: ${i.message}`));
    }
  }
  return problems;
}

/** Called with the client as soon as the token response is in, before the site configuration is checked. */
export type OnToken = (client: Client) => void;

async function startSession(ready: Promise<Client>, onToken?: OnToken, siteConfig?: Promise<Response>): Promise<Session> {
  // The site configuration and the code exchange (`ready`, src/launch/sign-in.ts) are fetched
  // together (neither needs the other): the EHR was checked against the build's EHR list by the
  // launch page, and is checked again against this configuration below before any data is read
  // (but onToken's, see app/start.ts).
  if (onToken !== undefined) ready.then(onToken, () => undefined);
  const [siteResult, clientResult] = await Promise.allSettled([loadSiteConfig(siteConfig), ready]);
  if (siteResult.status === 'rejected') {
    const e: unknown = siteResult.reason;
    const message = e instanceof Error ? e.message : String(e);
    throw new SessionError(e instanceof SiteConfigError && e.reason === 'unreachable' ? { kind: 'config-unreachable', message } : { kind: 'not-configured', message });
  }
  const site: SiteConfig = siteResult.value;
  const extensionProblems = checkSiteExtensions(site);
  if (extensionProblems.length > 0) {
    throw new SessionError({ kind: 'not-configured', message: `The site configuration is invalid:\n${extensionProblems.join('\n')}` });
  }
  if (clientResult.status === 'rejected') throw new SessionError(classifyReadyError(clientResult.reason));
  const client: Client = clientResult.value;
  // Defence in depth: the state was made by our launch page, but never talk to an EHR the site
  // has not configured.
  const ehr = findEhrForIssuer(site, client.state.serverUrl);
  if (!ehr) throw new SessionError({ kind: 'unknown-issuer', iss: client.state.serverUrl });
  const token = client.state.tokenResponse ?? {};
  const patientId = client.patient.id ?? undefined;
  if (!patientId) throw new SessionError({ kind: 'no-patient' });
  const needBanner = token.need_patient_banner;
  const styleUrl = token.smart_style_url;
  const intent: unknown = token['intent'];
  const appContext: unknown = token['appContext'];
  return {
    client,
    patientId: String(patientId),
    encounterId: client.encounter.id ? String(client.encounter.id) : undefined,
    fhirUser: client.user.fhirUser ?? undefined,
    // SMART: when the EHR omits it, the app must assume it has to show the banner.
    needPatientBanner: typeof needBanner === 'boolean' ? needBanner : true,
    smartStyleUrl: typeof styleUrl === 'string' ? styleUrl : undefined,
    intent: typeof intent === 'string' && intent !== '' ? intent : undefined,
    appContext: typeof appContext === 'string' && appContext !== '' ? appContext : undefined,
    ehr,
    site,
  };
}

let sessionPromise: Promise<Session> | undefined;

/**
 * The one session of this page load, from its code exchange and the site configuration's request
 * (src/config/site-config-request.ts; sent now when not given); the arguments count only on the first call.
 */
export function getSession(ready: Promise<Client>, onToken?: OnToken, siteConfig?: Promise<Response>): Promise<Session> {
  sessionPromise ??= startSession(ready, onToken, siteConfig);
  return sessionPromise;
}
