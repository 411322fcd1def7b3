import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { findEhrForIssuer, loadSiteConfig, parseSiteConfig, SiteConfigError } from './site-config';
import { requestSiteConfig } from './site-config-request';

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

describe('loading the site configuration', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks the host every time (no-store), never the browser cache: a site edits the file in place', async () => {
    const fetch = vi.fn(() => Promise.resolve(Response.json(shipped)));
    vi.stubGlobal('fetch', fetch);
    const config = await loadSiteConfig(requestSiteConfig());
    expect(findEhrForIssuer(config, 'http://localhost:4010/fhir')?.id).toBe('sandbox');
    expect(fetch).toHaveBeenCalledWith('./site-config.json', expect.objectContaining({ cache: 'no-store' }));
  });

  it('a dropped request or a failing web server (5xx) is asked once more, and the answer used', async () => {
    for (const first of [Promise.reject(new TypeError('Failed to fetch')), Promise.resolve(new Response('busy', { status: 503 }))]) {
      const fetch = vi.fn(() => Promise.resolve(Response.json(shipped)));
      vi.stubGlobal('fetch', fetch);
      const config = await loadSiteConfig(first);
      expect(findEhrForIssuer(config, 'http://localhost:4010/fhir')?.id).toBe('sandbox');
      expect(fetch).toHaveBeenCalledTimes(1);
      expect(fetch).toHaveBeenCalledWith('./site-config.json', expect.objectContaining({ cache: 'no-store' }));
    }
  });

  it('unreachable twice: says so as the network or the server, which a later try may mend, not as the set-up', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const dropped = await loadSiteConfig(Promise.reject(new TypeError('Failed to fetch'))).catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(SiteConfigError);
    expect(dropped).toMatchObject({ message: 'The site configuration could not be loaded (network error).', reason: 'unreachable' });
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response('busy', { status: 502 }))));
    const failing = await loadSiteConfig(Promise.resolve(new Response('busy', { status: 503 }))).catch((e: unknown) => e);
    expect(failing).toMatchObject({ message: 'The site configuration could not be loaded (HTTP 502).', reason: 'unreachable' });
  });

  it('a file the host does not have (404), or one that is not JSON, is the set-up\'s to mend, and is not asked for again', async () => {
    const fetch = vi.fn(() => Promise.resolve(Response.json(shipped)));
    vi.stubGlobal('fetch', fetch);
    await expect(loadSiteConfig(Promise.resolve(new Response('gone', { status: 404 })))).rejects.toMatchObject({ message: 'The site configuration could not be loaded (HTTP 404).', reason: 'invalid' });
    await expect(loadSiteConfig(Promise.resolve(new Response('{"ehrs": [', { status: 200 })))).rejects.toMatchObject({ message: 'The site configuration is not valid JSON.', reason: 'invalid' });
    expect(fetch).not.toHaveBeenCalled();
  });
});
