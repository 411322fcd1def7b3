/** Reading the seed for the doctor's browser tests: FHIR searches through the sandbox admin API. */
import { admin } from './helpers';

export type FhirResource = Record<string, unknown> & { resourceType: string; id?: string };

/** The resources of one search (count high enough that one page holds them). */
export async function searchAll(path: string): Promise<FhirResource[]> {
  const bundle = await admin<{ entry?: { resource: FhirResource; search?: { mode?: string } }[] }>('GET', `fhir/${path}`);
  return (bundle.entry ?? []).filter((e) => e.search?.mode !== 'include').map((e) => e.resource);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-09-03T11:00:00+10:00` → `3 Sep 2026`: the calendar day as written, in its own offset. */
export function fhirDay(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) throw new Error(`not a FHIR date: ${value}`);
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}
