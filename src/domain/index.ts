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

/** assessWeight(weight, now, { staleAfterMonths = 3, staleAfterDays? }) — kg via UCUM, plausibility 1–150 kg, stale flag. */
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
  checkGivenTestDose,
  TEST_DOSE_TABLE_LOWEST_MICROGRAMS,
  TEST_DOSE_TABLE_HIGHEST_MICROGRAMS,
  TEST_DOSE_REFUSED_BELOW_MICROGRAMS,
} from './test-dose';
export type {
  AgeBandReading,
  GivenTestDoseCheck,
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

/** checkPlannedTestDose(dose, bands, age, weightKg) — a planned test dose (an EHR order) against each §3.1.5 band shown. */
export { checkPlannedTestDose } from './planned-test-dose';
export type { PlannedDoseBandCheck, PlannedDoseCheck, PlannedDoseVerdict } from './planned-test-dose';

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
  FEVER_THRESHOLD_C,
  LOW_TEMPERATURE_C,
  REVIEW_MARK,
  selectAgeBand,
  zoneAction,
} from './zones';
export type { AgeBand, AlteredCallingCriteria, CallingCriteriaTable, CriteriaParameter, CriteriaRule, Zone, ZoneContext, ZoneResult, ZoneTrigger } from './zones';

/**
 * calculateStartingDose({ effectiveTestDose, effectDurationHours? }) — 2× (§4.1.2) beside the
 * label's 1× when the effect lasted over 8 h (A9).
 * evaluateDoseChange({ currentDose, proposedDose, setting, lastChangeAt, now, implantAt?,
 * softMaxDailyDose = 1000 }) — absolute and % change, days since last change, warnings outside
 * +50 micrograms/day (inpatient, §4.1.3) or 5–15% every 3–7 days (outpatient, §4.1.4); A10, A11.
 */
export {
  calculateStartingDose,
  DEFAULT_SOFT_MAX_DAILY_DOSE_MICROGRAMS,
  evaluateDoseChange,
} from './continuous-dosing';
export type { DoseChangeEvaluation, DoseChangeInput, DosingSetting, StartingDose } from './continuous-dosing';

/**
 * scheduleTestDoseDay({ injectionAt, now, recordedRounds?, recordedAssessments?, dischargedAt?,
 * voidedAt?, assessmentHours = [1,2,4,6], toleranceMinutes = 5, graceMinutes = 5 }) — q15 to
 * T+60, hourly to T+7 h, hourly until discharge (A6); assessments (A7); done/due/overdue/upcoming;
 * peak 2–4 h, worn off by 8 h; voiding reminder (§3.4).
 */
export { DEFAULT_ASSESSMENT_HOURS, scheduleTestDoseDay } from './test-dose-schedule';
export type { ObservationPhase, ObservationSlot, ScheduleSlot, SlotStatus, TestDoseDaySchedule, TestDoseScheduleInput } from './test-dose-schedule';

/**
 * scoreBads(scores) — 8 regions 0–4 → total 0–32 (null when a region is missing).
 * evaluateTestDoseResponse({ baseline, timePoints }) — BADS % change (baseline 0 → null), MAS
 * ordinal steps per muscle and side, Tardieu R2−R1; evidence for the clinician's verdict (A8).
 */
export {
  BADS_REGIONS,
  evaluateTestDoseResponse,
  MAS_GRADES,
  masIndex,
  percentChangeFromBaseline,
  scoreBads,
  TIME_POINTS,
} from './response';
export type {
  AssessmentSet,
  BadsComparison,
  BadsRegion,
  BadsScores,
  BadsTotal,
  MasComparison,
  MasEntry,
  MasGrade,
  ResponseEvidence,
  Side,
  TardieuEntry,
  TardieuResult,
  TimePoint,
  TimePointResult,
} from './response';

/**
 * SYNDROME_SIGNS / WITHDRAWAL_SIGNS / OVERDOSE_SIGNS — checklists in the guideline's words (§2,
 * §5.1.2, §5.2.2). classifySyndrome(signs) — 'overdose' | 'withdrawal' | 'mixed' | 'none', guidance.
 */
export { classifySyndrome, OVERDOSE_SIGNS, SYNDROME_SIGNS, WITHDRAWAL_SIGNS } from './syndromes';
export type { SignDefinition, SignPointsTo, SyndromeAssessment, SyndromeLikely, SyndromeSign } from './syndromes';

/**
 * calculateWithdrawalRescueDose({ weight, now }) — oral baclofen by weight (§5.1.4.1; 30 kg →
 * lower band, "120 mg (the guideline does not say per day)", A4). WITHDRAWAL_ADJUNCT_MEDICINES —
 * cyproheptadine and diazepam as guideline text (A5). WITHDRAWAL_STEPS, OVERDOSE_STEPS,
 * LUMBAR_PUNCTURE_WARNING, MRI_PRECAUTION, DIATHERMY_PRECAUTION — §5 and §2 text.
 * scheduleMriInterrogation({ mriEndedAt, now, interrogatedAt? }) — due no later than +2 h (A14).
 */
export {
  calculateWithdrawalRescueDose,
  WEIGHT_FOR_AGE_FIELD,
  DIATHERMY_PRECAUTION,
  LUMBAR_PUNCTURE_WARNING,
  MRI_PRECAUTION,
  OVERDOSE_STEP_LIST,
  OVERDOSE_STEPS,
  overdoseStepsFor,
  POISONS_INFORMATION_PHONE,
  TEST_DOSE_OVERDOSE_NOTES,
  scheduleMriInterrogation,
  WITHDRAWAL_ADJUNCT_MEDICINES,
  WITHDRAWAL_STEPS,
} from './emergency';
/**
 * checkWeightForAge({ kg, recordedAt, birthDate, sex }) — z-score against WHO 2006 (< 2 years) or
 * CDC 2000 (2–20 years) weight-for-age; outside ±WEIGHT_FOR_AGE_Z_LIMIT (4, pending sign-off) the
 * weight needs confirming before a dose is calculated from it.
 */
export { checkWeightForAge, WEIGHT_FOR_AGE_Z_LIMIT } from './weight-for-age';
/** checkEnteredDailyDose(value) — a typed intrathecal daily dose: refused below 1 microgram/day, confirmed below 20 (a milligram figure typed as micrograms). */
export { checkEnteredDailyDose, LOW_DAILY_DOSE_CONFIRM_UG } from './itb-plausibility';
export type { EnteredDailyDoseCheck } from './itb-plausibility';
export type { WeightForAgeCheck } from './weight-for-age';
export type { GuidanceStep, GuidelineMedicineText, MriInterrogationTask, OralBaclofenRescue, StepScope } from './emergency';

/**
 * classifyItbSituation({ now, pump, activeIntrathecalOrders, testDoseInjections }) — 'no-pump'
 * (test-dose day, before it, or a pump not yet running) | 'pump' | 'unknown', with the reasons.
 * syndromesToShow(situation, likely) — the syndromes that apply, the likely one first.
 */
export { catheterMayBeInPlace, classifyItbSituation, explainSignsFor, syndromesToShow, TEST_DOSE_WINDOW_HOURS } from './situation';
export type { ItbSituation, Known, SituationInputs, SyndromeKind, TestDoseFact } from './situation';

/**
 * buildActionPlan(input) — the printable ITB Action Plan's content as of `asOf`: identity, pump and
 * drug, current dose, last refill/implant/dose change/MRI, next refill due, withdrawal and
 * overdose signs and actions, weight-based oral rescue dose with inputs, no lumbar puncture,
 * MRI/diathermy precautions, contacts (passed in, A16). Unavailable parts say why.
 */
export { buildActionPlan, checkPlanPrintable, SAMPLE_CONTACT_TEXT } from './action-plan';
export { buildFamilyActionPlan, familyPlanText, FAMILY_SIGN_WORDS } from './family-action-plan';
export type { FamilyActionPlan, FamilySection } from './family-action-plan';
export { fleschKincaidGrade, countSyllables } from './readability';
export type { ReadabilityScore } from './readability';
export type { ActionPlan, ActionPlanContact, ActionPlanInput, Part } from './action-plan';

/**
 * formatClinicalDateTime(value, offset?) — `13 Sep 2026 08:40` in the string's own offset or the
 * given one (never the machine's). formatClinicalDate(value, offset?) — `13 Sep 2026`.
 */
export { formatClinicalDate, formatClinicalDateTime, parseOffset } from './format';

/**
 * Clinical time (clinical-time.ts): a date-only value is a calendar date at the site (as an
 * instant, its 00:00 in the site zone, DST-aware: `toSiteInstant`, `siteDateToInstant`); a value is
 * written in its own offset when it carries one other than UTC, else in the site zone
 * (`formatSiteDateTime`); site wall-clock entry and ISO output (`fromSiteLocalInput`, `toSiteIso`).
 */
export {
  formatDuration,
  formatSiteDateTime,
  formatSiteTime,
  fromSiteLocalInput,
  isDateOnly,
  offsetAt,
  offsetInTimeZone,
  offsetMinutesAt,
  siteCalendarDate,
  siteDateOptions,
  siteDateOptionsAhead,
  siteDateToInstant,
  toSiteInstant,
  toSiteInstantIso,
  toSiteIso,
  toSiteLocalInput,
} from './clinical-time';

/**
 * Refill visit checks (§4.1.1, §4.1.6; §5.1.1, §5.2.1): residual drawn back against the expected
 * residual with the site's tolerance (default 2 mL, pending sign-off), fill within the reservoir,
 * concentration against the supplied strengths and the order, programmed dose against the order
 * and the outpatient step (§4.1.4).
 */
export {
  checkConcentration,
  checkFillVolume,
  checkProgrammedDose,
  checkResidual,
  DEFAULT_RESERVOIR_LIMIT_ML,
  DEFAULT_RESIDUAL_TOLERANCE_ML,
  refillVisitBlockers,
  RESIDUAL_LESS_GUIDANCE,
  RESIDUAL_MORE_GUIDANCE,
} from './refill-visit';
export type { ConcentrationCheck, FillCheck, ProgrammedDoseCheck, ResidualCheck } from './refill-visit';
/** proposeCloserInterval({ latestZone, roundAt, scheduledNextDue }) — 15 minutes after a yellow or red round (§3.4.5, DERIVED). */
export { CLOSER_INTERVAL_MINUTES, proposeCloserInterval, type CloserIntervalProposal } from './observation-interval';
