/**
 * What the EHR granted, read from the token response's `scope` (SMART App Launch 2.0 §Scopes;
 * RFC 6749 §5.1: a server that grants exactly what was asked may leave `scope` out). A user may
 * be granted less than the app asked for: then the app says so before anyone types an entry,
 * rather than failing at "Save".
 */

/** True when a scope string lets the app create Observations (v1 `.write`/`.*`, v2 `.c…`). */
export function grantsObservationCreate(scope: string): boolean {
  return grantsCreate(scope, 'Observation');
}

/** True when a scope string lets the app create `resourceType` (the refill visit writes a Procedure). */
export function grantsCreate(scope: string, resourceType: 'Observation' | 'Procedure'): boolean {
  return scope
    .split(/\s+/)
    .filter((s) => s !== '')
    .some((token) => {
      const m = /^(patient|user|system)\/([A-Za-z]+|\*)\.([^?]+)(?:\?.*)?$/.exec(token);
      if (m?.[2] !== resourceType && m?.[2] !== '*') return false;
      const access = m[3] ?? '';
      if (access === 'write' || access === '*') return true;
      // SMART v2: a permission string such as `cruds`, `cu`, `c`.
      return /^[cruds]+$/.test(access) && access.includes('c');
    });
}

export type WriteGrant = {
  /** Observations may be created in this session. */
  readonly canWrite: boolean;
  /** The scopes the EHR granted, as it said them (or those requested, when it said nothing). */
  readonly granted: readonly string[];
  /** True when the token response carried no `scope` and the request is taken as granted. */
  readonly assumed: boolean;
};

export function mapWriteGrant(grantedScope: string | undefined, requestedScopes: readonly string[]): WriteGrant {
  const assumed = grantedScope === undefined || grantedScope.trim() === '';
  const scope = assumed ? requestedScopes.join(' ') : grantedScope;
  return { canWrite: grantsObservationCreate(scope), granted: scope.split(/\s+/).filter((s) => s !== ''), assumed };
}
