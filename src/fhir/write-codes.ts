import { z } from '../zod-jitless';
import { METHOD_SNOMED, SYSTEM } from './codes';

/**
 * Every Observation the app reads or writes is one "item", named by a stable key. The key is the
 * app's own vocabulary; the FHIR code for each item comes from the write code map, whose defaults
 * are the LOINC/SNOMED/local codes of docs/fhir-conventions.md and which a site overrides
 * (Oracle Health wants site event codes with category vital-signs or laboratory; Epic files
 * flowsheet rows by site flowsheet ids, sent as valueString).
 */
export const VITAL_SIGN_KEYS = [
  'body-weight',
  'heart-rate',
  'respiratory-rate',
  'spo2',
  'inhaled-oxygen',
  'blood-pressure',
  'temperature',
  'avpu',
  'pain',
] as const;
export type VitalSignKey = (typeof VITAL_SIGN_KEYS)[number];

/** ITB checks on a round (category exam, valueBoolean). */
export const ITB_CHECK_KEYS = [
  'drowsiness',
  'hypotonia',
  'slowed-breathing',
  'seizure',
  'vomiting',
  'headache',
  'voided-since-dose',
  'itch',
  'sweating',
] as const;
export type ItbCheckKey = (typeof ITB_CHECK_KEYS)[number];

export const BADS_REGION_KEYS = [
  'bads-eyes',
  'bads-mouth',
  'bads-neck',
  'bads-trunk',
  'bads-upper-left',
  'bads-upper-right',
  'bads-lower-left',
  'bads-lower-right',
] as const;
export type BadsRegionKey = (typeof BADS_REGION_KEYS)[number];

export const ASSESSMENT_KEYS = [
  'bads-total',
  ...BADS_REGION_KEYS,
  'mas-grade',
  'mts',
  'gmfcs-level',
  'family-goals',
  /** Physio/OT free text per time point (Guideline §3.2, §3.4.8): valueString. */
  'rom-notes',
  'transfers-notes',
  'itb-test-response',
  'test-dose-injection',
  'reservoir-fill-volume',
  'refill-concentration',
  /** Volume drawn back from the reservoir at a refill (the residual), mL. */
  'refill-residual-volume',
  /** The next refill or alarm date shown by the Clinician Programmer (authoritative, §4.1.6). */
  'programmer-next-refill-date',
] as const;
export type AssessmentKey = (typeof ASSESSMENT_KEYS)[number];

/**
 * Written with every round (issue 12): the staff or family concern asked at the round, and the
 * zone the nurse was shown when saving, so a round red for concern alone is red when read back
 * and the chart holds what the nurse saw (Guideline §3.4.3–4). Category survey, coded answers.
 */
export const ESCALATION_KEYS = ['escalation-concern', 'escalation-zone'] as const;
export type EscalationKey = (typeof ESCALATION_KEYS)[number];

/**
 * A patient's Altered Calling Criteria (issue 12, SPOC "Altered Calling Criteria" box): one
 * Observation per setting, its rules, end time, reason and authoriser as components
 * (docs/fhir-conventions.md, src/fhir/altered-criteria.ts).
 */
export const ALTERED_CRITERIA_KEYS = ['altered-calling-criteria'] as const;

export const ITEM_KEYS = [...VITAL_SIGN_KEYS, ...ITB_CHECK_KEYS, ...ASSESSMENT_KEYS, ...ESCALATION_KEYS, ...ALTERED_CRITERIA_KEYS] as const;
export type ItemKey = (typeof ITEM_KEYS)[number];

/** Observation.component codes. */
export const COMPONENT_KEYS = ['bp-systolic', 'bp-diastolic', 'mts-r1', 'mts-r2', 'mts-quality', 'time-point', 'acc-valid-until', 'acc-reason', 'acc-authorised-by'] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

export const itemKeySchema = z.enum(ITEM_KEYS);
export const componentKeySchema = z.enum(COMPONENT_KEYS);

const codingSchema = z.object({
  system: z.string().check(z.minLength(1)),
  code: z.string().check(z.minLength(1)),
  display: z.optional(z.string()),
});
export type WriteCoding = z.infer<typeof codingSchema>;

const categorySchema = z.enum(['vital-signs', 'exam', 'survey', 'laboratory', 'therapy']);
export type ObservationCategory = z.infer<typeof categorySchema>;

/** How one item is written. */
export const writeCodeSchema = z.object({
  category: categorySchema,
  /** Observation.code.coding; the first coding is the one searches use. */
  coding: z.array(codingSchema).check(z.minLength(1)),
  /** Observation.method (the instrument, e.g. SNOMED Modified Ashworth). */
  method: z.optional(codingSchema),
  /** 'string' sends the value as valueString (Epic flowsheet rows). */
  valueAs: z._default(z.enum(['native', 'string']), 'native'),
});
export type WriteCode = z.infer<typeof writeCodeSchema>;

/**
 * The per-site override, embedded in the site configuration. Only the items a site changes are
 * listed; `resolveWriteCodes` fills the rest from `defaultWriteCodes`.
 */
/** Procedures the app writes (the refill visit). */
export const WRITTEN_PROCEDURE_KEYS = ['pump-refill'] as const;
export type WrittenProcedureKey = (typeof WRITTEN_PROCEDURE_KEYS)[number];

export const writeCodeMapSchema = z.object({
  /**
   * 'au-core': AU Core 2.0.0 vital-sign profiles require a fixed SNOMED CT coding beside LOINC
   * (code.coding min 2); it is added to every default-coded vital the app writes. Default 'base'.
   */
  profile: z._default(z.enum(['base', 'au-core']), 'base'),
  items: z._default(z.partialRecord(itemKeySchema, writeCodeSchema), {}),
  components: z._default(z.partialRecord(componentKeySchema, z.array(codingSchema).check(z.minLength(1))), {}),
  /** Procedure.code.coding per written procedure; the site's code replaces the default. */
  procedures: z._default(z.partialRecord(z.enum(WRITTEN_PROCEDURE_KEYS), z.array(codingSchema).check(z.minLength(1))), {}),
});
export type WriteCodeMapOverrides = z.input<typeof writeCodeMapSchema>;

export type WriteCodeMap = {
  readonly items: Readonly<Record<ItemKey, WriteCode>>;
  readonly components: Readonly<Record<ComponentKey, readonly WriteCoding[]>>;
  readonly procedures: Readonly<Record<WrittenProcedureKey, readonly WriteCoding[]>>;
};

const loinc = (code: string, display: string): WriteCoding => ({ system: SYSTEM.loinc, code, display });
const local = (code: string, display?: string): WriteCoding =>
  display === undefined ? { system: SYSTEM.itbAssessment, code } : { system: SYSTEM.itbAssessment, code, display };
const vital = (coding: WriteCoding): WriteCode => ({ category: 'vital-signs', coding: [coding], valueAs: 'native' });
const exam = (coding: WriteCoding, method?: WriteCoding): WriteCode =>
  method === undefined
    ? { category: 'exam', coding: [coding], valueAs: 'native' }
    : { category: 'exam', coding: [coding], method, valueAs: 'native' };

const checkDisplays: Record<ItbCheckKey, string> = {
  drowsiness: 'Drowsiness',
  hypotonia: 'Hypotonia (floppiness)',
  'slowed-breathing': 'Slowed breathing',
  seizure: 'Seizure',
  vomiting: 'Vomiting',
  headache: 'Headache',
  'voided-since-dose': 'Voided since dose',
  itch: 'Itch',
  sweating: 'Sweating',
};

/** The LOINC/SNOMED/local defaults (docs/fhir-conventions.md "Observations"). */
export const defaultWriteCodes: WriteCodeMap = {
  items: {
    'body-weight': vital(loinc('29463-7', 'Body weight')),
    'heart-rate': vital(loinc('8867-4', 'Heart rate')),
    'respiratory-rate': vital(loinc('9279-1', 'Respiratory rate')),
    // The R4 oxygen saturation profile requires 2708-6; 59408-5 says it was by pulse oximetry.
    spo2: { category: 'vital-signs', coding: [loinc('2708-6', 'Oxygen saturation in Arterial blood'), loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry')], valueAs: 'native' },
    'inhaled-oxygen': vital(loinc('3150-0', 'Inhaled oxygen concentration')),
    'blood-pressure': vital(loinc('85354-9', 'Blood pressure panel with all children optional')),
    temperature: vital(loinc('8310-5', 'Body temperature')),
    // Neither is in the R4 vital-signs value set (clinical-reference §2.1), so neither claims the
    // vital-signs profile: AVPU is the nurse's examination finding (category exam), the 0–10 pain
    // rating a reported score on a rating instrument (category survey, like the other scores).
    avpu: exam(loinc('67775-7', 'Level of responsiveness (AVPU)')),
    pain: { category: 'survey', coding: [loinc('72514-3', 'Pain severity - 0-10 verbal numeric rating [Score] - Reported')], valueAs: 'native' },
    drowsiness: exam(local('drowsiness', checkDisplays.drowsiness)),
    hypotonia: exam(local('hypotonia', checkDisplays.hypotonia)),
    'slowed-breathing': exam(local('slowed-breathing', checkDisplays['slowed-breathing'])),
    seizure: exam(local('seizure', checkDisplays.seizure)),
    vomiting: exam(local('vomiting', checkDisplays.vomiting)),
    headache: exam(local('headache', checkDisplays.headache)),
    'voided-since-dose': exam(local('voided-since-dose', checkDisplays['voided-since-dose'])),
    itch: exam(local('itch', checkDisplays.itch)),
    sweating: exam(local('sweating', checkDisplays.sweating)),
    'bads-total': exam(local('bads-total', 'BADS total')),
    'bads-eyes': exam(local('bads-eyes', 'BADS eyes')),
    'bads-mouth': exam(local('bads-mouth', 'BADS mouth')),
    'bads-neck': exam(local('bads-neck', 'BADS neck')),
    'bads-trunk': exam(local('bads-trunk', 'BADS trunk')),
    'bads-upper-left': exam(local('bads-upper-left', 'BADS upper limb left')),
    'bads-upper-right': exam(local('bads-upper-right', 'BADS upper limb right')),
    'bads-lower-left': exam(local('bads-lower-left', 'BADS lower limb left')),
    'bads-lower-right': exam(local('bads-lower-right', 'BADS lower limb right')),
    'mas-grade': exam(local('mas-grade', 'Modified Ashworth Scale grade'), {
      system: SYSTEM.snomed,
      code: METHOD_SNOMED.modifiedAshworth,
      display: 'Modified Ashworth scale',
    }),
    mts: exam(local('mts', 'Modified Tardieu Scale'), {
      system: SYSTEM.snomed,
      code: METHOD_SNOMED.modifiedTardieu,
      display: 'Modified Tardieu scale',
    }),
    'gmfcs-level': exam(local('gmfcs-level', 'GMFCS level')),
    'family-goals': exam(local('family-goals', 'Family goals')),
    'rom-notes': exam(local('rom-notes', 'Range of movement notes')),
    'transfers-notes': exam(local('transfers-notes', 'Transfers notes')),
    'itb-test-response': exam(local('itb-test-response', 'ITB test dose response')),
    'test-dose-injection': exam(local('test-dose-injection', 'ITB test dose injection')),
    'reservoir-fill-volume': exam(local('reservoir-fill-volume', 'Pump reservoir fill volume')),
    'refill-concentration': exam(local('refill-concentration', 'Pump refill concentration')),
    'refill-residual-volume': exam(local('refill-residual-volume', 'Pump reservoir residual volume withdrawn')),
    'programmer-next-refill-date': exam(local('programmer-next-refill-date', 'Next refill date from the Clinician Programmer')),
    'escalation-concern': { category: 'survey', coding: [local('escalation-concern', 'Staff or family concern at the round')], valueAs: 'native' },
    'escalation-zone': { category: 'survey', coding: [local('escalation-zone', 'Escalation zone shown at the round')], valueAs: 'native' },
    'altered-calling-criteria': { category: 'survey', coding: [local('altered-calling-criteria', 'Altered Calling Criteria')], valueAs: 'native' },
  },
  components: {
    'bp-systolic': [loinc('8480-6', 'Systolic blood pressure')],
    'bp-diastolic': [loinc('8462-4', 'Diastolic blood pressure')],
    'mts-r1': [local('mts-r1', 'Tardieu R1 angle')],
    'mts-r2': [local('mts-r2', 'Tardieu R2 angle')],
    'mts-quality': [local('mts-quality', 'Tardieu quality of muscle reaction')],
    'time-point': [local('time-point', 'Assessment time point')],
    'acc-valid-until': [local('acc-valid-until', 'Altered Calling Criteria in force until')],
    'acc-reason': [local('acc-reason', 'Reason for the Altered Calling Criteria')],
    'acc-authorised-by': [local('acc-authorised-by', 'Altered Calling Criteria authorised by')],
  },
  procedures: {
    // No SNOMED CT code for the pump refill is verified (clinical-reference §2.3 [U]): the app's
    // own code, which the procedure reader recognises; a site sets its code in writeCodes.procedures.
    // Searched again for issue 17 (stored docs, code and web pages, 2 Dec 2026): no SNOMED CT
    // concept for refilling an implanted or intrathecal drug pump was found with an id and a
    // trustworthy source, so none is written (docs/fhir-conventions.md says what was searched).
    'pump-refill': [{ system: SYSTEM.itbProcedure, code: 'pump-refill', display: 'Intrathecal baclofen pump refill' }],
  },
};

const snomed = (code: string, display: string): WriteCoding => ({ system: SYSTEM.snomed, code, display });

/**
 * The fixed SNOMED CT codes of the AU Core 2.0.0 vital-sign profiles (hl7au/au-fhir-core
 * release-2.0.0). There is no AU Core SpO2 profile: SpO2 stays base R4 (2708-6 + 59408-5).
 */
export const AU_CORE_SNOMED: { readonly items: Partial<Record<ItemKey, WriteCoding>>; readonly components: Partial<Record<ComponentKey, WriteCoding>> } = {
  items: {
    'body-weight': snomed('27113001', 'Body weight'),
    'heart-rate': snomed('364075005', 'Heart rate'),
    'respiratory-rate': snomed('86290005', 'Respiratory rate'),
    temperature: snomed('386725007', 'Body temperature'),
    'blood-pressure': snomed('75367002', 'Blood pressure'),
  },
  components: {
    'bp-systolic': snomed('271649006', 'Systolic blood pressure'),
    'bp-diastolic': snomed('271650006', 'Diastolic blood pressure'),
  },
};

/** Site overrides on top of the defaults. Throws a ZodError naming the bad field. */
export function resolveWriteCodes(overrides?: unknown): WriteCodeMap {
  if (overrides === undefined) return defaultWriteCodes;
  const parsed = writeCodeMapSchema.parse(overrides);
  const items: Record<ItemKey, WriteCode> = { ...defaultWriteCodes.items };
  const components: Record<ComponentKey, readonly WriteCoding[]> = { ...defaultWriteCodes.components };
  if (parsed.profile === 'au-core') {
    // LOINC stays first (searches use the first coding); SNOMED CT beside it. A site's own codes
    // for an item (below) replace the defaults whole, so they are left as the site wrote them.
    for (const [key, coding] of Object.entries(AU_CORE_SNOMED.items) as [ItemKey, WriteCoding][]) items[key] = { ...items[key], coding: [...items[key].coding, coding] };
    for (const [key, coding] of Object.entries(AU_CORE_SNOMED.components) as [ComponentKey, WriteCoding][]) components[key] = [...components[key], coding];
  }
  return { items: { ...items, ...parsed.items }, components: { ...components, ...parsed.components }, procedures: { ...defaultWriteCodes.procedures, ...parsed.procedures } };
}

/** Coded answers, by item: the app's answer key → the coding written in valueCodeableConcept. */
export const ANSWER_CODES = {
  avpu: {
    A: { system: SYSTEM.snomed, code: '248234008', display: 'Alert' },
    V: { system: SYSTEM.snomed, code: '300202002', display: 'Responds to voice' },
    P: { system: SYSTEM.snomed, code: '450847001', display: 'Responds to pain' },
    U: { system: SYSTEM.snomed, code: '422768004', display: 'Unresponsive' },
  },
  'mas-grade': {
    'mas-0': local('mas-0', 'MAS 0'),
    'mas-1': local('mas-1', 'MAS 1'),
    'mas-1plus': local('mas-1plus', 'MAS 1+'),
    'mas-2': local('mas-2', 'MAS 2'),
    'mas-3': local('mas-3', 'MAS 3'),
    'mas-4': local('mas-4', 'MAS 4'),
  },
  'gmfcs-level': {
    'gmfcs-I': local('gmfcs-I', 'GMFCS level I'),
    'gmfcs-II': local('gmfcs-II', 'GMFCS level II'),
    'gmfcs-III': local('gmfcs-III', 'GMFCS level III'),
    'gmfcs-IV': local('gmfcs-IV', 'GMFCS level IV'),
    'gmfcs-V': local('gmfcs-V', 'GMFCS level V'),
  },
  'itb-test-response': {
    'response-positive': local('response-positive', 'Positive response'),
    'response-negative': local('response-negative', 'Negative response'),
    'response-equivocal': local('response-equivocal', 'Equivocal response'),
  },
  /** Guideline §3.4.3 (concern → yellow), §3.4.4 (serious concern → red). */
  'escalation-concern': {
    none: local('concern-none', 'No staff or family concern'),
    concern: local('concern', 'Staff or family concerned'),
    'serious-concern': local('serious-concern', 'Serious concern by staff or family'),
  },
  /** What the nurse was shown: a zone, or a round the app would not call normal (issue 12). */
  'escalation-zone': {
    normal: local('zone-normal', 'Within the calling criteria'),
    yellow: local('zone-yellow', 'Yellow zone'),
    red: local('zone-red', 'Red zone'),
    unclassified: local('zone-unclassified', 'Not classified (partial round, no birth date or signs recorded)'),
  },
  'time-point': {
    baseline: local('baseline', 'Baseline'),
    '1h': local('1h', '1 hour'),
    '2h': local('2h', '2 hours'),
    '4h': local('4h', '4 hours'),
    '6h': local('6h', '6 hours'),
  },
} as const satisfies Record<string, Record<string, WriteCoding>>;

export type CodedItemKey = Exclude<keyof typeof ANSWER_CODES, 'time-point'>;
export type AnswerKey<K extends keyof typeof ANSWER_CODES> = keyof (typeof ANSWER_CODES)[K] & string;
export type AvpuLevel = AnswerKey<'avpu'>;
export type MasGrade = AnswerKey<'mas-grade'>;
export type GmfcsLevel = AnswerKey<'gmfcs-level'>;
export type TestDoseVerdict = AnswerKey<'itb-test-response'>;
export type TimePoint = AnswerKey<'time-point'>;
