/**
 * The app asks for the scopes it uses and no others (issue 15: `patient/Condition.read` was asked
 * for and never used): each resource scope in the shipped site configuration names a resource the
 * app reads (or, for a write scope, writes), none twice, and the README's registration table asks
 * for the same list a site copies into its EHR registration.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { siteConfigSchema } from './site-config';

const root = resolve(import.meta.dirname, '../..');
const shipped = siteConfigSchema.parse(JSON.parse(readFileSync(resolve(root, 'public/site-config.json'), 'utf8')));

/** What the app reads and writes, each with how src/fhir asks for it (the test checks the code still does). */
const READS: Record<string, RegExp> = {
  Patient: /`Patient\/\$\{/,
  Encounter: /`Encounter\/\$\{/,
  Observation: /searchUrl\('Observation'/,
  MedicationRequest: /searchUrl\('MedicationRequest'/,
  Medication: /searchUrl\('Medication'/,
  Device: /searchUrl\('Device'/,
  Procedure: /searchUrl\('Procedure'/,
  ServiceRequest: /searchUrl\('ServiceRequest'/,
  Practitioner: /\^Practitioner\\\/\[\^\/\]\+\$/,
};
const WRITES: Record<string, RegExp> = {
  Observation: /url: 'Observation'|send\(client, 'Observation', 'POST'/,
  Procedure: /send\(client, 'Procedure', 'POST'/,
};
const fhirSource = readdirSync(resolve(root, 'src/fhir'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => readFileSync(resolve(root, 'src/fhir', f), 'utf8'))
  .join('\n');

const RESOURCE_SCOPE = /^(patient|user|system)\/([A-Za-z]+|\*)\.(read|write|\*|[cruds]+)$/;

describe('the scopes the site configuration asks for', () => {
  it.each(Object.entries({ ...READS }))('the app still reads %s the way this test expects', (_type, pattern) => {
    expect(fhirSource).toMatch(pattern);
  });
  it.each(Object.entries(WRITES))('the app still writes %s the way this test expects', (_type, pattern) => {
    expect(fhirSource).toMatch(pattern);
  });

  it.each(shipped.ehrs.map((e) => [e.id, e.scopes] as const))('%s: every resource scope is one the app uses, none twice', (_id, scopes) => {
    expect(scopes.filter((s, i) => scopes.indexOf(s) !== i)).toEqual([]);
    const unused = scopes.filter((scope) => {
      const m = RESOURCE_SCOPE.exec(scope);
      if (m === null) return false;
      const [, , type = '', access = ''] = m;
      // v1 `.read`/`.write`/`.*`; v2 letters, e.g. `rs`, `cu`.
      const v2 = /^[cruds]+$/.test(access);
      const reads = access === 'read' || access === '*' || (v2 && /[rs]/.test(access));
      const writes = access === 'write' || access === '*' || (v2 && /[cud]/.test(access));
      return (reads && !(type in READS)) || (writes && !(type in WRITES));
    });
    expect(unused).toEqual([]);
  });

  it('the README registration table asks for exactly the sandbox configuration’s smart-v1 scopes', () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    const row = /\| Scopes \(Oracle Health, SMART v1\) \| `([^`]+)` \|/.exec(readme)?.[1] ?? '';
    const sandbox = shipped.ehrs.find((e) => e.scopeStyle === 'smart-v1');
    expect(row.split(' ')).toEqual(sandbox?.scopes);
  });
});
