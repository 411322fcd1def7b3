/**
 * A nurse's observation round as typed (strings, so a half-entered round can be kept in session
 * storage), checked field by field with the clinical core, turned into the VitalSignsRound the
 * zone rules read, the overdose/withdrawal signs, and the drafts the FHIR layer writes.
 * Pure: no React, no FHIR shapes beyond the FHIR layer's draft type.
 */
import { z } from '../../zod-jitless';
import { FEVER_THRESHOLD_C, validateVitalSign, VITAL_SIGN_LIMITS, type Avpu, type NumericVitalSign, type SyndromeSign, type VitalSignsRound } from '../../domain';
import { ANSWER_CODES, ITB_CHECK_KEYS, type ItbCheckKey, type ObservationDraft, type WriteCodeMap } from '../../fhir';

export const NUMERIC_FIELDS = ['heartRate', 'respiratoryRate', 'spo2', 'systolicBp', 'diastolicBp', 'temperature', 'pain'] as const satisfies readonly NumericVitalSign[];
export type NumericField = (typeof NUMERIC_FIELDS)[number];
/** Every checked entry field: the numeric vital signs and the inhaled oxygen concentration. */
export const CHECKED_FIELDS = [...NUMERIC_FIELDS, 'fio2'] as const;

const answerSchema = z.enum(['', 'yes', 'no']);
export type CheckAnswer = z.infer<typeof answerSchema>;

export const roundFormValuesSchema = z.object({
  /** Site wall clock, `YYYY-MM-DDTHH:mm`. */
  time: z.string(),
  heartRate: z.string(),
  respiratoryRate: z.string(),
  spo2: z.string(),
  oxygen: z.enum(['', 'room-air', 'oxygen']),
  /** Inhaled oxygen concentration, % (only on oxygen). */
  fio2: z.string(),
  systolicBp: z.string(),
  diastolicBp: z.string(),
  temperature: z.string(),
  avpu: z.enum(['', 'A', 'V', 'P', 'U']),
  pain: z.string(),
  concern: z.enum(['none', 'concern', 'serious-concern']),
  checks: z.object({
    drowsiness: answerSchema,
    hypotonia: answerSchema,
    'slowed-breathing': answerSchema,
    seizure: answerSchema,
    vomiting: answerSchema,
    headache: answerSchema,
    'voided-since-dose': answerSchema,
    itch: answerSchema,
    sweating: answerSchema,
  } satisfies Record<ItbCheckKey, typeof answerSchema>),
  /** Unusual values the nurse confirmed, by field: the confirmation holds for that exact text only. */
  confirmed: z.record(z.string(), z.string()),
});
export type RoundFormValues = z.infer<typeof roundFormValuesSchema>;

export function emptyRound(time: string): RoundFormValues {
  return {
    time,
    heartRate: '',
    respiratoryRate: '',
    spo2: '',
    oxygen: '',
    fio2: '',
    systolicBp: '',
    diastolicBp: '',
    temperature: '',
    avpu: '',
    pain: '',
    concern: 'none',
    checks: { drowsiness: '', hypotonia: '', 'slowed-breathing': '', seizure: '', vomiting: '', headache: '', 'voided-since-dose': '', itch: '', sweating: '' },
    confirmed: {},
  };
}

export type FieldCheck =
  | { readonly status: 'empty' }
  | { readonly status: 'valid'; readonly value: number }
  | { readonly status: 'needs-confirmation'; readonly value: number; readonly message: string; readonly confirmed: boolean }
  | { readonly status: 'refused'; readonly message: string };

/** Field labels and display units (UCUM beside, for the review). */
export const FIELD_INFO: Readonly<Record<NumericField | 'fio2', { label: string; unit: string; ucum: string }>> = {
  heartRate: { label: 'Heart rate', unit: 'beats/min', ucum: '/min' },
  respiratoryRate: { label: 'Respiratory rate', unit: 'breaths/min', ucum: '/min' },
  spo2: { label: 'SpO2', unit: '%', ucum: '%' },
  systolicBp: { label: 'Systolic blood pressure', unit: 'mmHg', ucum: 'mm[Hg]' },
  diastolicBp: { label: 'Diastolic blood pressure', unit: 'mmHg', ucum: 'mm[Hg]' },
  temperature: { label: 'Temperature', unit: '°C', ucum: 'Cel' },
  pain: { label: 'Pain score', unit: '/10', ucum: '{score}' },
  fio2: { label: 'Inhaled oxygen concentration', unit: '%', ucum: '%' },
};

const NUMBER = /^\d+(\.\d+)?$/;

function parseNumber(label: string, text: string): { ok: true; value: number } | { ok: false; message: string } | { ok: 'empty' } {
  const t = text.trim();
  if (t === '') return { ok: 'empty' };
  if (!NUMBER.test(t)) return { ok: false, message: `${label} must be a number (digits, and a point for decimals).` };
  return { ok: true, value: Number(t) };
}

/** One numeric vital sign: impossible values refused with the reason; unusual ones need confirmation. */
export function checkNumericField(field: NumericField, values: RoundFormValues): FieldCheck {
  const text = values[field];
  const parsed = parseNumber(VITAL_SIGN_LIMITS[field].label, text);
  if (parsed.ok === 'empty') return { status: 'empty' };
  if (!parsed.ok) return { status: 'refused', message: parsed.message };
  const check = validateVitalSign(field, parsed.value);
  switch (check.status) {
    case 'impossible':
      return { status: 'refused', message: check.reason };
    case 'needs-confirmation':
      return { status: 'needs-confirmation', value: parsed.value, message: check.reason, confirmed: values.confirmed[field] === text.trim() };
    case 'valid':
      break;
    default:
      return check satisfies never;
  }
  if (field === 'diastolicBp') {
    // Compared only with a possible systolic: an impossible one has its own refusal.
    const sys = checkNumericField('systolicBp', values);
    if ((sys.status === 'valid' || sys.status === 'needs-confirmation') && parsed.value >= sys.value) {
      return { status: 'refused', message: `Diastolic (${parsed.value} mmHg) must be lower than systolic (${sys.value} mmHg) blood pressure.` };
    }
  }
  return { status: 'valid', value: parsed.value };
}

/**
 * Inhaled oxygen concentration when on oxygen: an app plausibility limit (not from the guideline),
 * 21% being room air and 100% the most there can be.
 */
export function checkFio2(values: RoundFormValues): FieldCheck {
  if (values.oxygen !== 'oxygen') return { status: 'empty' };
  const parsed = parseNumber('Inhaled oxygen concentration', values.fio2);
  if (parsed.ok === 'empty') return { status: 'refused', message: 'Enter the inhaled oxygen concentration (%) the child is receiving, or choose Room air.' };
  if (!parsed.ok) return { status: 'refused', message: parsed.message };
  if (parsed.value > 100) return { status: 'refused', message: `Inhaled oxygen of ${parsed.value} % is not possible (at most 100 %).` };
  if (parsed.value <= 21) return { status: 'refused', message: `${parsed.value} % is room air or less: choose Room air, or enter the concentration given (above 21 %).` };
  return { status: 'valid', value: parsed.value };
}

export type TimeCheck = { status: 'valid'; instant: Date } | { status: 'refused'; message: string };

/** The round's time: required, a real date-time, not in the future (2 minutes' clock drift allowed). */
export function checkTime(values: RoundFormValues, now: Date, parse: (local: string) => Date | undefined): TimeCheck {
  const instant = parse(values.time);
  if (instant === undefined) return { status: 'refused', message: 'Enter the time the observations were taken, 24-hour HH:MM (for example 08:40).' };
  if (instant.getTime() > now.getTime() + 2 * 60_000) return { status: 'refused', message: 'The observation time is in the future: enter when they were taken.' };
  return { status: 'valid', instant };
}

export type RoundCheck = {
  readonly fields: Readonly<Record<NumericField | 'fio2', FieldCheck>>;
  /** Problems that are not one numeric field (both BP values, SpO2 needs room air or oxygen). */
  readonly crossField: readonly { field: string; message: string }[];
  readonly unconfirmed: readonly NumericField[];
  readonly anythingEntered: boolean;
  /** Empty, valid or confirmed everywhere, and something entered. */
  readonly readyToReview: boolean;
};

export function checkRound(values: RoundFormValues): RoundCheck {
  const fields: Record<NumericField | 'fio2', FieldCheck> = {
    heartRate: checkNumericField('heartRate', values),
    respiratoryRate: checkNumericField('respiratoryRate', values),
    spo2: checkNumericField('spo2', values),
    systolicBp: checkNumericField('systolicBp', values),
    diastolicBp: checkNumericField('diastolicBp', values),
    temperature: checkNumericField('temperature', values),
    pain: checkNumericField('pain', values),
    fio2: checkFio2(values),
  };
  const crossField: { field: string; message: string }[] = [];
  const hasSys = values.systolicBp.trim() !== '';
  const hasDia = values.diastolicBp.trim() !== '';
  if (hasSys !== hasDia) crossField.push({ field: hasSys ? 'diastolicBp' : 'systolicBp', message: 'Enter both systolic and diastolic blood pressure, or neither.' });
  if (values.spo2.trim() !== '' && values.oxygen === '') crossField.push({ field: 'oxygen', message: 'Say whether the SpO2 was on room air or on oxygen.' });
  const unconfirmed = NUMERIC_FIELDS.filter((f) => {
    const c = fields[f];
    return c.status === 'needs-confirmation' && !c.confirmed;
  });
  const refused = Object.values(fields).some((c) => c.status === 'refused');
  const anythingEntered =
    NUMERIC_FIELDS.some((f) => values[f].trim() !== '') ||
    values.oxygen !== '' ||
    values.avpu !== '' ||
    values.concern !== 'none' ||
    ITB_CHECK_KEYS.some((k) => values.checks[k] !== '');
  return { fields, crossField, unconfirmed, anythingEntered, readyToReview: anythingEntered && !refused && crossField.length === 0 && unconfirmed.length === 0 };
}

const usable = (c: FieldCheck): number | undefined => (c.status === 'valid' || c.status === 'needs-confirmation' ? c.value : undefined);

/**
 * The round the zone rules read, from every value that is possible (unusual values count: a
 * keying check must never hide an escalation). Refused values are left out and named on screen.
 */
export function toVitalSignsRound(values: RoundFormValues, check: RoundCheck = checkRound(values)): VitalSignsRound {
  const round: { -readonly [K in keyof VitalSignsRound]: VitalSignsRound[K] } = {};
  for (const f of NUMERIC_FIELDS) {
    const v = usable(check.fields[f]);
    if (v !== undefined) round[f] = v;
  }
  if (values.oxygen !== '') round.onOxygen = values.oxygen === 'oxygen';
  if (values.avpu !== '') round.avpu = values.avpu;
  if (values.concern !== 'none') round.concern = values.concern;
  if (values.checks.seizure !== '') round.seizure = values.checks.seizure === 'yes';
  return round;
}

/** ITB checks as the guideline words them, and the sign each points to (§2, §5.1.2, §5.2.2). */
export const ITB_CHECKS: readonly { key: ItbCheckKey; label: string; sign: SyndromeSign | undefined }[] = [
  { key: 'drowsiness', label: 'Drowsiness', sign: 'drowsiness' },
  { key: 'hypotonia', label: 'Floppiness or hypotonia', sign: 'hypotonia' },
  { key: 'slowed-breathing', label: 'Slowed breathing', sign: 'reduced-respiratory-rate' },
  { key: 'seizure', label: 'Seizure', sign: 'seizures' },
  { key: 'vomiting', label: 'Vomiting', sign: undefined },
  { key: 'headache', label: 'Headache', sign: undefined },
  { key: 'voided-since-dose', label: 'Voided urine since the dose', sign: undefined },
  { key: 'itch', label: 'Itch', sign: 'pruritus' },
  { key: 'sweating', label: 'Sweating', sign: 'sweating-or-flushed' },
];

/**
 * Overdose/withdrawal signs recorded in this round; AVPU below Alert is an altered level of
 * consciousness (§2); a temperature at or above the fever threshold is fever, a withdrawal sign
 * (§2, §5.1.2; the 38.0 °C threshold is the default table's DERIVED one).
 */
export function syndromeSignsOf(values: RoundFormValues): SyndromeSign[] {
  const signs: SyndromeSign[] = [];
  for (const c of ITB_CHECKS) if (c.sign !== undefined && values.checks[c.key] === 'yes') signs.push(c.sign);
  if (values.avpu === 'V' || values.avpu === 'P' || values.avpu === 'U') signs.push('reduced-consciousness-or-coma');
  const temperature = usable(checkNumericField('temperature', values));
  if (temperature !== undefined && temperature >= FEVER_THRESHOLD_C) signs.push('fever');
  return signs;
}

export const AVPU_LABELS: Readonly<Record<Avpu, string>> = {
  A: 'A — Alert',
  V: 'V — Responds to voice',
  P: 'P — Responds to pain',
  U: 'U — Unresponsive',
};

/** One line of the review: exactly what will be written. */
export type ReviewLine = {
  readonly itemId: string;
  readonly label: string;
  /** Value with its unit, as the nurse reads it. */
  readonly value: string;
  /** The UCUM unit written, or '–' for coded and yes/no answers. */
  readonly unit: string;
  /** The code written, e.g. "LOINC 8867-4 Heart rate". */
  readonly code: string;
};

const SYSTEM_NAMES: Readonly<Record<string, string>> = {
  'http://loinc.org': 'LOINC',
  'http://snomed.info/sct': 'SNOMED CT',
};

function codeText(codes: WriteCodeMap, key: ObservationDraft['key']): string {
  const c = codes.items[key].coding[0];
  if (c === undefined) return 'no code';
  const system = SYSTEM_NAMES[c.system] ?? 'local';
  return `${system} ${c.code}${c.display === undefined ? '' : ` ${c.display}`}`;
}

const quantity = (value: number, unit: string): ObservationDraft['value'] => ({ kind: 'quantity', value, unit });

/**
 * Drafts for the FHIR layer plus the review lines, from a round that passed `checkRound`.
 * Inhaled oxygen is written as 21 % on room air (docs/fhir-conventions.md).
 */
export function buildRoundDrafts(values: RoundFormValues, codes: WriteCodeMap, zoneShown?: ZoneShown): { drafts: ObservationDraft[]; review: ReviewLine[] } {
  const check = checkRound(values);
  if (!check.readyToReview) throw new RangeError('buildRoundDrafts needs a round that passed checkRound');
  const drafts: ObservationDraft[] = [];
  const review: ReviewLine[] = [];
  const add = (draft: ObservationDraft, label: string, value: string, unit: string) => {
    drafts.push(draft);
    review.push({ itemId: draft.itemId ?? draft.key, label, value, unit, code: codeText(codes, draft.key) });
  };
  const num = (f: NumericField) => usable(check.fields[f]);
  const simple: [NumericField, ObservationDraft['key']][] = [
    ['heartRate', 'heart-rate'],
    ['respiratoryRate', 'respiratory-rate'],
    ['spo2', 'spo2'],
  ];
  for (const [f, key] of simple) {
    const v = num(f);
    if (v !== undefined) add({ key, value: quantity(v, FIELD_INFO[f].ucum) }, FIELD_INFO[f].label, `${v} ${FIELD_INFO[f].unit}`, FIELD_INFO[f].ucum);
  }
  if (values.oxygen !== '') {
    const fio2 = values.oxygen === 'room-air' ? 21 : usable(check.fields.fio2);
    if (fio2 !== undefined) {
      add(
        { key: 'inhaled-oxygen', value: quantity(fio2, '%') },
        values.oxygen === 'room-air' ? 'Inhaled oxygen (room air)' : 'Inhaled oxygen (on oxygen)',
        `${fio2} %`,
        '%',
      );
    }
  }
  const sys = num('systolicBp');
  const dia = num('diastolicBp');
  if (sys !== undefined && dia !== undefined) {
    add(
      {
        key: 'blood-pressure',
        value: {
          kind: 'components',
          components: [
            { key: 'bp-systolic', value: { kind: 'quantity', value: sys, unit: 'mm[Hg]' } },
            { key: 'bp-diastolic', value: { kind: 'quantity', value: dia, unit: 'mm[Hg]' } },
          ],
        },
      },
      'Blood pressure (systolic/diastolic)',
      `${sys}/${dia} mmHg`,
      'mm[Hg]',
    );
  }
  const temp = num('temperature');
  if (temp !== undefined) add({ key: 'temperature', value: quantity(temp, 'Cel') }, 'Temperature', `${temp} °C`, 'Cel');
  if (values.avpu !== '') {
    const coding = ANSWER_CODES.avpu[values.avpu];
    add({ key: 'avpu', value: { kind: 'codeable', answer: values.avpu } }, 'Level of consciousness (AVPU)', `${AVPU_LABELS[values.avpu]} (SNOMED CT ${coding.code})`, '–');
  }
  const pain = num('pain');
  if (pain !== undefined) add({ key: 'pain', value: quantity(pain, '{score}') }, 'Pain score', `${pain} /10`, '{score}');
  for (const c of ITB_CHECKS) {
    const a = values.checks[c.key];
    if (a === '') continue;
    add({ key: c.key, value: { kind: 'boolean', value: a === 'yes' } }, c.label, a === 'yes' ? 'Yes' : 'No', '–');
  }
  // The concern escalates on its own (§3.4.3–4), so it is charted with the round: a round red for
  // serious concern alone reads back red. "No concern" is written too: it was asked.
  add({ key: 'escalation-concern', value: { kind: 'codeable', answer: values.concern } }, 'Staff or family concern', CONCERN_LABELS[values.concern], '–');
  if (zoneShown !== undefined) {
    add({ key: 'escalation-zone', value: { kind: 'codeable', answer: zoneShown } }, 'Zone shown when saved', ZONE_SHOWN_LABELS[zoneShown], '–');
  }
  return { drafts, review };
}

/** The zone the nurse saw, as charted: a zone, or "not classified" (partial, no birth date, signs). */
export type ZoneShown = 'normal' | 'yellow' | 'red' | 'unclassified';

export const CONCERN_LABELS: Readonly<Record<RoundFormValues['concern'], string>> = {
  none: 'No concern',
  concern: 'Concerned (yellow zone, Guideline §3.4.3)',
  'serious-concern': 'Seriously concerned (red zone, Guideline §3.4.4)',
};

export const ZONE_SHOWN_LABELS: Readonly<Record<ZoneShown, string>> = {
  normal: 'Within the calling criteria',
  yellow: 'YELLOW ZONE',
  red: 'RED ZONE',
  unclassified: 'Not classified (partial round, no birth date or signs recorded)',
};

/** Items of a full set (§3.4.2) left empty: shown in the review, because missing is never normal. */
export function notRecorded(values: RoundFormValues): string[] {
  const missing: string[] = [];
  for (const f of ['heartRate', 'respiratoryRate', 'spo2', 'temperature', 'pain'] as const) if (values[f].trim() === '') missing.push(FIELD_INFO[f].label);
  if (values.systolicBp.trim() === '' && values.diastolicBp.trim() === '') missing.push('Blood pressure');
  if (values.avpu === '') missing.push('Level of consciousness (AVPU)');
  for (const c of ITB_CHECKS) if (values.checks[c.key] === '') missing.push(c.label);
  return missing;
}
