/** Shared helpers for the sandbox's own tests: a sandbox on a free port and a scripted SMART launch. */
import { createHash, randomBytes } from 'node:crypto';
import { startSandbox } from './server.ts';
import type { Sandbox, SandboxOptions } from './server.ts';

export const CLIENT_ID = 'itb-companion';
export const REDIRECT_URI = 'http://localhost:5173/index.html';

export function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, quiet: true, ...options });
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizeOverrides {
  [param: string]: string | undefined;
}

/** Builds an authorize URL as fhirclient would, with overrides (undefined removes a parameter). */
export function authorizeUrl(sandbox: Sandbox, challenge: string, overrides: AuthorizeOverrides = {}): string {
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: 'launch openid fhirUser online_access patient/*.read patient/Observation.write',
    state: 'state-123',
    aud: sandbox.fhirBase,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
  const url = new URL(`${sandbox.origin}/oauth/authorize`);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

export async function postForm(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  patient?: string;
  encounter?: string;
  need_patient_banner: boolean;
  smart_style_url: string;
  id_token?: string;
  refresh_token?: string;
}

/** A complete EHR launch: launch id → authorize (silent SSO) → code → token. */
export async function launchAndToken(sandbox: Sandbox, patientId: string, scope?: string, needPatientBanner = false): Promise<TokenResponse> {
  const { launchId } = sandbox.launch(patientId, { needPatientBanner });
  const { verifier, challenge } = pkcePair();
  const res = await fetch(authorizeUrl(sandbox, challenge, { launch: launchId, ...(scope ? { scope } : {}) }), { redirect: 'manual' });
  const location = new URL(res.headers.get('location') ?? '');
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code: ${location.toString()}`);
  const token = await postForm(`${sandbox.origin}/oauth/token`, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    client_id: CLIENT_ID,
    code_verifier: verifier,
  });
  if (token.status !== 200) throw new Error(`token ${token.status}: ${await token.text()}`);
  return (await token.json()) as TokenResponse;
}

export function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json', ...extra };
}
