/**
 * Units the compiler checks. Micrograms versus milligrams is the classic intrathecal baclofen
 * error (clinical-reference §4.1 A15): intrathecal doses are micrograms, oral doses milligrams.
 * Each quantity is a number branded with its unit, so a milligram value cannot be passed where an
 * intrathecal dose is expected without an explicit, named conversion.
 */
import * as ucum from '@lhncbc/ucum-lhc';
import { fail, ok, requirePositive, type Result } from './result';

declare const unitBrand: unique symbol;
type Branded<Unit extends string> = number & { readonly [unitBrand]: Unit };

export type Micrograms = Branded<'microgram'>;
export type Milligrams = Branded<'milligram'>;
export type MicrogramsPerDay = Branded<'microgram/day'>;
export type MicrogramsPerMl = Branded<'microgram/mL'>;
export type Millilitres = Branded<'mL'>;
export type MillilitresPerDay = Branded<'mL/day'>;
export type Kilograms = Branded<'kg'>;

/** Brand a raw number. Only for values already known to be in that unit (parsed, validated). */
export const micrograms = (n: number): Micrograms => n as Micrograms;
export const milligrams = (n: number): Milligrams => n as Milligrams;
export const microgramsPerDay = (n: number): MicrogramsPerDay => n as MicrogramsPerDay;
export const microgramsPerMl = (n: number): MicrogramsPerMl => n as MicrogramsPerMl;
export const millilitres = (n: number): Millilitres => n as Millilitres;
export const millilitresPerDay = (n: number): MillilitresPerDay => n as MillilitresPerDay;
export const kilograms = (n: number): Kilograms => n as Kilograms;

// ---------------------------------------------------------------------------------------------
// Conversions and parsing at the unit boundary.


/** The UCUM library's tables are built on the first conversion that needs them, not at start. */
let ucumUtils: ReturnType<typeof ucum.UcumLhcUtils.getInstance> | undefined;

/**
 * UCUM codes the app reads and writes most. A value already in the unit asked for is returned as
 * it is, without building the UCUM tables (tested against the library in units.test.ts).
 */
export const COMMON_UCUM_CODES: ReadonlySet<string> = new Set(['kg', 'g', 'ug', 'mg', 'mL', 'L', 'd', 'h', 'min', 'ug/d', 'ug/h', 'ug/mL', 'mg/mL', 'mg/d', 'Cel', '[lb_av]', '%', '/min', 'mm[Hg]']);

/**
 * Convert a quantity with a UCUM unit code through the UCUM library (no hand-typed factors).
 * Returns the converted number or an error naming the field.
 */
export function convertUcum(field: string, value: number, fromUnit: string, toUnit: string): Result<number> {
  if (fromUnit === toUnit && COMMON_UCUM_CODES.has(fromUnit) && Number.isFinite(value)) return ok(value);
  ucumUtils ??= ucum.UcumLhcUtils.getInstance();
  const result = ucumUtils.convertUnitTo(fromUnit, value, toUnit);
  if (result.status !== 'succeeded' || result.toVal === null || !Number.isFinite(result.toVal)) {
    return fail(field, `Cannot convert ${fromUnit} to ${toUnit}: ${result.msg.join(' ') || 'unknown unit'}.`);
  }
  return ok(result.toVal);
}

/** Weight units accepted from the EHR (UCUM codes; clinical-reference §2.1, body weight). */
export const WEIGHT_UNITS = ['kg', 'g', '[lb_av]'] as const;
export type WeightUnit = (typeof WEIGHT_UNITS)[number];

/** Plausible paediatric weight range; outside it the entry is refused (issue 3, item 9). */
export const MIN_PLAUSIBLE_WEIGHT_KG = 1;
export const MAX_PLAUSIBLE_WEIGHT_KG = 150;

/** A weight in kg, g or [lb_av] → Kilograms via UCUM, refused if implausible (< 1 kg or > 150 kg). */
export function toKilograms(value: number, unit: string, field = 'weight'): Result<Kilograms> {
  const positive = requirePositive(`${field}.value`, value);
  if (!positive.ok) return positive;
  if (!(WEIGHT_UNITS as readonly string[]).includes(unit)) {
    return fail(`${field}.unit`, `Weight unit "${unit}" is not accepted; use kg, g or lb.`);
  }
  const converted = convertUcum(`${field}.unit`, value, unit, 'kg');
  if (!converted.ok) return converted;
  // Round away floating-point noise from the conversion (e.g. 19.958064280000002 kg).
  const kg = Math.round(converted.value * 1e6) / 1e6;
  if (kg < MIN_PLAUSIBLE_WEIGHT_KG || kg > MAX_PLAUSIBLE_WEIGHT_KG) {
    return fail(
      `${field}.value`,
      `A weight of ${kg} kg is implausible (accepted ${MIN_PLAUSIBLE_WEIGHT_KG}–${MAX_PLAUSIBLE_WEIGHT_KG} kg); check the value and unit.`,
    );
  }
  return ok(kilograms(kg));
}

const MICROGRAM_UNITS = ['ug', 'mcg', 'microgram', 'micrograms'];
const MILLIGRAM_UNITS = ['mg', 'milligram', 'milligrams'];

/**
 * An intrathecal (bolus) dose must be entered in micrograms. A dose in milligrams is refused,
 * not converted: the mg/microgram slip is a thousand-fold error (clinical-reference A15).
 */
export function parseIntrathecalDose(value: number, unit: string, field = 'dose'): Result<Micrograms> {
  const u = unit.trim();
  if (MILLIGRAM_UNITS.includes(u.toLowerCase())) {
    return fail(
      `${field}.unit`,
      `Intrathecal baclofen doses are prescribed in micrograms, not mg (1 mg = 1000 micrograms). Re-enter the dose in micrograms.`,
    );
  }
  if (!MICROGRAM_UNITS.includes(u)) {
    return fail(`${field}.unit`, `Intrathecal dose unit "${unit}" is not accepted; enter micrograms (UCUM "ug").`);
  }
  const positive = requirePositive(`${field}.value`, value);
  if (!positive.ok) return positive;
  return ok(micrograms(value));
}

/**
 * An intrathecal daily dose: micrograms per day (`ug/d`), or micrograms per hour (`ug/h`,
 * converted to a 24-hour total via UCUM). Any milligram unit is refused (A15).
 */
export function parseIntrathecalDailyDose(value: number, unit: string, field = 'dailyDose'): Result<MicrogramsPerDay> {
  const u = unit.trim();
  if (/^mg\b|milligram/i.test(u)) {
    return fail(
      `${field}.unit`,
      `Intrathecal baclofen daily doses are in micrograms/day, not mg (1 mg = 1000 micrograms). Re-enter in micrograms/day.`,
    );
  }
  if (u !== 'ug/d' && u !== 'ug/h') {
    return fail(`${field}.unit`, `Daily dose unit "${unit}" is not accepted; use micrograms/day (UCUM "ug/d").`);
  }
  const positive = requirePositive(`${field}.value`, value);
  if (!positive.ok) return positive;
  const converted = convertUcum(`${field}.unit`, value, u, 'ug/d');
  if (!converted.ok) return converted;
  return ok(microgramsPerDay(Math.round(converted.value * 1e6) / 1e6));
}

/** An intrathecal concentration in micrograms/mL (`ug/mL`). mg/mL is refused (A15). */
export function parseConcentration(value: number, unit: string, field = 'concentration'): Result<MicrogramsPerMl> {
  const u = unit.trim();
  if (/^mg\b|milligram/i.test(u)) {
    return fail(`${field}.unit`, `Intrathecal concentrations are in micrograms/mL, not mg/mL. Re-enter in micrograms/mL.`);
  }
  if (u !== 'ug/mL') {
    return fail(`${field}.unit`, `Concentration unit "${unit}" is not accepted; use micrograms/mL (UCUM "ug/mL").`);
  }
  const positive = requirePositive(`${field}.value`, value);
  if (!positive.ok) return positive;
  return ok(microgramsPerMl(value));
}

/** Daily pump volume = daily dose ÷ concentration (Guideline §4.1.1, clinical-reference §3.2). */
export const dailyVolume = (dose: MicrogramsPerDay, concentration: MicrogramsPerMl): MillilitresPerDay =>
  millilitresPerDay(dose / concentration);

/** Volume of a bolus at a concentration: dose ÷ concentration. */
export const volumeFor = (dose: Micrograms, concentration: MicrogramsPerMl): Millilitres =>
  millilitres(dose / concentration);
