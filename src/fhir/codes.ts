/**
 * Code systems and codes the app reads and writes. Source of truth: docs/fhir-conventions.md
 * (the contract with the sandbox EHR) and clinical-reference §2.
 */

export const SYSTEM = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  v3RouteOfAdministration: 'http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration',
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
/**
 * Intrathecal baclofen products in RxNorm (clinical-reference §2.3: RxCUIs listed by openFDA for
 * Gablofen, Lioresal Intrathecal and generic syringes; which code is which strength is not
 * verified, so these only say "baclofen": the route and strength are read from the order).
 */
export const BACLOFEN_RXNORM_PRODUCTS = [
  '308516', '308517', '805678', '805679', '1047437', '1047440', '1047444', '1300890', '1301627',
  '1369783', '1369784', '1369787', '1369788', '1369791', '1369792', '1666613', '1666620', '1666622', '1666623',
] as const;
/**
 * Baclofen (substance), SNOMED CT 387342009 (as listed in HL7 Switzerland's and other published
 * SNOMED substance value sets; not verified against a SNOMED release here). AMT (Australian
 * Medicines Terminology) is the SNOMED CT-AU extension and uses the same system URI
 * `http://snomed.info/sct` (AU Core Medication slices code.coding by that system); AMT's own
 * baclofen product codes are not verified, so AMT codings are recognised by their display text.
 */
export const BACLOFEN_SNOMED_SUBSTANCE = '387342009';
/** Intrathecal route, SNOMED 72607000. */
export const INTRATHECAL_ROUTE_SNOMED = '72607000';
/**
 * HL7 v3 RouteOfAdministration codes under _IntrathecalRoute: IT ("Infusion, intrathecal") and
 * ITINJ ("Injection, intrathecal") (terminology.hl7.org v3-IntrathecalRoute value set).
 */
export const INTRATHECAL_ROUTE_V3 = ['IT', 'ITINJ', '_IntrathecalRoute'] as const;
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
