import { z } from 'zod';

/**
 * Zod schemas for every inbound FHIR resource. Each keeps only the fields the app reads
 * (z.object strips the rest), so a change elsewhere in a resource cannot break a view, while a
 * wrong type in a field we do read is reported by its path.
 */

/** FHIR date / dateTime / instant (R4 §2.24.0.1 primitive regexes, simplified). */
export const fhirDateTimeSchema = z
  .string()
  .regex(
    /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/,
    'not a FHIR date or dateTime',
  )
  // The regex allows 30 February; JavaScript would read it as 2 March (issue 15): the day must exist.
  .refine(dayExists, 'not a day of the calendar (e.g. 30 February)');

function dayExists(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (m === null) return true;
  const [, y, mo, d] = m.map(Number) as [number, number, number, number];
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

export const codingSchema = z.object({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
export type FhirCoding = z.infer<typeof codingSchema>;

export const codeableConceptSchema = z.object({
  coding: z.array(codingSchema).optional(),
  text: z.string().optional(),
});
export type FhirCodeableConcept = z.infer<typeof codeableConceptSchema>;

/**
 * A Quantity. The comparator is kept everywhere (issue 15: "< 35.5 kg" must not read as 35.5 kg):
 * a value with one is named and not used.
 */
export const quantitySchema = z.object({
  value: z.number().optional(),
  comparator: z.string().optional(),
  unit: z.string().optional(),
  system: z.string().optional(),
  code: z.string().optional(),
});
export type FhirQuantity = z.infer<typeof quantitySchema>;

export const referenceSchema = z.object({
  reference: z.string().optional(),
  display: z.string().optional(),
});

export const periodSchema = z.object({
  start: fhirDateTimeSchema.optional(),
  end: fhirDateTimeSchema.optional(),
});

export const identifierSchema = z.object({
  system: z.string().optional(),
  value: z.string().optional(),
  type: codeableConceptSchema.optional(),
});
export type FhirIdentifier = z.infer<typeof identifierSchema>;

const metaSchema = z.object({ versionId: z.string().optional(), lastUpdated: z.string().optional() });

// --- Patient -------------------------------------------------------------------------------

export const humanNameSchema = z.object({
  use: z.string().optional(),
  text: z.string().optional(),
  family: z.string().optional(),
  given: z.array(z.string()).optional(),
});

export const patientSchema = z.object({
  resourceType: z.literal('Patient'),
  id: z.string(),
  name: z.array(humanNameSchema).optional(),
  birthDate: fhirDateTimeSchema.optional(),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
  identifier: z.array(identifierSchema).optional(),
});
export type FhirPatient = z.infer<typeof patientSchema>;

// --- Observation ---------------------------------------------------------------------------

const valueFields = {
  valueQuantity: quantitySchema.optional(),
  valueCodeableConcept: codeableConceptSchema.optional(),
  valueBoolean: z.boolean().optional(),
  valueInteger: z.number().int().optional(),
  valueString: z.string().optional(),
  valueDateTime: z.string().optional(),
};

export const observationComponentSchema = z.object({
  code: codeableConceptSchema,
  ...valueFields,
  valueDateTime: fhirDateTimeSchema.optional(),
  interpretation: z.array(codeableConceptSchema).optional(),
});
export type FhirObservationComponent = z.infer<typeof observationComponentSchema>;

export const observationSchema = z.object({
  resourceType: z.literal('Observation'),
  id: z.string(),
  meta: metaSchema.optional(),
  status: z.string(),
  identifier: z.array(identifierSchema).optional(),
  category: z.array(codeableConceptSchema).optional(),
  code: codeableConceptSchema,
  effectiveDateTime: fhirDateTimeSchema.optional(),
  effectivePeriod: periodSchema.optional(),
  issued: z.string().optional(),
  ...valueFields,
  method: codeableConceptSchema.optional(),
  bodySite: codeableConceptSchema.optional(),
  note: z.array(z.object({ text: z.string().optional() })).optional(),
  // Who recorded (or amended) it. Read for display only: a malformed performer is dropped, never the observation.
  performer: z.array(referenceSchema).optional().catch(undefined),
  component: z.array(observationComponentSchema).optional(),
  partOf: z.array(referenceSchema).optional(),
  dataAbsentReason: codeableConceptSchema.optional(),
});
export type FhirObservation = z.infer<typeof observationSchema>;

// --- Medication and MedicationRequest -------------------------------------------------------

/** A Quantity in a medication: the comparator is kept (issue 15: "< 35" must not read as 35). */
export const medicationQuantitySchema = quantitySchema.extend({
  comparator: z.string().optional(),
});
export type FhirMedicationQuantity = z.infer<typeof medicationQuantitySchema>;

export const ratioSchema = z.object({
  numerator: medicationQuantitySchema.optional(),
  denominator: medicationQuantitySchema.optional(),
});
export type FhirRatio = z.infer<typeof ratioSchema>;

export const medicationSchema = z.object({
  resourceType: z.literal('Medication'),
  id: z.string().optional(),
  code: codeableConceptSchema.optional(),
  ingredient: z
    .array(
      z.object({
        itemCodeableConcept: codeableConceptSchema.optional(),
        itemReference: referenceSchema.optional(),
        strength: ratioSchema.optional(),
      }),
    )
    .optional(),
});
export type FhirMedication = z.infer<typeof medicationSchema>;

/**
 * Timing. `repeat` keeps every other key (catchall) so the reader can name parts it does not
 * understand (dayOfWeek, when, count, …) instead of silently reading a weekly dose as daily.
 */
export const timingSchema = z.object({
  event: z.array(z.string()).optional(),
  code: codeableConceptSchema.optional(),
  repeat: z
    .object({
      frequency: z.number().optional(),
      period: z.number().optional(),
      periodUnit: z.string().optional(),
      timeOfDay: z.array(z.string()).optional(),
      boundsPeriod: periodSchema.optional(),
    })
    .catchall(z.unknown())
    .optional(),
});
export type FhirTiming = z.infer<typeof timingSchema>;

export const doseAndRateSchema = z.object({
  type: codeableConceptSchema.optional(),
  doseQuantity: medicationQuantitySchema.optional(),
  doseRange: z.unknown().optional(),
  rateQuantity: medicationQuantitySchema.optional(),
  rateRatio: ratioSchema.optional(),
  rateRange: z.unknown().optional(),
});
export type FhirDoseAndRate = z.infer<typeof doseAndRateSchema>;

export const dosageSchema = z.object({
  sequence: z.number().optional(),
  text: z.string().optional(),
  route: codeableConceptSchema.optional(),
  timing: timingSchema.optional(),
  asNeededBoolean: z.boolean().optional(),
  asNeededCodeableConcept: codeableConceptSchema.optional(),
  doseAndRate: z.array(doseAndRateSchema).optional(),
});
export type FhirDosage = z.infer<typeof dosageSchema>;

export const medicationRequestSchema = z.object({
  resourceType: z.literal('MedicationRequest'),
  id: z.string(),
  status: z.string(),
  intent: z.string().optional(),
  authoredOn: fhirDateTimeSchema.optional(),
  medicationCodeableConcept: codeableConceptSchema.optional(),
  medicationReference: referenceSchema.optional(),
  /** Contained resources are parsed one by one later, so one bad contained item is reported alone. */
  contained: z.array(z.unknown()).optional(),
  dosageInstruction: z.array(dosageSchema).optional(),
  dispenseRequest: z.object({ validityPeriod: periodSchema.optional() }).optional(),
});
export type FhirMedicationRequest = z.infer<typeof medicationRequestSchema>;

// --- Device and Procedure -------------------------------------------------------------------

export const deviceSchema = z.object({
  resourceType: z.literal('Device'),
  id: z.string(),
  status: z.string().optional(),
  deviceName: z.array(z.object({ name: z.string(), type: z.string().optional() })).optional(),
  modelNumber: z.string().optional(),
  serialNumber: z.string().optional(),
  expirationDate: fhirDateTimeSchema.optional(),
  type: codeableConceptSchema.optional(),
  property: z
    .array(
      z.object({
        type: codeableConceptSchema,
        valueQuantity: z.array(quantitySchema).optional(),
      }),
    )
    .optional(),
});
export type FhirDevice = z.infer<typeof deviceSchema>;

export const procedureSchema = z.object({
  resourceType: z.literal('Procedure'),
  id: z.string(),
  status: z.string(),
  code: codeableConceptSchema.optional(),
  performedDateTime: fhirDateTimeSchema.optional(),
  performedPeriod: periodSchema.optional(),
  note: z.array(z.object({ text: z.string().optional() })).optional(),
  /** The pump the procedure was done on (Oracle Health and Epic refills point at the Device). */
  focalDevice: z.array(z.object({ action: codeableConceptSchema.optional(), manipulated: referenceSchema })).optional(),
  usedCode: z.array(codeableConceptSchema).optional(),
  usedReference: z.array(referenceSchema).optional(),
});
export type FhirProcedure = z.infer<typeof procedureSchema>;

// --- Bundles, outcomes, capabilities --------------------------------------------------------

export const bundleSchema = z.object({
  resourceType: z.literal('Bundle'),
  type: z.string().optional(),
  total: z.number().optional(),
  link: z.array(z.object({ relation: z.string(), url: z.string() })).optional(),
  /** Entries stay unknown here: each resource is parsed on its own so one bad one is skipped. */
  entry: z
    .array(
      z.object({
        fullUrl: z.string().optional(),
        resource: z.unknown().optional(),
        search: z.object({ mode: z.string().optional() }).optional(),
        response: z
          .object({
            status: z.string(),
            location: z.string().optional(),
            etag: z.string().optional(),
            outcome: z.unknown().optional(),
          })
          .optional(),
      }),
    )
    .optional(),
});
export type FhirBundle = z.infer<typeof bundleSchema>;

export const operationOutcomeSchema = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(
    z.object({
      severity: z.string().optional(),
      code: z.string().optional(),
      diagnostics: z.string().optional(),
      details: codeableConceptSchema.optional(),
      expression: z.array(z.string()).optional(),
    }),
  ),
});
export type FhirOperationOutcome = z.infer<typeof operationOutcomeSchema>;

export const capabilityStatementSchema = z.object({
  resourceType: z.literal('CapabilityStatement'),
  fhirVersion: z.string().optional(),
  rest: z
    .array(
      z.object({
        mode: z.string().optional(),
        interaction: z.array(z.object({ code: z.string() })).optional(),
        resource: z
          .array(
            z.object({
              type: z.string(),
              interaction: z.array(z.object({ code: z.string() })).optional(),
              conditionalCreate: z.boolean().optional(),
              conditionalUpdate: z.boolean().optional(),
              versioning: z.string().optional(),
              updateCreate: z.boolean().optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});
export type FhirCapabilityStatement = z.infer<typeof capabilityStatementSchema>;
