/**
 * The sandbox's SMART App Launch 2.x authorization server: EHR and standalone launch, public
 * clients, PKCE S256 only, launch context in the token response, online/offline refresh.
 * https://hl7.org/fhir/smart-app-launch/app-launch.html
 * Approval is silent (SSO, as inside PowerChart): no login screen, no consent screen.
 */
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { grantScopes } from './scopes.ts';

export interface ClientRegistration {
  clientId: string;
  redirectUris: string[];
}

/** What an EHR launch id stands for. */
export interface LaunchContext {
  patient: string;
  encounter?: string;
  practitioner: string;
  needPatientBanner: boolean;
  /** SMART launch context `intent`: which UI the EHR asks the app for (e.g. "nurse"). */
  intent?: string;
  /** A CDS card link's `appContext` (CDS Hooks 2.0 §Link), passed back in the token response. */
  appContext?: string;
}

export interface AccessGrant {
  clientId: string;
  scope: string[];
  context: Partial<LaunchContext> & { practitioner: string; needPatientBanner: boolean };
}

interface AuthorizationCode extends AccessGrant {
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
  used: boolean;
}

interface AccessToken extends AccessGrant {
  expiresAt: number;
}

export type AuthorizeResult =
  | { kind: 'error-page'; status: number; message: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'pick-patient'; params: URLSearchParams };

export interface TokenResult {
  status: number;
  body: Record<string, unknown>;
}

/** Authorization codes are single use and short lived (RFC 6749 §4.1.2 recommends ≤ 10 min). */
const CODE_LIFETIME_MS = 60_000;

function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export class AuthServer {
  private readonly launches = new Map<string, LaunchContext>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, AccessGrant>();
  private readonly privateKey: KeyObject;
  readonly jwk: JsonWebKey;
  private readonly keyId = randomToken(8);

  constructor(
    private readonly options: {
      origin: string;
      fhirBase: string;
      clients: readonly ClientRegistration[];
      defaultPractitioner: string;
      tokenLifetimeSeconds: () => number;
      /** Narrows the scopes granted at authorization (the read-only fault); all requested ones by default. */
      narrowGrant?: (scope: string[]) => string[];
      /** Whether a patient id exists (the standalone picker's choice is checked). */
      patientExists: (id: string) => Promise<boolean>;
    },
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
    this.jwk = { ...publicKey.export({ format: 'jwk' }), kid: this.keyId, alg: 'RS256', use: 'sig' };
  }

  /** Forget every token, code and launch (admin reset). */
  clear(): void {
    this.launches.clear();
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  createLaunch(context: LaunchContext): string {
    const id = randomToken(16);
    this.launches.set(id, context);
    return id;
  }

  /** SMART discovery: https://hl7.org/fhir/smart-app-launch/conformance.html */
  smartConfiguration(): Record<string, unknown> {
    const { origin, fhirBase } = this.options;
    return {
      issuer: fhirBase,
      jwks_uri: `${origin}/oauth/jwks`,
      authorization_endpoint: `${origin}/oauth/authorize`,
      token_endpoint: `${origin}/oauth/token`,
      token_endpoint_auth_methods_supported: ['none'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      scopes_supported: [
        'openid',
        'fhirUser',
        'profile',
        'launch',
        'launch/patient',
        'launch/encounter',
        'online_access',
        'offline_access',
        'patient/*.read',
        'patient/*.write',
        'patient/*.rs',
        'patient/*.cruds',
        'user/*.read',
        'user/*.write',
        'user/*.rs',
        'user/*.cruds',
        'patient/Patient.read',
        'patient/Observation.read',
        'patient/Observation.write',
        'patient/MedicationRequest.read',
        'patient/Condition.read',
        'patient/Procedure.read',
        'patient/Device.read',
        'patient/Encounter.read',
        'user/Practitioner.read',
      ],
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      capabilities: [
        'launch-ehr',
        'launch-standalone',
        'client-public',
        'context-ehr-patient',
        'context-ehr-encounter',
        'context-standalone-patient',
        'context-passthrough-banner',
        'context-passthrough-style',
        'permission-v1',
        'permission-v2',
        'permission-patient',
        'permission-user',
        'permission-offline',
        'permission-online',
        'sso-openid-connect',
      ],
    };
  }

  /**
   * GET /oauth/authorize. A bad client or redirect_uri shows an error page and never redirects
   * (RFC 6749 §4.1.2.1: the redirect target cannot be trusted); other errors go back as `error=`.
   * `patientId` is the standalone picker's choice.
   */
  async authorize(params: URLSearchParams, patientId?: string): Promise<AuthorizeResult> {
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    const client = this.options.clients.find((c) => c.clientId === clientId);
    if (!client) return { kind: 'error-page', status: 400, message: `Unknown client_id "${clientId}".` };
    if (!client.redirectUris.includes(redirectUri)) {
      return { kind: 'error-page', status: 400, message: `redirect_uri "${redirectUri}" is not registered for client "${clientId}".` };
    }
    const state = params.get('state');
    const fail = (error: string, description: string): AuthorizeResult => {
      const url = new URL(redirectUri);
      url.searchParams.set('error', error);
      url.searchParams.set('error_description', description);
      if (state) url.searchParams.set('state', state);
      return { kind: 'redirect', location: url.toString() };
    };
    if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be "code"');
    if (!state) return fail('invalid_request', 'state is required');
    const aud = params.get('aud') ?? '';
    if (aud.replace(/\/$/, '') !== this.options.fhirBase) return fail('invalid_request', `aud must be the FHIR base URL ${this.options.fhirBase}`);
    const method = params.get('code_challenge_method');
    const challenge = params.get('code_challenge') ?? '';
    if (method !== 'S256') return fail('invalid_request', 'PKCE is required with code_challenge_method=S256 (plain is not supported)');
    if (!/^[A-Za-z0-9_-]{43,128}$/.test(challenge)) return fail('invalid_request', 'code_challenge must be a base64url SHA-256 digest');

    const requested = params.get('scope') ?? '';
    const wellFormed = grantScopes(requested);
    const scope = this.options.narrowGrant?.(wellFormed) ?? wellFormed;
    const launchId = params.get('launch');
    let context: AccessGrant['context'];
    if (launchId) {
      const launch = this.launches.get(launchId);
      if (!launch) return fail('invalid_request', 'Unknown or expired launch parameter');
      if (!scope.includes('launch')) return fail('invalid_scope', 'An EHR launch must request the "launch" scope');
      context = { ...launch };
    } else if (scope.includes('launch/patient')) {
      if (!patientId) return { kind: 'pick-patient', params };
      if (!(await this.options.patientExists(patientId))) return fail('invalid_request', 'Unknown patient');
      context = { patient: patientId, practitioner: this.options.defaultPractitioner, needPatientBanner: true };
    } else {
      context = { practitioner: this.options.defaultPractitioner, needPatientBanner: true };
    }

    const code = randomToken();
    this.codes.set(code, {
      clientId,
      redirectUri,
      codeChallenge: challenge,
      scope,
      context,
      expiresAt: Date.now() + CODE_LIFETIME_MS,
      used: false,
    });
    const url = new URL(redirectUri);
    url.searchParams.set('code', code);
    url.searchParams.set('state', state);
    return { kind: 'redirect', location: url.toString() };
  }

  /** POST /oauth/token (application/x-www-form-urlencoded). */
  token(form: URLSearchParams): TokenResult {
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') return this.exchangeCode(form);
    if (grantType === 'refresh_token') return this.refresh(form);
    return tokenError('unsupported_grant_type', `grant_type "${grantType ?? ''}" is not supported`);
  }

  private exchangeCode(form: URLSearchParams): TokenResult {
    const code = this.codes.get(form.get('code') ?? '');
    if (!code) return tokenError('invalid_grant', 'Unknown authorization code');
    if (code.used) {
      this.codes.delete(form.get('code') ?? '');
      return tokenError('invalid_grant', 'Authorization code already used');
    }
    code.used = true;
    if (Date.now() > code.expiresAt) return tokenError('invalid_grant', 'Authorization code expired');
    const clientId = form.get('client_id') ?? '';
    if (!this.options.clients.some((c) => c.clientId === clientId)) return tokenError('invalid_client', 'Unknown client_id', 401);
    if (clientId !== code.clientId) return tokenError('invalid_grant', 'The code was issued to another client');
    if (form.get('redirect_uri') !== code.redirectUri) return tokenError('invalid_grant', 'redirect_uri does not match the authorization request');
    const verifier = form.get('code_verifier');
    if (!verifier) return tokenError('invalid_request', 'code_verifier is required (PKCE)');
    if (s256(verifier) !== code.codeChallenge) return tokenError('invalid_grant', 'code_verifier does not match code_challenge');
    return this.issue(code, true);
  }

  private refresh(form: URLSearchParams): TokenResult {
    const refreshToken = form.get('refresh_token') ?? '';
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant) return tokenError('invalid_grant', 'Unknown refresh token');
    const clientId = form.get('client_id');
    if (clientId && clientId !== grant.clientId) return tokenError('invalid_grant', 'The refresh token was issued to another client');
    // A refresh may narrow the scope, never widen it.
    const asked = form.get('scope');
    const scope = asked ? grantScopes(asked).filter((s) => grant.scope.includes(s)) : grant.scope;
    const result = this.issue({ ...grant, scope }, false);
    result.body['refresh_token'] = refreshToken;
    return result;
  }

  private issue(grant: AccessGrant, withIdToken: boolean): TokenResult {
    const lifetime = this.options.tokenLifetimeSeconds();
    const accessToken = randomToken();
    const grantCopy: AccessGrant = { clientId: grant.clientId, scope: [...grant.scope], context: { ...grant.context } };
    this.accessTokens.set(accessToken, { ...grantCopy, expiresAt: Date.now() + lifetime * 1000 });
    const { context } = grant;
    const body: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: lifetime,
      scope: grant.scope.join(' '),
      need_patient_banner: context.needPatientBanner,
      smart_style_url: `${this.options.origin}/smart-style.json`,
    };
    if (context.patient) body['patient'] = context.patient;
    if (context.encounter) body['encounter'] = context.encounter;
    if (context.intent) body['intent'] = context.intent;
    if (context.appContext) body['appContext'] = context.appContext;
    if (withIdToken && grant.scope.includes('openid')) body['id_token'] = this.idToken(grant);
    if (grant.scope.includes('online_access') || grant.scope.includes('offline_access')) {
      const refreshToken = randomToken();
      this.refreshTokens.set(refreshToken, grantCopy);
      body['refresh_token'] = refreshToken;
    }
    return { status: 200, body };
  }

  /** OpenID Connect id_token, RS256, with the SMART fhirUser claim. */
  private idToken(grant: AccessGrant): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.keyId };
    const payload: Record<string, unknown> = {
      iss: this.options.fhirBase,
      sub: grant.context.practitioner,
      aud: grant.clientId,
      iat: now,
      exp: now + 3600,
      fhirUser: `Practitioner/${grant.context.practitioner}`,
    };
    const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url');
    const signingInput = `${encode(header)}.${encode(payload)}`;
    const signature = sign('sha256', Buffer.from(signingInput), this.privateKey).toString('base64url');
    return `${signingInput}.${signature}`;
  }

  /**
   * An access token the EHR hands a CDS service in `fhirAuthorization` (CDS Hooks 2.0): read-only
   * scopes, bound to one patient, short-lived, no refresh token.
   */
  issueServiceToken(clientId: string, patient: string, scope: readonly string[], lifetimeSeconds: number): { access_token: string; token_type: 'Bearer'; expires_in: number; scope: string; subject: string; patient: string } {
    const accessToken = randomToken();
    this.accessTokens.set(accessToken, {
      clientId,
      scope: [...scope],
      context: { patient, practitioner: this.options.defaultPractitioner, needPatientBanner: false },
      expiresAt: Date.now() + lifetimeSeconds * 1000,
    });
    return { access_token: accessToken, token_type: 'Bearer', expires_in: lifetimeSeconds, scope: scope.join(' '), subject: clientId, patient };
  }

  /** Looks up a bearer token; undefined when unknown or expired. */
  verify(accessToken: string): AccessGrant | undefined {
    const token = this.accessTokens.get(accessToken);
    if (!token) return undefined;
    if (Date.now() >= token.expiresAt) return undefined;
    return token;
  }

  /** Expires every current access token; refresh tokens stay valid (admin `expireAllTokens`). */
  expireAllAccessTokens(): number {
    const now = Date.now();
    for (const token of this.accessTokens.values()) token.expiresAt = Math.min(token.expiresAt, now - 1);
    return this.accessTokens.size;
  }
}

function tokenError(error: string, description: string, status = 400): TokenResult {
  return { status, body: { error, error_description: description } };
}
