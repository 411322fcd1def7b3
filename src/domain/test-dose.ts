/**
 * Suggested intrathecal test dose (Guideline §3.1.5). A suggestion only: the prescriber enters
 * and confirms the dose (clinical-reference A1, A3). Wherever the guideline's bands are open
 * (exactly 18 kg, age 7, age and weight in different bands, under 4 years) both bands are shown,
 * the lower one is marked conservative, and the reasons are given.
 */
import { calculateAge, type Age } from './age';
import type { Calculation, DomainWarning } from './calculation';
import { fail, ok, type Result } from './result';
import type { Instant } from './time';
import { microgramsPerMl, micrograms, volumeFor, type Micrograms, type MicrogramsPerMl, type Millilitres } from './units';
import { assessWeight, type WeightObservation, type WeightOptions } from './weight';

export type TestDoseIndication = 'spasticity' | 'dystonia';
/** Mixed spasticity and dystonia is not covered by §3.1.5 (A3): both tables are shown. */
export type TestDoseIndicationInput = TestDoseIndication | 'mixed';
/** "Children 4 - 7 years / < 18kg" and "Children > 7 years / > 18kg" (§3.1.5). */
export type TestDoseBand = 'younger-lighter' | 'older-heavier';
export type SpasticitySeverity = 'mild' | 'moderate' | 'severe';
export type AgeBandReading = 'under-4-years' | '4-to-7-years' | 'age-7-boundary' | 'over-7-years';
export type WeightBandReading = 'under-18-kg' | 'exactly-18-kg' | 'over-18-kg';

/** Test doses use 1 mL ampoules of 50 micrograms/mL (Guideline §3.1.4.ii, §3.3.5.ii). */
export const TEST_DOSE_CONCENTRATION: MicrogramsPerMl = microgramsPerMl(50);
export const TEST_DOSE_AMPOULE_MICROGRAMS = 50;
export const TEST_DOSE_BAND_WEIGHT_KG = 18;
export const TEST_DOSE_BAND_AGE_YEARS = 7;
export const GUIDELINE_MINIMUM_AGE_YEARS = 4;

export interface TestDoseVolume {
  readonly dose: Micrograms;
  readonly volume: Millilitres;
  /** 1 mL ampoules of 50 micrograms/mL needed to draw up the dose. */
  readonly ampoules: number;
}

export interface TestDoseBandSuggestion {
  readonly indication: TestDoseIndication;
  readonly band: TestDoseBand;
  /** The guideline's own words for the band and dose. */
  readonly bandText: string;
  readonly doseText: string;
  /** `single` (one dose), `choice` (one of the listed doses), `range` (any dose min–max). */
  readonly kind: 'single' | 'choice' | 'range';
  readonly options: readonly TestDoseVolume[];
  readonly min: Micrograms;
  readonly max: Micrograms;
  /** The lower band, marked when both bands are shown. */
  readonly conservative: boolean;
  /** Spasticity > 7 y only: the dose matching a stated severity (app's ordinal reading of §3.1.5). */
  readonly severityMatch?: Micrograms;
}

export interface TestDoseSuggestion {
  /** True when age and weight both fall clearly in the same band. */
  readonly determinate: boolean;
  readonly ageBand: AgeBandReading;
  readonly weightBand: WeightBandReading;
  readonly bands: readonly TestDoseBandSuggestion[];
  /** Why both bands are shown (empty when determinate). */
  readonly reasons: readonly string[];
  readonly administration: string;
  readonly prescriberMustConfirm: true;
}

export interface TestDoseInput {
  readonly birthDate: Instant;
  readonly weight: WeightObservation;
  readonly indication: TestDoseIndicationInput;
  readonly severity?: SpasticitySeverity;
  readonly now: Instant;
  readonly weightOptions?: WeightOptions;
}

/** Volume at 50 micrograms/mL and 1 mL ampoules needed (Guideline §3.1.4.ii, §3.3.5.ii). */
export function calculateTestDoseVolume(
  dose: Micrograms,
): Result<Calculation<TestDoseVolume, { dose: Micrograms; concentration: MicrogramsPerMl }>> {
  if (!Number.isFinite(dose) || dose <= 0) return fail('dose', 'dose must be a positive number of micrograms.');
  const warnings: DomainWarning[] = [];
  // A15: warn on a test dose above the table's highest dose (100 micrograms).
  if (dose > 100) {
    warnings.push({
      code: 'test-dose-above-100-micrograms',
      message: `${dose} micrograms is above the highest test dose in the guideline table (100 micrograms, §3.1.5).`,
    });
  }
  return ok({
    value: volumeOf(dose),
    inputs: { dose, concentration: TEST_DOSE_CONCENTRATION },
    source: 'Guideline §3.1.4.ii, §3.3.5.ii',
    notes: ['Draw up from 50 micrograms/mL ampoules (1 mL each); give over at least 1 minute (§3.1.5).'],
    warnings,
  });
}

function volumeOf(dose: Micrograms): TestDoseVolume {
  return {
    dose,
    volume: volumeFor(dose, TEST_DOSE_CONCENTRATION),
    ampoules: Math.ceil(dose / TEST_DOSE_AMPOULE_MICROGRAMS),
  };
}

const SEVERITY_DOSE: Record<SpasticitySeverity, number> = { mild: 50, moderate: 75, severe: 100 };

/** The four rows of the §3.1.5 table, with the guideline's literal doses. */
function bandSuggestion(
  indication: TestDoseIndication,
  band: TestDoseBand,
  conservative: boolean,
  severity: SpasticitySeverity | undefined,
): TestDoseBandSuggestion {
  const bandText = band === 'younger-lighter' ? 'Children 4 - 7 years / < 18 kg' : 'Children > 7 years / > 18 kg';
  const doses = (ds: number[]): TestDoseVolume[] => ds.map((d) => volumeOf(micrograms(d)));
  switch (indication) {
    case 'spasticity':
      if (band === 'younger-lighter') {
        // §3.1.5 spasticity, 4–7 y / <18 kg: 25 micrograms.
        return { indication, band, bandText, doseText: '25 micrograms', kind: 'single', options: doses([25]), min: micrograms(25), max: micrograms(25), conservative };
      }
      // §3.1.5 spasticity, >7 y / >18 kg: 50, 75 or 100 micrograms depending on severity.
      return {
        indication, band, bandText,
        doseText: '50, 75 or 100 micrograms, depending on severity of spasticity',
        kind: 'choice', options: doses([50, 75, 100]), min: micrograms(50), max: micrograms(100), conservative,
        ...(severity ? { severityMatch: micrograms(SEVERITY_DOSE[severity]) } : {}),
      };
    case 'dystonia':
      if (band === 'younger-lighter') {
        // §3.1.5 dystonia, 4–7 y / <18 kg: 50–75 micrograms.
        return { indication, band, bandText, doseText: '50-75 micrograms', kind: 'range', options: doses([50, 75]), min: micrograms(50), max: micrograms(75), conservative };
      }
      // §3.1.5 dystonia, >7 y / >18 kg: 50–100 micrograms.
      return { indication, band, bandText, doseText: '50-100 micrograms', kind: 'range', options: doses([50, 100]), min: micrograms(50), max: micrograms(100), conservative };
    default:
      return indication satisfies never;
  }
}

export function readAgeBand(age: Age): AgeBandReading {
  if (age.years < GUIDELINE_MINIMUM_AGE_YEARS) return 'under-4-years';
  if (age.years < TEST_DOSE_BAND_AGE_YEARS) return '4-to-7-years';
  // A1: a 7-year-old (7 y 0 mo to 7 y 11 mo) is "7" in "4 - 7 years" and may also be "> 7 years".
  if (age.years === TEST_DOSE_BAND_AGE_YEARS) return 'age-7-boundary';
  return 'over-7-years';
}

export function readWeightBand(kg: number): WeightBandReading {
  if (kg < TEST_DOSE_BAND_WEIGHT_KG) return 'under-18-kg';
  // A1: exactly 18 kg is in neither "< 18kg" nor "> 18kg".
  if (kg === TEST_DOSE_BAND_WEIGHT_KG) return 'exactly-18-kg';
  return 'over-18-kg';
}

/**
 * Suggest the §3.1.5 test dose from age, weight and indication. Never picks where the table is
 * open; the prescriber confirms.
 */
export function suggestTestDose(input: TestDoseInput): Result<
  Calculation<
    TestDoseSuggestion,
    { age: Age; weightKg: number; weightRecordedAt: string; indication: TestDoseIndicationInput; severity?: SpasticitySeverity; now: string }
  >
> {
  const age = calculateAge(input.birthDate, input.now);
  if (!age.ok) return age;
  const weight = assessWeight(input.weight, input.now, input.weightOptions);
  if (!weight.ok) return weight;
  const indication = input.indication as string;
  if (indication !== 'spasticity' && indication !== 'dystonia' && indication !== 'mixed') {
    return fail('indication', 'indication must be spasticity, dystonia or mixed.');
  }

  const ageBand = readAgeBand(age.value.value);
  const weightBand = readWeightBand(weight.value.value.kg);
  const warnings: DomainWarning[] = [...weight.value.warnings];
  const notes: string[] = [];
  const reasons: string[] = [];

  switch (ageBand) {
    case 'under-4-years':
      // A2: the table starts at 4 years; the label indicates ITB from 4 years.
      reasons.push('Age under 4 years: outside the guideline table, which starts at 4 years (§3.1.5).');
      warnings.push({ code: 'outside-guideline-age', message: 'Under 4 years: outside the test-dose guideline (§3.1.5). Specialist decision required.' });
      break;
    case 'age-7-boundary':
      reasons.push('Age 7 years: "4 - 7 years" includes 7, but a child past their 7th birthday is also "> 7 years" (§3.1.5).');
      break;
    case '4-to-7-years':
    case 'over-7-years':
      break;
    default:
      return ageBand satisfies never;
  }
  if (weightBand === 'exactly-18-kg') reasons.push('Weight exactly 18 kg: neither "< 18kg" nor "> 18kg" (§3.1.5).');
  const ageSaysOlder = ageBand === 'over-7-years';
  const ageSaysYounger = ageBand === '4-to-7-years';
  if ((ageSaysOlder && weightBand === 'under-18-kg') || (ageSaysYounger && weightBand === 'over-18-kg')) {
    reasons.push(
      `Age (${age.value.value.years} years) and weight (${weight.value.value.kg} kg) fall in different bands; the guideline's "/" does not say which governs (§3.1.5).`,
    );
  }
  // A2: §1.1 says children over 8 years are generally considered.
  const { years, months, days } = age.value.value;
  if (years >= GUIDELINE_MINIMUM_AGE_YEARS && (years < 8 || (years === 8 && months === 0 && days === 0))) {
    notes.push('Guideline §1.1: children over the age of 8 years are generally considered for ITB; confirm candidacy for this younger child.');
  }

  // Under 4 years is below both bands: with a weight under 18 kg too, age and weight both fall
  // short of "> 7 years / > 18kg", so only the lower band is offered (§3.1.5, A2). With a weight
  // of 18 kg or more, age and weight disagree and both are shown.
  const ageBelowTable = ageBand === 'under-4-years';
  if (ageBelowTable && weightBand === 'over-18-kg') {
    reasons.push(
      `Age (${age.value.value.years} years) is below the table but the weight (${weight.value.value.kg} kg) is in the "> 18kg" band; the guideline's "/" does not say which governs (§3.1.5).`,
    );
  }
  const onlyYounger = (ageSaysYounger || ageBelowTable) && weightBand === 'under-18-kg';
  const onlyOlder = ageSaysOlder && weightBand === 'over-18-kg';
  const determinate = !ageBelowTable && reasons.length === 0 && (onlyYounger || onlyOlder);
  const bandsShown: TestDoseBand[] = onlyYounger && (determinate || ageBelowTable)
    ? ['younger-lighter']
    : determinate
      ? ['older-heavier']
      : ['younger-lighter', 'older-heavier'];
  if (bandsShown.length > 1) {
    warnings.push({
      code: 'guideline-band-ambiguous',
      message: 'The guideline does not settle the band for this child: both bands are shown and the lower (conservative) band is marked. The prescriber chooses and confirms.',
    });
    notes.push('The lower band is marked conservative because it holds the smaller doses; a test dose can be repeated at a higher dose, an overdose cannot be undone.');
  }
  const indications: TestDoseIndication[] = input.indication === 'mixed' ? ['spasticity', 'dystonia'] : [input.indication];
  if (input.indication === 'mixed') {
    // A3: mixed spasticity and dystonia is not covered; do not auto-select.
    warnings.push({ code: 'mixed-indication', message: 'Mixed spasticity and dystonia is not covered by §3.1.5: both tables are shown; the prescriber chooses.' });
  }
  if (input.severity) {
    notes.push('"Severity" is not defined in §3.1.5: mild → 50, moderate → 75, severe → 100 micrograms is the app\'s ordinal reading, for the prescriber to confirm.');
  }
  const bands = indications.flatMap((ind) =>
    bandsShown.map((b) => bandSuggestion(ind, b, bandsShown.length > 1 && b === 'younger-lighter', input.severity)),
  );
  notes.push('Given over at least 1 minute via lumbar puncture, from 50 micrograms/mL ampoules (§3.1.5, §3.3.5).');

  return ok({
    value: {
      determinate,
      ageBand,
      weightBand,
      bands,
      reasons,
      administration: 'Dose is given over at least 1 minute via lumbar puncture (§3.1.5).',
      prescriberMustConfirm: true,
    },
    inputs: {
      age: age.value.value,
      weightKg: weight.value.value.kg,
      weightRecordedAt: weight.value.inputs.recordedAt,
      indication: input.indication,
      ...(input.severity ? { severity: input.severity } : {}),
      now: weight.value.inputs.now,
    },
    source: 'Guideline §3.1.5 (test dose), §1.1 (age), §3.1.4.ii (ampoules)',
    notes,
    warnings,
  });
}

/** The lowest and highest doses in the guideline's test-dose table (§3.1.5). */
export const TEST_DOSE_TABLE_LOWEST_MICROGRAMS = 25;
export const TEST_DOSE_TABLE_HIGHEST_MICROGRAMS = 100;
/**
 * Below this a recorded test dose is refused: no band is near it, and a number this small is the
 * milligram figure typed as micrograms (0.05 mg = 50 micrograms). App plausibility limit, not
 * from the guideline.
 */
export const TEST_DOSE_REFUSED_BELOW_MICROGRAMS = 1;

export type GivenTestDoseCheck =
  | { readonly status: 'within-table' }
  | { readonly status: 'needs-confirmation'; readonly message: string }
  | { readonly status: 'refused'; readonly message: string };

/**
 * A test dose as given, against the guideline's bands (§3.1.5: lowest 25 micrograms, highest 100;
 * A15). Inside the table it is recorded as entered; outside it needs the nurse's confirmation with
 * a reason; below 1 microgram it is refused as a unit slip.
 */
export function checkGivenTestDose(dose: Micrograms): GivenTestDoseCheck {
  if (dose < TEST_DOSE_REFUSED_BELOW_MICROGRAMS) {
    const asMg = dose * 1000;
    return {
      status: 'refused',
      message: `${dose} micrograms is not a test dose: the guideline's smallest is ${TEST_DOSE_TABLE_LOWEST_MICROGRAMS} micrograms (§3.1.5). If ${dose} mg was given, that is ${asMg} micrograms: enter ${asMg}.`,
    };
  }
  if (dose < TEST_DOSE_TABLE_LOWEST_MICROGRAMS) {
    return { status: 'needs-confirmation', message: `${dose} micrograms is below the guideline's smallest test dose (${TEST_DOSE_TABLE_LOWEST_MICROGRAMS} micrograms, §3.1.5): confirm it was the dose given, and say why.` };
  }
  if (dose > TEST_DOSE_TABLE_HIGHEST_MICROGRAMS) {
    return { status: 'needs-confirmation', message: `${dose} micrograms is above the guideline's test-dose bands (at most ${TEST_DOSE_TABLE_HIGHEST_MICROGRAMS} micrograms, §3.1.5): confirm it was the dose given, and say why.` };
  }
  return { status: 'within-table' };
}
