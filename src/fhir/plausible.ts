/**
 * Checks on figures and dates read from inbound FHIR that are not clinical rules of their own: a
 * record's date must fall between 1900 and a little past now, and each numeric vital sign within
 * the entry's physiological limits (the same limits a nurse is held to when typing it). What
 * fails is left out and named by the caller, never shown (issue 15: a wrong figure on a ward is
 * worse than a gap).
 */
import { validateVitalSign, type NumericVitalSign } from '../domain/vital-signs';
import type { ItemKey } from './write-codes';

/** The earliest year a record of a living child can carry. */
export const EARLIEST_RECORD_YEAR = 1900;
/** How far past now a recorded (not planned) event may be dated: clock skew between systems. */
export const RECORD_FUTURE_TOLERANCE_MS = 24 * 60 * 60_000;

/**
 * Why a recorded date cannot be used, or undefined when it can: the year before 1900 (a `0000`
 * placeholder), or later than a day past `now`. A value the caller cannot parse is left alone here
 * (the date formatters show it as written).
 */
export function recordedDateProblem(value: string | undefined, now: Date, what = 'date'): string | undefined {
  if (value === undefined) return undefined;
  const year = /^(\d{4})/.exec(value.trim())?.[1];
  if (year === undefined) return undefined;
  if (Number(year) < EARLIEST_RECORD_YEAR) return `${what} "${value}" is before ${EARLIEST_RECORD_YEAR}: not used`;
  const t = Date.parse(value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value);
  if (Number.isFinite(t) && t > now.getTime() + RECORD_FUTURE_TOLERANCE_MS) return `${what} "${value}" is in the future: not used`;
  return undefined;
}

/**
 * Why a date that may lie ahead (an order's validity, a planned dose) cannot be used: before 1900,
 * or more than ten years from now. Undefined when it can.
 */
export function plannedDateProblem(value: string | undefined, now: Date, what = 'date'): string | undefined {
  if (value === undefined) return undefined;
  const year = /^(\d{4})/.exec(value.trim())?.[1];
  if (year === undefined) return undefined;
  if (Number(year) < EARLIEST_RECORD_YEAR) return `${what} "${value}" is before ${EARLIEST_RECORD_YEAR}: not used`;
  if (Number(year) > now.getUTCFullYear() + 10) return `${what} "${value}" is more than ten years ahead: not used`;
  return undefined;
}

const VITAL_LIMIT_KEY: Partial<Record<ItemKey, { parameter: NumericVitalSign; unit: string }>> = {
  'heart-rate': { parameter: 'heartRate', unit: '/min' },
  'respiratory-rate': { parameter: 'respiratoryRate', unit: '/min' },
  spo2: { parameter: 'spo2', unit: '%' },
  temperature: { parameter: 'temperature', unit: 'Cel' },
  pain: { parameter: 'pain', unit: '{score}' },
};

/** Blood pressure components by their component key. */
const BP_LIMIT_KEY: Record<string, NumericVitalSign> = { 'bp-systolic': 'systolicBp', 'bp-diastolic': 'diastolicBp' };

/**
 * Why a vital sign read from the EHR is not possible (the entry limits of domain/vital-signs), or
 * undefined when it is, or when the item has no limits here. The value must be in the unit the
 * limits are written in (temperatures are converted to Cel before this check).
 */
export function vitalValueProblem(key: string, value: number, unit: string | undefined): string | undefined {
  const limit = (VITAL_LIMIT_KEY as Partial<Record<string, { parameter: NumericVitalSign; unit: string }>>)[key];
  const parameter = limit?.parameter ?? BP_LIMIT_KEY[key];
  if (parameter === undefined) {
    if (key === 'inhaled-oxygen' && unit === '%' && !(value >= 21 && value <= 100)) return `inhaled oxygen of ${value}% is not possible (21–100%)`;
    return undefined;
  }
  // A vital sign in a unit it is never measured in ("97 mmol/L" for SpO2) is not a reading.
  const expected = limit?.unit ?? 'mm[Hg]';
  // A missing unit is already named by the reader ("unit missing or not recognised").
  if (unit === undefined) return undefined;
  if (unit !== expected) return `${value} ${unit} is not in ${expected}`;
  // The entry limits stop at zero; a read value between 0 and 1 (0.0001 mmHg) is no reading either.
  if (value > 0 && value < 1) return `${value} ${unit ?? ''} is not a reading that can be used`.replace('  ', ' ');
  const check = validateVitalSign(parameter, value);
  return check.status === 'impossible' ? check.reason : undefined;
}
