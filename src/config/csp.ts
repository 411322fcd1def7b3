/**
 * The Content-Security-Policy for the built app, made from the site configuration at build time
 * (vite.config.ts) so it names exactly the EHRs the site launches from:
 * - script-src 'self': the bundle has no inline scripts and zod runs jitless (no eval);
 * - connect-src 'self' (site-config.json) + each EHR's FHIR origins + its configured
 *   `connectOrigins` (authorization/token endpoints on another host, e.g. Oracle Health's);
 * - frame-ancestors: the EHRs that embed the app (`frameAncestors`, else their FHIR origins).
 *   Browsers ignore frame-ancestors in a <meta> tag, so it is only in the header form, which the
 *   static host must send (README "Content-Security-Policy").
 * Pure: no file or network access.
 */
import type { SiteConfig } from './site-config';

const origin = (url: string): string => new URL(url).origin;
const unique = (values: readonly string[]): string[] => [...new Set(values)];

export type CspPolicies = {
  /** For the <meta http-equiv> tag: everything but frame-ancestors (ignored there). */
  readonly meta: string;
  /** For the HTTP header: the whole policy, frame-ancestors included. */
  readonly header: string;
};

export function buildCsp(config: SiteConfig): CspPolicies {
  const fhirOrigins = config.ehrs.flatMap((ehr) => ehr.issuers.map(origin));
  const connect = unique(['self', ...fhirOrigins, ...config.ehrs.flatMap((ehr) => (ehr.connectOrigins ?? []).map(origin))].map((o) => (o === 'self' ? "'self'" : o)));
  const ancestors = unique(["'self'", ...config.ehrs.flatMap((ehr) => (ehr.frameAncestors ?? ehr.issuers).map(origin))]);
  const directives: [string, string[]][] = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', connect],
    ['manifest-src', ["'self'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]],
    ['object-src', ["'none'"]],
  ];
  const meta = directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
  return { meta, header: `${meta}; frame-ancestors ${ancestors.join(' ')}` };
}
