/**
 * src/fhir — the only code that knows FHIR shapes. Features get domain-shaped data through
 * react-query options keyed `['patient', patientId, …]`, and hand writes over as drafts.
 * Every read returns `{ items | data, issues }`: a resource that fails its schema is reported
 * (resourceType, id, field path) and skipped, so the UI can tell loading, error, empty and
 * partial apart. Every failure is a `FhirError` with a `kind`.
 */

// --- Client and errors -----------------------------------------------------------------------
/** The fhirclient Client from `FHIR.oauth2.ready()`. */
export type { FhirClient } from './client';
/** Typed failure: kind network | server | session-expired | forbidden | invalid | conflict | not-found. */
export { FhirError, isFhirError, toFhirError, describeOutcome, type FhirErrorKind } from './errors';
/** A resource that failed its schema, and the `{ items, issues }` shape of every read. */
export type { ParseIssue, ReadResult } from './parse';

// --- Reads -------------------------------------------------------------------------------------
/** Name, birth date, age (years, months), sex and MRN for the banner. */
export { patientQueryOptions, mapPatient, type PatientSummary, type PatientSex } from './patient';
/** Latest body weight (29463-7 / 3141-9) converted to kg, with date and original unit. */
export { latestWeightQueryOptions, mapLatestWeight, withWeightForAge, WEIGHT_READ_COUNT, type BodyWeight, type LatestWeight, type WeightForAgeChild } from './observations';
export { WEIGHT_LOINC } from './codes';
/** Vital signs / assessments since a date, newest first (`{ items, issues, hasMore }`). */
export {
  vitalSignsQueryOptions,
  assessmentsQueryOptions,
  vitalSignsHistoryInfiniteQueryOptions,
  assessmentsHistoryInfiniteQueryOptions,
  mapObservation,
  latestTestDoseInjection,
  type TestDoseInjectionRecord,
  type ObservationRecord,
  type ObservationValue,
  type ObservationScalar,
  type ObservationComponentValue,
  type ObservationList,
  type ObservationWindow,
  type HistoryPage,
} from './observations';
/** Intrathecal baclofen: current dose, concentration, timeline newest first; oral kept apart. */
export {
  itbMedicationsQueryOptions,
  doseHistoryInfiniteQueryOptions,
  mapItbMedications,
  withConfirmedDoses,
  type DoseCandidate,
  type ItbMedications,
  type DoseChange,
  type DoseStep,
  type OralBaclofen,
} from './medications';
/** Implanted pump, implant date, recent procedures and refills (all optional). */
export {
  pumpQueryOptions,
  procedureHistoryInfiniteQueryOptions,
  type PumpInfo,
  type ImplantedPump,
  type ProcedureRecord,
  type Refill,
  type FactSource,
  type PumpSearch,
  type UnclassifiedProcedure,
} from './pump';
/** Pump procedures recognised by code (built-in and site), by text pattern, and refill facts read from text. */
export {
  procedureRecognitionFrom,
  DEFAULT_PROCEDURE_RECOGNITION,
  type ProcedureRecognition,
  type ProcedureMatch,
  type ProcedureCodeRule,
  type ProcedureTextRule,
} from './procedure-recognition';
export type { ProcedureKind } from './codes';
/** Planned intrathecal baclofen test doses (ServiceRequest active/draft/on-hold), dose with its source. */
export {
  plannedTestDosesQueryOptions,
  mapPlannedTestDoses,
  type PlannedTestDose,
  type PlannedTestDoses,
  type PlannedDose,
  type PlannedDoseSource,
} from './service-requests';
/** The launch encounter: admitted or discharged (ends the test-dose day's hourly prompts). */
export { encounterQueryOptions, mapEncounter, type EncounterSummary } from './encounter';
/** The server's write strategy from its CapabilityStatement. */
export { capabilitiesQueryOptions, mapWriteStrategy, CONSERVATIVE_STRATEGY, type WriteStrategy } from './capabilities';
/** The dashboard's queries: one parallel wave after ready(). `loadDashboard` runs them without react-query. */
export { dashboardQueries, loadDashboard, type DashboardWindow, type DashboardData, type DashboardPart } from './dashboard';

// --- Writes --------------------------------------------------------------------------------------
/** Item keys, site write-code map (zod schema for site-config), defaults and coded answers. */
export {
  writeCodeMapSchema,
  defaultWriteCodes,
  resolveWriteCodes,
  ANSWER_CODES,
  ITEM_KEYS,
  VITAL_SIGN_KEYS,
  ITB_CHECK_KEYS,
  ASSESSMENT_KEYS,
  ESCALATION_KEYS,
  BADS_REGION_KEYS,
  COMPONENT_KEYS,
  type ItemKey,
  type VitalSignKey,
  type ItbCheckKey,
  type AssessmentKey,
  type EscalationKey,
  type BadsRegionKey,
  type ComponentKey,
  type WriteCodeMap,
  type WriteCodeMapOverrides,
  type WriteCode,
  type AvpuLevel,
  type MasGrade,
  type GmfcsLevel,
  type TestDoseVerdict,
  type TimePoint,
} from './write-codes';
/** Drafts features hand over, and the builder that turns them into Observations. */
export {
  buildObservation,
  type ObservationDraft,
  type DraftValue,
  type DraftScalar,
  type Laterality,
  type WriteContext,
} from './build';
/**
 * Mutations. `saveObservationGroup` writes a round/assessment by the server's strategy and says
 * per item what was confirmed (`complete` only when all were); `amendObservation` PUTs status
 * amended with If-Match (409/412 → kind 'conflict'); `findWrittenByIdentifier` lists what a
 * group already has on the server; `recordTestDoseInjection` starts the test-dose clock.
 */
export {
  saveObservationGroup,
  amendObservation,
  markEnteredInError,
  findWrittenByIdentifier,
  recordTestDoseInjection,
  writeContextFrom,
  newEntryId,
  type SaveGroupInput,
  type SaveGroupResult,
  type SaveProgress,
  type ItemConfirmation,
  type AmendInput,
  type TestDoseInjectionInput,
  type WrittenItem,
} from './write';
/**
 * The refill visit: `saveRefillVisit` writes the completed refill Procedure (pump as focalDevice)
 * and its Observations (residual, fill volume, concentration, programmer's date) exactly once.
 */
export {
  buildRefillDrafts,
  buildRefillProcedure,
  refillNote,
  REFILL_PROCEDURE_TEXT,
  saveRefillVisit,
  type RefillVisitInput,
  type RefillVisitRecord,
  type RefillVisitResult,
} from './refill-visit-write';

/** A patient's Altered Calling Criteria: one Observation per setting, newest in force until its end time. */
export {
  ALTERED_PARAMETERS,
  alteredCriteriaQueryOptions,
  toDomainCriteria,
  type AlteredCriteriaEntry,
  type AlteredCriteriaRead,
  type AlteredCriteriaRecord,
  type AlteredParameter,
  type AlteredRule,
} from './altered-criteria';
export { saveAlteredCriteria } from './altered-criteria-write';

/**
 * Write journals an earlier page left (a reload, a relaunch in the tab), reconciled at launch
 * before anything is written again: search, retire copies, compare, say what was found.
 */
export { leftoverGroups, reconcileJournalGroup, resumeLeftoverJournals, type ResumedGroup, type ResumeResult } from './journal-resume';
