import type { FhirCodeableConcept, FhirIdentifier } from './schemas';

export function hasCoding(cc: FhirCodeableConcept | undefined, system: string, code: string): boolean {
  return cc?.coding?.some((c) => c.system === system && c.code === code) ?? false;
}

/** All human-readable text of a concept: text and every display, lower-cased. */
export function conceptText(cc: FhirCodeableConcept | undefined): string {
  if (cc === undefined) return '';
  return [cc.text, ...(cc.coding ?? []).map((c) => c.display)]
    .filter((t): t is string => t !== undefined)
    .join(' ')
    .toLowerCase();
}

export function identifierValue(ids: readonly FhirIdentifier[] | undefined, system: string): string | undefined {
  return ids?.find((i) => i.system === system)?.value;
}
