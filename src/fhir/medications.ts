import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import {
  convertUcum,
  microgramsPerDay,
  microgramsPerMl,
  milligrams,
  type MicrogramsPerDay,
  type MicrogramsPerMl,
  type Milligrams,
} from '../domain/units';
import { BACLOFEN_RXNORM, INTRATHECAL_ROUTE_SNOMED, ORAL_ROUTE_SNOMED, SYSTEM } from './codes';
import { searchPages, searchUrl, type FhirClient } from './client';
import { conceptText, hasCoding } from './concept';
import { parseResource, parseResourcesOfType, type ParseIssue, type ReadResult } from './parse';
import { quantityUnit } from './quantity';
import { medicationRequestSchema, medicationSchema, type FhirDosage, type FhirMedication, type FhirMedicationRequest } from './schemas';
import type { HistoryPage } from './observations';

export type DoseStep = {
  /** HH:MM:SS start of the step (flex dosing), undefined for a simple continuous rate. */
  readonly startsAt: string | undefined;
  readonly dailyRate: MicrogramsPerDay;
};

/** One intrathecal baclofen prescription: one point of the dose timeline. */
export type DoseChange = {
  readonly id: string;
  readonly status: string;
  /** The change date (conventions: each change is a new MedicationRequest). */
  readonly authoredOn: string | undefined;
  readonly validFrom: string | undefined;
  readonly validTo: string | undefined;
  /** Total micrograms per 24 h; undefined when the dose could not be read (see issues). */
  readonly dailyDose: MicrogramsPerDay | undefined;
  readonly concentration: MicrogramsPerMl | undefined;
  /** Several dosage steps at times of day. */
  readonly flex: boolean;
  readonly steps: readonly DoseStep[];
  readonly text: string | undefined;
  readonly medication: string | undefined;
};

export type OralBaclofen = {
  readonly id: string;
  readonly status: string;
  readonly authoredOn: string | undefined;
  /** One dose in mg, when stated as a quantity. */
  readonly dose: Milligrams | undefined;
  /** Doses a day, from timing.repeat, when stated. */
  readonly timesPerDay: number | undefined;
  readonly text: string | undefined;
};

/** A baclofen order whose route cannot be told (no route, no dosage text saying it). */
export type UnclassifiedBaclofen = {
  readonly id: string;
  readonly status: string;
  readonly authoredOn: string | undefined;
  readonly medication: string | undefined;
  readonly text: string | undefined;
};

export type ItbMedications = {
  /** Intrathecal baclofen prescriptions, newest first (index 0 is the latest change). */
  readonly timeline: readonly DoseChange[];
  /** The newest active (else on-hold) intrathecal prescription, if any. */
  readonly current: DoseChange | undefined;
  /**
   * Every active or on-hold intrathecal prescription. More than one means the record disagrees
   * with itself: `current` is only the newest, and the views must say so, never pick silently.
   */
  readonly activeIntrathecal: readonly DoseChange[];
  /**
   * Active or on-hold baclofen orders whose route is not stated: neither intrathecal nor oral can be
   * assumed, so they are shown for the clinician to check, never counted as a dose.
   */
  readonly unclassified: readonly UnclassifiedBaclofen[];
  /** Oral baclofen, kept apart: milligrams never reach the intrathecal dose. */
  readonly oral: readonly OralBaclofen[];
  readonly issues: readonly ParseIssue[];
};

// --- Recognition -------------------------------------------------------------------------------

type MedicationLookup = (ref: string | undefined) => FhirMedication | undefined;

function isBaclofen(mr: FhirMedicationRequest, med: FhirMedication | undefined): boolean {
  const concepts = [mr.medicationCodeableConcept, med?.code, ...(med?.ingredient ?? []).map((i) => i.itemCodeableConcept)];
  if (concepts.some((cc) => hasCoding(cc, SYSTEM.rxnorm, BACLOFEN_RXNORM))) return true;
  const text = [...concepts.map(conceptText), mr.medicationReference?.display?.toLowerCase() ?? ''].join(' ');
  return text.includes('baclofen') || text.includes('lioresal') || text.includes('gablofen');
}

/** The medication as the record names it (not lower-cased), for display. */
function originalText(mr: FhirMedicationRequest, med: FhirMedication | undefined): string | undefined {
  return mr.medicationCodeableConcept?.text ?? mr.medicationCodeableConcept?.coding?.[0]?.display ?? med?.code?.text ?? mr.medicationReference?.display;
}

type Route = 'intrathecal' | 'oral' | 'other';

function routeOf(mr: FhirMedicationRequest): Route {
  const dosages = mr.dosageInstruction ?? [];
  if (dosages.some((d) => hasCoding(d.route, SYSTEM.snomed, INTRATHECAL_ROUTE_SNOMED) || conceptText(d.route).includes('intrathecal')))
    return 'intrathecal';
  if (dosages.some((d) => hasCoding(d.route, SYSTEM.snomed, ORAL_ROUTE_SNOMED) || /\b(oral|po|by mouth)\b/.test(conceptText(d.route))))
    return 'oral';
  // Route missing: the dosage text may still say so.
  const text = dosages.map((d) => d.text ?? '').join(' ').toLowerCase();
  if (text.includes('intrathecal')) return 'intrathecal';
  if (/\b(oral|orally|by mouth)\b/.test(text)) return 'oral';
  return 'other';
}

// --- Dose and concentration -------------------------------------------------------------------

type Problem = { path: string; message: string };

/** A rate or dose quantity as micrograms/day; mg is converted (a read, not a user entry). */
function toMicrogramsPerDay(value: number, unit: string): number | undefined {
  if (unit === 'ug/d') return value;
  const converted = convertUcum('rate', value, unit, 'ug/d');
  return converted.ok ? converted.value : undefined;
}

const PERIOD_IN_DAYS: Record<string, number> = { d: 1, h: 1 / 24, wk: 7, min: 1 / 1440 };

function stepRate(d: FhirDosage, i: number, problems: Problem[]): number | undefined {
  const dr = d.doseAndRate?.[0];
  if (dr?.rateQuantity?.value !== undefined) {
    const unit = quantityUnit(dr.rateQuantity);
    const perDay = unit === undefined ? undefined : toMicrogramsPerDay(dr.rateQuantity.value, unit);
    if (perDay === undefined) problems.push({ path: `dosageInstruction[${i}].doseAndRate[0].rateQuantity`, message: `rate unit "${dr.rateQuantity.unit ?? dr.rateQuantity.code ?? ''}" is not a mass per time` });
    return perDay;
  }
  if (dr?.doseQuantity?.value !== undefined) {
    const unit = quantityUnit(dr.doseQuantity);
    const ug = unit === undefined ? undefined : unit === 'ug' ? dr.doseQuantity.value : convertUcum('dose', dr.doseQuantity.value, unit, 'ug');
    const value = typeof ug === 'number' ? ug : ug?.ok === true ? ug.value : undefined;
    const rep = d.timing?.repeat;
    const days = rep?.period !== undefined && rep.periodUnit !== undefined ? rep.period * (PERIOD_IN_DAYS[rep.periodUnit] ?? Number.NaN) : 1;
    const perDay = value === undefined ? undefined : (value * (rep?.frequency ?? 1)) / days;
    if (perDay === undefined || !Number.isFinite(perDay)) {
      problems.push({ path: `dosageInstruction[${i}].doseAndRate[0].doseQuantity`, message: 'dose or timing cannot be read as micrograms per day' });
      return undefined;
    }
    return perDay;
  }
  return undefined;
}

const secondsOfDay = (hms: string): number => {
  const [h = 0, m = 0, s = 0] = hms.split(':').map(Number);
  return h * 3600 + m * 60 + s;
};

/**
 * Daily dose. A single rate is the daily dose. Flex dosing (several dosage entries each starting
 * at a timeOfDay) runs each step until the next one starts, wrapping at midnight, so the total
 * is Σ rate × hours/24.
 */
function readDose(mr: FhirMedicationRequest, problems: Problem[]): { daily: number | undefined; steps: DoseStep[]; flex: boolean } {
  const dosages = mr.dosageInstruction ?? [];
  const steps = dosages.map((d, i) => ({ startsAt: d.timing?.repeat?.timeOfDay?.[0], rate: stepRate(d, i, problems) }));
  const withRate = steps.filter((s): s is { startsAt: string | undefined; rate: number } => s.rate !== undefined);
  const flex = withRate.length > 1 && withRate.every((s) => s.startsAt !== undefined);
  const toStep = (s: { startsAt: string | undefined; rate: number }): DoseStep => ({ startsAt: s.startsAt, dailyRate: microgramsPerDay(round(s.rate)) });
  if (withRate.length === 0) return { daily: undefined, steps: [], flex: false };
  if (!flex) {
    const first = withRate[0];
    return { daily: first === undefined ? undefined : round(first.rate), steps: withRate.slice(0, 1).map(toStep), flex: false };
  }
  const sorted = [...withRate].sort((a, b) => secondsOfDay(a.startsAt ?? '') - secondsOfDay(b.startsAt ?? ''));
  let total = 0;
  sorted.forEach((s, i) => {
    const start = secondsOfDay(s.startsAt ?? '');
    const nextStart = i + 1 < sorted.length ? secondsOfDay(sorted[i + 1]?.startsAt ?? '') : secondsOfDay(sorted[0]?.startsAt ?? '') + 86400;
    total += (s.rate * (nextStart - start)) / 86400;
  });
  return { daily: round(total), steps: sorted.map(toStep), flex: true };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** "2000 micrograms/mL", "500 mcg/ml", "2 mg/mL" in free text. */
const CONCENTRATION_TEXT = /(\d[\d,]*(?:\.\d+)?)\s*(micrograms?|mcg|µg|μg|ug|mg|milligrams?)\s*(?:\/|per)\s*(?:1\s*)?(ml|mL|millilit(?:re|er))/i;

function concentrationFromText(text: string | undefined): number | undefined {
  const m = text === undefined ? null : CONCENTRATION_TEXT.exec(text);
  if (m?.[1] === undefined || m[2] === undefined) return undefined;
  const value = Number(m[1].replace(/,/g, ''));
  return /^m(g|illigram)/i.test(m[2]) ? value * 1000 : value;
}

function readConcentration(mr: FhirMedicationRequest, med: FhirMedication | undefined, problems: Problem[]): number | undefined {
  for (const [i, ing] of (med?.ingredient ?? []).entries()) {
    const num = ing.strength?.numerator;
    const den = ing.strength?.denominator;
    if (num?.value === undefined) continue;
    const numUnit = quantityUnit(num);
    const denUnit = den === undefined ? 'mL' : quantityUnit(den);
    const ug = numUnit === undefined ? undefined : convertUcum('strength', num.value, numUnit, 'ug');
    const ml = denUnit === undefined ? undefined : convertUcum('strength', den?.value ?? 1, denUnit, 'mL');
    if (ug?.ok === true && ml?.ok === true && ml.value > 0) return round(ug.value / ml.value);
    problems.push({ path: `medication.ingredient[${i}].strength`, message: 'strength is not a mass per volume' });
  }
  for (const d of mr.dosageInstruction ?? []) {
    const c = concentrationFromText(d.text);
    if (c !== undefined) return c;
  }
  return concentrationFromText(mr.medicationCodeableConcept?.text ?? med?.code?.text);
}

// --- Mapping ---------------------------------------------------------------------------------

function mapDoseChange(mr: FhirMedicationRequest, med: FhirMedication | undefined, issues: ParseIssue[]): DoseChange {
  const problems: Problem[] = [];
  const dose = readDose(mr, problems);
  const concentration = readConcentration(mr, med, problems);
  if (dose.daily === undefined && problems.length === 0) {
    problems.push({ path: 'dosageInstruction', message: 'no daily dose stated' });
  }
  issues.push(...problems.map((p) => ({ resourceType: 'MedicationRequest', id: mr.id, ...p })));
  return {
    id: mr.id,
    status: mr.status,
    authoredOn: mr.authoredOn,
    validFrom: mr.dispenseRequest?.validityPeriod?.start,
    validTo: mr.dispenseRequest?.validityPeriod?.end,
    dailyDose: dose.daily === undefined ? undefined : microgramsPerDay(dose.daily),
    concentration: concentration === undefined ? undefined : microgramsPerMl(concentration),
    flex: dose.flex,
    steps: dose.steps,
    text: (mr.dosageInstruction ?? []).map((d) => d.text).filter((t): t is string => t !== undefined).join('; ') || undefined,
    medication: mr.medicationCodeableConcept?.text ?? med?.code?.text ?? med?.code?.coding?.[0]?.display ?? mr.medicationReference?.display,
  };
}

function mapOral(mr: FhirMedicationRequest): OralBaclofen {
  const d = mr.dosageInstruction?.[0];
  const q = d?.doseAndRate?.[0]?.doseQuantity;
  const unit = q === undefined ? undefined : quantityUnit(q);
  const mg = q?.value === undefined || unit === undefined ? undefined : convertUcum('dose', q.value, unit, 'mg');
  const rep = d?.timing?.repeat;
  return {
    id: mr.id,
    status: mr.status,
    authoredOn: mr.authoredOn,
    dose: mg?.ok === true ? milligrams(round(mg.value)) : undefined,
    timesPerDay: rep?.frequency !== undefined && rep.periodUnit === 'd' ? rep.frequency / (rep.period ?? 1) : undefined,
    text: d?.text,
  };
}

const authoredTime = (d: { authoredOn: string | undefined }) => {
  const t = d.authoredOn === undefined ? Number.NaN : Date.parse(d.authoredOn);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};

/**
 * Search resources (MedicationRequests plus `_include`d Medications) → intrathecal timeline and
 * oral baclofen. Contained Medications are parsed on their own, so a bad one is reported alone.
 */
export function mapItbMedications(resources: readonly unknown[]): ItbMedications {
  const issues: ParseIssue[] = [];
  const requests = parseResourcesOfType(resources, 'MedicationRequest', medicationRequestSchema);
  const included = parseResourcesOfType(resources, 'Medication', medicationSchema);
  issues.push(...requests.issues, ...included.issues);
  const byRef = new Map<string, FhirMedication>();
  for (const m of included.items) if (m.id !== undefined) byRef.set(`Medication/${m.id}`, m);

  const timeline: DoseChange[] = [];
  const oral: OralBaclofen[] = [];
  const unclassified: UnclassifiedBaclofen[] = [];
  for (const mr of requests.items) {
    if (mr.status === 'entered-in-error' || mr.status === 'draft') continue;
    // Contained Medications, parsed one by one: a bad one is reported, the request still read.
    const contained = new Map<string, FhirMedication>();
    for (const [i, c] of (mr.contained ?? []).entries()) {
      const parsed = parseResource(medicationSchema, c, `contained[${i}]`);
      if (parsed.ok) {
        if (parsed.value.id !== undefined) contained.set(parsed.value.id, parsed.value);
      } else if (parsed.issue.resourceType === 'Medication') {
        issues.push({ ...parsed.issue, resourceType: 'MedicationRequest', id: mr.id });
      }
    }
    const lookup: MedicationLookup = (ref) => {
      if (ref === undefined) return undefined;
      if (ref.startsWith('#')) return contained.get(ref.slice(1));
      return byRef.get(ref) ?? byRef.get(`Medication/${ref.split('/').pop() ?? ''}`);
    };
    const med = lookup(mr.medicationReference?.reference);
    if (!isBaclofen(mr, med)) continue;
    const route = routeOf(mr);
    if (route === 'intrathecal') timeline.push(mapDoseChange(mr, med, issues));
    else if (route === 'oral') oral.push(mapOral(mr));
    else if (mr.status === 'active' || mr.status === 'on-hold') {
      const medication = [conceptText(mr.medicationCodeableConcept), conceptText(med?.code), mr.medicationReference?.display ?? ''].find((t) => t !== '');
      unclassified.push({
        id: mr.id,
        status: mr.status,
        authoredOn: mr.authoredOn,
        medication: originalText(mr, med) ?? medication,
        text: mr.dosageInstruction?.map((d) => d.text).filter((t): t is string => t !== undefined).join('; ') || undefined,
      });
    }
  }
  timeline.sort((a, b) => authoredTime(b) - authoredTime(a));
  oral.sort((a, b) => authoredTime(b) - authoredTime(a));
  const current = timeline.find((d) => d.status === 'active') ?? timeline.find((d) => d.status === 'on-hold');
  const activeIntrathecal = timeline.filter((d) => d.status === 'active' || d.status === 'on-hold');
  return { timeline, current, activeIntrathecal, oral, unclassified, issues };
}

const INCLUDE = ['_include', 'MedicationRequest:medication'] as const;

/**
 * Current prescriptions: `status=active,on-hold` keeps the cost flat however long the history
 * (Cerner supports the status filter, medication-request.md). Medications come via `_include`.
 */
export async function fetchItbMedications(client: FhirClient, patientId: string, signal?: AbortSignal): Promise<ItbMedications> {
  const url = searchUrl('MedicationRequest', [['patient', patientId], ['status', 'active,on-hold'], INCLUDE, ['_count', '50']]);
  const page = await searchPages(client, url, { maxPages: 3, ...(signal === undefined ? {} : { signal }) });
  return mapItbMedications(page.resources);
}

/** Current intrathecal dose and concentration, plus oral baclofen. */
export const itbMedicationsQueryOptions = (client: FhirClient, patientId: string) =>
  queryOptions({
    queryKey: ['patient', patientId, 'itb-medications'] as const,
    queryFn: ({ signal }) => fetchItbMedications(client, patientId, signal),
  });

/**
 * The whole dose timeline (every change, newest first), one server page at a time. Pages are
 * sorted by authoredOn on the server; features merge pages and `mapItbMedications` sorts within.
 */
export const doseHistoryInfiniteQueryOptions = (client: FhirClient, patientId: string, options: { pageSize?: number } = {}) =>
  infiniteQueryOptions({
    queryKey: ['patient', patientId, 'dose-history', { pageSize: options.pageSize ?? 50 }] as const,
    queryFn: async ({ pageParam, signal }): Promise<HistoryPage<DoseChange> & { oral: readonly OralBaclofen[] }> => {
      const page = await searchPages(client, pageParam, { maxPages: 1, signal });
      const mapped = mapItbMedications(page.resources);
      return { items: mapped.timeline, oral: mapped.oral, issues: mapped.issues, next: page.next };
    },
    initialPageParam: searchUrl('MedicationRequest', [
      ['patient', patientId],
      ['_sort', '-authoredon'],
      INCLUDE,
      ['_count', String(options.pageSize ?? 50)],
    ]),
    getNextPageParam: (last) => last.next,
  });

export type { ReadResult };
