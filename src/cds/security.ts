/**
 * CDS client authentication (CDS Hooks 2.0 §Trusting CDS Clients): the EHR sends a signed JWT as
 * a Bearer token on every call. Checked here with `jose`: the issuer and its JWKS URL against the
 * configured allowlist (a `jku` in the header must be the issuer's configured URL), the signature
 * (asymmetric algorithms only: `none` and HMAC SHALL NOT be used), `aud` = the exact endpoint URL
 * called, `exp`, `iat`, and `jti` never seen before while the token is still valid.
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

export type TrustedClient = { readonly iss: string; readonly jwksUrl: string };

export class CdsAuthError extends Error {
  override name = 'CdsAuthError';
}

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512'];

/** jti values seen, until their token expires. Per instance: behind a load balancer use sticky jti checks or a shared store (README). */
export class JtiCache {
  private readonly seen = new Map<string, number>();
  /** False when the jti was already used by this issuer. */
  claim(iss: string, jti: string, expiresAtMs: number, nowMs: number): boolean {
    for (const [k, exp] of this.seen) if (exp <= nowMs) this.seen.delete(k);
    const key = `${iss} ${jti}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, expiresAtMs);
    return true;
  }
}

export type JwtVerifier = (authorization: string | undefined, audience: string) => Promise<{ iss: string }>;

/** A verifier for the allowlist; `keySet` replaces the remote JWKS fetch (tests). */
export function createJwtVerifier(options: {
  readonly trusted: readonly TrustedClient[];
  readonly now: () => Date;
  readonly keySets?: ReadonlyMap<string, JWTVerifyGetKey>;
}): JwtVerifier {
  const jtis = new JtiCache();
  const keySets = new Map<string, JWTVerifyGetKey>(options.keySets ?? []);
  const keySetFor = (client: TrustedClient): JWTVerifyGetKey => {
    let set = keySets.get(client.jwksUrl);
    if (set === undefined) {
      set = createRemoteJWKSet(new URL(client.jwksUrl), { timeoutDuration: 2000, cooldownDuration: 30_000 });
      keySets.set(client.jwksUrl, set);
    }
    return set;
  };
  return async (authorization, audience) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (token === undefined) throw new CdsAuthError('A Bearer JWT is required');
    let header;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new CdsAuthError('The token is not a JWT');
    }
    if (header.typ !== undefined && header.typ.toUpperCase() !== 'JWT') throw new CdsAuthError('typ must be JWT');
    if (header.kid === undefined) throw new CdsAuthError('kid is required');
    // The issuer is only known from the payload: try each trusted issuer whose jku matches.
    const unverified = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}') as { iss?: unknown };
    const client = options.trusted.find((c) => c.iss === unverified.iss);
    if (client === undefined) throw new CdsAuthError('The issuer is not on the allowlist');
    if (header.jku !== undefined && header.jku !== client.jwksUrl) throw new CdsAuthError('jku is not the issuer\'s allowlisted JWKS URL');
    const now = options.now();
    try {
      const { payload } = await jwtVerify(token, keySetFor(client), {
        issuer: client.iss,
        audience,
        algorithms: ALGORITHMS,
        currentDate: now,
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
        clockTolerance: 30,
      });
      if (typeof payload.jti !== 'string' || typeof payload.exp !== 'number') throw new CdsAuthError('jti and exp are required');
      if (!jtis.claim(client.iss, payload.jti, payload.exp * 1000 + 30_000, now.getTime())) throw new CdsAuthError('The token (jti) was already used');
      return { iss: client.iss };
    } catch (e) {
      if (e instanceof CdsAuthError) throw e;
      if (e instanceof errors.JWTExpired) throw new CdsAuthError('The token has expired');
      if (e instanceof errors.JWTClaimValidationFailed) throw new CdsAuthError(`Claim ${e.claim} is not valid`);
      throw new CdsAuthError('The token signature could not be verified');
    }
  };
}
