import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from './server.ts';
import { CLIENT_ID, REDIRECT_URI, authorizeUrl, bearer, launchAndToken, pkcePair, postForm, startTestSandbox } from './test-helpers.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

async function authorize(overrides: Record<string, string | undefined>, challenge = pkcePair().challenge): Promise<Response> {
  return fetch(authorizeUrl(sandbox, challenge, overrides), { redirect: 'manual' });
}

function redirectParams(res: Response): URLSearchParams {
  return new URL(res.headers.get('location') ?? 'http://invalid/').searchParams;
}

async function codeFor(challenge: string): Promise<string> {
  const { launchId } = sandbox.launch('itb-stable');
  const res = await authorize({ launch: launchId }, challenge);
  return redirectParams(res).get('code') ?? '';
}

describe('SMART discovery', () => {
  it('advertises S256 only, the endpoints, grants and capabilities', async () => {
    const res = await fetch(`${sandbox.fhirBase}/.well-known/smart-configuration`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
    const config = (await res.json()) as Record<string, unknown>;
    expect(config['code_challenge_methods_supported']).toEqual(['S256']);
    expect(config['authorization_endpoint']).toBe(`${sandbox.origin}/oauth/authorize`);
    expect(config['token_endpoint']).toBe(`${sandbox.origin}/oauth/token`);
    expect(config['grant_types_supported']).toEqual(['authorization_code', 'refresh_token']);
    expect(config['response_types_supported']).toEqual(['code']);
    expect(config['scopes_supported']).toEqual(expect.arrayContaining(['openid', 'fhirUser', 'launch', 'launch/patient', 'online_access', 'offline_access']));
    expect(config['capabilities']).toEqual(expect.arrayContaining([
      'launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-patient', 'context-ehr-encounter',
      'context-standalone-patient', 'context-passthrough-banner', 'context-passthrough-style', 'permission-v1',
      'permission-v2', 'permission-patient', 'permission-user', 'permission-offline', 'permission-online', 'sso-openid-connect',
    ]));
  });
});

describe('authorize endpoint', () => {
  it('approves an EHR launch without a login screen and redirects with code and state', async () => {
    const { launchId } = sandbox.launch('itb-stable');
    const res = await authorize({ launch: launchId });
    expect(res.status).toBe(302);
    const params = redirectParams(res);
    expect(res.headers.get('location')?.startsWith(REDIRECT_URI)).toBe(true);
    expect(params.get('code')).toBeTruthy();
    expect(params.get('state')).toBe('state-123');
  });

  it('shows an error page, never a redirect, for an unregistered redirect_uri', async () => {
    const res = await authorize({ redirect_uri: 'http://evil.example/cb' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('not registered');
  });

  it('shows an error page for an unknown client_id', async () => {
    const res = await authorize({ client_id: 'someone-else' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('refuses plain PKCE', async () => {
    const { launchId } = sandbox.launch('itb-stable');
    const res = await authorize({ launch: launchId, code_challenge_method: 'plain' });
    expect(redirectParams(res).get('error')).toBe('invalid_request');
    expect(redirectParams(res).get('code')).toBeNull();
  });

  it('refuses a request without a code_challenge', async () => {
    const { launchId } = sandbox.launch('itb-stable');
    const res = await authorize({ launch: launchId, code_challenge: undefined, code_challenge_method: undefined });
    expect(redirectParams(res).get('error')).toBe('invalid_request');
  });

  it('refuses an aud that is not this FHIR base', async () => {
    const { launchId } = sandbox.launch('itb-stable');
    const res = await authorize({ launch: launchId, aud: 'https://other.example/fhir' });
    expect(redirectParams(res).get('error')).toBe('invalid_request');
    expect(redirectParams(res).get('state')).toBe('state-123');
  });

  it('refuses an unknown launch id', async () => {
    const res = await authorize({ launch: 'not-a-launch' });
    expect(redirectParams(res).get('error')).toBe('invalid_request');
  });

  it('refuses a missing state', async () => {
    const { launchId } = sandbox.launch('itb-stable');
    const res = await authorize({ launch: launchId, state: undefined });
    expect(redirectParams(res).get('error')).toBe('invalid_request');
  });

  it('rejects a response_type other than code', async () => {
    const res = await authorize({ response_type: 'token' });
    expect(redirectParams(res).get('error')).toBe('unsupported_response_type');
  });

  it('shows a patient picker for a standalone launch asking launch/patient, and choosing approves', async () => {
    const { verifier, challenge } = pkcePair();
    const res = await authorize({ scope: 'launch/patient openid fhirUser patient/*.read' }, challenge);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Select a patient');
    const href = /href="(\/oauth\/authorize\?[^"]*sandbox_patient=itb-lowdose[^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    expect(href).toBeTruthy();
    const chosen = await fetch(`${sandbox.origin}${href ?? ''}`, { redirect: 'manual' });
    const code = redirectParams(chosen).get('code') ?? '';
    const token = await postForm(`${sandbox.origin}/oauth/token`, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: CLIENT_ID, code_verifier: verifier });
    const body = (await token.json()) as Record<string, unknown>;
    expect(body['patient']).toBe('itb-lowdose');
    expect(body['need_patient_banner']).toBe(true);
  });
});

describe('token endpoint', () => {
  it('exchanges a code for a token carrying the launch context, id_token and refresh_token', async () => {
    const token = await launchAndToken(sandbox, 'itb-stable');
    expect(token.token_type).toBe('Bearer');
    expect(token.expires_in).toBe(570);
    expect(token.patient).toBe('itb-stable');
    expect(token.encounter).toBe('enc-itb-stable');
    expect(token.need_patient_banner).toBe(false);
    expect(token.smart_style_url).toBe(`${sandbox.origin}/smart-style.json`);
    expect(token.scope.split(' ')).toEqual(expect.arrayContaining(['launch', 'openid', 'fhirUser', 'online_access', 'patient/*.read']));
    expect(token.refresh_token).toBeTruthy();
    const payload = JSON.parse(Buffer.from(token.id_token?.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(payload['fhirUser']).toBe('Practitioner/prac-rehab-lee');
    expect(payload['aud']).toBe(CLIENT_ID);
    expect(payload['iss']).toBe(sandbox.fhirBase);
    expect(payload['sub']).toBe('prac-rehab-lee');
  });

  it('passes need_patient_banner=true for a launch into its own tab', async () => {
    const token = await launchAndToken(sandbox, 'itb-stable', undefined, true);
    expect(token.need_patient_banner).toBe(true);
  });

  it('grants only the read scopes under the read-only fault, and the write is then refused 403', async () => {
    sandbox.setFaults({ readOnlyGrant: true });
    try {
      const asked = 'launch openid fhirUser online_access patient/Observation.read patient/Observation.write patient/Procedure.cruds patient/Patient.rs';
      const token = await launchAndToken(sandbox, 'itb-stable', asked);
      expect(token.scope).toBe('launch openid fhirUser online_access patient/Observation.read patient/Patient.rs');
      const res = await fetch(`${sandbox.fhirBase}/Observation`, {
        method: 'POST',
        headers: { ...bearer(token.access_token), 'content-type': 'application/fhir+json' },
        body: JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/itb-stable' } }),
      });
      expect(res.status).toBe(403);
    } finally {
      sandbox.setFaults({ readOnlyGrant: false });
    }
  });

  it('issues no refresh_token without online_access or offline_access', async () => {
    const token = await launchAndToken(sandbox, 'itb-stable', 'launch openid fhirUser patient/*.read');
    expect(token.refresh_token).toBeUndefined();
  });

  it('rejects a token request whose code_verifier does not match', async () => {
    const { challenge } = pkcePair();
    const code = await codeFor(challenge);
    const res = await postForm(`${sandbox.origin}/oauth/token`, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: CLIENT_ID, code_verifier: pkcePair().verifier });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('rejects a token request without a code_verifier', async () => {
    const { challenge } = pkcePair();
    const code = await codeFor(challenge);
    const res = await postForm(`${sandbox.origin}/oauth/token`, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: CLIENT_ID });
    expect(res.status).toBe(400);
  });

  it('accepts an authorization code only once', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(challenge);
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: CLIENT_ID, code_verifier: verifier };
    expect((await postForm(`${sandbox.origin}/oauth/token`, form)).status).toBe(200);
    const again = await postForm(`${sandbox.origin}/oauth/token`, form);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('rejects a token request whose redirect_uri differs from the authorization request', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(challenge);
    const res = await postForm(`${sandbox.origin}/oauth/token`, { grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:4173/index.html', client_id: CLIENT_ID, code_verifier: verifier });
    expect(res.status).toBe(400);
  });

  it('rejects an unsupported grant_type', async () => {
    const res = await postForm(`${sandbox.origin}/oauth/token`, { grant_type: 'password', client_id: CLIENT_ID });
    expect(((await res.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });

  it('refresh grant issues a new token with the same context', async () => {
    const first = await launchAndToken(sandbox, 'itb-titration');
    const res = await postForm(`${sandbox.origin}/oauth/token`, { grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '', client_id: CLIENT_ID });
    expect(res.status).toBe(200);
    const second = (await res.json()) as Record<string, unknown>;
    expect(second['access_token']).not.toBe(first.access_token);
    expect(second['patient']).toBe('itb-titration');
    expect(second['encounter']).toBe('enc-itb-titration');
    expect(second['scope']).toBe(first.scope);
    const read = await fetch(`${sandbox.fhirBase}/Patient/itb-titration`, { headers: bearer(String(second['access_token'])) });
    expect(read.status).toBe(200);
  });

  it('rejects an unknown refresh token', async () => {
    const res = await postForm(`${sandbox.origin}/oauth/token`, { grant_type: 'refresh_token', refresh_token: 'nope', client_id: CLIENT_ID });
    expect(res.status).toBe(400);
  });

  it('answers CORS preflight for the token endpoint', async () => {
    const res = await fetch(`${sandbox.origin}/oauth/token`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});
