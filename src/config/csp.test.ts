import { describe, expect, it } from 'vitest';
import { buildCsp } from './csp';
import { siteConfigSchema, type SiteConfig } from './site-config';

const config = (ehrs: Record<string, unknown>[]): SiteConfig =>
  siteConfigSchema.parse({
    version: 1,
    site: { name: 'S', timeZone: 'Australia/Sydney' },
    ehrs: ehrs.map((e, i) => ({ id: `e${i}`, name: 'E', clientId: 'c', scopeStyle: 'smart-v1', scopes: ['launch', 'openid', 'fhirUser', 'online_access'], ...e })),
  });

describe('buildCsp', () => {
  it('allows scripts and styles from the app only, and talks only to the configured EHRs', () => {
    const csp = buildCsp(config([{ issuers: ['https://fhir-ehr.cerner.com/r4/tenant-1'], connectOrigins: ['https://authorization.cerner.com/tenants/x/oauth2/token'] }]));
    expect(csp.meta).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' https://fhir-ehr.cerner.com https://authorization.cerner.com; manifest-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'",
    );
    expect(csp.header).toBe(`${csp.meta}; frame-ancestors 'self' https://fhir-ehr.cerner.com`);
  });

  it('lets the configured embedding origins frame the app, for every EHR, without repeats', () => {
    const csp = buildCsp(
      config([
        { issuers: ['https://fhir.epic.example/api/FHIR/R4'], frameAncestors: ['https://hyperspace.epic.example'] },
        { issuers: ['https://fhir.epic.example/api/FHIR/R4/'] },
      ]),
    );
    expect(csp.header.endsWith("frame-ancestors 'self' https://hyperspace.epic.example https://fhir.epic.example")).toBe(true);
    expect(csp.meta).not.toContain('frame-ancestors');
    expect(csp.meta.match(/https:\/\/fhir\.epic\.example/g)).toHaveLength(1);
  });
});
