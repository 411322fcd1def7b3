/**
 * A planned intrathecal test dose (an order already in the EHR) checked against the §3.1.5 bands
 * the planner shows for this child. A check, not a prescription: it says where the planned dose
 * sits against each band shown; where the bands are open (A1–A3) every band shown is checked.
 */
import type { Age } from './age';
import type { TestDoseBandSuggestion, TestDoseIndication } from './test-dose';
import type { Micrograms } from './units';

export type PlannedDoseVerdict = 'below' | 'within' | 'between-options' | 'above';

export interface PlannedDoseBandCheck {
  readonly indication: TestDoseIndication;
  readonly bandText: string;
  readonly doseText: string;
  readonly verdict: PlannedDoseVerdict;
  /** One sentence for the prescriber, with the child's age and weight and the section. */
  readonly message: string;
}

export interface PlannedDoseCheck {
  readonly dose: Micrograms;
  readonly checks: readonly PlannedDoseBandCheck[];
  /** True when the planned dose is inside every band shown. */
  readonly withinAll: boolean;
  /** A15: above the table's highest test dose (100 micrograms). */
  readonly aboveTableMaximum: boolean;
}

const INDICATION_WORD: Record<TestDoseIndication, string> = { spasticity: 'spasticity', dystonia: 'dystonia' };

/** "16 kg", "17.9 kg": one decimal at most, never false precision. */
const kgText = (kg: number): string => `${String(Math.round(kg * 10) / 10)} kg`;

function verdictOf(dose: number, band: TestDoseBandSuggestion): PlannedDoseVerdict {
  if (dose < band.min) return 'below';
  if (dose > band.max) return 'above';
  if (band.kind === 'choice' && !band.options.some((o) => o.dose === dose)) return 'between-options';
  return 'within';
}

const VERDICT_WORDS: Record<PlannedDoseVerdict, string> = {
  below: 'is below',
  within: 'is within',
  'between-options': 'is within the range of, but not one of the doses listed in,',
  above: 'is above',
};

/**
 * Check a planned dose against the bands the planner shows (from `suggestTestDose`) for a child
 * of `age` and `weightKg`. `bands` may hold one indication or both (indication not chosen).
 */
export function checkPlannedTestDose(dose: Micrograms, bands: readonly TestDoseBandSuggestion[], age: Age, weightKg: number): PlannedDoseCheck {
  const child = `a ${age.years}-year-old of ${kgText(weightKg)}`;
  const indications = new Set(bands.map((b) => b.indication));
  const checks = bands.map((band): PlannedDoseBandCheck => {
    const verdict = verdictOf(dose, band);
    const which = indications.size > 1 ? ` ${INDICATION_WORD[band.indication]}` : '';
    return {
      indication: band.indication,
      bandText: band.bandText,
      doseText: band.doseText,
      verdict,
      message: `${dose} micrograms ${VERDICT_WORDS[verdict]} the${which} band for ${child} (${band.doseText}, §3.1.5).`,
    };
  });
  return { dose, checks, withinAll: checks.length > 0 && checks.every((c) => c.verdict === 'within'), aboveTableMaximum: dose > 100 };
}
