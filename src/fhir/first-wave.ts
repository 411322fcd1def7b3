/**
 * The first screen's reads, sent the moment the token response is in (app/session.ts), from the
 * page's first-load code, instead of once the opening view's code has arrived and been evaluated
 * (about half a second later on a busy two-core machine, the whole gap between the code exchange
 * and the first request). Kept tiny on purpose: no schema, no React; only URL builders and a
 * cache of raw response bodies. `fhirGet` (client.ts) takes a body from here once, and the
 * response is still checked by the same zod schemas as any other read.
 *
 * Only the reads the summary's first cards need (the patient, the current prescriptions, the
 * weight, the pump's Device); the rest go out as before, after them, so the heavy searches do not
 * share the browser's connections with these.
 */
import type Client from 'fhirclient/lib/Client';
import { SYSTEM, WEIGHT_LOINC } from './codes';
import type { ProcedureCodeRule, ProcedureRecognition } from './procedure-recognition';
import type { ItemKey } from './write-codes';

/** Build a search URL from a path and parameters (repeated keys allowed). */
export function searchUrl(resourceType: string, params: ReadonlyArray<readonly [string, string]>): string {
  const query = new URLSearchParams();
  for (const [k, v] of params) query.append(k, v);
  return `${resourceType}?${query.toString()}`;
}

/** Observation statuses a value is read from (entered-in-error, preliminary and the rest are not). */
export const USABLE_OBSERVATION_STATUSES = ['final', 'amended', 'corrected'] as const;
export const usableStatusParam = (): readonly [string, string] => ['status', USABLE_OBSERVATION_STATUSES.join(',')];

/** How many recent weights are read: the newest usable one is chosen from them. */
export const WEIGHT_READ_COUNT = 10;

export const patientReadUrl = (patientId: string): string => `Patient/${encodeURIComponent(patientId)}`;

/** The current-prescriptions search (also the CDS service's prefetch template). */
export function itbMedicationsSearchUrl(patientId: string): string {
  return searchUrl('MedicationRequest', [['patient', patientId], ['status', 'active,on-hold'], ['_include', 'MedicationRequest:medication'], ['_count', '50']]);
}

export function latestWeightSearchUrl(patientId: string): string {
  return searchUrl('Observation', [
    ['patient', patientId],
    ['code', WEIGHT_LOINC.map((c) => `${SYSTEM.loinc}|${c}`).join(',')],
    usableStatusParam(),
    ['_sort', '-date'],
    ['_count', String(WEIGHT_READ_COUNT)],
  ]);
}

export const pumpDeviceSearchUrl = (patientId: string): string => searchUrl('Device', [['patient', patientId], ['_count', '10']]);

/** Fill volume, concentration and the programmer's next date of the last two refills. */
const RECENT_REFILL_OBSERVATIONS = 6;
export const REFILL_OBSERVATION_KEYS: readonly ItemKey[] = ['reservoir-fill-volume', 'refill-concentration', 'programmer-next-refill-date'];

const codeParam = (rules: readonly ProcedureCodeRule[]) => [...new Set(rules.map((r) => `${r.system}|${r.code}`))];
export const implantCodesOf = (recognition: ProcedureRecognition): string[] =>
  codeParam(recognition.codes.filter((r) => r.kind === 'pump-implant' || r.kind === 'pump-replacement'));

/** The four searches the pump read sends (also the CDS service's prefetch templates). */
export type PumpSearchUrls = { readonly devices: string; readonly recent: string; readonly implant: string; readonly refillObservations: string };

/**
 * Device, the recent Procedures (newest first, no code filter: a refill written only as text must
 * still be found, and is classified here), the implant and replacement by code (so a long history
 * still finds it in one request) and the refill Observations.
 */
export function pumpSearchUrls(patientId: string, recognition: ProcedureRecognition): PumpSearchUrls {
  return {
    devices: pumpDeviceSearchUrl(patientId),
    recent: searchUrl('Procedure', [['patient', patientId], ['_sort', '-date'], ['_count', String(recognition.recentCount)]]),
    implant: searchUrl('Procedure', [['patient', patientId], ['code', implantCodesOf(recognition).join(',')], ['_sort', '-date'], ['_count', '5']]),
    refillObservations: searchUrl('Observation', [
      ['patient', patientId],
      ['code', REFILL_OBSERVATION_KEYS.map((k) => `${SYSTEM.itbAssessment}|${k}`).join(',')],
      ['_sort', '-date'],
      ['_count', String(RECENT_REFILL_OBSERVATIONS)],
    ]),
  };
}

/** The first screen's reads, in the order they are sent. */
export const firstWaveUrls = (patientId: string): readonly string[] => [
  patientReadUrl(patientId),
  itbMedicationsSearchUrl(patientId),
  latestWeightSearchUrl(patientId),
  pumpDeviceSearchUrl(patientId),
];

/**
 * An early body is used only by a read that asks for it soon after it was sent: a view opened
 * minutes later (another role's, then the doctor's) reads the EHR again rather than show the
 * launch's answer as current.
 */
export const EARLY_READ_TTL_MS = 15_000;

type Early = { readonly client: Client; readonly body: Promise<unknown>; readonly sentAt: number };
const early = new Map<string, Early>();

/**
 * Send the first screen's GETs now, through fhirclient (the token in its Authorization header,
 * never in a URL), and keep the pending bodies for `takeEarlyRead`. A failure is not reported
 * here: the read that takes the body gets the error, as it would have from its own request.
 */
export function sendFirstWave(client: Client, patientId: string): void {
  sendEarly(client, firstWaveUrls(patientId));
}

/**
 * The pump card's other three searches, as soon as the site's procedure codes are known (the
 * session's start, with the token or just after it), in the same wave as the first four rather
 * than after the view's code has arrived.
 */
export function sendPumpSearches(client: Client, patientId: string, recognition: ProcedureRecognition): void {
  const urls = pumpSearchUrls(patientId, recognition);
  sendEarly(client, [urls.recent, urls.implant, urls.refillObservations]);
}

function sendEarly(client: Client, urls: readonly string[]): void {
  for (const url of urls) {
    if (early.has(url)) continue;
    const body: Promise<unknown> = client.request({ url }, { pageLimit: 1, flat: false });
    body.catch(() => undefined);
    early.set(url, { client, body, sentAt: Date.now() });
  }
}

/** The early body for this client and URL, once (a refetch goes to the EHR), if still fresh. */
export function takeEarlyRead(client: Client, url: string): Promise<unknown> | undefined {
  const entry = early.get(url);
  if (entry === undefined) return undefined;
  early.delete(url);
  if (entry.client !== client || Date.now() - entry.sentAt > EARLY_READ_TTL_MS) return undefined;
  return entry.body;
}

/** Tests: forget every early read. */
export function clearEarlyReads(): void {
  early.clear();
}
