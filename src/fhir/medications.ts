import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { checkConcentration } from '../domain/itb-plausibility';
import {
  convertUcum,
  microgramsPerDay,
  microgramsPerMl,
  milligrams,
  type MicrogramsPerDay,
  type MicrogramsPerMl,
  type Milligrams,
  withUnits,
} from '../domain/units';
import {
  BACLOFEN_RXNORM,
  BACLOFEN_RXNORM_PRODUCTS,
  BACLOFEN_SNOMED_SUBSTANCE,
  INTRATHECAL_ROUTE_SNOMED,
  INTRATHECAL_ROUTE_V3,
  ORAL_ROUTE_SNOMED,
  SYSTEM,
} from './codes';
import { fhirGet, searchPages, searchUrl, type FhirClient } from './client';
import { itbMedicationsSearchUrl } from './first-wave';
import { isFhirError } from './errors';
import { conceptText, hasCoding } from './concept';
import { prescribedInMilligrams, readDose, type DoseCandidate } from './medication-dose';
import { concentrationInText } from './medication-text';
import { parseResource, parseResourcesOfType, type ParseIssue, type ReadResult } from './parse';
import { plannedDateProblem, recordedDateProblem } from './plausible';
import { quantityAsWritten, readQuantityUnit } from './quantity';
import {
  medicationRequestSchema,
  medicationSchema,
  type FhirCodeableConcept,
  type FhirMedication,
  type FhirMedicationRequest,
  type FhirRatio,
} from './schemas';
import type { HistoryPage } from './observations';

export type DoseStep = {
  /** HH:MM:SS start of the step (flex dosing), undefined for a simple continuous rate. */
  readonly startsAt: string | undefined;
  readonly dailyRate: MicrogramsPerDay;
  /** Where it was read from, in words: "from the order's rate: 12.5 micrograms/hour". */
  readonly source?: string;
  /** The FHIR element as written, for the technically minded: "rateQuantity 12.5 ug/h". */
  readonly sourceDetail?: string;
};

export type { DoseCandidate };

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
  /**
   * Where the daily dose came from, in words, shown beside it: "from the order's dose: 450
   * micrograms/day", "from the order's 3 dose steps", "confirmed by you from the order text".
   * Undefined when not read.
   */
  readonly source?: string | undefined;
  /** The same in FHIR terms ("doseQuantity 450 ug/d"), shown as a tooltip, never as the label. */
  readonly sourceDetail?: string | undefined;
  /**
   * A figure the record states that the clinician must confirm before anything uses it (a dose
   * only in the order's text, or one with a comparator). Never counted as `dailyDose` on its own.
   */
  readonly candidate?: DoseCandidate | undefined;
  /** True when `dailyDose` is the candidate figure the clinician confirmed this session. */
  readonly confirmedByUser?: boolean;
  readonly concentration: MicrogramsPerMl | undefined;
  /** Where the concentration came from, in words ("the medicine's strength: 2000 micrograms/mL", "the order's text '…'"). */
  readonly concentrationSource?: string | undefined;
  /** The same in FHIR terms ("Medication.ingredient.strength 2 mg per 1 mL"), for a tooltip. */
  readonly concentrationSourceDetail?: string | undefined;
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

const BACLOFEN_WORDS = /baclofen|lioresal|gablofen/;

function codedAsBaclofen(cc: FhirCodeableConcept | undefined): boolean {
  return (cc?.coding ?? []).some(
    (c) =>
      (c.system === SYSTEM.rxnorm && (c.code === BACLOFEN_RXNORM || (BACLOFEN_RXNORM_PRODUCTS as readonly string[]).includes(c.code ?? ''))) ||
      (c.system === SYSTEM.snomed && c.code === BACLOFEN_SNOMED_SUBSTANCE),
  );
}

/** Baclofen by RxNorm ingredient or product, SNOMED substance, or the text and displays (AMT, local codes). */
function isBaclofen(mr: FhirMedicationRequest, med: FhirMedication | undefined): boolean {
  const concepts = [mr.medicationCodeableConcept, med?.code, ...(med?.ingredient ?? []).map((i) => i.itemCodeableConcept)];
  if (concepts.some(codedAsBaclofen)) return true;
  const text = [...concepts.map(conceptText), mr.medicationReference?.display?.toLowerCase() ?? '', (med?.ingredient ?? []).map((i) => i.itemReference?.display?.toLowerCase() ?? '').join(' ')].join(' ');
  return BACLOFEN_WORDS.test(text);
}

/** The medication as the record names it (not lower-cased), for display. */
function originalText(mr: FhirMedicationRequest, med: FhirMedication | undefined): string | undefined {
  return mr.medicationCodeableConcept?.text ?? mr.medicationCodeableConcept?.coding?.[0]?.display ?? med?.code?.text ?? med?.code?.coding?.[0]?.display ?? mr.medicationReference?.display;
}

type Route = 'intrathecal' | 'oral' | 'other';

/** Route text that says intrathecal: "Intrathecal", "intrathecal infusion", or just "IT" / "ITB". */
function routeTextIsIntrathecal(cc: FhirCodeableConcept | undefined): boolean {
  const texts = [cc?.text, ...(cc?.coding ?? []).map((c) => c.display)].filter((t): t is string => t !== undefined);
  return texts.some((t) => /\bintrathecal\b/i.test(t) || /^\s*(IT|ITB|ITH)\s*$/i.test(t));
}

function isIntrathecalRoute(cc: FhirCodeableConcept | undefined): boolean {
  return (
    hasCoding(cc, SYSTEM.snomed, INTRATHECAL_ROUTE_SNOMED) ||
    INTRATHECAL_ROUTE_V3.some((code) => hasCoding(cc, SYSTEM.v3RouteOfAdministration, code)) ||
    routeTextIsIntrathecal(cc)
  );
}

function routeOf(mr: FhirMedicationRequest): Route {
  const dosages = mr.dosageInstruction ?? [];
  if (dosages.some((d) => isIntrathecalRoute(d.route))) return 'intrathecal';
  if (dosages.some((d) => hasCoding(d.route, SYSTEM.snomed, ORAL_ROUTE_SNOMED) || hasCoding(d.route, SYSTEM.v3RouteOfAdministration, 'PO') || /\b(oral|po|by mouth)\b/.test(conceptText(d.route))))
    return 'oral';
  // Route missing: the dosage text may still say so ("ITB" only in capitals). The product name
  // alone ("Lioresal Intrathecal") is not a route: such an order is left for the clinician.
  const text = dosages.map((d) => d.text ?? '').join(' ');
  if (/\bintrathecal\b/i.test(text) || /\bITB\b/.test(text)) return 'intrathecal';
  if (/\b(oral|orally|by mouth)\b/i.test(text)) return 'oral';
  return 'other';
}

// --- Concentration -------------------------------------------------------------------------------

type Problem = { path: string; message: string };
type Concentration = { value: number; source: string; detail?: string };

function ingredientIsBaclofen(ing: NonNullable<FhirMedication['ingredient']>[number]): boolean {
  return codedAsBaclofen(ing.itemCodeableConcept) || BACLOFEN_WORDS.test(`${conceptText(ing.itemCodeableConcept)} ${ing.itemReference?.display?.toLowerCase() ?? ''}`);
}

/** Medication.ingredient.strength as micrograms/mL: a mass over a volume, no comparator, plausible. */
function readStrength(strength: FhirRatio, path: string, problems: Problem[]): Concentration | undefined {
  const num = strength.numerator;
  const den = strength.denominator;
  if (num?.value === undefined) return undefined;
  const written = `${quantityAsWritten(num)} per ${den === undefined ? '?' : quantityAsWritten(den)}`;
  if (den?.value === undefined) {
    problems.push({ path: `${path}.denominator`, message: `strength ${written} has no volume` });
    return undefined;
  }
  if (num.comparator !== undefined || den.comparator !== undefined) {
    problems.push({ path, message: `strength ${written} carries a comparator: not used` });
    return undefined;
  }
  const numUnit = readQuantityUnit(num);
  const denUnit = readQuantityUnit(den);
  if (!numUnit.ok || !denUnit.ok) {
    problems.push({ path, message: `strength ${written}: ${!numUnit.ok ? numUnit.reason : !denUnit.ok ? denUnit.reason : ''}` });
    return undefined;
  }
  const ug = convertUcum('strength', num.value, numUnit.unit, 'ug');
  const ml = convertUcum('strength', den.value, denUnit.unit, 'mL');
  if (!ug.ok || !ml.ok || !(ml.value > 0)) {
    problems.push({ path, message: `strength ${written} is not a mass per volume` });
    return undefined;
  }
  const checked = checkConcentration(ug.value / ml.value);
  if (!checked.ok) {
    problems.push({ path, message: `strength ${written}: ${checked.error.message}` });
    return undefined;
  }
  const value = round(checked.value);
  return { value, source: `the medicine's strength: ${value} micrograms/mL`, detail: `Medication.ingredient.strength ${written}` };
}

/** The texts that may state a concentration, in the order they are trusted. */
function concentrationTexts(mr: FhirMedicationRequest, med: FhirMedication | undefined): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const add = (path: string, text: string | undefined) => {
    if (text !== undefined && text.trim() !== '') out.push({ path, text });
  };
  (mr.dosageInstruction ?? []).forEach((d, i) => add(`dosageInstruction[${i}].text`, d.text));
  add('medicationCodeableConcept.text', mr.medicationCodeableConcept?.text);
  (mr.medicationCodeableConcept?.coding ?? []).forEach((c, i) => add(`medicationCodeableConcept.coding[${i}].display`, c.display));
  add('medication.code.text', med?.code?.text);
  (med?.code?.coding ?? []).forEach((c, i) => add(`medication.code.coding[${i}].display`, c.display));
  add('medicationReference.display', mr.medicationReference?.display);
  return out;
}

/**
 * The concentration: the baclofen ingredient's strength first, else the texts. Texts that
 * disagree with each other, or with the strength, are named; an ambiguous number is refused.
 */
function readConcentration(mr: FhirMedicationRequest, med: FhirMedication | undefined, problems: Problem[]): Concentration | undefined {
  const ingredients = med?.ingredient ?? [];
  const baclofen = ingredients.length === 1 ? ingredients : ingredients.filter(ingredientIsBaclofen);
  let structured: Concentration | undefined;
  for (const ing of baclofen) {
    if (ing.strength === undefined) continue;
    const i = ingredients.indexOf(ing);
    structured = readStrength(ing.strength, `medication.ingredient[${i}].strength`, problems);
    if (structured !== undefined) break;
  }
  const fromText: { value: number; written: string; path: string }[] = [];
  // A text whose number cannot be read ("2,000 mcg/mL") is named only when no strength is read: beside
  // a structured strength it adds nothing a clinician could act on.
  const unread: Problem[] = [];
  for (const { path, text } of concentrationTexts(mr, med)) {
    const figure = concentrationInText(text);
    if (figure.kind === 'refused') unread.push({ path, message: `concentration in the text not read: ${figure.reason}` });
    else if (figure.kind === 'read') {
      const checked = checkConcentration(figure.value);
      if (checked.ok) fromText.push({ value: round(figure.value), written: figure.written, path });
      else problems.push({ path, message: `"${figure.written}": ${checked.error.message}` });
    }
  }
  const differing = (value: number) => fromText.filter((t) => Math.abs(t.value - value) > 1e-6);
  if (structured !== undefined) {
    for (const t of differing(structured.value)) {
      problems.push({ path: t.path, message: `the text says "${t.written}" but the strength is ${structured.value} micrograms/mL: check the order` });
    }
    return structured;
  }
  problems.push(...unread);
  const first = fromText[0];
  if (first === undefined) return undefined;
  const others = differing(first.value);
  if (others.length > 0) {
    problems.push({ path: first.path, message: `the texts give different concentrations (${[first, ...others].map((t) => `"${t.written}"`).join(', ')}): none is used` });
    return undefined;
  }
  return { value: first.value, source: `the order's text "${first.written}"` };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

// --- Mapping ---------------------------------------------------------------------------------

function mapDoseChange(mr: FhirMedicationRequest, med: FhirMedication | undefined, issues: ParseIssue[]): DoseChange {
  const problems: Problem[] = [];
  const dose = readDose(mr.dosageInstruction ?? []);
  problems.push(...dose.problems);
  const concentration = readConcentration(mr, med, problems);
  const authoredOn = usableAuthoredOn(mr, problems);
  const validity = (field: 'start' | 'end'): string | undefined => {
    const value = mr.dispenseRequest?.validityPeriod?.[field];
    const problem = plannedDateProblem(value, new Date(), `validityPeriod.${field}`);
    if (problem === undefined) return value;
    problems.push({ path: `dispenseRequest.validityPeriod.${field}`, message: problem });
    return undefined;
  };
  const validFrom = validity('start');
  const validTo = validity('end');
  issues.push(...problems.map((p) => ({ resourceType: 'MedicationRequest', id: mr.id, ...p })));
  return {
    id: mr.id,
    status: mr.status,
    authoredOn,
    validFrom,
    validTo,
    dailyDose: dose.daily === undefined ? undefined : microgramsPerDay(dose.daily),
    source: dose.source,
    sourceDetail: dose.sourceDetail,
    candidate: dose.candidate,
    concentration: concentration === undefined ? undefined : microgramsPerMl(concentration.value),
    concentrationSource: concentration?.source,
    concentrationSourceDetail: concentration?.detail,
    flex: dose.flex,
    steps: dose.steps.map((st) => ({ startsAt: st.startsAt, dailyRate: microgramsPerDay(st.dailyRate), source: st.source, sourceDetail: st.sourceDetail })),
    text: (mr.dosageInstruction ?? []).map((d) => d.text).filter((t): t is string => t !== undefined).join('; ') || undefined,
    medication: originalText(mr, med),
  };
}

/** authoredOn, unless it is before 1900 or in the future: then it is named and left out (issue 15). */
function usableAuthoredOn(mr: FhirMedicationRequest, problems: Problem[]): string | undefined {
  const problem = recordedDateProblem(mr.authoredOn, new Date(), 'authoredOn');
  if (problem === undefined) return mr.authoredOn;
  problems.push({ path: 'authoredOn', message: `${problem}; the order's date is not known` });
  return undefined;
}

/** App defaults, pending clinical sign-off: oral baclofen is given as 2.5–20 mg doses. */
const MAX_PLAUSIBLE_ORAL_DOSE_MG = 100;
/** Below half a milligram (5e-324 mg) an oral dose is a unit or typing error. */
const MIN_PLAUSIBLE_ORAL_DOSE_MG = 0.5;

function mapOral(mr: FhirMedicationRequest, issues: ParseIssue[]): OralBaclofen {
  const problems: Problem[] = [];
  const authoredOn = usableAuthoredOn(mr, problems);
  issues.push(...problems.map((p) => ({ resourceType: 'MedicationRequest', id: mr.id, ...p })));
  const d = mr.dosageInstruction?.[0];
  const q = d?.doseAndRate?.[0]?.doseQuantity;
  // Unit and code must agree, and a "<" or ">" dose is not a dose (issue 15): else the text is shown.
  const read = q === undefined || q.comparator !== undefined ? undefined : readQuantityUnit(q);
  const unit = read?.ok === true ? read.unit : undefined;
  const mg = q?.value === undefined || unit === undefined || !(q.value > 0) ? undefined : convertUcum('dose', q.value, unit, 'mg');
  const rep = d?.timing?.repeat;
  const perDay = rep?.frequency !== undefined && rep.periodUnit === 'd' ? rep.frequency / (rep.period ?? 1) : undefined;
  const timesPerDay = perDay !== undefined && Number.isFinite(perDay) && perDay > 0 && perDay <= 24 ? perDay : undefined;
  // An oral single dose above 100 mg (several times the usual daily maximum) is a unit or typing error: the text is shown instead.
  const doseMg = mg?.ok === true && mg.value >= MIN_PLAUSIBLE_ORAL_DOSE_MG && mg.value <= MAX_PLAUSIBLE_ORAL_DOSE_MG ? mg.value : undefined;
  return {
    id: mr.id,
    status: mr.status,
    authoredOn,
    dose: doseMg === undefined ? undefined : milligrams(round(doseMg)),
    timesPerDay,
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
    // Matched exactly against the R4 value set: "Active" or "deleted" is not guessed at (issue 15).
    const knownStatus = (MEDICATION_REQUEST_STATUS as readonly string[]).includes(mr.status);
    if (!knownStatus) {
      issues.push({
        resourceType: 'MedicationRequest',
        id: mr.id,
        path: 'status',
        message: `status "${mr.status}" is not a MedicationRequest status: its dose is not used, and whether it ran is not known`,
      });
    }
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
    if (!knownStatus) {
      // An intrathecal order stays in the history as status unknown with no dose, so a change is
      // never compared across it and a forecast it may belong to is refused; anything else is left out.
      if (route === 'intrathecal') timeline.push({ ...mapDoseChange(mr, med, []), status: 'unknown', dailyDose: undefined, source: undefined, candidate: undefined, steps: [], flex: false });
      continue;
    }
    if (route === 'intrathecal') timeline.push(mapDoseChange(mr, med, issues));
    else if (route === 'oral') oral.push(mapOral(mr, issues));
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

/** MedicationRequest.status, FHIR R4 value set medicationrequest-status (required binding). */
const MEDICATION_REQUEST_STATUS = ['active', 'on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft', 'unknown'] as const;

/**
 * The reading with the figures the clinician confirmed this session (order id → micrograms/day)
 * put in as daily doses, labelled as confirmed. A confirmation applies only to an order with no
 * structured dose whose candidate is still the same figure.
 */
export function withConfirmedDoses(meds: ItbMedications, confirmed: Readonly<Record<string, number>>): ItbMedications {
  if (Object.keys(confirmed).length === 0) return meds;
  const apply = (c: DoseChange): DoseChange => {
    const figure = confirmed[c.id];
    if (figure === undefined || c.dailyDose !== undefined || c.candidate === undefined || Math.abs(c.candidate.dailyDose - figure) > 1e-9) return c;
    return { ...c, dailyDose: microgramsPerDay(figure), source: c.candidate.confirmedLabel, sourceDetail: undefined, confirmedByUser: true };
  };
  const timeline = meds.timeline.map(apply);
  const byId = new Map(timeline.map((c) => [c.id, c]));
  const pick = (c: DoseChange): DoseChange => byId.get(c.id) ?? apply(c);
  return { ...meds, timeline, current: meds.current === undefined ? undefined : pick(meds.current), activeIntrathecal: meds.activeIntrathecal.map(pick) };
}

const INCLUDE = ['_include', 'MedicationRequest:medication'] as const;

/** A relative `Medication/<id>` reference's id; absolute or other references are never fetched. */
const RELATIVE_MEDICATION = /^Medication\/([A-Za-z0-9\-.]{1,64})$/;

/**
 * Medications referenced by the requests (`Medication/<id>`) that are neither `_include`d nor
 * contained: servers that ignore `_include` (or page it away) leave them out. Only relative
 * references are fetched, so a reference can never send the token to another server.
 */
export function missingMedicationIds(resources: readonly unknown[]): string[] {
  const requests = parseResourcesOfType(resources, 'MedicationRequest', medicationRequestSchema).items;
  const included = new Set(parseResourcesOfType(resources, 'Medication', medicationSchema).items.map((m) => m.id));
  const missing = new Set<string>();
  for (const mr of requests) {
    const id = RELATIVE_MEDICATION.exec(mr.medicationReference?.reference ?? '')?.[1];
    if (id !== undefined && !included.has(id)) missing.add(id);
  }
  return [...missing];
}

/**
 * The search's resources plus, in one request and only when needed, the Medications it left out:
 * a read for one (every EHR supports Medication read), an `_id` search for several. A Medication
 * the server says is not there, or that the app may not read, is named; any other failure fails
 * the read (never "no baclofen": the Medication may be the only sign of it).
 */
async function withReferencedMedications(
  client: FhirClient,
  resources: readonly unknown[],
  signal?: AbortSignal,
): Promise<{ resources: readonly unknown[]; issues: ParseIssue[] }> {
  const missing = missingMedicationIds(resources);
  const [only] = missing;
  if (only === undefined) return { resources, issues: [] };
  try {
    if (missing.length === 1) return { resources: [...resources, await fhirGet(client, `Medication/${only}`, signal)], issues: [] };
    const url = searchUrl('Medication', [['_id', missing.join(',')], ['_count', String(missing.length)]]);
    const page = await searchPages(client, url, { maxPages: 1, ...(signal === undefined ? {} : { signal }) });
    return { resources: [...resources, ...page.resources], issues: [...page.outcomes] };
  } catch (e) {
    if (isFhirError(e) && (e.kind === 'not-found' || e.kind === 'forbidden')) {
      const issues = missing.map((id) => ({ resourceType: 'Medication', id, path: '', message: `referenced by an order but could not be read (${e.message})` }));
      return { resources, issues };
    }
    throw e;
  }
}

async function readWithMedications(client: FhirClient, page: { resources: readonly unknown[]; outcomes: readonly ParseIssue[] }, signal?: AbortSignal): Promise<ItbMedications> {
  const all = await withReferencedMedications(client, page.resources, signal);
  const mapped = await withUnits(() => mapItbMedications(all.resources));
  const extra = [...page.outcomes, ...all.issues];
  return extra.length === 0 ? mapped : { ...mapped, issues: [...extra, ...mapped.issues] };
}

/**
 * Current prescriptions: `status=active,on-hold` keeps the cost flat however long the history
 * (Cerner supports the status filter, medication-request.md). Medications come via `_include`;
 * one more request fetches those the server did not include (none when it did).
 */
export async function fetchItbMedications(client: FhirClient, patientId: string, signal?: AbortSignal): Promise<ItbMedications> {
  const page = await searchPages(client, itbMedicationsSearchUrl(patientId), { maxPages: 3, ...(signal === undefined ? {} : { signal }) });
  return readWithMedications(client, page, signal);
}

/** A draft intrathecal baclofen order (CDS Hooks `draftOrders`), read like a prescription. */
export type DraftItbOrder = {
  readonly order: DoseChange;
  /** A dose or rate written in mg: refused, not converted (A15). */
  readonly inMilligrams: boolean;
  /** What could not be read on this order (the dose, the concentration). */
  readonly issues: readonly ParseIssue[];
};

/**
 * Draft orders (MedicationRequests in any status, with their contained or bundled Medications) →
 * the intrathecal baclofen ones. Oral and other baclofen, and other drugs, are not returned.
 */
export function mapDraftItbOrders(resources: readonly unknown[]): { orders: DraftItbOrder[]; issues: ParseIssue[] } {
  const requests = parseResourcesOfType(resources, 'MedicationRequest', medicationRequestSchema);
  const included = parseResourcesOfType(resources, 'Medication', medicationSchema);
  const byRef = new Map<string, FhirMedication>();
  for (const m of included.items) if (m.id !== undefined) byRef.set(`Medication/${m.id}`, m);
  const orders: DraftItbOrder[] = [];
  for (const mr of requests.items) {
    const contained = new Map<string, FhirMedication>();
    for (const c of mr.contained ?? []) {
      const parsed = parseResource(medicationSchema, c);
      if (parsed.ok && parsed.value.id !== undefined) contained.set(parsed.value.id, parsed.value);
    }
    const ref = mr.medicationReference?.reference;
    const med = ref === undefined ? undefined : ref.startsWith('#') ? contained.get(ref.slice(1)) : byRef.get(ref);
    if (!isBaclofen(mr, med) || routeOf(mr) !== 'intrathecal') continue;
    const issues: ParseIssue[] = [];
    const order = mapDoseChange(mr, med, issues);
    orders.push({ order, inMilligrams: prescribedInMilligrams(mr.dosageInstruction ?? []), issues });
  }
  return { orders, issues: [...requests.issues, ...included.issues] };
}

/** The current-prescriptions search (also the CDS service's prefetch template): first-wave.ts. */
export { itbMedicationsSearchUrl } from './first-wave';

/** The current prescriptions from resources already in hand, fetching only the Medications they reference and lack. */
export function readItbMedications(client: FhirClient, resources: readonly unknown[], signal?: AbortSignal): Promise<ItbMedications> {
  return readWithMedications(client, { resources, outcomes: [] }, signal);
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
      const mapped = await readWithMedications(client, page, signal);
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
