/**
 * Planned intrathecal baclofen test doses: `ServiceRequest`s (status active, draft or on-hold;
 * an order or a plan) whose code or details name baclofen given intrathecally or as a test
 * dose. EHRs code these locally or only in text, so the order is recognised by its words, and the
 * dose is read from `quantityQuantity` first, then from the order's details and text, always with
 * where it was read from. A dose in milligrams is never turned into an intrathecal dose (A15).
 */
import { queryOptions } from '@tanstack/react-query';
import { z } from '../zod-jitless';
import { parseTextNumber } from '../domain/text-number';
import { micrograms, withUnits, type Micrograms } from '../domain/units';
import { searchPages, searchUrl, type FhirClient } from './client';
import { parseResourcesOfType, type ReadResult } from './parse';
import { NUMBER } from './medication-text';
import { quantityAsWritten, readQuantityUnit } from './quantity';
import { codeableConceptSchema, fhirDateTimeSchema, periodSchema, quantitySchema, referenceSchema, type FhirCodeableConcept } from './schemas';

export const serviceRequestSchema = z.object({
  resourceType: z.literal('ServiceRequest'),
  id: z.string(),
  status: z.string(),
  intent: z.string(),
  code: z.optional(codeableConceptSchema),
  orderDetail: z.optional(z.array(codeableConceptSchema)),
  quantityQuantity: z.optional(quantitySchema),
  occurrenceDateTime: z.optional(fhirDateTimeSchema),
  occurrencePeriod: z.optional(periodSchema),
  authoredOn: z.optional(fhirDateTimeSchema),
  requester: z.optional(referenceSchema),
  reasonCode: z.optional(z.array(codeableConceptSchema)),
  note: z.optional(z.array(z.object({ text: z.optional(z.string()) }))),
  patientInstruction: z.optional(z.string()),
});
export type FhirServiceRequest = z.infer<typeof serviceRequestSchema>;

/** Statuses of an order not yet carried out (FHIR R4 request-status). */
export const PLANNED_STATUSES = ['active', 'draft', 'on-hold'] as const;
/** Intents that mean the dose is meant to be given: an order of any kind, or a plan. */
const PLANNED_INTENTS: ReadonlySet<string> = new Set(['order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'plan']);

export type PlannedDoseSource = 'quantityQuantity' | 'orderDetail' | 'code' | 'note';

export type PlannedDose =
  | { readonly ok: true; readonly micrograms: Micrograms; readonly source: PlannedDoseSource; /** The words it was read from, when read from text. */ readonly text: string | undefined }
  | { readonly ok: false; readonly reason: string };

export type PlannedTestDose = {
  readonly id: string;
  readonly status: string;
  readonly intent: string;
  /** The order as the EHR names it (code text or first display). */
  readonly description: string;
  readonly authoredOn: string | undefined;
  /** When the dose is to be given (occurrenceDateTime or the period's start). */
  readonly occurrence: string | undefined;
  readonly requester: string | undefined;
  /** The indication stated on the order (reasonCode), if any. The prescriber still chooses (A3). */
  readonly indication: 'spasticity' | 'dystonia' | 'mixed' | undefined;
  readonly dose: PlannedDose;
};

export type PlannedTestDoses = ReadResult<PlannedTestDose>;

const words = (cc: FhirCodeableConcept | undefined): string[] =>
  cc === undefined ? [] : [cc.text, ...(cc.coding ?? []).map((c) => c.display)].filter((t): t is string => t !== undefined && t.trim() !== '');

/** Baclofen, and intrathecal or a test dose (or "ITB" with test/trial/bolus). */
export function isIntrathecalBaclofenTestDose(text: string): boolean {
  const t = text.toLowerCase();
  if (/\bbaclofen\b/.test(t) && /\bintra-?thecal\b|\btest[- ]dose\b|\btrial\b|\bbolus\b|\blumbar puncture\b/.test(t)) return true;
  return /\bitb\b/.test(t) && /\btest\b|\btrial\b|\bbolus\b/.test(t);
}

/**
 * A number with a microgram unit, not a concentration ("50 micrograms/mL" is not a dose). The
 * number is the whole token as written ("1,000", "0,5", "2 000"), read only when unambiguous: a
 * pattern for digits alone would read "1,000 micrograms" as 0 and "0,5" as 5 (issue 15).
 */
const MICROGRAMS_IN_TEXT = new RegExp(String.raw`(?<![\d.,])${NUMBER}\s*(?:micrograms?|mcg|µg|μg|ug)\b(?!\s*(?:\/|per\b))`, 'iu');
const MILLIGRAMS_IN_TEXT = /(\d+(?:[.,]\d+)?)\s*(mg|milligrams?)\b(?!\s*(?:\/|per\b))/i;

/**
 * The largest test dose read from an order: ten times the table's highest (100 micrograms,
 * §3.1.5). Between the two the domain's band check warns; above it the figure is a unit or typing
 * error and is not shown as a dose.
 */
export const MAX_PLAUSIBLE_TEST_DOSE_UG = 1000;

function plausibleTestDose(value: number, written: string, source: PlannedDoseSource, text: string | undefined): PlannedDose {
  if (!Number.isFinite(value) || value <= 0) return { ok: false, reason: `${written} is not a positive dose` };
  if (value < 1) return { ok: false, reason: `${written} is less than 1 microgram, not a plausible intrathecal test dose: check the order` };
  if (value > MAX_PLAUSIBLE_TEST_DOSE_UG) return { ok: false, reason: `${written} is above ${MAX_PLAUSIBLE_TEST_DOSE_UG} micrograms, not a plausible intrathecal test dose: check the order` };
  return { ok: true, micrograms: micrograms(value), source, text };
}

function doseFromText(texts: readonly string[], source: PlannedDoseSource): PlannedDose | undefined {
  for (const text of texts) {
    const ug = MICROGRAMS_IN_TEXT.exec(text);
    if (ug?.[1] !== undefined) {
      const n = parseTextNumber(ug[1]);
      if (!n.ok) return { ok: false, reason: `the order's text "${text}": ${n.reason}` };
      return plausibleTestDose(n.value, `"${ug[0]}"`, source, text);
    }
    const mg = MILLIGRAMS_IN_TEXT.exec(text);
    if (mg !== null) return { ok: false, reason: `the order's text "${text}" gives the dose in milligrams: an intrathecal dose is written in micrograms, so it is not converted` };
  }
  return undefined;
}

function readDose(sr: FhirServiceRequest): PlannedDose {
  const q = sr.quantityQuantity;
  if (q !== undefined) {
    if (q.value === undefined) return { ok: false, reason: 'quantityQuantity has no value' };
    if (q.comparator !== undefined) return { ok: false, reason: `quantityQuantity is "${quantityAsWritten(q)}": a dose with a comparator is not a dose to give` };
    const read = readQuantityUnit(q);
    if (!read.ok && /disagree/.test(read.reason)) return { ok: false, reason: `quantityQuantity ${quantityAsWritten(q)}: ${read.reason}` };
    const unit = read.ok ? read.unit : undefined;
    if (unit === 'ug') return plausibleTestDose(q.value, `quantityQuantity ${quantityAsWritten(q)}`, 'quantityQuantity', undefined);
    if (unit === 'mg') return { ok: false, reason: `the order quantity is ${q.value} mg: an intrathecal dose is written in micrograms, so it is not converted` };
    return { ok: false, reason: `quantityQuantity unit "${q.unit ?? q.code ?? ''}" is not a microgram dose` };
  }
  return (
    doseFromText((sr.orderDetail ?? []).flatMap(words), 'orderDetail') ??
    doseFromText(words(sr.code), 'code') ??
    doseFromText([...(sr.note ?? []).flatMap((n) => (n.text === undefined ? [] : [n.text])), ...(sr.patientInstruction === undefined ? [] : [sr.patientInstruction])], 'note') ?? {
      ok: false,
      reason: 'no dose found: quantityQuantity, orderDetail, the code text and the notes were searched',
    }
  );
}

function indicationOf(sr: FhirServiceRequest): PlannedTestDose['indication'] {
  const text = (sr.reasonCode ?? []).flatMap(words).join(' ').toLowerCase();
  const spasticity = /spastic/.test(text);
  const dystonia = /dystoni/.test(text);
  if (spasticity && dystonia) return 'mixed';
  if (spasticity) return 'spasticity';
  if (dystonia) return 'dystonia';
  return undefined;
}

/** ServiceRequest → a planned test dose, or undefined when it is not one (or not planned). */
export function mapPlannedTestDose(sr: FhirServiceRequest): PlannedTestDose | undefined {
  if (!(PLANNED_STATUSES as readonly string[]).includes(sr.status) || !PLANNED_INTENTS.has(sr.intent)) return undefined;
  const texts = [...words(sr.code), ...(sr.orderDetail ?? []).flatMap(words)];
  if (!isIntrathecalBaclofenTestDose(texts.join(' '))) return undefined;
  return {
    id: sr.id,
    status: sr.status,
    intent: sr.intent,
    description: words(sr.code)[0] ?? texts[0] ?? 'ServiceRequest',
    authoredOn: sr.authoredOn,
    occurrence: sr.occurrenceDateTime ?? sr.occurrencePeriod?.start,
    requester: sr.requester?.display,
    indication: indicationOf(sr),
    dose: readDose(sr),
  };
}

export function mapPlannedTestDoses(resources: readonly unknown[]): PlannedTestDoses {
  const parsed = parseResourcesOfType(resources, 'ServiceRequest', serviceRequestSchema);
  const items = parsed.items.flatMap((sr) => {
    const planned = mapPlannedTestDose(sr);
    return planned === undefined ? [] : [planned];
  });
  return { items, issues: parsed.issues };
}

export async function fetchPlannedTestDoses(client: FhirClient, patientId: string, signal?: AbortSignal): Promise<PlannedTestDoses> {
  const url = searchUrl('ServiceRequest', [
    ['patient', patientId],
    ['status', PLANNED_STATUSES.join(',')],
    ['_count', '50'],
  ]);
  const page = await searchPages(client, url, { maxPages: 2, ...(signal === undefined ? {} : { signal }) });
  const mapped = await withUnits(() => mapPlannedTestDoses(page.resources));
  return { ...mapped, issues: [...page.outcomes, ...mapped.issues] };
}

export const plannedTestDosesQueryOptions = (client: FhirClient, patientId: string) =>
  queryOptions({
    queryKey: ['patient', patientId, 'planned-test-doses'] as const,
    queryFn: ({ signal }) => fetchPlannedTestDoses(client, patientId, signal),
  });
