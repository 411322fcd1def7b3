import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { findEhrForIssuer, parseSiteConfig } from './site-config';

const shipped = JSON.parse(readFileSync('public/site-config.json', 'utf8')) as { ehrs: Record<string, unknown>[] } & Record<string, unknown>;
const withEhr = (patch: Record<string, unknown>) => ({ ...shipped, ehrs: [{ ...shipped.ehrs[0], ...patch }] });

describe('the site configuration', () => {
  it('ships a valid configuration for the sandbox EHR', () => {
    const config = parseSiteConfig(shipped);
    expect(findEhrForIssuer(config, 'http://localhost:4010/fhir')?.id).toBe('sandbox');
  });

  it('refuses a site time zone the browser does not know: every date is written in it', () => {
    expect(() => parseSiteConfig({ ...shipped, site: { name: 'Test', timeZone: 'Australia/Sidney' } })).toThrow(/not a time zone this browser knows/);
    expect(parseSiteConfig({ ...shipped, site: { name: 'Test', timeZone: 'Pacific/Kiritimati' } }).site.timeZone).toBe('Pacific/Kiritimati');
  });

  it('refuses wildcard scopes, which Oracle Health does not support', () => {
    expect(() => parseSiteConfig(withEhr({ scopes: ['launch', 'openid', 'fhirUser', 'online_access', 'patient/*.read'] }))).toThrow(/wildcard/);
  });

  it('refuses v2 scopes on an EHR registered for v1 scopes', () => {
    expect(() => parseSiteConfig(withEhr({ scopes: ['launch', 'openid', 'fhirUser', 'online_access', 'patient/Observation.rs'] }))).toThrow(/not a smart-v1 resource scope/);
  });

  it('accepts SMART v2 granular scopes with a category filter', () => {
    const config = parseSiteConfig(
      withEhr({
        scopeStyle: 'smart-v2',
        scopes: ['launch', 'openid', 'fhirUser', 'online_access', 'patient/Patient.rs', 'patient/Observation.rs', 'patient/Observation.c?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs'],
      }),
    );
    expect(config.ehrs[0]?.scopeStyle).toBe('smart-v2');
  });

  it('insists on online_access so 570-second tokens can be refreshed', () => {
    expect(() => parseSiteConfig(withEhr({ scopes: ['launch', 'openid', 'fhirUser', 'patient/Patient.read'] }))).toThrow(/online_access/);
  });

  it('insists on openid fhirUser so every write names who made it', () => {
    expect(() => parseSiteConfig(withEhr({ scopes: ['launch', 'online_access', 'patient/Patient.read'] }))).toThrow(/fhirUser/);
  });

  it('names the field that is wrong', () => {
    expect(() => parseSiteConfig({ ...shipped, ehrs: [{ ...shipped.ehrs[0], issuers: ['not a url'] }] })).toThrow(/ehrs\.0\.issuers\.0/);
  });
});
