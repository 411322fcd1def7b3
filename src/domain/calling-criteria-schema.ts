/**
 * The schemas of a site's calling-criteria table and of per-patient Altered Calling Criteria
 * (zones.ts classifies with them). Apart from zones.ts so that checking a site's configuration at
 * start (app/session.ts) loads the schemas, not the classifier and its default table (issue 16).
 */
import { z } from '../zod-jitless';
import type { NumericVitalSign } from './vital-signs';

const zoneSchema = z.enum(['yellow', 'red']);
const numericParameterSchema = z.enum(['heartRate', 'respiratoryRate', 'spo2', 'systolicBp', 'diastolicBp', 'temperature', 'pain']);
const derivationSchema = z.string().check(z.minLength(1));

export const criteriaRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('numeric'),
    parameter: numericParameterSchema,
    comparison: z.enum(['<', '<=', '>', '>=']),
    value: z.number(),
    zone: zoneSchema,
    derivation: derivationSchema,
  }),
  z.object({ kind: z.literal('avpu'), anyOf: z.array(z.enum(['A', 'V', 'P', 'U'])).check(z.minLength(1)), zone: zoneSchema, derivation: derivationSchema }),
  z.object({ kind: z.literal('oxygen'), zone: zoneSchema, derivation: derivationSchema }),
  /** A seizure recorded in the round (the ITB check). */
  z.object({ kind: z.literal('seizure'), zone: zoneSchema, derivation: derivationSchema }),
]);
export type CriteriaRule = z.infer<typeof criteriaRuleSchema>;
/** What a rule looks at: a numeric vital sign, AVPU, being on oxygen, or a recorded seizure. */
export type CriteriaParameter = NumericVitalSign | 'avpu' | 'oxygen' | 'seizure';

/** '12-18y' is the ViCTOR band a site table may use; the DEFAULT table splits it at 13 (see `AGE_12_BAND`). */
export const AGE_BANDS = ['<3mo', '3-12mo', '1-4y', '5-11y', '12y', '13-18y', '12-18y'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const bandCriteriaSchema = z
  .object({
    band: z.enum(AGE_BANDS),
    minAgeMonths: z.int().check(z.gte(0)),
    maxAgeMonthsExclusive: z.int().check(z.positive()),
    rules: z.array(criteriaRuleSchema),
  }).check(z.refine((b) => b.minAgeMonths < b.maxAgeMonthsExclusive, { message: 'minAgeMonths must be below maxAgeMonthsExclusive', path: ['maxAgeMonthsExclusive'] }));

/** Validates a site's calling-criteria table (load it from configuration with `.safeParse`). */
export const callingCriteriaTableSchema = z
  .object({
    id: z.string().check(z.minLength(1)),
    version: z.string().check(z.minLength(1)),
    label: z.string().check(z.minLength(1)),
    /** True only for the app's built-in published-source table. */
    isDefault: z.boolean(),
    sources: z.array(z.string()),
    bands: z.array(bandCriteriaSchema).check(z.minLength(1)),
  }).check(z.refine((t) => {
      const sorted = [...t.bands].sort((a, b) => a.minAgeMonths - b.minAgeMonths);
      return sorted.every((b, i) => i === 0 || b.minAgeMonths >= (sorted[i - 1]?.maxAgeMonthsExclusive ?? 0));
    }, { message: 'Age bands must not overlap', path: ['bands'] }));
export type CallingCriteriaTable = z.infer<typeof callingCriteriaTableSchema>;

/** Per-patient Altered Calling Criteria: replaces the table's rules for each listed parameter. */
export const alteredCallingCriteriaSchema = z.object({
  rules: z.array(criteriaRuleSchema).check(z.minLength(1)),
  reason: z.string().check(z.minLength(1)),
  authorisedBy: z.string().check(z.minLength(1)),
  /** ISO date-time the alteration was set; before it the standard criteria apply. */
  validFrom: z.optional(z.string()),
  /** ISO date-time; after it the alteration no longer applies. */
  validUntil: z.optional(z.string()),
  /**
   * ISO date-time they were ended before their end time (a later setting ended them): from this
   * instant on (a round timed at it included) the standard criteria apply again.
   */
  endedAt: z.optional(z.string()),
});
export type AlteredCallingCriteria = z.infer<typeof alteredCallingCriteriaSchema>;
