/**
 * A nurse's round of vital signs, and per-field physiological validation for entry: impossible
 * values are refused with a reason; implausible-but-possible values need confirmation.
 *
 * The limits are app plausibility limits for children (not from the guideline); they catch
 * keying errors (SpO2 > 100, heart rate 0, temperature 50 °C), never classify a child.
 */
import { fail, ok, type Result } from './result';

export type Avpu = 'A' | 'V' | 'P' | 'U';
export const AVPU_VALUES: readonly Avpu[] = ['A', 'V', 'P', 'U'];
/** Concern by staff or family escalates on its own (Guideline §3.4.3–4). */
export type Concern = 'none' | 'concern' | 'serious-concern';

export interface VitalSignsRound {
  /** beats/min */
  readonly heartRate?: number;
  /** breaths/min */
  readonly respiratoryRate?: number;
  /** % */
  readonly spo2?: number;
  /** On supplemental oxygen at the time of the SpO2 reading. */
  readonly onOxygen?: boolean;
  /** mmHg */
  readonly systolicBp?: number;
  /** mmHg */
  readonly diastolicBp?: number;
  /** degrees Celsius */
  readonly temperature?: number;
  readonly avpu?: Avpu;
  /** 0–10 numeric rating scale */
  readonly pain?: number;
  readonly concern?: Concern;
  /** A seizure observed this round (ITB check; an overdose sign, Guideline §2). */
  readonly seizure?: boolean;
}

export type NumericVitalSign = 'heartRate' | 'respiratoryRate' | 'spo2' | 'systolicBp' | 'diastolicBp' | 'temperature' | 'pain';
export const NUMERIC_VITAL_SIGNS: readonly NumericVitalSign[] = [
  'heartRate', 'respiratoryRate', 'spo2', 'systolicBp', 'diastolicBp', 'temperature', 'pain',
];

interface Limits {
  readonly label: string;
  readonly unit: string;
  /** Values outside [impossibleBelow, impossibleAbove] are refused. */
  readonly impossibleBelow: number;
  readonly impossibleAbove: number;
  /** Inclusive: values at or below 0 are refused when true (heart rate 0 is not a round to enter). */
  readonly zeroImpossible: boolean;
  /** Values outside [confirmBelow, confirmAbove] need confirmation. */
  readonly confirmBelow: number;
  readonly confirmAbove: number;
  readonly integer: boolean;
}

/** App plausibility limits (children, any age band). */
export const VITAL_SIGN_LIMITS: Readonly<Record<NumericVitalSign, Limits>> = {
  heartRate: { label: 'Heart rate', unit: '/min', impossibleBelow: 0, impossibleAbove: 350, zeroImpossible: true, confirmBelow: 40, confirmAbove: 250, integer: false },
  respiratoryRate: { label: 'Respiratory rate', unit: '/min', impossibleBelow: 0, impossibleAbove: 150, zeroImpossible: false, confirmBelow: 6, confirmAbove: 100, integer: false },
  spo2: { label: 'SpO2', unit: '%', impossibleBelow: 0, impossibleAbove: 100, zeroImpossible: true, confirmBelow: 60, confirmAbove: 100, integer: false },
  systolicBp: { label: 'Systolic blood pressure', unit: 'mmHg', impossibleBelow: 0, impossibleAbove: 300, zeroImpossible: true, confirmBelow: 40, confirmAbove: 200, integer: false },
  diastolicBp: { label: 'Diastolic blood pressure', unit: 'mmHg', impossibleBelow: 0, impossibleAbove: 250, zeroImpossible: true, confirmBelow: 20, confirmAbove: 150, integer: false },
  temperature: { label: 'Temperature', unit: '°C', impossibleBelow: 25, impossibleAbove: 45, zeroImpossible: true, confirmBelow: 34, confirmAbove: 41.5, integer: false },
  pain: { label: 'Pain score', unit: '/10', impossibleBelow: 0, impossibleAbove: 10, zeroImpossible: false, confirmBelow: 0, confirmAbove: 10, integer: true },
};

export type VitalSignCheck =
  | { readonly status: 'valid' }
  | { readonly status: 'needs-confirmation'; readonly reason: string }
  | { readonly status: 'impossible'; readonly reason: string };

/** Check one entered value. */
export function validateVitalSign(parameter: NumericVitalSign, value: number): VitalSignCheck {
  const l = VITAL_SIGN_LIMITS[parameter];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { status: 'impossible', reason: `${l.label} is not a number.` };
  }
  if (value < l.impossibleBelow || value > l.impossibleAbove || (l.zeroImpossible && value === 0)) {
    return {
      status: 'impossible',
      reason: `${l.label} of ${value} ${l.unit} is not physiologically possible (accepted ${l.zeroImpossible ? 'above' : 'from'} ${l.impossibleBelow} to ${l.impossibleAbove} ${l.unit}).`,
    };
  }
  if (l.integer && !Number.isInteger(value)) {
    return { status: 'impossible', reason: `${l.label} must be a whole number from ${l.impossibleBelow} to ${l.impossibleAbove}.` };
  }
  if (value < l.confirmBelow || value > l.confirmAbove) {
    return { status: 'needs-confirmation', reason: `${l.label} of ${value} ${l.unit} is unusual for a child: confirm it was measured and keyed correctly.` };
  }
  return { status: 'valid' };
}

/** Check a whole round: each value, plus diastolic below systolic. Confirmation reasons are listed. */
export function validateVitalSignsRound(round: VitalSignsRound): Result<{ needsConfirmation: { field: NumericVitalSign; reason: string }[] }> {
  const needsConfirmation: { field: NumericVitalSign; reason: string }[] = [];
  for (const p of NUMERIC_VITAL_SIGNS) {
    const v = round[p];
    if (v === undefined) continue;
    const check = validateVitalSign(p, v);
    switch (check.status) {
      case 'impossible':
        return fail(p, check.reason);
      case 'needs-confirmation':
        needsConfirmation.push({ field: p, reason: check.reason });
        break;
      case 'valid':
        break;
      default:
        return check satisfies never;
    }
  }
  if (round.systolicBp !== undefined && round.diastolicBp !== undefined && round.diastolicBp >= round.systolicBp) {
    return fail('diastolicBp', `Diastolic (${round.diastolicBp}) must be lower than systolic (${round.systolicBp}) blood pressure.`);
  }
  if (round.avpu !== undefined && !AVPU_VALUES.includes(round.avpu)) {
    return fail('avpu', 'AVPU must be A, V, P or U.');
  }
  return ok({ needsConfirmation });
}
