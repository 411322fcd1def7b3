/**
 * Code systems and codes the app reads and writes. Source of truth: docs/fhir-conventions.md
 * (the contract with the sandbox EHR) and clinical-reference §2.
 */

export const SYSTEM = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  v2IdentifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  itbAssessment: 'https://itb-companion.example/fhir/CodeSystem/itb-assessment',
  itbProcedure: 'https://itb-companion.example/fhir/CodeSystem/itb-procedure',
  itbDeviceProperty: 'https://itb-companion.example/fhir/CodeSystem/itb-device-property',
  clientEntryId: 'https://itb-companion.example/fhir/NamingSystem/client-entry-id',
  entryGroupId: 'https://itb-companion.example/fhir/NamingSystem/entry-group-id',
} as const;

/** Body weight: 29463-7 is the R4 bodyweight profile code; 3141-9 ("measured") is also read. */
export const WEIGHT_LOINC = ['29463-7', '3141-9'] as const;

/** Baclofen ingredient, RxNorm 1292 (clinical-reference §2.3; match on ingredient, never product). */
export const BACLOFEN_RXNORM = '1292';
/** Intrathecal route, SNOMED 72607000. */
export const INTRATHECAL_ROUTE_SNOMED = '72607000';
/** Oral route, SNOMED 26643006. */
export const ORAL_ROUTE_SNOMED = '26643006';

/** Instrument codes written in Observation.method (clinical-reference §2.2). */
export const METHOD_SNOMED = {
  modifiedAshworth: '765771006',
  modifiedTardieu: '1290510006',
} as const;

/** MRI procedure, SNOMED 113091000 (also the local `mri` code). */
export const MRI_SNOMED = '113091000';

export const PROCEDURE_CODES = ['pump-implant', 'pump-replacement', 'pump-refill', 'test-dose', 'pump-interrogation', 'catheter-revision', 'mri'] as const;
export type ProcedureKind = (typeof PROCEDURE_CODES)[number];

export const DEVICE_PROPERTY = {
  reservoirVolume: 'reservoir-volume',
  lowReservoirAlarmVolume: 'low-reservoir-alarm-volume',
} as const;
