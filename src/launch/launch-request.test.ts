import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decideLaunch, newStateKey } from './launch-request';
import { parseSiteConfig } from '../config/site-config';

const shipped = parseSiteConfig(JSON.parse(readFileSync('public/site-config.json', 'utf8')));
const iss = 'http://localhost:4010/fhir';

describe('deciding what a launch URL asks for', () => {
  it('accepts an EHR launch from a configured iss and asks for the launch scope', () => {
    const d = decideLaunch(`?iss=${encodeURIComponent(iss)}&launch=abc`, shipped);
    expect(d.kind).toBe('ehr-launch');
    if (d.kind !== 'ehr-launch') return;
    expect(d.launch).toBe('abc');
    expect(d.scope.split(' ')).toContain('launch');
    expect(d.scope.split(' ')).not.toContain('launch/patient');
    expect(d.scope.split(' ')).toEqual(expect.arrayContaining(['openid', 'fhirUser', 'online_access', 'patient/Observation.write']));
  });

  it('treats a trailing slash on the iss as the same server', () => {
    expect(decideLaunch(`?iss=${encodeURIComponent(iss + '/')}&launch=abc`, shipped).kind).toBe('ehr-launch');
  });

  it('makes a standalone launch ask the EHR to choose the patient', () => {
    const d = decideLaunch(`?iss=${encodeURIComponent(iss)}`, shipped);
    expect(d.kind).toBe('standalone');
    if (d.kind !== 'standalone') return;
    expect(d.scope.split(' ')).toContain('launch/patient');
    expect(d.scope.split(' ')).not.toContain('launch');
  });

  it('refuses an iss that is not configured, without contacting it', () => {
    const d = decideLaunch('?iss=https%3A%2F%2Fevil.example%2Ffhir&launch=abc', shipped);
    expect(d).toEqual({ kind: 'refused', reason: 'unknown-issuer', detail: 'https://evil.example/fhir' });
  });

  it('refuses a look-alike iss that only starts with a configured one', () => {
    const d = decideLaunch(`?iss=${encodeURIComponent(iss + '.evil.example')}&launch=abc`, shipped);
    expect(d.kind).toBe('refused');
  });

  it.each(['fhirServiceUrl', 'patientId', 'clientId', 'fakeTokenResponse', 'encounterId'])(
    'refuses a launch link carrying %s, which would let fhirclient skip authorization',
    (param) => {
      const d = decideLaunch(`?iss=${encodeURIComponent(iss)}&launch=abc&${param}=x`, shipped);
      expect(d).toMatchObject({ kind: 'refused', reason: 'forbidden-parameter' });
    },
  );

  it('refuses an iss that is not a web address', () => {
    expect(decideLaunch('?iss=javascript%3Aalert(1)&launch=x', shipped)).toMatchObject({ kind: 'refused', reason: 'malformed-issuer' });
  });

  it('offers the standalone sign-in when opened with no launch at all', () => {
    const d = decideLaunch('', shipped);
    expect(d.kind).toBe('choose-standalone');
  });

  it('refuses a standalone launch for an EHR that allows only chart launches', () => {
    const chartOnly = parseSiteConfig({ ...JSON.parse(readFileSync('public/site-config.json', 'utf8')), ehrs: [{ ...shipped.ehrs[0], standaloneLaunch: false }] });
    expect(decideLaunch(`?iss=${encodeURIComponent(iss)}`, chartOnly)).toMatchObject({ kind: 'refused', reason: 'standalone-not-allowed' });
  });

  it('makes state values with at least 122 bits of entropy that do not repeat', () => {
    const a = newStateKey();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newStateKey()).not.toBe(a);
  });
});
