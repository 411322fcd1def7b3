import { SYSTEM } from './codes';
import { ANSWER_CODES, type ComponentKey, type ItemKey, type TimePoint, type WriteCodeMap, type WriteCoding } from './write-codes';

/** The outbound FHIR R4 shapes the app writes (only what it writes). */
export type OutCoding = { system: string; code: string; display?: string };
export type CodeableConcept = { coding: OutCoding[]; text?: string };
/** `comparator` only where the value is a threshold, never a reading (Altered Calling Criteria). */
export type Quantity = { value: number; unit: string; system: string; code: string; comparator?: '<' | '<=' | '>=' | '>' };
type Reference = { reference: string };
type ValueFields = {
  valueQuantity?: Quantity;
  valueCodeableConcept?: CodeableConcept;
  valueBoolean?: boolean;
  valueInteger?: number;
  valueString?: string;
  valueDateTime?: string;
};
export type ObservationComponent = { code: CodeableConcept; interpretation?: CodeableConcept[] } & ValueFields;
export type Observation = {
  resourceType: 'Observation';
  id?: string;
  meta?: { versionId?: string };
  identifier: { system: string; value: string }[];
  status: 'final' | 'amended' | 'corrected';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  encounter?: Reference;
  effectiveDateTime: string;
  performer?: Reference[];
  method?: CodeableConcept;
  bodySite?: { coding?: OutCoding[]; text: string };
  component?: ObservationComponent[];
  note?: { text: string }[];
  partOf?: Reference[];
} & ValueFields;

/** A value as a feature hands it over: no FHIR knowledge needed. */
export type DraftScalar =
  | { readonly kind: 'quantity'; readonly value: number; /** UCUM code, e.g. '/min', 'mm[Hg]', 'Cel', 'ug', 'mL', 'deg' */ readonly unit: string }
  /** `answer` is a key of ANSWER_CODES for the item: 'A'|'V'|'P'|'U', 'mas-1plus', 'gmfcs-III', 'response-positive'… */
  | { readonly kind: 'codeable'; readonly answer: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  /** A FHIR dateTime: YYYY, YYYY-MM, YYYY-MM-DD or a date-time with its offset (valueDateTime). */
  | { readonly kind: 'dateTime'; readonly value: string };

export type DraftValue =
  | DraftScalar
  | { readonly kind: 'components'; readonly components: readonly { readonly key: ComponentKey; readonly value: DraftScalar }[] }
  /** Components already in FHIR shape, built with the site's codes by a src/fhir mapper (altered-criteria.ts). */
  | { readonly kind: 'built-components'; readonly components: readonly ObservationComponent[] };

export type Laterality = 'left' | 'right' | 'bilateral';

/** One item of a round or assessment, e.g. a heart rate or the MAS grade of one muscle. */
export type ObservationDraft = {
  readonly key: ItemKey;
  /**
   * Unique within the group; the client identifier is `{groupId}:{itemId}`. Defaults to `key`;
   * set it when an item repeats (e.g. 'mas-grade:hamstrings-left').
   */
  readonly itemId?: string;
  readonly value: DraftValue;
  /** Overrides the group's time (e.g. the test-dose injection time). ISO 8601 with offset. */
  readonly effective?: string;
  readonly bodySite?: { readonly text: string; readonly laterality?: Laterality };
  readonly timePoint?: TimePoint;
  readonly note?: string;
  /** A reference this observation is part of, e.g. 'Procedure/123' for refill volumes. */
  readonly partOf?: string;
};

/** Everything a write needs from the launch: who, for whom, when, with which codes. */
export type WriteContext = {
  readonly patientId: string;
  /** The launch encounter, when there is one. */
  readonly encounterId?: string | undefined;
  /** fhirUser of the launching practitioner, e.g. 'Practitioner/abc'. */
  readonly performer?: string | undefined;
  readonly codes: WriteCodeMap;
};

export const itemIdOf = (d: ObservationDraft): string => d.itemId ?? d.key;
export const entryIdentifier = (groupId: string, itemId: string): string => `${groupId}:${itemId}`;

/** The search string for one written item: `identifier=system|value`. */
export const identifierQuery = (groupId: string, itemId: string): string =>
  `identifier=${encodeURIComponent(`${SYSTEM.clientEntryId}|${entryIdentifier(groupId, itemId)}`)}`;

const LATERALITY_TEXT: Record<Laterality, string> = { left: 'left', right: 'right', bilateral: 'both sides' };

function answerCoding(item: string, answer: string): WriteCoding {
  const table: Readonly<Record<string, WriteCoding>> | undefined =
    item in ANSWER_CODES ? ANSWER_CODES[item as keyof typeof ANSWER_CODES] : undefined;
  const coding = table?.[answer];
  if (coding === undefined) throw new RangeError(`"${answer}" is not an answer of ${item}`);
  return coding;
}

const ucumQuantity = (value: number, unit: string): Quantity => ({ value, unit, system: SYSTEM.ucum, code: unit });

function scalarString(item: string, v: DraftScalar): string {
  switch (v.kind) {
    case 'quantity':
      return `${v.value} ${v.unit}`;
    case 'codeable':
      return answerCoding(item, v.answer).display ?? v.answer;
    case 'boolean':
      return v.value ? 'Yes' : 'No';
    case 'integer':
      return String(v.value);
    case 'string':
    case 'dateTime':
      return v.value;
    default:
      return v satisfies never;
  }
}

function scalarFields(item: string, v: DraftScalar, asString: boolean): ValueFields {
  if (asString) return { valueString: scalarString(item, v) };
  switch (v.kind) {
    case 'quantity':
      return { valueQuantity: ucumQuantity(v.value, v.unit) };
    case 'codeable': {
      const coding = answerCoding(item, v.answer);
      return { valueCodeableConcept: { coding: [coding], ...(coding.display === undefined ? {} : { text: coding.display }) } };
    }
    case 'boolean':
      return { valueBoolean: v.value };
    case 'integer':
      return { valueInteger: v.value };
    case 'string':
      return { valueString: v.value };
    case 'dateTime':
      return { valueDateTime: v.value };
    default:
      return v satisfies never;
  }
}

const concept = (coding: readonly WriteCoding[]): CodeableConcept => ({ coding: coding.map((c) => ({ ...c })) });

function component(codes: WriteCodeMap, key: ComponentKey, value: DraftScalar, asString: boolean): ObservationComponent {
  return { code: concept(codes.components[key]), ...scalarFields(key, value, asString) };
}

/**
 * ObservationDraft → FHIR Observation, following the R4 vital-signs profile for vitals (category,
 * LOINC code, UCUM units, subject, encounter, effectiveDateTime with offset, performer, status
 * final) and docs/fhir-conventions.md for ITB checks and assessments. Each carries the client
 * identifier `{group}:{item}` and the group identifier, so a retry is recognised per item.
 */
export function buildObservation(draft: ObservationDraft, groupId: string, effective: string, context: WriteContext): Observation {
  const write = context.codes.items[draft.key];
  const asString = write.valueAs === 'string';
  const itemId = itemIdOf(draft);
  const components: ObservationComponent[] = [];
  let value: ValueFields = {};
  if (draft.value.kind === 'components') {
    for (const c of draft.value.components) components.push(component(context.codes, c.key, c.value, asString));
  } else if (draft.value.kind === 'built-components') {
    components.push(...draft.value.components);
  } else {
    value = scalarFields(draft.key, draft.value, asString);
  }
  if (draft.timePoint !== undefined) {
    components.push(component(context.codes, 'time-point', { kind: 'codeable', answer: draft.timePoint }, false));
  }
  const obs: Observation = {
    resourceType: 'Observation',
    identifier: [
      { system: SYSTEM.clientEntryId, value: entryIdentifier(groupId, itemId) },
      { system: SYSTEM.entryGroupId, value: groupId },
    ],
    status: 'final',
    category: [{ coding: [{ system: SYSTEM.observationCategory, code: write.category }] }],
    code: concept(write.coding),
    subject: { reference: `Patient/${context.patientId}` },
    effectiveDateTime: draft.effective ?? effective,
    ...value,
  };
  if (context.encounterId !== undefined) obs.encounter = { reference: `Encounter/${context.encounterId}` };
  if (context.performer !== undefined) obs.performer = [{ reference: context.performer }];
  if (write.method !== undefined) obs.method = { coding: [{ ...write.method }] };
  if (draft.bodySite !== undefined) {
    const lat = draft.bodySite.laterality;
    // Muscle as text with the side (conventions: "bodySite text + laterality"). R4 Observation has
    // no laterality element and a laterality code alone is not a body structure, so no coding.
    obs.bodySite = { text: lat === undefined ? draft.bodySite.text : `${draft.bodySite.text} (${LATERALITY_TEXT[lat]})` };
  }
  if (components.length > 0) obs.component = components;
  if (draft.note !== undefined) obs.note = [{ text: draft.note }];
  if (draft.partOf !== undefined) obs.partOf = [{ reference: draft.partOf }];
  return obs;
}
