import { queryOptions } from '@tanstack/react-query';
import { calculateAge } from '../domain/age';
import { toSiteIso } from '../domain/clinical-time';
import { SYSTEM } from './codes';
import { fhirGet, type FhirClient } from './client';
import { patientReadUrl } from './first-wave';
import { hasCoding } from './concept';
import { FhirError } from './errors';
import { parseResource, type ParseIssue } from './parse';
import { recordedDateProblem } from './plausible';
import { patientSchema, type FhirPatient } from './schemas';

export type PatientSex = 'male' | 'female' | 'other' | 'unknown';

export type PatientSummary = {
  readonly id: string;
  /** Display name ("Given Family"), or undefined when the record has none. */
  readonly name: string | undefined;
  /** YYYY-MM-DD; missing in some records (conventions: "birthDate (may be missing)"). */
  readonly birthDate: string | undefined;
  /** Completed years and months at `now`; undefined when there is no usable birth date. */
  readonly age: { readonly years: number; readonly months: number } | undefined;
  readonly sex: PatientSex | undefined;
  /** The identifier whose type is v2-0203 MR. */
  readonly mrn: string | undefined;
  /** Why the recorded birth date is not used for age (year 0000, before 1900, in the future). */
  readonly birthDateProblem?: string | undefined;
};

function displayName(patient: FhirPatient): string | undefined {
  const names = patient.name ?? [];
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'old') ?? names[0];
  if (name === undefined) return undefined;
  if (name.text !== undefined && name.text.trim() !== '') return name.text.trim();
  const parts = [...(name.given ?? []), name.family].filter((p): p is string => p !== undefined && p !== '');
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * Patient → PatientSummary. Age is counted on the site's calendar date (`timeZone`): a child is
 * not a year younger for the first hours of their birthday in Sydney because UTC is still on the
 * day before. `now` is a parameter so age is testable.
 */
export function mapPatient(patient: FhirPatient, now: Date, timeZone: string): PatientSummary {
  const mrn = patient.identifier?.find((i) => hasCoding(i.type, SYSTEM.v2IdentifierType, 'MR'))?.value;
  let age: PatientSummary['age'];
  // A birth year of 0000 gave an age of 2026 years (issue 15): no age, and the reason is named.
  const birthDateProblem = recordedDateProblem(patient.birthDate, now, 'birth date');
  if (birthDateProblem === undefined && patient.birthDate !== undefined && /^\d{4}-\d{2}-\d{2}/.test(patient.birthDate)) {
    const result = calculateAge(patient.birthDate.slice(0, 10), toSiteIso(now, timeZone));
    if (result.ok) age = { years: result.value.value.years, months: result.value.value.months };
  }
  return { id: patient.id, name: displayName(patient), birthDate: patient.birthDate, age, sex: patient.gender, mrn, ...(birthDateProblem === undefined ? {} : { birthDateProblem }) };
}

/** Parse unknown JSON into a Patient. A failure names the field, e.g. `birthDate`. */
export function parsePatient(json: unknown): { patient: FhirPatient } | { issue: ParseIssue } {
  const parsed = parseResource(patientSchema, json);
  return parsed.ok ? { patient: parsed.value } : { issue: parsed.issue };
}

export async function fetchPatient(client: FhirClient, patientId: string, timeZone: string, signal?: AbortSignal): Promise<PatientSummary> {
  const json = await fhirGet(client, patientReadUrl(patientId), signal);
  const parsed = parsePatient(json);
  if ('issue' in parsed) {
    // Without a readable Patient there is no safe banner: this one is an error, not a partial.
    throw new FhirError('server', `The patient record could not be read (field ${parsed.issue.path}: ${parsed.issue.message}).`);
  }
  return mapPatient(parsed.patient, new Date(), timeZone);
}

/** Demographics for the banner: name, age, sex, MRN. */
export const patientQueryOptions = (client: FhirClient, patientId: string, timeZone: string) =>
  queryOptions({
    queryKey: ['patient', patientId, 'demographics', timeZone] as const,
    queryFn: ({ signal }) => fetchPatient(client, patientId, timeZone, signal),
    staleTime: 5 * 60_000,
  });
