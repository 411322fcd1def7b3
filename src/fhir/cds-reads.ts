/**
 * The CDS service's reads: the same searches the app sends (so prefetch templates and the app's
 * readers can never drift apart), answered from the hook call's `prefetch` first and, for any key
 * the CDS client left out or answered with an OperationOutcome, from the FHIR server with the
 * call's `fhirAuthorization`. With neither, the read is unavailable (the service answers 412).
 * CDS Hooks 2.0 §Prefetch: "a key with no data MUST have a value of null"; an omitted key was not
 * satisfied; "services SHOULD check any prefetched data for the existence of OperationOutcomes".
 */
import { loadUcum } from '../domain/units';
import { fhirGet, searchPages, type FhirClient, type SearchPage } from './client';
import { FhirError } from './errors';
import { itbMedicationsSearchUrl, mapItbMedications, missingMedicationIds, readItbMedications, type ItbMedications } from './medications';
import { latestWeightSearchUrl, mapLatestWeight, withWeightForAge, type LatestWeight } from './observations';
import { parseBundle } from './parse';
import { mapPatient, parsePatient, type PatientSummary } from './patient';
import { DEFAULT_PROCEDURE_RECOGNITION, type ProcedureRecognition } from './procedure-recognition';
import { mapPump, pumpSearchUrls, type PumpInfo } from './pump';
import { operationOutcomeSchema } from './schemas';

export const CDS_READ_KEYS = ['patient', 'weight', 'medications', 'devices', 'procedures', 'implant', 'refillObservations'] as const;
export type CdsReadKey = (typeof CDS_READ_KEYS)[number];

const PATIENT_TOKEN = 'CDSPATIENTIDTOKEN';

/** The read (or search) behind each key for one patient. */
function readUrls(patientId: string, recognition: ProcedureRecognition): Record<CdsReadKey, string> {
  const pump = pumpSearchUrls(patientId, recognition);
  return {
    patient: `Patient/${encodeURIComponent(patientId)}`,
    weight: latestWeightSearchUrl(patientId),
    medications: itbMedicationsSearchUrl(patientId),
    devices: pump.devices,
    procedures: pump.recent,
    implant: pump.implant,
    refillObservations: pump.refillObservations,
  };
}

/** Prefetch templates for discovery: the readers' own URLs with `{{context.patientId}}`. */
export function cdsPrefetchTemplates(keys: readonly CdsReadKey[], recognition: ProcedureRecognition = DEFAULT_PROCEDURE_RECOGNITION): Record<string, string> {
  const urls = readUrls(PATIENT_TOKEN, recognition);
  return Object.fromEntries(keys.map((k) => [k, urls[k].replaceAll(PATIENT_TOKEN, '{{context.patientId}}')]));
}

/** The chart facts the cards are built from. */
export type CdsChart = {
  readonly patient: PatientSummary;
  readonly weight: LatestWeight;
  readonly medications: ItbMedications;
  readonly pump: PumpInfo;
  /** Keys read from the FHIR server because prefetch lacked them (ids of keys only, no data). */
  readonly fetched: readonly CdsReadKey[];
};

/** What the hook call lacked: neither prefetch nor a usable `fhirAuthorization` gave these keys. */
export class CdsDataUnavailable extends Error {
  override name = 'CdsDataUnavailable';
  constructor(readonly keys: readonly CdsReadKey[]) {
    super(`Prefetch lacks ${keys.join(', ')} and the call carries no fhirAuthorization to read them`);
  }
}

type Prefetched = { kind: 'resources'; resources: readonly unknown[]; hasMore: boolean } | { kind: 'missing' };

/** One prefetch value: a Bundle (its resources), null (no data), a resource (a read), else missing. */
function prefetched(key: CdsReadKey, value: unknown): Prefetched {
  if (value === undefined) return { kind: 'missing' };
  if (value === null) return { kind: 'resources', resources: [], hasMore: false };
  if (operationOutcomeSchema.safeParse(value).success) return { kind: 'missing' };
  if (key === 'patient') return { kind: 'resources', resources: [value], hasMore: false };
  try {
    const bundle = parseBundle(value);
    return { kind: 'resources', resources: bundle.resources, hasMore: bundle.next !== undefined };
  } catch {
    return { kind: 'missing' };
  }
}

/**
 * The chart for one patient from prefetch, reading from the FHIR server only what prefetch lacks.
 * Throws CdsDataUnavailable (→ 412) when keys are missing and there is no client; a FhirError
 * when the server read fails.
 */
/** A prefetched or fetched read as the pump mapper takes it; only whether more exists matters for `next`. */
const asPage = (r: { resources: readonly unknown[]; hasMore: boolean }): SearchPage => ({ resources: r.resources, next: r.hasMore ? 'more results on the server' : undefined, outcomes: [] });

export async function loadCdsChart(input: {
  readonly patientId: string;
  readonly prefetch: Readonly<Record<string, unknown>> | undefined;
  readonly client: FhirClient | undefined;
  readonly now: Date;
  readonly timeZone: string;
  readonly recognition?: ProcedureRecognition;
}): Promise<CdsChart> {
  const recognition = input.recognition ?? DEFAULT_PROCEDURE_RECOGNITION;
  const urls = readUrls(input.patientId, recognition);
  const got = Object.fromEntries(CDS_READ_KEYS.map((k) => [k, prefetched(k, input.prefetch?.[k])])) as Record<CdsReadKey, Prefetched>;
  const missing = CDS_READ_KEYS.filter((k) => got[k].kind === 'missing');
  const { client } = input;
  if (client === undefined) {
    const medications = got.medications;
    const needsMedications = medications.kind === 'resources' && missingMedicationIds(medications.resources).length > 0;
    if (missing.length > 0 || needsMedications) throw new CdsDataUnavailable(needsMedications ? [...missing, 'medications'] : missing);
  }
  const read = async (key: CdsReadKey): Promise<{ resources: readonly unknown[]; hasMore: boolean }> => {
    const g = got[key];
    if (g.kind === 'resources') return g;
    if (client === undefined) throw new CdsDataUnavailable([key]);
    if (key === 'patient') return { resources: [await fhirGet(client, urls.patient)], hasMore: false };
    const page = await searchPages(client, urls[key], { maxPages: key === 'medications' ? 3 : 1 });
    return { resources: page.resources, hasMore: page.next !== undefined };
  };
  const [patient, weight, medications, devices, procedures, implant, refillObservations] = await Promise.all(CDS_READ_KEYS.map(read));
  if (!patient || !weight || !medications || !devices || !procedures || !implant || !refillObservations) throw new CdsDataUnavailable(missing);
  // The service converts whatever units a hook brings: the UCUM library is loaded up front.
  await loadUcum();
  const parsedPatient = parsePatient(patient.resources[0]);
  if ('issue' in parsedPatient) throw new FhirError('server', `The patient record could not be read (field ${parsedPatient.issue.path}).`);
  const child = mapPatient(parsedPatient.patient, input.now, input.timeZone);
  return {
    patient: child,
    weight: withWeightForAge(mapLatestWeight(weight.resources), child, input.timeZone),
    medications: client === undefined ? mapItbMedications(medications.resources) : await readItbMedications(client, medications.resources),
    pump: mapPump({ devices: asPage(devices), recent: asPage(procedures), implant: asPage(implant), refillObservations: asPage(refillObservations) }, recognition),
    fetched: missing,
  };
}
