/**
 * SMART scopes, v1 and v2 grammar.
 * https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 * v1 `.read` ⇒ `rs`, `.write` ⇒ `cud`, `.*` ⇒ `cruds`; v2 suffixes are subsets of `cruds`.
 * Granular v2 query parts (`?category=…`) are accepted but not enforced: the sandbox grants the
 * whole resource type, which is broader, never narrower, than a real server.
 */

export type Permission = 'c' | 'r' | 'u' | 'd' | 's';
export type ScopeContext = 'patient' | 'user' | 'system';

export interface ResourceScope {
  context: ScopeContext;
  resourceType: string;
  permissions: ReadonlySet<Permission>;
}

const RESOURCE_SCOPE = /^(patient|user|system)\/([A-Za-z]+|\*)\.(read|write|\*|c?r?u?d?s?)(\?.*)?$/;

/** Parses one resource scope, or returns undefined for launch/openid/... and malformed ones. */
export function parseResourceScope(scope: string): ResourceScope | undefined {
  const match = RESOURCE_SCOPE.exec(scope);
  if (!match) return undefined;
  const [, context, resourceType, action] = match;
  if (!context || !resourceType || !action) return undefined;
  let letters: string;
  if (action === 'read') letters = 'rs';
  else if (action === 'write') letters = 'cud';
  else if (action === '*') letters = 'cruds';
  else letters = action;
  return {
    context: context as ScopeContext,
    resourceType,
    permissions: new Set([...letters] as Permission[]),
  };
}

const NON_RESOURCE_SCOPES = new Set([
  'openid',
  'fhirUser',
  'profile',
  'launch',
  'launch/patient',
  'launch/encounter',
  'online_access',
  'offline_access',
]);

/** The scopes the sandbox grants from a request: known launch/identity scopes and well-formed resource scopes. */
export function grantScopes(requested: string): string[] {
  const granted: string[] = [];
  for (const scope of requested.split(/\s+/).filter(Boolean)) {
    if (NON_RESOURCE_SCOPES.has(scope) || parseResourceScope(scope)) {
      if (!granted.includes(scope)) granted.push(scope);
    }
  }
  return granted;
}

/** The scopes among `granted` that allow `permission` on `resourceType`. */
export function permittingScopes(granted: readonly string[], resourceType: string, permission: Permission): ResourceScope[] {
  const result: ResourceScope[] = [];
  for (const scope of granted) {
    const parsed = parseResourceScope(scope);
    if (!parsed) continue;
    if (parsed.resourceType !== '*' && parsed.resourceType !== resourceType) continue;
    if (parsed.permissions.has(permission)) result.push(parsed);
  }
  return result;
}

/** `granted` without the resource scopes that allow create, update or delete: what a read-only user is given. */
export function readOnlyScopes(granted: readonly string[]): string[] {
  return granted.filter((scope) => {
    const parsed = parseResourceScope(scope);
    return parsed === undefined || !['c', 'u', 'd'].some((p) => parsed.permissions.has(p as Permission));
  });
}
