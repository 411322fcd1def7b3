import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { MAX_PLAUSIBLE_CONCENTRATION_UG_PER_ML, MIN_PLAUSIBLE_CONCENTRATION_UG_PER_ML } from '../domain/itb-plausibility';
import { convertUcum, microgramsPerMl, millilitres, withUnits, type MicrogramsPerMl, type Millilitres } from '../domain/units';
import { DEVICE_PROPERTY, SYSTEM, type ProcedureKind } from './codes';
import { searchPages, searchUrl, type FhirClient, type SearchPage } from './client';
import { implantCodesOf, pumpSearchUrls as pumpSearchUrlsOf, REFILL_OBSERVATION_KEYS, type PumpSearchUrls } from './first-wave';
import { hasCoding } from './concept';
import { mapObservationResources, sortNewestFirst, type HistoryPage } from './observations';
import { parseResourcesOfType, type ParseIssue } from './parse';
import {
  classifyProcedureCode,
  conceptTexts,
  DEFAULT_PROCEDURE_RECOGNITION,
  readFactFromText,
  type ProcedureCodeRule,
  type ProcedureMatch,
  type ProcedureRecognition,
  type ProcedureTextRule,
  type RefillFact,
} from './procedure-recognition';
import { recordedDateProblem } from './plausible';
import { quantityAsWritten, readQuantityUnit } from './quantity';
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
  /** Properties that looked like reservoir or alarm volumes but were left out, and why. */
  readonly refused?: readonly string[];
  /**
   * The Device's status when it says other than `active` ("inactive": no longer in use, e.g.
   * explanted; "unknown"). Such a Device is still shown as the pump, never dropped silently, but
   * the views say it may not be in use.
   */
  readonly notActive?: string;
};

export type ProcedureRecord = {
  readonly id: string;
  readonly kind: ProcedureKind;
  readonly status: string;
  readonly performed: string | undefined;
  readonly note: string | undefined;
  /** How the kind was recognised: a code, or the record's text (the views say which). */
  readonly match?: ProcedureMatch;
  /** The code's text as written (or its first display), for "matched by its text '…'". */
  readonly codeText?: string | undefined;
  /** `focalDevice.manipulated` references (the pump). */
  readonly devices?: readonly string[];
  /** Text of `usedCode` (e.g. the drug and strength put into the pump). */
  readonly usedText?: readonly string[];
};

/** Where a figure on a refill came from. */
export type FactSource =
  | { readonly from: 'observation'; readonly id: string }
  | { readonly from: 'text'; readonly field: 'code text' | 'note' | 'used code'; readonly text: string }
  /** Typed by the clinician for this session's forecast only; never written to the EHR. */
  | { readonly from: 'entered' };

export type Refill = {
  readonly procedureId: string | undefined;
  readonly performed: string | undefined;
  readonly fillVolume: Millilitres | undefined;
  readonly concentration: MicrogramsPerMl | undefined;
  /** Where the date came from when not from a Procedure (entered for this session). */
  readonly performedFrom?: FactSource;
  readonly fillVolumeFrom?: FactSource;
  readonly concentrationFrom?: FactSource;
  /** How the refill itself was recognised. */
  readonly match?: ProcedureMatch;
  /**
   * The next refill or alarm date the Clinician Programmer showed at this refill (authoritative,
   * Guideline §4.1.6), from an Observation `partOf` the refill; YYYY-MM-DD.
   */
  readonly programmerNextRefillDate?: { readonly date: string; readonly id: string };
  /** Values found but left out (ambiguous text, implausible numbers, wrong units), in words. */
  readonly refused?: readonly string[];
};

/** What the pump read looked for: shown when something is not found. */
export type PumpSearch = {
  /** How many recent Procedures were read (newest first, no code filter) and the limit asked for. */
  readonly recentRead: number;
  readonly recentLimit: number;
  /** True when the server had more than `recentLimit` Procedures: older ones were not looked at. */
  readonly moreOlder: boolean;
  readonly codes: readonly ProcedureCodeRule[];
  readonly text: readonly ProcedureTextRule[];
  /** `system|code` searched for the implant across the whole history. */
  readonly implantCodes: readonly string[];
};

/** A Procedure whose text or codes fit more than one kind: not used, and named. */
export type UnclassifiedProcedure = { readonly id: string; readonly text: string; readonly kinds: readonly ProcedureKind[] };

/** Everything here is optional: every view must work without pump records. */
export type PumpInfo = {
  readonly device: ImplantedPump | undefined;
  /** The current pump's implant date: the newest implant or replacement. */
  readonly implantDate: string | undefined;
  /** The procedure the implant date comes from. */
  readonly implant?: ProcedureRecord | undefined;
  /** Recent procedures (implant, refills, test dose, interrogation, MRI), newest first. */
  readonly procedures: readonly ProcedureRecord[];
  /** Recent refills, newest first, with fill volume and concentration when recorded. */
  readonly refills: readonly Refill[];
  readonly issues: readonly ParseIssue[];
  readonly ambiguous?: readonly UnclassifiedProcedure[];
  /** Devices of the patient that are not the intrathecal pump (an insulin pump, a hip set), named. */
  readonly ignoredDevices?: readonly string[];
  readonly searched?: PumpSearch;
};

/** The largest SynchroMed II reservoir (clinical-reference §3.1): the fill limit when the Device does not say. */
export const LARGEST_RESERVOIR_ML = 40;

type MlReading = { ok: true; value: Millilitres } | { ok: false; reason: string };

/** A volume in mL: mL (any spelling) or a UCUM volume unit; a missing or other unit is refused. */
function readMl(q: FhirQuantity | undefined): MlReading | undefined {
  if (q?.value === undefined) return undefined;
  const written = q.unit ?? q.code;
  if (written === undefined || written.trim() === '') return { ok: false, reason: `${q.value} has no unit (mL expected)` };
  if (q.comparator !== undefined) return { ok: false, reason: `"${quantityAsWritten(q)}" carries a comparator` };
  const unit = readQuantityUnit(q);
  if (!unit.ok && /disagree/.test(unit.reason)) return { ok: false, reason: `${quantityAsWritten(q)}: ${unit.reason}` };
  // mL only (any spelling): a pump volume in another unit (L, uL) is left out rather than converted.
  if (!unit.ok || unit.unit !== 'mL') return { ok: false, reason: `${q.value} ${written} is not in mL` };
  return positiveMl(q.value, `${q.value} mL`);
}

/**
 * The reservoir sizes of implanted intrathecal pumps are 20 and 40 mL (SynchroMed II, Prometra;
 * clinical-reference §3.1). A Device volume outside 1–60 mL is a unit or typing error: left out,
 * so a fill of any size cannot hide behind it (issue 15: a 1e16 mL fill).
 */
export const MAX_PLAUSIBLE_RESERVOIR_ML = 60;

function plausibleDeviceVolume(reading: MlReading): MlReading {
  if (!reading.ok) return reading;
  if (reading.value < 1 || reading.value > MAX_PLAUSIBLE_RESERVOIR_ML) {
    return { ok: false, reason: `${reading.value} mL is outside 1–${MAX_PLAUSIBLE_RESERVOIR_ML} mL, not an intrathecal pump's reservoir` };
  }
  return reading;
}

function positiveMl(value: number, shown: string): MlReading {
  return Number.isFinite(value) && value > 0 ? { ok: true, value: millilitres(value) } : { ok: false, reason: `${shown} is not a positive volume` };
}

type DevicePropertyKey = (typeof DEVICE_PROPERTY)[keyof typeof DEVICE_PROPERTY];

/** By the app's code, else by the type's text as EHRs write it ("Reservoir volume", "Low reservoir alarm"). */
const PROPERTY_TEXT: Record<DevicePropertyKey, (t: string) => boolean> = {
  'reservoir-volume': (t) => /reservoir/i.test(t) && /volume|size|capacity/i.test(t) && !/alarm|low|residual|remaining/i.test(t),
  'low-reservoir-alarm-volume': (t) => /low[- ]reservoir/i.test(t) && /alarm/i.test(t),
};

export function mapDevice(device: FhirDevice): ImplantedPump {
  const refused: string[] = [];
  const property = (key: DevicePropertyKey, label: string): Millilitres | undefined => {
    const p =
      device.property?.find((x) => hasCoding(x.type, SYSTEM.itbDeviceProperty, key)) ??
      device.property?.find((x) => conceptTexts(x.type).some(PROPERTY_TEXT[key]));
    const raw = readMl(p?.valueQuantity?.[0]);
    if (raw === undefined) return undefined;
    const reading = plausibleDeviceVolume(raw);
    if (!reading.ok) {
      refused.push(`${label} on Device/${device.id} left out: ${reading.reason}`);
      return undefined;
    }
    return reading.value;
  };
  return {
    id: device.id,
    name: device.deviceName?.[0]?.name,
    model: device.modelNumber,
    reservoirVolume: property(DEVICE_PROPERTY.reservoirVolume, 'Reservoir volume'),
    lowReservoirAlarmVolume: property(DEVICE_PROPERTY.lowReservoirAlarmVolume, 'Low-reservoir alarm volume'),
    replacementDate: device.expirationDate,
    refused,
    // Device.status is optional in R4 and often omitted: only a stated non-active status is flagged.
    ...(device.status === undefined || device.status === 'active' ? {} : { notActive: device.status }),
  };
}

const DEVICE_STATUS: ReadonlySet<string> = new Set(['active', 'inactive', 'entered-in-error', 'unknown']);

/** A Device name or type that is an intrathecal drug pump (SynchroMed, Prometra, "intrathecal", "ITB", "baclofen"). */
const PUMP_TEXT = /synchro ?med|prometra|intrathecal|\bITB\b|baclofen|implant(ed|able) (drug|infusion) pump/i;
const NOT_PUMP_TEXT = /insulin|enteral|feeding|PCA\b/i;

const deviceTexts = (d: FhirDevice): string[] =>
  [...(d.deviceName ?? []).map((n) => n.name), ...conceptTexts(d.type), d.modelNumber].filter((t): t is string => t !== undefined);

const deviceLabel = (d: FhirDevice) => `Device/${d.id}${deviceTexts(d)[0] === undefined ? '' : ` "${deviceTexts(d)[0] ?? ''}"`}`;

/**
 * Which of the patient's Devices is the intrathecal pump: the one a pump procedure points at
 * (`focalDevice`), else one named or typed as an intrathecal pump or carrying the pump's
 * properties; active before inactive. Any other Device (an insulin pump, a hip prosthesis) is
 * never shown as the pump: it is named in `ignored`.
 */
export function choosePumpDevice(devices: readonly FhirDevice[], procedures: readonly ProcedureRecord[]): { chosen: FhirDevice | undefined; ignored: string[] } {
  // Device.status is matched exactly (FHIR R4 device-status): "Active" or "deleted" is not a status.
  const usable = devices.filter((d) => d.status === undefined || DEVICE_STATUS.has(d.status)).filter((d) => d.status !== 'entered-in-error');
  const unknownStatus = devices.filter((d) => d.status !== undefined && !DEVICE_STATUS.has(d.status)).map((d) => `${deviceLabel(d)} has status "${d.status ?? ''}", not a Device status: not used`);
  const referenced = new Set(procedures.flatMap((p) => p.devices ?? []).map((r) => r.split('/').slice(-2).join('/')));
  const isPump = (d: FhirDevice) =>
    referenced.has(`Device/${d.id}`) ||
    (d.property ?? []).some((p) => p.type.coding?.some((c) => c.system === SYSTEM.itbDeviceProperty) === true) ||
    deviceTexts(d).some((t) => PUMP_TEXT.test(t) && !NOT_PUMP_TEXT.test(t));
  const pumps = usable.filter(isPump);
  const rank = (d: FhirDevice) => (referenced.has(`Device/${d.id}`) ? 0 : 2) + (d.status === 'active' ? 0 : 1);
  const chosen = [...pumps].sort((a, b) => rank(a) - rank(b))[0];
  const ignored = usable.filter((d) => !isPump(d)).map((d) => `${deviceLabel(d)} is not an intrathecal pump`);
  const others = pumps.filter((d) => d !== chosen).map((d) => `${deviceLabel(d)} (${d.status ?? 'no status'}) was not used: ${chosen === undefined ? '' : deviceLabel(chosen)} is the current pump`);
  return { chosen, ignored: [...unknownStatus, ...ignored, ...others] };
}

const noteText = (p: FhirProcedure): string | undefined =>
  p.note?.map((n) => n.text).filter((t): t is string => t !== undefined).join('\n') || undefined;

export function procedureKind(p: FhirProcedure, recognition: ProcedureRecognition = DEFAULT_PROCEDURE_RECOGNITION): ProcedureKind | undefined {
  const c = classifyProcedureCode(p.code, recognition);
  return c.kind === 'matched' ? c.procedureKind : undefined;
}

const SKIPPED_STATUS = new Set(['entered-in-error', 'not-done']);

/** Procedure.status, FHIR R4 value set event-status (required binding), matched exactly. */
export const PROCEDURE_STATUS: ReadonlySet<string> = new Set(['preparation', 'in-progress', 'not-done', 'on-hold', 'stopped', 'completed', 'entered-in-error', 'unknown']);

/** Classify every Procedure; those that fit two kinds are returned apart, never guessed. */
export function classifyProcedures(
  procedures: readonly FhirProcedure[],
  recognition: ProcedureRecognition = DEFAULT_PROCEDURE_RECOGNITION,
  /** Records left out for an unknown status or an impossible date are named here. */
  problems?: ParseIssue[],
): { records: ProcedureRecord[]; ambiguous: UnclassifiedProcedure[]; unrecognised: UnrecognisedProcedure[] } {
  const ambiguous: UnclassifiedProcedure[] = [];
  const unrecognised: UnrecognisedProcedure[] = [];
  const now = new Date();
  const records = procedures.flatMap((p): ProcedureRecord[] => {
    if (SKIPPED_STATUS.has(p.status)) return [];
    // "ENTERED-IN-ERROR", "Final", "deleted" or "" are not statuses: such a record is not used (issue 15).
    if (!PROCEDURE_STATUS.has(p.status)) {
      problems?.push({ resourceType: 'Procedure', id: p.id, path: 'status', message: `status "${p.status}" is not a Procedure status: the record is left out` });
      return [];
    }
    const performed = p.performedDateTime ?? p.performedPeriod?.start;
    const dateProblem = recordedDateProblem(performed, now, 'performed date');
    if (dateProblem !== undefined) {
      problems?.push({ resourceType: 'Procedure', id: p.id, path: p.performedDateTime === undefined ? 'performedPeriod.start' : 'performedDateTime', message: `${dateProblem}; the record is left out` });
      return [];
    }
    const c = classifyProcedureCode(p.code, recognition);
    if (c.kind === 'ambiguous') {
      ambiguous.push({ id: p.id, text: c.text, kinds: c.kinds });
      return [];
    }
    if (c.kind === 'none') {
      unrecognised.push({ id: p.id, performed, text: conceptTexts(p.code)[0], devices: focalDevices(p) });
      return [];
    }
    return [
      {
        id: p.id,
        kind: c.procedureKind,
        status: p.status,
        performed: p.performedDateTime ?? p.performedPeriod?.start,
        note: noteText(p),
        match: c.match,
        codeText: conceptTexts(p.code)[0],
        devices: focalDevices(p),
        usedText: (p.usedCode ?? []).flatMap(conceptTexts),
      },
    ];
  });
  const sorted = sortNewestFirst(records.map((r) => ({ ...r, effective: r.performed }))).map(({ effective: _e, ...r }) => r);
  return { records: sorted, ambiguous, unrecognised };
}

const focalDevices = (p: FhirProcedure): string[] => (p.focalDevice ?? []).flatMap((d) => (d.manipulated.reference === undefined ? [] : [d.manipulated.reference]));

/** A Procedure neither its code nor its text makes a pump procedure (most of a chart's procedures). */
export type UnrecognisedProcedure = { readonly id: string; readonly performed: string | undefined; readonly text: string | undefined; readonly devices: readonly string[] };

/**
 * Procedures on the pump itself (focalDevice → the pump) that are not recognised as any pump
 * procedure and are not older than the last recognised refill. Such a record is most likely a
 * refill or a reprogramming written in words the site's patterns do not know: left unnamed, the
 * forecast would start silently from the fill before it (issue 15, fuzz: a newest refill whose
 * text was "0,5 mg/mL" moved the due date back two months without a word).
 */
function unrecognisedOnPump(unrecognised: readonly UnrecognisedProcedure[], pump: FhirDevice | undefined, lastRefill: string | undefined): ParseIssue[] {
  if (pump === undefined) return [];
  const onPump = (ref: string) => ref.split('/').slice(-2).join('/') === `Device/${pump.id}`;
  const since = lastRefill === undefined ? undefined : Date.parse(lastRefill);
  return unrecognised
    .filter((p) => p.devices.some(onPump))
    .filter((p) => {
      const at = p.performed === undefined ? Number.NaN : Date.parse(p.performed);
      return since === undefined || Number.isNaN(since) || Number.isNaN(at) || at >= since;
    })
    .map((p) => ({
      resourceType: 'Procedure',
      id: p.id,
      path: 'code',
      message: `acts on the pump (Device/${pump.id}) but "${p.text ?? 'no code text'}" is not a pump procedure this app recognises: if it was a refill, the forecast is from an earlier fill. Check the record.`,
    }));
}

export function mapProcedures(procedures: readonly FhirProcedure[], recognition: ProcedureRecognition = DEFAULT_PROCEDURE_RECOGNITION): ProcedureRecord[] {
  return classifyProcedures(procedures, recognition).records;
}

const REFILL_KEYS: ReadonlySet<ItemKey> = new Set<ItemKey>(REFILL_OBSERVATION_KEYS);

type Plausible<T> = { ok: true; value: T } | { ok: false; reason: string };

function plausibleFill(value: number, reservoir: Millilitres | undefined): Plausible<Millilitres> {
  if (!Number.isFinite(value) || value <= 0) return { ok: false, reason: `${value} mL is not a positive volume` };
  // A refill puts millilitres into the pump; under 1 mL (5e-324) is a typing or unit error (issue 15).
  if (value < 1) return { ok: false, reason: `${value} mL is less than 1 mL, not a refill volume` };
  const limit = reservoir ?? LARGEST_RESERVOIR_ML;
  if (value > limit) {
    return {
      ok: false,
      reason: `${value} mL is more than the ${reservoir === undefined ? `largest reservoir (${LARGEST_RESERVOIR_ML} mL; the Device does not record its size)` : `pump's ${reservoir} mL reservoir`}`,
    };
  }
  return { ok: true, value: millilitres(value) };
}

function plausibleConcentration(value: number): Plausible<MicrogramsPerMl> {
  if (!Number.isFinite(value) || value <= 0) return { ok: false, reason: `${value} micrograms/mL is not a positive concentration` };
  // The same bounds as an order's concentration (domain/itb-plausibility: twice the strongest supplied, 2000 micrograms/mL).
  if (value > MAX_PLAUSIBLE_CONCENTRATION_UG_PER_ML) return { ok: false, reason: `${value} micrograms/mL is above ${MAX_PLAUSIBLE_CONCENTRATION_UG_PER_ML} micrograms/mL, not a supplied intrathecal strength` };
  // 5e-324 is positive but no strength at all, and broke the forecast (issue 15): the same floor as an order's concentration.
  if (value < MIN_PLAUSIBLE_CONCENTRATION_UG_PER_ML) return { ok: false, reason: `${value} micrograms/mL is below ${MIN_PLAUSIBLE_CONCENTRATION_UG_PER_ML} microgram/mL, not a supplied intrathecal strength` };
  return { ok: true, value: microgramsPerMl(value) };
}

const FACT_LABEL: Record<RefillFact, string> = { 'fill-volume': 'fill volume', concentration: 'concentration' };

/** The refill's texts, in the order they are searched: code text, note, used code. */
type TextField = Extract<FactSource, { from: 'text' }>['field'];

function refillTexts(p: ProcedureRecord): { field: TextField; text: string }[] {
  return [
    ...(p.codeText === undefined ? [] : [{ field: 'code text' as const, text: p.codeText }]),
    ...(p.note === undefined ? [] : [{ field: 'note' as const, text: p.note }]),
    ...(p.usedText ?? []).map((text) => ({ field: 'used code' as const, text })),
  ];
}

/** A refill's fact from its texts with the site's patterns, in micrograms/mL or mL. */
function factFromText(
  p: ProcedureRecord,
  fact: RefillFact,
  recognition: ProcedureRecognition,
  refused: string[],
): { value: number; source: FactSource } | undefined {
  for (const { field, text } of refillTexts(p)) {
    const r = readFactFromText(text, fact, recognition.refillText);
    if (r.kind === 'none') continue;
    if (r.kind === 'refused') {
      refused.push(`The ${FACT_LABEL[fact]} in the refill's ${field} was not read: ${r.reason}.`);
      return undefined;
    }
    if (fact === 'concentration' && !/^(mcg|micrograms?|ug|µg|μg)$/.test(r.unit)) {
      refused.push(`The concentration in the refill's ${field} ("${r.matched}") is not in micrograms/mL: not read (intrathecal strengths are written in micrograms/mL).`);
      return undefined;
    }
    return { value: r.value, source: { from: 'text', field, text } };
  }
  return undefined;
}

/**
 * Pair each refill Procedure with its fill volume and concentration: from Observations with
 * `partOf` the Procedure first, then from the refill's own text by the site's patterns. Every
 * value is checked (positive, fill within the reservoir, concentration ≤ 4000 micrograms/mL);
 * what is left out is named in `refused`.
 */
export function mapRefills(
  procedures: readonly ProcedureRecord[],
  observationResources: readonly unknown[],
  options: { recognition?: ProcedureRecognition; reservoir?: Millilitres | undefined } = {},
): { refills: Refill[]; issues: ParseIssue[] } {
  const recognition = options.recognition ?? DEFAULT_PROCEDURE_RECOGNITION;
  const { items, issues } = mapObservationResources(observationResources, REFILL_KEYS);
  const forProcedure = (id: string) => items.filter((o) => o.partOf.some((r) => r === `Procedure/${id}` || r.endsWith(`/Procedure/${id}`)));
  const refills = procedures
    .filter((p) => p.kind === 'pump-refill')
    .map((p): Refill => {
      const obs = forProcedure(p.id);
      const refused: string[] = [];
      const observed = (key: ItemKey) => {
        const o = obs.find((x) => x.key === key);
        return o?.value.kind === 'quantity' ? { id: o.id, value: o.value } : undefined;
      };

      let fillVolume: Millilitres | undefined;
      let fillVolumeFrom: FactSource | undefined;
      const vol = observed('reservoir-fill-volume');
      if (vol !== undefined) {
        const ml = readMl({ value: vol.value.value, ...(vol.value.unit === undefined ? {} : { code: vol.value.unit, system: SYSTEM.ucum }) });
        const checked = ml === undefined ? undefined : ml.ok ? plausibleFill(ml.value, options.reservoir) : ml;
        if (checked?.ok === true) {
          fillVolume = checked.value;
          fillVolumeFrom = { from: 'observation', id: vol.id };
        } else if (checked !== undefined) refused.push(`The fill volume on Observation/${vol.id} was left out: ${checked.reason}.`);
      } else {
        const t = factFromText(p, 'fill-volume', recognition, refused);
        if (t !== undefined) {
          const checked = plausibleFill(t.value, options.reservoir);
          if (checked.ok) {
            fillVolume = checked.value;
            fillVolumeFrom = t.source;
          } else refused.push(`The fill volume in the refill's ${t.source.from === 'text' ? t.source.field : 'text'} was left out: ${checked.reason}.`);
        }
      }

      let concentration: MicrogramsPerMl | undefined;
      let concentrationFrom: FactSource | undefined;
      const conc = observed('refill-concentration');
      if (conc !== undefined) {
        const ug = conc.value.unit === undefined ? undefined : convertUcum('concentration', conc.value.value, conc.value.unit, 'ug/mL');
        if (ug?.ok !== true) refused.push(`The concentration on Observation/${conc.id} was left out: its unit ${conc.value.unit ?? '(none)'} is not micrograms/mL.`);
        else {
          const checked = plausibleConcentration(ug.value);
          if (checked.ok) {
            concentration = checked.value;
            concentrationFrom = { from: 'observation', id: conc.id };
          } else refused.push(`The concentration on Observation/${conc.id} was left out: ${checked.reason}.`);
        }
      } else {
        const t = factFromText(p, 'concentration', recognition, refused);
        if (t !== undefined) {
          const checked = plausibleConcentration(t.value);
          if (checked.ok) {
            concentration = checked.value;
            concentrationFrom = t.source;
          } else refused.push(`The concentration in the refill's text was left out: ${checked.reason}.`);
        }
      }
      const programmer = obs.find((x) => x.key === 'programmer-next-refill-date');
      let programmerNextRefillDate: Refill['programmerNextRefillDate'];
      if (programmer !== undefined) {
        // Written as valueDateTime (a calendar date); older records and Epic flowsheet rows carry it as text.
        const v = programmer.value;
        const date = (v.kind === 'dateTime' || v.kind === 'string') && /^\d{4}-\d{2}-\d{2}$/.test(v.value.trim()) ? v.value.trim() : undefined;
        if (date !== undefined) programmerNextRefillDate = { date, id: programmer.id };
        else refused.push(`The Clinician Programmer's date on Observation/${programmer.id} was left out: not a calendar date (YYYY-MM-DD).`);
      }
      return {
        procedureId: p.id,
        performed: p.performed,
        fillVolume,
        concentration,
        ...(programmerNextRefillDate === undefined ? {} : { programmerNextRefillDate }),
        ...(fillVolumeFrom === undefined ? {} : { fillVolumeFrom }),
        ...(concentrationFrom === undefined ? {} : { concentrationFrom }),
        ...(p.match === undefined ? {} : { match: p.match }),
        refused,
      };
    });
  return { refills, issues: [...issues] };
}

export type { PumpSearchUrls } from './first-wave';

/** The four searches the pump read sends (first-wave.ts, which sends them at the launch). */
export function pumpSearchUrls(patientId: string, recognition: ProcedureRecognition = DEFAULT_PROCEDURE_RECOGNITION): PumpSearchUrls {
  return pumpSearchUrlsOf(patientId, recognition);
}


/** The pump read's four search pages, as `searchPages` returns them. */
export type PumpPages = {
  readonly devices: SearchPage;
  readonly recent: SearchPage;
  readonly implant: SearchPage;
  readonly refillObservations: SearchPage;
};

/** The four searches' pages → what the views show (pure: the fuzz test runs it without a server). */
export function mapPump(pages: PumpPages, recognition: ProcedureRecognition = DEFAULT_PROCEDURE_RECOGNITION): PumpInfo {
  const { devices, recent, implant, refillObservations: refillObs } = pages;
  const implantCodes = implantCodesOf(recognition);
  const parsedDevices = parseResourcesOfType(devices.resources, 'Device', deviceSchema);
  const parsedRecent = parseResourcesOfType(recent.resources, 'Procedure', procedureSchema);
  const parsedProcs = parseResourcesOfType([...recent.resources, ...implant.resources], 'Procedure', procedureSchema);
  const unique = [...new Map(parsedProcs.items.map((p) => [p.id, p])).values()];
  const leftOut: ParseIssue[] = [];
  const { records: procedures, ambiguous, unrecognised } = classifyProcedures(unique, recognition, leftOut);
  const { chosen, ignored } = choosePumpDevice(parsedDevices.items, procedures);
  const device = chosen === undefined ? undefined : mapDevice(chosen);
  const { refills, issues } = mapRefills(procedures, refillObs.resources, { recognition, reservoir: device?.reservoirVolume });
  leftOut.push(...unrecognisedOnPump(unrecognised, chosen, refills[0]?.performed));
  // Issues from the two Procedure searches can repeat the same resource: report it once.
  const seen = new Set<string>();
  const outcomes = [...devices.outcomes, ...recent.outcomes, ...implant.outcomes, ...refillObs.outcomes];
  const allIssues = [...outcomes, ...parsedDevices.issues, ...parsedProcs.issues, ...leftOut, ...issues].filter((i) => {
    const k = `${i.resourceType}/${i.id ?? ''}/${i.path}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const implantRecord = procedures.find((p) => p.kind === 'pump-implant' || p.kind === 'pump-replacement');
  return {
    device,
    implantDate: implantRecord?.performed,
    implant: implantRecord,
    procedures,
    refills,
    issues: allIssues,
    ambiguous,
    ignoredDevices: ignored,
    searched: {
      recentRead: parsedRecent.items.length + parsedRecent.issues.length,
      recentLimit: recognition.recentCount,
      moreOlder: recent.next !== undefined,
      codes: recognition.codes,
      text: recognition.text,
      implantCodes,
    },
  };
}

/** The four searches sent together, then `mapPump`. */
export async function fetchPump(
  client: FhirClient,
  patientId: string,
  signal?: AbortSignal,
  recognition: ProcedureRecognition = DEFAULT_PROCEDURE_RECOGNITION,
): Promise<PumpInfo> {
  const opts = { maxPages: 1, ...(signal === undefined ? {} : { signal }) };
  const urls = pumpSearchUrls(patientId, recognition);
  const [devices, recent, implant, refillObs] = await Promise.all([
    searchPages(client, urls.devices, opts),
    searchPages(client, urls.recent, opts),
    searchPages(client, urls.implant, opts),
    searchPages(client, urls.refillObservations, opts),
  ]);
  return withUnits(() => mapPump({ devices, recent, implant, refillObservations: refillObs }, recognition));
}

export const pumpQueryOptions = (client: FhirClient, patientId: string, recognition: ProcedureRecognition = DEFAULT_PROCEDURE_RECOGNITION) =>
  queryOptions({
    // The recognition rules come from the site configuration, fixed for the session.
    queryKey: ['patient', patientId, 'pump'] as const,
    queryFn: ({ signal }) => fetchPump(client, patientId, signal, recognition),
  });

/** All Procedures, newest first, one server page at a time, classified like the recent ones. */
export const procedureHistoryInfiniteQueryOptions = (
  client: FhirClient,
  patientId: string,
  options: { pageSize?: number; recognition?: ProcedureRecognition } = {},
) =>
  infiniteQueryOptions({
    queryKey: ['patient', patientId, 'procedure-history', { pageSize: options.pageSize ?? 50 }] as const,
    queryFn: async ({ pageParam, signal }): Promise<HistoryPage<ProcedureRecord>> => {
      const page = await searchPages(client, pageParam, { maxPages: 1, signal });
      const parsed = parseResourcesOfType(page.resources, 'Procedure', procedureSchema);
      const leftOut: ParseIssue[] = [];
      const items = classifyProcedures(parsed.items, options.recognition, leftOut).records;
      return { items, issues: [...page.outcomes, ...parsed.issues, ...leftOut], next: page.next };
    },
    initialPageParam: searchUrl('Procedure', [
      ['patient', patientId],
      ['_sort', '-date'],
      ['_count', String(options.pageSize ?? 50)],
    ]),
    getNextPageParam: (last) => last.next,
  });
