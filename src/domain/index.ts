/**
 * ITB Companion clinical core: pure TypeScript, no React, no FHIR, no I/O.
 *
 * Conventions
 * - Bad input never becomes a number: functions return `Result<T>` =
 *   `{ ok: true, value } | { ok: false, error: { field, message } }` (see result.ts).
 * - Calculations return `Calculation<V, I>` = `{ value, inputs, source, notes, warnings }`:
 *   the number, what it was computed from, the guideline section, and what needs attention.
 * - Dates: `Instant` = `Date | string`. Strings are ISO 8601: a date (`2026-09-13`, read as 00:00
 *   UTC) or a date-time with an offset (`2026-09-13T08:40:00+10:00`); a date-time without an
 *   offset is refused. Results carry `Date` instants. "Now" is always a parameter.
 * - Units are branded numbers (units.ts): Micrograms, Milligrams, MicrogramsPerDay,
 *   MicrogramsPerMl, Millilitres, MillilitresPerDay, Kilograms. Intrathecal values are
 *   micrograms; milligram entries are refused (A15).
 * - Sources: "Guideline §x" = CHW ITB practice guideline; "A1–A16" = clinical-reference §4.1.
 */

export * from './result';
export type { Calculation, DomainWarning, WarningCode } from './calculation';
export * from './time';
export * from './units';

/** assessWeight(weight, now, { staleAfterMonths = 3 }) — kg via UCUM, plausibility 1–150 kg, stale flag. */
export { assessWeight, addCalendarMonths, DEFAULT_WEIGHT_STALE_AFTER_MONTHS } from './weight';
export type { AssessedWeight, WeightObservation, WeightOptions } from './weight';

/** calculateAge(birthDate, now) — completed years, months, days and totalMonths. */
export { calculateAge } from './age';
export type { Age } from './age';

/**
 * suggestTestDose({ birthDate, weight, indication, severity?, now }) — §3.1.5 bands; both bands
 * with the lower marked conservative wherever the table is open (A1–A3); prescriber confirms.
 * calculateTestDoseVolume(dose) — mL at 50 micrograms/mL and 1 mL ampoules; warns > 100 micrograms.
 */
export {
  calculateTestDoseVolume,
  readAgeBand,
  readWeightBand,
  suggestTestDose,
  TEST_DOSE_CONCENTRATION,
} from './test-dose';
export type {
  AgeBandReading,
  SpasticitySeverity,
  TestDoseBand,
  TestDoseBandSuggestion,
  TestDoseIndication,
  TestDoseIndicationInput,
  TestDoseInput,
  TestDoseSuggestion,
  TestDoseVolume,
  WeightBandReading,
} from './test-dose';

/**
 * forecastRefill({ fillDate, fillVolume, concentration, doseSchedule, now, alarmVolume = 2 mL,
 * stabilityDays = 180, dueSoonDays = 14, safetyMarginDays = 0 }) — due date = earlier of the
 * low-reservoir alarm and the stability limit, dose changes applied piecewise (§4.1.1, §4.1.6).
 * forecastPumpReplacement({ implantDate, eriDate?, now }) — ERI preferred, else 5–7 y window (A13).
 */
export {
  DEFAULT_ALARM_VOLUME_ML,
  DEFAULT_REFILL_DUE_SOON_DAYS,
  DEFAULT_STABILITY_DAYS,
  forecastPumpReplacement,
  forecastRefill,
  SUPPLIED_CONCENTRATIONS_MICROGRAMS_PER_ML,
} from './refill';
export type {
  DoseScheduleEntry,
  PumpReplacementForecast,
  PumpReplacementStatus,
  RefillForecast,
  RefillForecastInput,
  RefillLimit,
  RefillSegment,
  RefillStatus,
} from './refill';

/**
 * validateVitalSign(parameter, value) — 'valid' | 'needs-confirmation' | 'impossible' with reason.
 * validateVitalSignsRound(round) — every field plus diastolic < systolic.
 */
export { AVPU_VALUES, NUMERIC_VITAL_SIGNS, validateVitalSign, validateVitalSignsRound, VITAL_SIGN_LIMITS } from './vital-signs';
export type { Avpu, Concern, NumericVitalSign, VitalSignCheck, VitalSignsRound } from './vital-signs';

/**
 * classifyZone(round, { birthDate, now, criteria?, altered? }) — normal/yellow/red with triggers,
 * action, band and table version (§3.4.3–5). DEFAULT_CALLING_CRITERIA is the labelled
 * published-source table; callingCriteriaTableSchema validates a site's table.
 */
export {
  AGE_BANDS,
  alteredCallingCriteriaSchema,
  callingCriteriaTableSchema,
  classifyZone,
  criteriaRuleSchema,
  DEFAULT_CALLING_CRITERIA,
  selectAgeBand,
  zoneAction,
} from './zones';
export type { AgeBand, AlteredCallingCriteria, CallingCriteriaTable, CriteriaParameter, CriteriaRule, Zone, ZoneContext, ZoneResult, ZoneTrigger } from './zones';
