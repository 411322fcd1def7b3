/**
 * FHIR builders for the seed, written from docs/fhir-conventions.md — deliberately NOT shared
 * with the app's `src/fhir/` builders, so a mapping bug cannot hide on both sides.
 */
import type { Bundle, BundleEntry, CodeableConcept, Coding, Encounter, Identifier, Observation, Patient, Practitioner, Quantity, Reference, Resource } from '@medplum/fhirtypes';
import { createPrng } from '../faults.ts';

export const SYSTEM = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  obsCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  assessment: 'https://itb-companion.example/fhir/CodeSystem/itb-assessment',
  procedure: 'https://itb-companion.example/fhir/CodeSystem/itb-procedure',
  deviceProperty: 'https://itb-companion.example/fhir/CodeSystem/itb-device-property',
  clientEntryId: 'https://itb-companion.example/fhir/NamingSystem/client-entry-id',
  entryGroupId: 'https://itb-companion.example/fhir/NamingSystem/entry-group-id',
  mrn: 'https://sandbox-ehr.example/mrn',
  v2IdType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
} as const;

// ------------------------------------------------------------------ time (Australia/Sydney)

const DAY_MS = 86_400_000;
const TIME_ZONE = 'Australia/Sydney';

const sydneyFormat = new Intl.DateTimeFormat('en-AU', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** e.g. "+11:00" (AEDT) or "+10:00" (AEST), from the tz database via Intl. */
  offset: string;
}

export function sydneyWallTime(instant: Date): WallTime {
  const parts = Object.fromEntries(sydneyFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  const rawOffset = (parts['timeZoneName'] ?? 'GMT').replace('GMT', '');
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
    offset: rawOffset === '' ? '+00:00' : rawOffset,
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** FHIR dateTime in Sydney local time with its explicit offset: 2025-01-15T10:00:00+11:00. */
export function sydneyDateTime(instant: Date): string {
  const w = sydneyWallTime(instant);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${w.offset}`;
}

/** FHIR date (Sydney calendar date). */
export function sydneyDate(instant: Date): string {
  const w = sydneyWallTime(instant);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** The instant of a Sydney wall-clock time on the Sydney calendar day `daysAgo` days before `now`. */
export function sydneyAt(now: Date, daysAgo: number, hour: number, minute = 0): Date {
  const day = sydneyWallTime(new Date(now.getTime() - daysAgo * DAY_MS));
  let guess = Date.UTC(day.year, day.month - 1, day.day, hour, minute) - 600 * 60_000;
  // Two passes settle the offset even on a daylight-saving changeover day.
  for (let i = 0; i < 2; i++) {
    const offset = offsetMinutes(sydneyWallTime(new Date(guess)).offset);
    guess = Date.UTC(day.year, day.month - 1, day.day, hour, minute) - offset * 60_000;
  }
  return new Date(guess);
}

export function minutesBefore(now: Date, minutes: number): Date {
  return new Date(now.getTime() - minutes * 60_000);
}

export function addDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * DAY_MS);
}

// ------------------------------------------------------------------ deterministic ids

export class Ids {
  private readonly random: () => number;
  constructor(seed: number) {
    this.random = createPrng(seed);
  }
  next(): number {
    return this.random();
  }
  /** A version-4-shaped UUID from the seeded PRNG (repeatable, not secret). */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  /** Normal-ish jitter around a centre (sum of uniforms), rounded to `decimals`. */
  around(centre: number, spread: number, decimals = 0): number {
    const u = (this.random() + this.random() + this.random()) / 3 - 0.5;
    const f = 10 ** decimals;
    return Math.round((centre + u * 2 * spread) * f) / f;
  }
}

// ------------------------------------------------------------------ transaction bundle

/** Builds one patient's transaction Bundle with `urn:uuid:` fullUrls. */
export class TransactionBuilder {
  private readonly entries: BundleEntry[] = [];
  constructor(private readonly ids: Ids) {}

  /** PUT with a stable id (Patient, Encounter, Practitioner, Device): tests and launches know these ids. */
  put<T extends Resource>(resource: T & { id: string }): Reference<T> {
    const fullUrl = `urn:uuid:${this.ids.uuid()}`;
    this.entries.push({ fullUrl, resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } });
    return { reference: fullUrl };
  }

  /** POST: the server assigns the id; other entries reference it by its urn:uuid. */
  post<T extends Resource>(resource: T): Reference<T> {
    const fullUrl = `urn:uuid:${this.ids.uuid()}`;
    this.entries.push({ fullUrl, resource, request: { method: 'POST', url: resource.resourceType } });
    return { reference: fullUrl };
  }

  bundle(): Bundle {
    return { resourceType: 'Bundle', type: 'transaction', entry: this.entries };
  }
}

// ------------------------------------------------------------------ small FHIR pieces

export function coding(system: string, code: string, display?: string): Coding {
  return display ? { system, code, display } : { system, code };
}

export function concept(system: string, code: string, display?: string, text?: string): CodeableConcept {
  return { coding: [coding(system, code, display)], ...(text ? { text } : {}) };
}

export function quantity(value: number, unit: string, code = unit): Quantity {
  return { value, unit, system: SYSTEM.ucum, code };
}

export function category(code: string): CodeableConcept[] {
  return [concept(SYSTEM.obsCategory, code)];
}

export interface ObservationContext {
  subject: Reference<Patient>;
  encounter?: Reference<Encounter>;
  performer?: Reference<Practitioner>;
  /** Shared group identifier (a round or an assessment), per docs/fhir-conventions.md. */
  group?: { id: string; item: string };
}

function groupIdentifiers(group: ObservationContext['group']): Identifier[] | undefined {
  if (!group) return undefined;
  return [
    { system: SYSTEM.clientEntryId, value: `${group.id}:${group.item}` },
    { system: SYSTEM.entryGroupId, value: group.id },
  ];
}

export function observation(ctx: ObservationContext, fields: Omit<Observation, 'resourceType' | 'subject' | 'status'> & { status?: Observation['status'] }): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    ...(groupIdentifiers(ctx.group) ? { identifier: groupIdentifiers(ctx.group) } : {}),
    ...fields,
    subject: ctx.subject,
    ...(ctx.encounter ? { encounter: ctx.encounter } : {}),
    ...(ctx.performer ? { performer: [ctx.performer] } : {}),
  };
}

export const VITALS = {
  weight: { code: '29463-7', display: 'Body weight' },
  heartRate: { code: '8867-4', display: 'Heart rate' },
  respRate: { code: '9279-1', display: 'Respiratory rate' },
  spo2: { code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' },
  inhaledO2: { code: '3150-0', display: 'Inhaled oxygen concentration' },
  bp: { code: '85354-9', display: 'Blood pressure panel with all children optional' },
  systolic: { code: '8480-6', display: 'Systolic blood pressure' },
  diastolic: { code: '8462-4', display: 'Diastolic blood pressure' },
  temperature: { code: '8310-5', display: 'Body temperature' },
  avpu: { code: '67775-7', display: 'Level of responsiveness' },
  pain: { code: '72514-3', display: 'Pain severity - 0-10 verbal numeric rating [Score] - Reported' },
  height: { code: '8302-2', display: 'Body height' },
} as const;

export function vital(ctx: ObservationContext, key: keyof typeof VITALS, at: Date, value: Partial<Observation>, formatDate: (d: Date) => string): Observation {
  const v = VITALS[key];
  return observation(ctx, {
    category: category('vital-signs'),
    code: { coding: [coding(SYSTEM.loinc, v.code, v.display)], text: v.display },
    effectiveDateTime: formatDate(at),
    ...value,
  });
}

export function bloodPressure(ctx: ObservationContext, at: Date, systolic: number, diastolic: number, formatDate: (d: Date) => string): Observation {
  return vital(ctx, 'bp', at, {
    component: [
      { code: concept(SYSTEM.loinc, VITALS.systolic.code, VITALS.systolic.display), valueQuantity: quantity(systolic, 'mmHg', 'mm[Hg]') },
      { code: concept(SYSTEM.loinc, VITALS.diastolic.code, VITALS.diastolic.display), valueQuantity: quantity(diastolic, 'mmHg', 'mm[Hg]') },
    ],
  }, formatDate);
}

export const AVPU = {
  A: coding(SYSTEM.snomed, '248234008', 'Mentally alert'),
  V: coding(SYSTEM.snomed, '300202002', 'Responds to voice'),
  P: coding(SYSTEM.snomed, '450847001', 'Responds to pain'),
  U: coding(SYSTEM.snomed, '422768004', 'Unresponsive'),
} as const;

export function assessmentCode(code: string, display: string): CodeableConcept {
  return { coding: [coding(SYSTEM.assessment, code, display)], text: display };
}

export function procedureCode(code: string, display: string, extra: Coding[] = []): CodeableConcept {
  return { coding: [coding(SYSTEM.procedure, code, display), ...extra], text: display };
}
