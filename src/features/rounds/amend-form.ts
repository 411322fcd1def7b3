/**
 * Amending one item of a saved round: which items can be amended, the correction checked by the
 * same rules as entry (round-form.ts: impossible refused, unusual confirmed), the value the FHIR
 * layer writes, and the round the zone rules read with the correction in place.
 * Pure: no React, no FHIR shapes beyond the FHIR layer's draft and record types.
 */
import type { Avpu, SyndromeSign, VitalSignsRound } from '../../domain';
import type { ItbCheckKey, ObservationDraft, ObservationRecord } from '../../fhir';
import { AVPU_LABELS, checkNumericField, emptyRound, FIELD_INFO, ITB_CHECKS, syndromeSignsOf, type NumericField, type RoundFormValues } from './round-form';

type SingleNumberKey = 'heart-rate' | 'respiratory-rate' | 'spo2' | 'temperature' | 'pain';
type SingleNumberField = 'heartRate' | 'respiratoryRate' | 'spo2' | 'temperature' | 'pain';

export type AmendItem =
  | { readonly kind: 'number'; readonly key: SingleNumberKey; readonly field: SingleNumberField; readonly label: string; readonly unit: string; readonly ucum: string }
  /** The 85354-9 panel: systolic and diastolic are components of one Observation, amended together. */
  | { readonly kind: 'blood-pressure'; readonly key: 'blood-pressure'; readonly label: string; readonly unit: 'mmHg' }
  | { readonly kind: 'avpu'; readonly key: 'avpu'; readonly label: string; readonly unit: '' }
  | { readonly kind: 'check'; readonly key: ItbCheckKey; readonly label: string; readonly unit: '' };

export type AmendKey = AmendItem['key'];

const number = (key: SingleNumberKey, field: SingleNumberField): AmendItem => ({ kind: 'number', key, field, label: FIELD_INFO[field].label, unit: FIELD_INFO[field].unit, ucum: FIELD_INFO[field].ucum });

/** In the order of the entry form. */
export const AMENDABLE_ITEMS: readonly AmendItem[] = [
  number('heart-rate', 'heartRate'),
  number('respiratory-rate', 'respiratoryRate'),
  number('spo2', 'spo2'),
  { kind: 'blood-pressure', key: 'blood-pressure', label: 'Blood pressure', unit: 'mmHg' },
  number('temperature', 'temperature'),
  { kind: 'avpu', key: 'avpu', label: 'Level of consciousness (AVPU)', unit: '' },
  number('pain', 'pain'),
  ...ITB_CHECKS.map((c): AmendItem => ({ kind: 'check', key: c.key, label: c.label, unit: '' })),
];

/** What the nurse typed or chose for the correction. */
export type AmendEntry = {
  /** The corrected number, AVPU letter, or 'yes'/'no' for an ITB check. */
  readonly value: string;
  readonly systolic: string;
  readonly diastolic: string;
  /** Unusual values confirmed, by field: the confirmation holds for that exact text only. */
  readonly confirmed: Readonly<Record<string, string>>;
};

export type AmendInput = 'value' | 'systolic' | 'diastolic';

export type AmendCheck = {
  /** Refusals by input; `typed` ones are about a value entered (shown at once), others about a missing one. */
  readonly refused: readonly { input: AmendInput | 'reason'; message: string; typed: boolean }[];
  /** Unusual values that need the nurse's confirmation before saving. */
  readonly toConfirm: readonly { field: NumericField; input: AmendInput; text: string; message: string }[];
  /** The value to write: set only when nothing is refused and everything is confirmed. */
  readonly value: ObservationDraft['value'] | undefined;
  /** The correction as the nurse reads it, with its unit. */
  readonly text: string;
  /** What the zone rules read from the correction: every possible value, unusual ones included. */
  readonly patch: Partial<VitalSignsRound>;
};

const quantityOf = (v: ObservationRecord['value'] | undefined): number | undefined => (v?.kind === 'quantity' || v?.kind === 'integer' ? v.value : undefined);

/** Recorded systolic and diastolic of the BP panel, when both are plain numbers. */
export function recordedBp(record: ObservationRecord | undefined): { systolic: number; diastolic: number } | undefined {
  if (record?.value.kind !== 'components') return undefined;
  const { components } = record.value;
  const systolic = quantityOf(components.find((c) => c.key === 'bp-systolic')?.value);
  const diastolic = quantityOf(components.find((c) => c.key === 'bp-diastolic')?.value);
  return systolic === undefined || diastolic === undefined ? undefined : { systolic, diastolic };
}

/** A fresh correction: blood pressure starts from the recorded pair (both go together); others start empty. */
export function startEntry(item: AmendItem | undefined, record: ObservationRecord | undefined): AmendEntry {
  const bp = item?.kind === 'blood-pressure' ? recordedBp(record) : undefined;
  return { value: '', systolic: bp === undefined ? '' : String(bp.systolic), diastolic: bp === undefined ? '' : String(bp.diastolic), confirmed: {} };
}

/** The correction checked with the entry rules, against what is recorded now. */
export function checkAmendment(item: AmendItem, entry: AmendEntry, record: ObservationRecord | undefined, reason: string): AmendCheck {
  const refused: { input: AmendInput | 'reason'; message: string; typed: boolean }[] = [];
  const toConfirm: { field: NumericField; input: AmendInput; text: string; message: string }[] = [];
  const patch: { -readonly [K in keyof VitalSignsRound]?: VitalSignsRound[K] } = {};
  let value: ObservationDraft['value'] | undefined;
  let text = '';
  const values: RoundFormValues = { ...emptyRound(''), confirmed: { ...entry.confirmed } };

  /** One numeric field through the entry's check; the number when it is possible. */
  const numeric = (field: NumericField, input: AmendInput, typed: string, form: RoundFormValues): number | undefined => {
    const c = checkNumericField(field, form);
    switch (c.status) {
      case 'empty':
        refused.push({ input, message: `Enter the corrected ${FIELD_INFO[field].label.toLowerCase()}.`, typed: false });
        return undefined;
      case 'refused':
        refused.push({ input, message: c.message, typed: true });
        return undefined;
      case 'needs-confirmation':
        if (!c.confirmed) toConfirm.push({ field, input, text: typed.trim(), message: c.message });
        return c.value;
      case 'valid':
        return c.value;
      default:
        return c satisfies never;
    }
  };

  switch (item.kind) {
    case 'number': {
      const v = numeric(item.field, 'value', entry.value, { ...values, [item.field]: entry.value });
      if (v !== undefined) {
        patch[item.field] = v;
        text = `${v} ${item.unit}`;
        if (quantityOf(record?.value) === v) refused.push({ input: 'value', message: `${v} ${item.unit} is the value already recorded: enter the corrected value.`, typed: false });
        value = { kind: 'quantity', value: v, unit: item.ucum };
      }
      break;
    }
    case 'blood-pressure': {
      const form = { ...values, systolicBp: entry.systolic, diastolicBp: entry.diastolic };
      const sys = numeric('systolicBp', 'systolic', entry.systolic, form);
      const dia = numeric('diastolicBp', 'diastolic', entry.diastolic, form);
      if (sys !== undefined) patch.systolicBp = sys;
      if (dia !== undefined) patch.diastolicBp = dia;
      if (sys !== undefined && dia !== undefined) {
        text = `${sys}/${dia} mmHg`;
        const now = recordedBp(record);
        if (now?.systolic === sys && now.diastolic === dia) refused.push({ input: 'systolic', message: `${sys}/${dia} mmHg is the blood pressure already recorded: change systolic, diastolic or both.`, typed: false });
        value = {
          kind: 'components',
          components: [
            { key: 'bp-systolic', value: { kind: 'quantity', value: sys, unit: 'mm[Hg]' } },
            { key: 'bp-diastolic', value: { kind: 'quantity', value: dia, unit: 'mm[Hg]' } },
          ],
        };
      }
      break;
    }
    case 'avpu': {
      const a = entry.value;
      if (a === 'A' || a === 'V' || a === 'P' || a === 'U') {
        patch.avpu = a;
        text = AVPU_LABELS[a];
        if (record?.value.kind === 'codeable' && record.value.code === a) refused.push({ input: 'value', message: `${AVPU_LABELS[a]} is the level already recorded: choose the corrected level.`, typed: false });
        value = { kind: 'codeable', answer: a };
      } else refused.push({ input: 'value', message: 'Choose the corrected level of consciousness.', typed: false });
      break;
    }
    case 'check': {
      const a = entry.value;
      if (a === 'yes' || a === 'no') {
        const yes = a === 'yes';
        if (item.key === 'seizure') patch.seizure = yes;
        text = yes ? 'Yes' : 'No';
        if (record?.value.kind === 'boolean' && record.value.value === yes) refused.push({ input: 'value', message: `“${text}” is the answer already recorded for ${item.label.toLowerCase()}.`, typed: false });
        value = { kind: 'boolean', value: yes };
      } else refused.push({ input: 'value', message: `Choose Yes or No for ${item.label.toLowerCase()}.`, typed: false });
      break;
    }
    default:
      return item satisfies never;
  }
  if (reason.trim() === '') refused.push({ input: 'reason', message: 'Give the reason for the amendment.', typed: false });
  const ok = refused.length === 0 && toConfirm.length === 0;
  return { refused, toConfirm, value: ok ? value : undefined, text, patch };
}

/** The round as the zone rules read it with the correction in place. */
export const amendedRound = (round: VitalSignsRound, patch: Partial<VitalSignsRound>): VitalSignsRound => ({ ...round, ...patch });

const AVPU_LETTERS: readonly string[] = ['A', 'V', 'P', 'U'];
const isAvpu = (s: string): s is Avpu => AVPU_LETTERS.includes(s);

/**
 * Overdose/withdrawal signs of a recorded round with the correction in place (the same reading
 * of the ITB checks and AVPU as entry: round-form `syndromeSignsOf`).
 */
export function amendedSigns(items: Partial<Record<string, ObservationRecord>>, round: VitalSignsRound, item: AmendItem, entry: AmendEntry): SyndromeSign[] {
  const values: RoundFormValues = emptyRound('');
  const checks = { ...values.checks };
  for (const c of ITB_CHECKS) {
    const v = items[c.key]?.value;
    if (v?.kind === 'boolean') checks[c.key] = v.value ? 'yes' : 'no';
  }
  let avpu: RoundFormValues['avpu'] = round.avpu ?? '';
  if (item.kind === 'check' && (entry.value === 'yes' || entry.value === 'no')) checks[item.key] = entry.value;
  if (item.kind === 'avpu' && isAvpu(entry.value)) avpu = entry.value;
  return syndromeSignsOf({ ...values, checks, avpu });
}
