/**
 * Draft procedure orders in a CDS Hooks `draftOrders` Bundle that put a needle into the spinal
 * canal: a lumbar puncture, or another intrathecal or spinal procedure. For a child with an ITB
 * pump either can damage the catheter (Guideline §5.1.3.3, §5.2.3.6: "DO NOT PERFORM A LUMBAR
 * PUNCTURE"). Recognised by code (SNOMED CT, CPT) or by the order's words, as EHRs code locally.
 */
import { conceptText, hasCoding } from './concept';
import { SYSTEM } from './codes';
import { CPT_SYSTEM } from './procedure-recognition';
import { parseResourcesOfType, type ParseIssue } from './parse';
import type { FhirCodeableConcept } from './schemas';
import { serviceRequestSchema } from './service-requests';

export type SpinalProcedureKind = 'lumbar-puncture' | 'intrathecal-procedure';

export type DraftSpinalOrder = {
  readonly resourceType: 'ServiceRequest';
  readonly id: string;
  readonly kind: SpinalProcedureKind;
  /** The order as written (its code's text or display), for the card. */
  readonly text: string;
};

/** SNOMED CT 277762005 Lumbar puncture; CPT 62270/62272/62328/62329 spinal puncture, lumbar. */
const LP_CODES: readonly (readonly [string, string])[] = [
  [SYSTEM.snomed, '277762005'],
  [CPT_SYSTEM, '62270'],
  [CPT_SYSTEM, '62272'],
  [CPT_SYSTEM, '62328'],
  [CPT_SYSTEM, '62329'],
];
/** CPT 62320–62323 epidural or subarachnoid injection; 62350–62351 intrathecal catheter. */
const INTRATHECAL_CODES: readonly (readonly [string, string])[] = ['62320', '62321', '62322', '62323', '62350', '62351'].map((c) => [CPT_SYSTEM, c] as const);

const LP_WORDS = /\blumbar puncture\b|\bspinal tap\b|\bLP\b/i;
const INTRATHECAL_WORDS = /\bintrathecal\b|\bspinal (anaesthe|anesthe)|\bepidural\b|\bmyelogra|\bsubarachnoid\b/i;

function words(cc: FhirCodeableConcept | undefined): string {
  return [cc?.text, ...(cc?.coding ?? []).map((c) => c.display)].filter((t): t is string => t !== undefined).join(' ');
}

function kindOf(cc: FhirCodeableConcept | undefined): SpinalProcedureKind | undefined {
  if (LP_CODES.some(([s, c]) => hasCoding(cc, s, c)) || LP_WORDS.test(words(cc))) return 'lumbar-puncture';
  if (INTRATHECAL_CODES.some(([s, c]) => hasCoding(cc, s, c)) || INTRATHECAL_WORDS.test(words(cc))) return 'intrathecal-procedure';
  return undefined;
}

/** The draft ServiceRequests that are a lumbar puncture or another intrathecal procedure. */
export function mapDraftSpinalOrders(resources: readonly unknown[]): { orders: DraftSpinalOrder[]; issues: ParseIssue[] } {
  const parsed = parseResourcesOfType(resources, 'ServiceRequest', serviceRequestSchema);
  const orders: DraftSpinalOrder[] = [];
  for (const sr of parsed.items) {
    const kind = kindOf(sr.code);
    if (kind === undefined) continue;
    orders.push({ resourceType: 'ServiceRequest', id: sr.id, kind, text: sr.code?.text ?? sr.code?.coding?.[0]?.display ?? conceptText(sr.code) });
  }
  return { orders, issues: parsed.issues };
}
