import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { convertUcum, microgramsPerMl, millilitres, type MicrogramsPerMl, type Millilitres } from '../domain/units';
import { DEVICE_PROPERTY, MRI_SNOMED, PROCEDURE_CODES, SYSTEM, type ProcedureKind } from './codes';
import { searchPages, searchUrl, type FhirClient } from './client';
import { hasCoding } from './concept';
import { mapObservationResources, sortNewestFirst, type HistoryPage } from './observations';
import { parseResourcesOfType, type ParseIssue } from './parse';
import { quantityUnit } from './quantity';
import { deviceSchema, procedureSchema, type FhirDevice, type FhirProcedure, type FhirQuantity } from './schemas';
import type { ItemKey } from './write-codes';

export type ImplantedPump = {
  readonly id: string;
  readonly name: string | undefined;
  readonly model: string | undefined;
  readonly reservoirVolume: Millilitres | undefined;
  readonly lowReservoirAlarmVolume: Millilitres | undefined;
  /** Elective replacement indicator date (Device.expirationDate), when recorded. */
  readonly replacementDate: string | undefined;
};

export type ProcedureRecord = {
  readonly id: string;
  readonly kind: ProcedureKind;
  readonly status: string;
  readonly performed: string | undefined;
  readonly note: string | undefined;
};

export type Refill = {
  readonly procedureId: string | undefined;
  readonly performed: string | undefined;
  readonly fillVolume: Millilitres | undefined;
  readonly concentration: MicrogramsPerMl | undefined;
};

/** Everything here is optional: every view must work without pump records. */
export type PumpInfo = {
  readonly device: ImplantedPump | undefined;
  readonly implantDate: string | undefined;
  /** Recent procedures (implant, refills, test dose, interrogation, MRI), newest first. */
  readonly procedures: readonly ProcedureRecord[];
  /** Recent refills, newest first, with fill volume and concentration when recorded. */
  readonly refills: readonly Refill[];
  readonly issues: readonly ParseIssue[];
};

function toMl(q: FhirQuantity | undefined): Millilitres | undefined {
  if (q?.value === undefined) return undefined;
  const unit = quantityUnit(q) ?? 'mL';
  if (unit === 'mL') return millilitres(q.value);
  const c = convertUcum('volume', q.value, unit, 'mL');
  return c.ok ? millilitres(c.value) : undefined;
}

export function mapDevice(device: FhirDevice): ImplantedPump {
  const property = (code: string) =>
    device.property?.find((p) => hasCoding(p.type, SYSTEM.itbDeviceProperty, code))?.valueQuantity?.[0];
  return {
    id: device.id,
    name: device.deviceName?.[0]?.name,
    model: device.modelNumber,
    reservoirVolume: toMl(property(DEVICE_PROPERTY.reservoirVolume)),
    lowReservoirAlarmVolume: toMl(property(DEVICE_PROPERTY.lowReservoirAlarmVolume)),
    replacementDate: device.expirationDate,
  };
}

export function procedureKind(p: FhirProcedure): ProcedureKind | undefined {
  if (hasCoding(p.code, SYSTEM.snomed, MRI_SNOMED)) return 'mri';
  return PROCEDURE_CODES.find((k) => hasCoding(p.code, SYSTEM.itbProcedure, k));
}

export function mapProcedures(procedures: readonly FhirProcedure[]): ProcedureRecord[] {
  const records = procedures.flatMap((p): ProcedureRecord[] => {
    const kind = procedureKind(p);
    if (kind === undefined || p.status === 'entered-in-error' || p.status === 'not-done') return [];
    return [
      {
        id: p.id,
        kind,
        status: p.status,
        performed: p.performedDateTime ?? p.performedPeriod?.start,
        note: p.note?.map((n) => n.text).filter((t): t is string => t !== undefined).join('\n') || undefined,
      },
    ];
  });
  return sortNewestFirst(records.map((r) => ({ ...r, effective: r.performed }))).map(({ effective: _e, ...r }) => r);
}

const REFILL_KEYS: ReadonlySet<ItemKey> = new Set<ItemKey>(['reservoir-fill-volume', 'refill-concentration']);

/** Pair each refill Procedure with its fill-volume and concentration Observations (partOf). */
export function mapRefills(procedures: readonly ProcedureRecord[], observationResources: readonly unknown[]): { refills: Refill[]; issues: ParseIssue[] } {
  const { items, issues } = mapObservationResources(observationResources, REFILL_KEYS);
  const forProcedure = (id: string) => items.filter((o) => o.partOf.some((r) => r === `Procedure/${id}` || r.endsWith(`/Procedure/${id}`)));
  const quantityOf = (key: ItemKey, list: typeof items) => {
    const v = list.find((o) => o.key === key)?.value;
    return v?.kind === 'quantity' ? v : undefined;
  };
  const refills = procedures
    .filter((p) => p.kind === 'pump-refill')
    .map((p): Refill => {
      const obs = forProcedure(p.id);
      const vol = quantityOf('reservoir-fill-volume', obs);
      const conc = quantityOf('refill-concentration', obs);
      const concUg = conc?.unit === undefined ? undefined : convertUcum('concentration', conc.value, conc.unit, 'ug/mL');
      return {
        procedureId: p.id,
        performed: p.performed,
        fillVolume: vol === undefined ? undefined : toMl({ value: vol.value, code: vol.unit ?? 'mL', system: SYSTEM.ucum }),
        concentration: concUg?.ok === true ? microgramsPerMl(concUg.value) : undefined,
      };
    });
  return { refills, issues: [...issues] };
}

/** Enough for the last refill, MRI, test dose and interrogation; older ones load on demand. */
const RECENT_PROCEDURES = 6;
/** Fill volume + concentration of the last two refills. */
const RECENT_REFILL_OBSERVATIONS = 4;

const procedureCodes = PROCEDURE_CODES.map((c) => `${SYSTEM.itbProcedure}|${c}`).concat(`${SYSTEM.snomed}|${MRI_SNOMED}`).join(',');

/**
 * Device, recent procedures, the implant (by code, so a five-year history still finds it in one
 * request) and the refill observations: four requests sent together.
 */
export async function fetchPump(client: FhirClient, patientId: string, signal?: AbortSignal): Promise<PumpInfo> {
  const opts = { maxPages: 1, ...(signal === undefined ? {} : { signal }) };
  const [devices, recent, implant, refillObs] = await Promise.all([
    searchPages(client, searchUrl('Device', [['patient', patientId], ['_count', '10']]), opts),
    searchPages(client, searchUrl('Procedure', [['patient', patientId], ['code', procedureCodes], ['_sort', '-date'], ['_count', String(RECENT_PROCEDURES)]]), opts),
    searchPages(
      client,
      searchUrl('Procedure', [['patient', patientId], ['code', `${SYSTEM.itbProcedure}|pump-implant`], ['_sort', '-date'], ['_count', '1']]),
      opts,
    ),
    searchPages(
      client,
      searchUrl('Observation', [
        ['patient', patientId],
        ['code', [...REFILL_KEYS].map((k) => `${SYSTEM.itbAssessment}|${k}`).join(',')],
        ['_sort', '-date'],
        ['_count', String(RECENT_REFILL_OBSERVATIONS)],
      ]),
      opts,
    ),
  ]);
  const parsedDevices = parseResourcesOfType(devices.resources, 'Device', deviceSchema);
  const parsedProcs = parseResourcesOfType([...recent.resources, ...implant.resources], 'Procedure', procedureSchema);
  const unique = [...new Map(parsedProcs.items.map((p) => [p.id, p])).values()];
  const procedures = mapProcedures(unique);
  const { refills, issues } = mapRefills(procedures, refillObs.resources);
  const active = parsedDevices.items.find((d) => d.status === 'active') ?? parsedDevices.items[0];
  // Issues from the two Procedure searches can repeat the same resource: report it once.
  const seen = new Set<string>();
  const allIssues = [...parsedDevices.issues, ...parsedProcs.issues, ...issues].filter((i) => {
    const k = `${i.resourceType}/${i.id ?? ''}/${i.path}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return {
    device: active === undefined ? undefined : mapDevice(active),
    implantDate: procedures.find((p) => p.kind === 'pump-implant')?.performed,
    procedures,
    refills,
    issues: allIssues,
  };
}

export const pumpQueryOptions = (client: FhirClient, patientId: string) =>
  queryOptions({
    queryKey: ['patient', patientId, 'pump'] as const,
    queryFn: ({ signal }) => fetchPump(client, patientId, signal),
  });

/** All pump procedures, newest first, one server page at a time. */
export const procedureHistoryInfiniteQueryOptions = (client: FhirClient, patientId: string, options: { pageSize?: number } = {}) =>
  infiniteQueryOptions({
    queryKey: ['patient', patientId, 'procedure-history', { pageSize: options.pageSize ?? 50 }] as const,
    queryFn: async ({ pageParam, signal }): Promise<HistoryPage<ProcedureRecord>> => {
      const page = await searchPages(client, pageParam, { maxPages: 1, signal });
      const parsed = parseResourcesOfType(page.resources, 'Procedure', procedureSchema);
      return { items: mapProcedures(parsed.items), issues: parsed.issues, next: page.next };
    },
    initialPageParam: searchUrl('Procedure', [
      ['patient', patientId],
      ['code', procedureCodes],
      ['_sort', '-date'],
      ['_count', String(options.pageSize ?? 50)],
    ]),
    getNextPageParam: (last) => last.next,
  });
