/**
 * The intrathecal daily dose of one MedicationRequest, read the ways EHRs write it (issue 11):
 *
 * - `doseAndRate.rateQuantity` or a per-time `doseQuantity` (`ug/d`, `ug/h`, `ug/(24.h)`): the
 *   figure is a rate; `timing` is the schedule, not a multiplier (once a day × 450 ug/d = 450 ug/d);
 * - `doseAndRate.rateRatio` (`ug` per `1 d`, `24 h`, `1 h`);
 * - a per-administration `doseQuantity` (`ug`, "mcg") × `timing.repeat` frequency per period;
 * - flex schedules: several dosage entries each starting at a `timeOfDay`, summed over the day.
 *
 * What cannot be read safely is never turned into a daily figure: mg (refused for intrathecal
 * doses, clinical-reference A15), timing parts the reader does not understand, no timing for a
 * per-administration dose, unit and code disagreeing, implausible values, comparators. Each is
 * named. A figure with a comparator, or one stated only in the text, is offered to the clinician
 * to confirm (`candidate`), never used on its own.
 */
import { checkDailyDose } from '../domain/itb-plausibility';
import { convertUcum } from '../domain/units';
import { dailyDoseInText } from './medication-text';
import { quantityAsWritten, readQuantityUnit, readTimeUnit } from './quantity';
import type { FhirDosage, FhirDoseAndRate, FhirMedicationQuantity, FhirTiming } from './schemas';

export type DoseProblem = { readonly path: string; readonly message: string };

export type ReadStep = {
  /** HH:MM:SS start of the step (flex dosing), undefined for a simple dose. */
  readonly startsAt: string | undefined;
  /** Micrograms/day at this step's rate (rate steps) or from this step's doses (dose steps). */
  readonly dailyRate: number;
  /** Where it came from, in words: "from the order's rate: 12.5 micrograms/hour". */
  readonly source: string;
  /** The same in FHIR terms, for the technically minded: "rateQuantity 12.5 ug/h". */
  readonly sourceDetail: string;
};

/** A figure the record states but that must be confirmed by the clinician before any use. */
export type DoseCandidate = {
  readonly dailyDose: number;
  /** What the record says, shown beside the confirm control. */
  readonly basis: string;
  /** How the confirmed figure is labelled afterwards. */
  readonly confirmedLabel: string;
};

export type DoseReading = {
  readonly daily: number | undefined;
  readonly steps: readonly ReadStep[];
  readonly flex: boolean;
  /** "from the order's dose: 450 micrograms/day", "from the order's 3 dose steps"; undefined when not read. */
  readonly source: string | undefined;
  /** The FHIR element it was read from, as written: "doseQuantity 450 ug/d" (shown as a tooltip). */
  readonly sourceDetail: string | undefined;
  readonly candidate: DoseCandidate | undefined;
  readonly problems: readonly DoseProblem[];
};

type StepKind = 'rate' | 'dose';
/** `source` is the FHIR element as written ("rateQuantity 450 ug/d"); `plain` the same in words. */
type StepValue = { kind: StepKind; perDay: number; source: string; plain: string; startsAt: string | undefined };
type Outcome =
  | { ok: true; step: StepValue }
  /** `soft`: a quantity that is not a mass (Epic's admin-amount in mL), ignored beside a microgram entry. */
  | { ok: false; problem: DoseProblem; comparator?: { perDay: number; written: string }; soft?: true }
  | { ok: 'none' };

const round = (n: number) => Math.round(n * 1000) / 1000;

// --- Units ---------------------------------------------------------------------------------------

type UnitKind = { kind: 'ug' } | { kind: 'ug-per-time'; toPerDay: number } | { kind: 'mg' } | { kind: 'other'; reason: string };

/** Is this UCUM unit micrograms, micrograms per time, a milligram unit (refused), or neither? */
function classifyDoseUnit(q: FhirMedicationQuantity): UnitKind {
  const read = readQuantityUnit(q);
  if (!read.ok) return { kind: 'other', reason: read.reason };
  const u = read.unit;
  if (u === 'ug') return { kind: 'ug' };
  if (/^ug\//.test(u)) {
    const c = convertUcum('unit', 1, u, 'ug/d');
    if (c.ok) return { kind: 'ug-per-time', toPerDay: c.value };
  }
  if (/^(mg|g|kg)(\/|$)/.test(u) && (convertUcum('unit', 1, u, 'ug').ok || convertUcum('unit', 1, u, 'ug/d').ok)) return { kind: 'mg' };
  return { kind: 'other', reason: `unit "${q.unit ?? q.code ?? ''}" is not micrograms or micrograms per time` };
}

const MG_REFUSED =
  'intrathecal baclofen is prescribed in micrograms, not mg: the dose is not converted (1 mg = 1000 micrograms); check the order';

// --- Timing --------------------------------------------------------------------------------------

/** Timing.repeat parts the reader understands; anything else makes the daily dose unreadable. */
const UNDERSTOOD_REPEAT = new Set(['frequency', 'period', 'periodUnit', 'timeOfDay', 'boundsPeriod']);

/** Days per unit for the periods a daily figure can be read from (once or more every day). */
const DAYS_PER: Record<string, number> = { d: 1, h: 1 / 24 };

type Schedule = { kind: 'none' } | { kind: 'per-day'; times: number; written: string; plain: string } | { kind: 'schedule-only' } | { kind: 'unreadable'; reason: string };

const PERIOD_WORDS: Record<string, [one: string, many: string]> = { d: ['day', 'days'], h: ['hour', 'hours'] };

/** "once a day", "2 times a day", "every 8 hours", "3 times every 12 hours". */
function scheduleWords(f: number, period: number, periodUnit: string): string {
  const [one, many] = PERIOD_WORDS[periodUnit] ?? [periodUnit, periodUnit];
  if (period === 1) return f === 1 ? `once a ${one}` : `${f} times a ${one}`;
  return f === 1 ? `every ${period} ${many}` : `${f} times every ${period} ${many}`;
}

/** "08:00:00" → "08:00"; a list as people write it: "at 08:00 and 20:00". */
const timesOfDay = (times: readonly string[]): string => {
  const t = times.map((x) => x.slice(0, 5));
  return `at ${t.length <= 1 ? t.join('') : `${t.slice(0, -1).join(', ')} and ${t.at(-1) ?? ''}`}`;
};

/** A micrograms-per-time unit in words, from its factor to micrograms/day. */
function perTimeWords(toPerDay: number): string {
  if (Math.abs(toPerDay - 1) < 1e-9) return 'micrograms/day';
  if (Math.abs(toPerDay - 24) < 1e-9) return 'micrograms/hour';
  if (Math.abs(toPerDay - 1440) < 1e-9) return 'micrograms/minute';
  return `micrograms per ${round(1 / toPerDay)} day`;
}

/** "rate" for a rate element, "dose" for a dose element. */
const elementWords = (name: string): string => (name === 'doseQuantity' ? 'dose' : 'rate');

/** The schedule as a clinician reads it: "once a day", "2 times every 2 days", "3 times (no period given)". */
function describeRepeat(r: NonNullable<FhirTiming['repeat']>): string {
  const f = r.frequency ?? 1;
  if (r.period === undefined || r.periodUnit === undefined) return `${f === 1 ? 'once' : `${f} times`} (no complete period given)`;
  return scheduleWords(f, r.period, r.periodUnit);
}

/** Parts of a Timing.repeat the reader does not use, in words (the element names stay in the issue's path). */
const REPEAT_PART_WORDS: Readonly<Record<string, string>> = {
  dayOfWeek: 'days of the week',
  when: 'times tied to daily events (such as meals or bedtime)',
  offset: 'an offset from such an event',
  count: 'a number of doses',
  countMax: 'a maximum number of doses',
  duration: 'a duration for each dose',
  durationMax: 'a maximum duration for each dose',
  durationUnit: 'a unit of duration for each dose',
  frequencyMax: 'a maximum frequency',
  periodMax: 'a maximum period',
  boundsDuration: 'a length of course',
  boundsRange: 'a range for the length of course',
};
const repeatPartWords = (parts: readonly string[]): string => {
  const w = parts.map((p) => REPEAT_PART_WORDS[p] ?? 'a part of the schedule the app does not read');
  return w.length <= 1 ? w.join('') : `${w.slice(0, -1).join(', ')} and ${w.at(-1) ?? ''}`;
};

/** What the timing says about how often a dose is given in a day. */
function readSchedule(t: FhirTiming | undefined): Schedule {
  if (t === undefined) return { kind: 'none' };
  if (t.event !== undefined && t.event.length > 0) return { kind: 'unreadable', reason: 'the schedule gives set dates, which the app does not read' };
  const r = t.repeat;
  if (r === undefined) {
    return t.code === undefined ? { kind: 'none' } : { kind: 'unreadable', reason: `the schedule is given only as "${t.code.text ?? t.code.coding?.[0]?.code ?? ''}", without how often: not read` };
  }
  const unknown = Object.keys(r).filter((k) => !UNDERSTOOD_REPEAT.has(k) && r[k] !== undefined);
  if (unknown.length > 0) return { kind: 'unreadable', reason: `the schedule gives ${repeatPartWords(unknown)}, which the app does not read, so the daily dose cannot be worked out` };
  const { frequency, period, periodUnit } = r;
  if (frequency === undefined && period === undefined && periodUnit === undefined) {
    // Only bounds or times of day: a schedule for a rate, or n times a day for a dose.
    const times = r.timeOfDay?.length ?? 0;
    return times > 0 ? { kind: 'per-day', times, written: `at ${r.timeOfDay?.join(', ') ?? ''}`, plain: timesOfDay(r.timeOfDay ?? []) } : { kind: 'schedule-only' };
  }
  if (period === undefined || periodUnit === undefined) return { kind: 'unreadable', reason: `the schedule "${describeRepeat(r)}" has no complete period` };
  // FHIR R4 Timing.repeat.frequency: "If no frequency is stated, the assumption is that the event occurs once per period".
  const f = frequency ?? 1;
  if (!Number.isInteger(f) || f <= 0) return { kind: 'unreadable', reason: `the schedule's ${f} times per period is not a positive whole number` };
  if (!Number.isFinite(period) || period <= 0) return { kind: 'unreadable', reason: `the schedule's period of ${period} ${periodUnit} is not positive` };
  const daysPer = DAYS_PER[periodUnit];
  if (daysPer === undefined) return { kind: 'unreadable', reason: `a period in "${periodUnit}" is not a daily schedule` };
  const days = period * daysPer;
  if (days > 1 + 1e-9) return { kind: 'unreadable', reason: `the schedule "${describeRepeat(r)}" is not every day` };
  const times = f / days;
  if (r.timeOfDay !== undefined && r.timeOfDay.length > 0 && Math.abs(r.timeOfDay.length - times) > 1e-9) {
    return { kind: 'unreadable', reason: `the schedule "${describeRepeat(r)}" disagrees with its ${r.timeOfDay.length} times of day` };
  }
  const plain = r.timeOfDay !== undefined && r.timeOfDay.length > 0 ? timesOfDay(r.timeOfDay) : scheduleWords(f, period, periodUnit);
  return { kind: 'per-day', times, written: `× ${f} per ${period} ${periodUnit}`, plain };
}

// --- One doseAndRate entry -----------------------------------------------------------------------

function readRate(q: FhirMedicationQuantity, path: string, name: string, timing: FhirTiming | undefined, startsAt: string | undefined): Outcome {
  const written = quantityAsWritten(q);
  if (q.value === undefined) return { ok: false, problem: { path, message: `${name} has no value` } };
  const unit = classifyDoseUnit(q);
  if (unit.kind === 'mg') return { ok: false, problem: { path, message: `${name} ${written}: ${MG_REFUSED}` } };
  if (unit.kind === 'other') return { ok: false, problem: { path, message: `${name} ${written}: ${unit.reason}` }, soft: true };
  const schedule = readSchedule(timing);
  if (schedule.kind === 'unreadable') return { ok: false, problem: { path: 'timing', message: schedule.reason } };
  if (unit.kind === 'ug') return readPerAdministration(q, path, name, schedule, startsAt);
  // A rate: timing is its schedule. Only "once a day" (or none) is unambiguous beside a per-day figure.
  if (schedule.kind === 'per-day' && !(schedule.times === 1 && (timing?.repeat?.timeOfDay?.length ?? 0) <= 1)) {
    return { ok: false, problem: { path: 'timing', message: `${name} ${written} is already per time, but the timing repeats it ${schedule.written}: whether to multiply is not stated` } };
  }
  const plain = `from the order's ${elementWords(name)}: ${q.value} ${perTimeWords(unit.toPerDay)}`;
  return checked({ kind: 'rate', perDay: q.value * unit.toPerDay, source: `${name} ${written}`, plain, startsAt }, path, q, name);
}

function readPerAdministration(q: FhirMedicationQuantity, path: string, name: string, schedule: Schedule, startsAt: string | undefined): Outcome {
  const written = quantityAsWritten(q);
  switch (schedule.kind) {
    case 'none':
    case 'schedule-only':
      return { ok: false, problem: { path, message: `${name} ${written} is one administration and the timing does not say how often: not read as a daily dose` } };
    case 'per-day':
      return checked(
        { kind: 'dose', perDay: (q.value ?? Number.NaN) * schedule.times, source: `${name} ${written} ${schedule.written}`, plain: `from the order's dose: ${q.value ?? '?'} micrograms ${schedule.plain}`, startsAt },
        path,
        q,
        name,
      );
    case 'unreadable':
      return { ok: false, problem: { path: 'timing', message: schedule.reason } };
    default:
      return schedule satisfies never;
  }
}

/** Plausibility and comparator: a "<"/">" figure is kept aside for confirmation, never used. */
function checked(step: StepValue, path: string, q: FhirMedicationQuantity, name: string): Outcome {
  const plausible = checkDailyDose(step.perDay);
  if (!plausible.ok) return { ok: false, problem: { path, message: `${name} ${quantityAsWritten(q)}: ${plausible.error.message}` } };
  if (q.comparator !== undefined) {
    return {
      ok: false,
      problem: { path, message: `${name} ${quantityAsWritten(q)} carries the comparator "${q.comparator}": the figure is not used unless you confirm it` },
      comparator: { perDay: step.perDay, written: `${step.source}` },
    };
  }
  return { ok: true, step: { ...step, perDay: round(step.perDay) } };
}

function readRateRatio(r: NonNullable<FhirDoseAndRate['rateRatio']>, path: string, timing: FhirTiming | undefined, startsAt: string | undefined): Outcome {
  const num = r.numerator;
  const den = r.denominator;
  if (num?.value === undefined || den?.value === undefined) return { ok: false, problem: { path, message: 'rateRatio lacks a numerator or denominator value' } };
  const written = `${quantityAsWritten(num)} per ${quantityAsWritten(den)}`;
  const numUnit = classifyDoseUnit(num);
  if (numUnit.kind === 'mg') return { ok: false, problem: { path: `${path}.numerator`, message: `rateRatio ${written}: ${MG_REFUSED}` } };
  if (numUnit.kind !== 'ug') return { ok: false, problem: { path: `${path}.numerator`, message: `rateRatio ${written}: the numerator is not micrograms` } };
  const denUnit = readTimeUnit(den);
  const days = denUnit.ok ? convertUcum('unit', den.value, denUnit.unit, 'd') : undefined;
  if (days?.ok !== true || !(days.value > 0)) {
    return { ok: false, problem: { path: `${path}.denominator`, message: `rateRatio ${written}: the denominator is not a time` } };
  }
  const schedule = readSchedule(timing);
  if (schedule.kind === 'unreadable') return { ok: false, problem: { path: 'timing', message: schedule.reason } };
  if (num.comparator !== undefined || den.comparator !== undefined) {
    const perDay = num.value / days.value;
    return {
      ok: false,
      problem: { path, message: `rateRatio ${written} carries a comparator: the figure is not used unless you confirm it` },
      ...(checkDailyDose(perDay).ok ? { comparator: { perDay, written: `rateRatio ${written}` } } : {}),
    };
  }
  const [one, many] = PERIOD_WORDS[denUnit.ok ? denUnit.unit : ''] ?? [den.unit ?? '', den.unit ?? ''];
  const plain = `from the order's rate: ${num.value} micrograms per ${den.value === 1 ? one : `${den.value} ${many}`}`;
  return checked({ kind: 'rate', perDay: num.value / days.value, source: `rateRatio ${written}`, plain, startsAt }, path, num, 'rateRatio');
}

/** Dose rate types (HL7 dose-rate-type; Epic also sends admin-amount in mL beside the ordered dose). */
function typeOf(dr: FhirDoseAndRate): string | undefined {
  return dr.type?.coding?.[0]?.code ?? dr.type?.text;
}

function readDoseAndRate(dr: FhirDoseAndRate, path: string, timing: FhirTiming | undefined, startsAt: string | undefined): Outcome {
  if (dr.rateRange !== undefined) return { ok: false, problem: { path: `${path}.rateRange`, message: 'a rate range is not one dose: not read' } };
  if (dr.doseRange !== undefined) return { ok: false, problem: { path: `${path}.doseRange`, message: 'a dose range is not one dose: not read' } };
  if (dr.rateRatio !== undefined) return readRateRatio(dr.rateRatio, `${path}.rateRatio`, timing, startsAt);
  if (dr.rateQuantity !== undefined) return readRate(dr.rateQuantity, `${path}.rateQuantity`, 'rateQuantity', timing, startsAt);
  if (dr.doseQuantity !== undefined) return readRate(dr.doseQuantity, `${path}.doseQuantity`, 'doseQuantity', timing, startsAt);
  return { ok: 'none' };
}

// --- One dosage instruction, then the whole order -----------------------------------------------------

type DosageOutcome = { kind: 'step'; step: StepValue } | { kind: 'problem'; problems: DoseProblem[]; comparator?: { perDay: number; written: string } } | { kind: 'none' };

function readDosage(d: FhirDosage, i: number): DosageOutcome {
  const base = `dosageInstruction[${i}]`;
  const entries = d.doseAndRate ?? [];
  const startsAt = d.timing?.repeat?.timeOfDay?.length === 1 ? d.timing.repeat.timeOfDay[0] : undefined;
  if (entries.length === 0) return { kind: 'none' };
  if (d.asNeededBoolean === true || d.asNeededCodeableConcept !== undefined) {
    return { kind: 'problem', problems: [{ path: `${base}.asNeeded`, message: 'an as-needed dose is not a daily dose' }] };
  }
  const outcomes = entries.map((dr, j) => ({ dr, o: readDoseAndRate(dr, `${base}.doseAndRate[${j}]`, d.timing, startsAt) }));
  const read = outcomes.flatMap(({ dr, o }) => (o.ok === true ? [{ dr, step: o.step }] : []));
  const failed = outcomes.flatMap(({ o }) => (o.ok === false ? [o] : []));
  const withPath = (p: DoseProblem): DoseProblem => (p.path === 'timing' ? { ...p, path: `${base}.timing` } : p);
  if (read.length === 0) {
    const first = failed[0];
    if (first === undefined) return { kind: 'none' };
    return { kind: 'problem', problems: failed.map((f) => withPath(f.problem)), ...(first.comparator === undefined || failed.length > 1 ? {} : { comparator: first.comparator }) };
  }
  // Several entries (Epic: calculated, admin-amount, ordered): microgram readings must agree.
  const first = read[0];
  if (first === undefined) return { kind: 'none' };
  if (read.some((r) => Math.abs(r.step.perDay - first.step.perDay) > 1e-6)) {
    return {
      kind: 'problem',
      problems: [{ path: `${base}.doseAndRate`, message: `the dose entries disagree (${read.map((r) => `${typeOf(r.dr) ?? 'untyped'}: ${r.step.source}`).join('; ')})` }],
    };
  }
  const refused = failed.filter((f) => f.soft !== true);
  if (refused.length > 0) return { kind: 'problem', problems: refused.map((f) => withPath(f.problem)) };
  return { kind: 'step', step: first.step };
}

const secondsOfDay = (hms: string): number => {
  const [h = 0, m = 0, s = 0] = hms.split(':').map(Number);
  return h * 3600 + m * 60 + s;
};

const NOTHING: Omit<DoseReading, 'problems'> = { daily: undefined, steps: [], flex: false, source: undefined, sourceDetail: undefined, candidate: undefined };

/** The daily dose of one intrathecal order from its dosage instructions. */
export function readDose(dosages: readonly FhirDosage[]): DoseReading {
  const outcomes = dosages.map((d, i) => readDosage(d, i));
  const problems = outcomes.flatMap((o) => (o.kind === 'problem' ? o.problems : []));
  const steps = outcomes.flatMap((o) => (o.kind === 'step' ? [o.step] : []));

  if (problems.length > 0) {
    const only = outcomes.filter((o) => o.kind !== 'none');
    const c = only.length === 1 && only[0]?.kind === 'problem' ? only[0].comparator : undefined;
    return {
      ...NOTHING,
      problems,
      candidate: c === undefined ? undefined : { dailyDose: round(c.perDay), basis: `the order states ${c.written}`, confirmedLabel: 'confirmed by you from a dose with a comparator' },
    };
  }
  if (steps.length === 0) return textOnly(dosages);
  const single = steps[0];
  if (steps.length === 1 && single !== undefined) {
    return { ...NOTHING, problems: [], daily: single.perDay, steps: [toStep(single)], source: single.plain, sourceDetail: single.source };
  }
  return readFlex(steps);
}

const toStep = (s: StepValue): ReadStep => ({ startsAt: s.startsAt, dailyRate: round(s.perDay), source: s.plain, sourceDetail: s.source });

/**
 * Flex dosing: rate steps each run from their time of day until the next starts (wrapping at
 * midnight), so the day's total is Σ rate × hours/24; dose steps (boluses at times of day) add
 * up. Steps without a time, mixed kinds, or two steps at the same time are not read.
 */
function readFlex(steps: readonly StepValue[]): DoseReading {
  const fail = (message: string): DoseReading => ({ ...NOTHING, problems: [{ path: 'dosageInstruction', message }] });
  if (steps.some((s) => s.startsAt === undefined)) {
    return fail(`${steps.length} dosage instructions with doses, not all starting at a single time of day: which applies when is not stated`);
  }
  const kinds = new Set(steps.map((s) => s.kind));
  if (kinds.size > 1) return fail('the dosage instructions mix rates and single doses: not added up');
  const sorted = [...steps].sort((a, b) => secondsOfDay(a.startsAt ?? '') - secondsOfDay(b.startsAt ?? ''));
  const starts = sorted.map((s) => secondsOfDay(s.startsAt ?? ''));
  if (new Set(starts).size !== starts.length) return fail('two dosage steps start at the same time of day');
  let total = 0;
  if (kinds.has('rate')) {
    sorted.forEach((s, i) => {
      const start = starts[i] ?? 0;
      const next = i + 1 < sorted.length ? (starts[i + 1] ?? 0) : (starts[0] ?? 0) + 86400;
      total += (s.perDay * (next - start)) / 86400;
    });
  } else {
    total = sorted.reduce((sum, s) => sum + s.perDay, 0);
  }
  const plausible = checkDailyDose(total);
  if (!plausible.ok) return fail(`the ${sorted.length} dose steps add up to ${round(total)} micrograms/day: ${plausible.error.message}`);
  return {
    ...NOTHING,
    problems: [],
    daily: round(total),
    steps: sorted.map(toStep),
    flex: true,
    source: `from the order's ${sorted.length} dose steps`,
    sourceDetail: sorted.map((st) => `dosageInstruction ${st.startsAt ?? ''}: ${st.source}`).join('; '),
  };
}

/** No structured dose at all: the text as written, and a figure from it to confirm (never used silently). */
function textOnly(dosages: readonly FhirDosage[]): DoseReading {
  const text = dosages.map((d) => d.text).filter((t): t is string => t !== undefined && t.trim() !== '').join('; ');
  if (text === '') return { ...NOTHING, problems: [{ path: 'dosageInstruction', message: 'no daily dose stated' }] };
  const figure = dailyDoseInText(text);
  switch (figure.kind) {
    case 'none':
      return { ...NOTHING, problems: [{ path: 'dosageInstruction', message: 'no structured dose; the text states no daily dose in micrograms' }] };
    case 'refused':
      return { ...NOTHING, problems: [{ path: 'dosageInstruction.text', message: `no structured dose; the text's dose is not read: ${figure.reason}` }] };
    case 'read': {
      const plausible = checkDailyDose(figure.value);
      if (!plausible.ok) return { ...NOTHING, problems: [{ path: 'dosageInstruction.text', message: `the text's dose "${figure.written}": ${plausible.error.message}` }] };
      return {
        ...NOTHING,
        problems: [{ path: 'dosageInstruction', message: "no structured dose: only the order's text states one, to be confirmed before use" }],
        candidate: { dailyDose: round(figure.value), basis: `read from the order's text — confirm ("${figure.written}")`, confirmedLabel: 'confirmed by you from the order text' },
      };
    }
    default:
      return figure satisfies never;
  }
}

/**
 * Whether any dose or rate of these dosages is written in milligrams (or grams): an intrathecal
 * baclofen order in mg is refused, never converted (clinical-reference A15). The CDS order check
 * names it as such rather than as "dose not readable".
 */
export function prescribedInMilligrams(dosages: readonly FhirDosage[]): boolean {
  const quantities = dosages.flatMap((d) => (d.doseAndRate ?? []).flatMap((r) => [r.doseQuantity, r.rateQuantity, r.rateRatio?.numerator]));
  return quantities.some((q) => q !== undefined && classifyDoseUnit(q).kind === 'mg');
}
