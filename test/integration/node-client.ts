/**
 * A fhirclient Client in Node, as `FHIR.client({ serverUrl, tokenResponse })` gives one in the
 * browser: fhirclient's node entry with an in-memory storage (client-js#166).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import smart from 'fhirclient';
import type { FhirClient } from '../../src/fhir';

type TokenResponse = Record<string, unknown> & { access_token?: string; patient?: string; encounter?: string };

export function nodeClient(serverUrl: string, tokenResponse: TokenResponse = {}, tokenUri?: string): FhirClient {
  const memory = new Map<string, unknown>();
  const storage = {
    get: (key: string) => Promise.resolve(memory.get(key)),
    set: (key: string, value: unknown) => {
      memory.set(key, value);
      return Promise.resolve(value);
    },
    unset: (key: string) => Promise.resolve(memory.delete(key)),
  };
  const request = { headers: {}, url: '/', socket: {}, session: {} } as unknown as IncomingMessage;
  const response = {} as unknown as ServerResponse;
  const expiresIn = typeof tokenResponse['expires_in'] === 'number' ? tokenResponse['expires_in'] : undefined;
  return smart(request, response, storage).client({
    serverUrl,
    clientId: 'itb-companion',
    tokenResponse,
    ...(tokenUri === undefined ? {} : { tokenUri }),
    ...(expiresIn === undefined ? {} : { expiresAt: Math.floor(Date.now() / 1000) + expiresIn }),
    scope: typeof tokenResponse['scope'] === 'string' ? tokenResponse['scope'] : '',
  });
}

const REDIRECT = 'http://localhost:5173/index.html';
export const APP_SCOPES =
  'launch openid fhirUser online_access patient/Patient.read patient/Observation.read patient/Observation.write ' +
  'patient/MedicationRequest.read patient/Medication.read patient/Device.read patient/Procedure.read patient/ServiceRequest.read patient/Encounter.read';

/** Runs the sandbox's EHR launch (a new one, or `existingLaunchId`, e.g. from a CDS card's link) + PKCE code flow headlessly and returns the token response. */
export async function launchToken(origin: string, fhirBase: string, patientId: string, existingLaunchId?: string): Promise<TokenResponse> {
  let launchId: unknown = existingLaunchId;
  let launch: unknown = existingLaunchId;
  if (launchId === undefined) {
    const launchRes = await fetch(`${origin}/admin/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ patientId }),
    });
    launch = await launchRes.json();
    launchId = typeof launch === 'object' && launch !== null ? Reflect.get(launch, 'launchId') : undefined;
  }
  if (typeof launchId !== 'string') throw new Error(`sandbox launch failed: ${JSON.stringify(launch)}`);
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorize = new URL(`${origin}/oauth/authorize`);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: 'itb-companion',
    redirect_uri: REDIRECT,
    scope: APP_SCOPES,
    state: randomBytes(16).toString('hex'),
    aud: fhirBase,
    launch: launchId,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }))
    authorize.searchParams.set(k, v);
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const location = redirect.headers.get('location');
  const code = location === null ? null : new URL(location).searchParams.get('code');
  if (code === null) throw new Error(`sandbox authorize gave no code: ${location ?? redirect.status}`);
  const token = await fetch(`${origin}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'itb-companion', code_verifier: verifier }),
  });
  const body: unknown = await token.json();
  if (!token.ok || typeof body !== 'object' || body === null) throw new Error(`token exchange failed: ${JSON.stringify(body)}`);
  return Object.fromEntries(Object.entries(body));
}
