import { z } from '../zod-jitless';

/**
 * Zod schemas for every inbound FHIR resource. Each keeps only the fields the app reads
 * (z.object strips the rest), so a change elsewhere in a resource cannot break a view, while a
 * wrong type in a field we do read is reported by its path.
 */

/** FHIR date / dateTime / instant (R4 §2.24.0.1 primitive regexes, simplified). */
export const fhirDateTimeSchema = z
  .string().check(z.regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/, 'not a FHIR date or dateTime')).check(z.refine(dayExists, 'not a day of the calendar (e.g. 30 February)'));

function dayExists(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (m === null) return true;
  const [, y, mo, d] = m.map(Number) as [number, number, number, number];
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

export const codingSchema = z.object({
  system: z.optional(z.string()),
  code: z.optional(z.string()),
  display: z.optional(z.string()),
});
export type FhirCoding = z.infer<typeof codingSchema>;

export const codeableConceptSchema = z.object({
  coding: z.optional(z.array(codingSchema)),
  text: z.optional(z.string()),
});
export type FhirCodeableConcept = z.infer<typeof codeableConceptSchema>;

/**
 * A Quantity. The comparator is kept everywhere (issue 15: "< 35.5 kg" must not read as 35.5 kg):
 * a value with one is named and not used.
 */
export const quantitySchema = z.object({
  value: z.optional(z.number()),
  comparator: z.optional(z.string()),
  unit: z.optional(z.string()),
  system: z.optional(z.string()),
  code: z.optional(z.string()),
});
export type FhirQuantity = z.infer<typeof quantitySchema>;

export const referenceSchema = z.object({
  reference: z.optional(z.string()),
  display: z.optional(z.string()),
});

export const periodSchema = z.object({
  start: z.optional(fhirDateTimeSchema),
  end: z.optional(fhirDateTimeSchema),
});

export const identifierSchema = z.object({
  system: z.optional(z.string()),
  value: z.optional(z.string()),
  type: z.optional(codeableConceptSchema),
});
export type FhirIdentifier = z.infer<typeof identifierSchema>;

const metaSchema = z.object({ versionId: z.optional(z.string()), lastUpdated: z.optional(z.string()) });

// --- Patient -------------------------------------------------------------------------------

export const humanNameSchema = z.object({
  use: z.optional(z.string()),
  text: z.optional(z.string()),
  family: z.optional(z.string()),
  given: z.optional(z.array(z.string())),
});

export const patientSchema = z.object({
  resourceType: z.literal('Patient'),
  id: z.string(),
  name: z.optional(z.array(humanNameSchema)),
  birthDate: z.optional(fhirDateTimeSchema),
  gender: z.optional(z.enum(['male', 'female', 'other', 'unknown'])),
  identifier: z.optional(z.array(identifierSchema)),
});
export type FhirPatient = z.infer<typeof patientSchema>;

// --- Observation ---------------------------------------------------------------------------

const valueFields = {
  valueQuantity: z.optional(quantitySchema),
  valueCodeableConcept: z.optional(codeableConceptSchema),
  valueBoolean: z.optional(z.boolean()),
  valueInteger: z.optional(z.int()),
  valueString: z.optional(z.string()),
  valueDateTime: z.optional(z.string()),
};

export const observationComponentSchema = z.object({
  code: codeableConceptSchema,
  ...valueFields,
  valueDateTime: z.optional(fhirDateTimeSchema),
  interpretation: z.optional(z.array(codeableConceptSchema)),
});
export type FhirObservationComponent = z.infer<typeof observationComponentSchema>;

export const observationSchema = z.object({
  resourceType: z.literal('Observation'),
  id: z.string(),
  meta: z.optional(metaSchema),
  status: z.string(),
  identifier: z.optional(z.array(identifierSchema)),
  category: z.optional(z.array(codeableConceptSchema)),
  code: codeableConceptSchema,
  effectiveDateTime: z.optional(fhirDateTimeSchema),
  effectivePeriod: z.optional(periodSchema),
  issued: z.optional(z.string()),
  ...valueFields,
  method: z.optional(codeableConceptSchema),
  bodySite: z.optional(codeableConceptSchema),
  note: z.optional(z.array(z.object({ text: z.optional(z.string()) }))),
  // Who recorded (or amended) it. Read for display only: a malformed performer is dropped, never the observation.
  performer: z.catch(z.optional(z.array(referenceSchema)), undefined),
  component: z.optional(z.array(observationComponentSchema)),
  partOf: z.optional(z.array(referenceSchema)),
  dataAbsentReason: z.optional(codeableConceptSchema),
});
export type FhirObservation = z.infer<typeof observationSchema>;

// --- Medication and MedicationRequest -------------------------------------------------------

/** A Quantity in a medication: the comparator is kept (issue 15: "< 35" must not read as 35). */
export const medicationQuantitySchema = z.extend(quantitySchema, {
  comparator: z.optional(z.string()),
});
export type FhirMedicationQuantity = z.infer<typeof medicationQuantitySchema>;

export const ratioSchema = z.object({
  numerator: z.optional(medicationQuantitySchema),
  denominator: z.optional(medicationQuantitySchema),
});
export type FhirRatio = z.infer<typeof ratioSchema>;

export const medicationSchema = z.object({
  resourceType: z.literal('Medication'),
  id: z.optional(z.string()),
  code: z.optional(codeableConceptSchema),
  ingredient: z.optional(z
    .array(
      z.object({
        itemCodeableConcept: z.optional(codeableConceptSchema),
        itemReference: z.optional(referenceSchema),
        strength: z.optional(ratioSchema),
      }),
    )),
});
export type FhirMedication = z.infer<typeof medicationSchema>;

/**
 * Timing. `repeat` keeps every other key (catchall) so the reader can name parts it does not
 * understand (dayOfWeek, when, count, …) instead of silently reading a weekly dose as daily.
 */
export const timingSchema = z.object({
  event: z.optional(z.array(z.string())),
  code: z.optional(codeableConceptSchema),
  repeat: z.optional(z.catchall(z
    .object({
      frequency: z.optional(z.number()),
      period: z.optional(z.number()),
      periodUnit: z.optional(z.string()),
      timeOfDay: z.optional(z.array(z.string())),
      boundsPeriod: z.optional(periodSchema),
    }), z.unknown())),
});
export type FhirTiming = z.infer<typeof timingSchema>;

export const doseAndRateSchema = z.object({
  type: z.optional(codeableConceptSchema),
  doseQuantity: z.optional(medicationQuantitySchema),
  doseRange: z.optional(z.unknown()),
  rateQuantity: z.optional(medicationQuantitySchema),
  rateRatio: z.optional(ratioSchema),
  rateRange: z.optional(z.unknown()),
});
export type FhirDoseAndRate = z.infer<typeof doseAndRateSchema>;

export const dosageSchema = z.object({
  sequence: z.optional(z.number()),
  text: z.optional(z.string()),
  route: z.optional(codeableConceptSchema),
  timing: z.optional(timingSchema),
  asNeededBoolean: z.optional(z.boolean()),
  asNeededCodeableConcept: z.optional(codeableConceptSchema),
  doseAndRate: z.optional(z.array(doseAndRateSchema)),
});
export type FhirDosage = z.infer<typeof dosageSchema>;

export const medicationRequestSchema = z.object({
  resourceType: z.literal('MedicationRequest'),
  id: z.string(),
  status: z.string(),
  intent: z.optional(z.string()),
  authoredOn: z.optional(fhirDateTimeSchema),
  medicationCodeableConcept: z.optional(codeableConceptSchema),
  medicationReference: z.optional(referenceSchema),
  /** Contained resources are parsed one by one later, so one bad contained item is reported alone. */
  contained: z.optional(z.array(z.unknown())),
  dosageInstruction: z.optional(z.array(dosageSchema)),
  dispenseRequest: z.optional(z.object({ validityPeriod: z.optional(periodSchema) })),
});
export type FhirMedicationRequest = z.infer<typeof medicationRequestSchema>;

// --- Device and Procedure -------------------------------------------------------------------

export const deviceSchema = z.object({
  resourceType: z.literal('Device'),
  id: z.string(),
  status: z.optional(z.string()),
  deviceName: z.optional(z.array(z.object({ name: z.string(), type: z.optional(z.string()) }))),
  modelNumber: z.optional(z.string()),
  serialNumber: z.optional(z.string()),
  expirationDate: z.optional(fhirDateTimeSchema),
  type: z.optional(codeableConceptSchema),
  property: z.optional(z
    .array(
      z.object({
        type: codeableConceptSchema,
        valueQuantity: z.optional(z.array(quantitySchema)),
      }),
    )),
});
export type FhirDevice = z.infer<typeof deviceSchema>;

export const procedureSchema = z.object({
  resourceType: z.literal('Procedure'),
  id: z.string(),
  status: z.string(),
  code: z.optional(codeableConceptSchema),
  performedDateTime: z.optional(fhirDateTimeSchema),
  performedPeriod: z.optional(periodSchema),
  note: z.optional(z.array(z.object({ text: z.optional(z.string()) }))),
  /** The pump the procedure was done on (Oracle Health and Epic refills point at the Device). */
  focalDevice: z.optional(z.array(z.object({ action: z.optional(codeableConceptSchema), manipulated: referenceSchema }))),
  usedCode: z.optional(z.array(codeableConceptSchema)),
  usedReference: z.optional(z.array(referenceSchema)),
});
export type FhirProcedure = z.infer<typeof procedureSchema>;

// --- Bundles, outcomes, capabilities --------------------------------------------------------

export const bundleSchema = z.object({
  resourceType: z.literal('Bundle'),
  type: z.optional(z.string()),
  total: z.optional(z.number()),
  link: z.optional(z.array(z.object({ relation: z.string(), url: z.string() }))),
  /** Entries stay unknown here: each resource is parsed on its own so one bad one is skipped. */
  entry: z.optional(z
    .array(
      z.object({
        fullUrl: z.optional(z.string()),
        resource: z.optional(z.unknown()),
        search: z.optional(z.object({ mode: z.optional(z.string()) })),
        response: z.optional(z
          .object({
            status: z.string(),
            location: z.optional(z.string()),
            etag: z.optional(z.string()),
            outcome: z.optional(z.unknown()),
          })),
      }),
    )),
});
export type FhirBundle = z.infer<typeof bundleSchema>;

export const operationOutcomeSchema = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(
    z.object({
      severity: z.optional(z.string()),
      code: z.optional(z.string()),
      diagnostics: z.optional(z.string()),
      details: z.optional(codeableConceptSchema),
      expression: z.optional(z.array(z.string())),
    }),
  ),
});
export type FhirOperationOutcome = z.infer<typeof operationOutcomeSchema>;

export const capabilityStatementSchema = z.object({
  resourceType: z.literal('CapabilityStatement'),
  fhirVersion: z.optional(z.string()),
  rest: z.optional(z
    .array(
      z.object({
        mode: z.optional(z.string()),
        interaction: z.optional(z.array(z.object({ code: z.string() }))),
        resource: z.optional(z
          .array(
            z.object({
              type: z.string(),
              interaction: z.optional(z.array(z.object({ code: z.string() }))),
              conditionalCreate: z.optional(z.boolean()),
              conditionalUpdate: z.optional(z.boolean()),
              versioning: z.optional(z.string()),
              updateCreate: z.optional(z.boolean()),
            }),
          )),
      }),
    )),
});
export type FhirCapabilityStatement = z.infer<typeof capabilityStatementSchema>;
