/** Test support: recorded FHIR fixtures (test/fixtures/fhir) and an msw server for the fake EHR. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const FHIR_BASE = 'https://ehr.example/fhir';

export function fixture(name: string): unknown {
  const path = resolve(import.meta.dirname, '../../../test/fixtures/fhir', `${name}.json`);
  const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return json;
}
