/**
 * Seeded mutations of realistic FHIR resources (issue 15): each mutation is one hostile change of
 * the kind EHRs and attackers send — an impossible number, a status outside the value set, a
 * comparator, a unit that disagrees with its code, a timing part the reader does not know, an
 * ambiguous number in text, an impossible date, a wrong JSON type, a removed field. The same seed
 * gives the same mutations on every machine.
 */

import { createPrng } from '../sandbox/faults';

/**
 * The time each fuzz file is meant to take in `npm test` (issue 15: the fuzz runs under 30 s).
 * Alone on two shared cores the read path's 500 mutations take about 6 s and each view sample
 * about 7 s; each file prints its time beside this budget. The test's timeout is FUZZ_HANG_MS, a
 * guard against a hang, not this budget: a speed check in a test flakes on a loaded machine (the
 * doctor-view fuzz once went over 30 s beside the browser run), and speed belongs to benchmarks.
 */
export const FUZZ_BUDGET_MS = 30_000;
export const FUZZ_HANG_MS = 4 * FUZZ_BUDGET_MS;

/** "12.3 s (budget 30 s)", for the line each fuzz file prints. */
export const fuzzTime = (startedMs: number): string => `${((performance.now() - startedMs) / 1000).toFixed(1)} s (budget ${FUZZ_BUDGET_MS / 1000} s)`;

/** The sandbox's seeded PRNG (mulberry32): repeatable, not secret. */
export const prng = createPrng;

export type Rng = () => number;
export const pick = <T>(rng: Rng, items: readonly T[]): T => {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

/**
 * - `strict`: the mutated resource may give no figure without a notice naming it (a status
 *   outside the value set, a comparator, a timing part the reader does not understand);
 * - `hostile`: a figure that differs from the unmutated reading must come with a notice;
 * - `structural`: a field removed, which may legitimately change a figure (a flex step removed):
 *   only "no crash" and "every figure finite and in range" are asked.
 */
export type MutationClass = 'strict' | 'hostile' | 'structural';

export type Mutation = {
  readonly operator: string;
  readonly path: string;
  readonly description: string;
  readonly class: MutationClass;
  /**
   * What the new text states without ambiguity, when it states a figure: the one figure such a
   * text may change without a notice is that figure, exactly this value, with the text quoted as
   * its source ("0,5 mg/mL" is 500 micrograms/mL; read as 5000 or 0 it is still a finding).
   */
  readonly states?: TextStatement;
};

export type TextStatement = { readonly kind: 'concentration'; readonly value: number; readonly written: string };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Leaf = { readonly parent: JsonObject | Json[]; readonly key: string | number; readonly path: string; readonly value: Json };

/**
 * Numbers outside every plausible range the app reads (dose, rate, concentration, volume,
 * weight, temperature, heart and respiratory rate, SpO2, blood pressure, test dose, frequency),
 * so any figure taken from one of them is wrong. Zero is applied only outside Observations (a
 * respiratory rate or pain score of 0 is possible).
 */
export const HOSTILE_NUMBERS = [-120, -1, 1e308, 5e-324, 1e16, 123456789, 1e-9, 0.0001] as const;
export const HOSTILE_STATUSES = ['', 'ENTERED-IN-ERROR', 'Final', 'deleted', 'Active', 'COMPLETED', 'active '] as const;
export const COMPARATORS = ['<', '>', '<=', '>=', 'ad'] as const;
/** Units no quantity the app reads is in, or that disagree with any code beside them. */
export const UNKNOWN_UNITS = ['L', 'uL', 'furlong', 'mmol/L', '{beats}', 'mg/kg'] as const;
export const DISAGREEING_UNITS = ['mg', 'g', '[lb_av]', 'ug/h', 'mL', 'kg', '%', 'Cel', '[degF]', 'L', 'uL'] as const;
export const UNKNOWN_TIMING = [
  ['dayOfWeek', ['mon']],
  ['when', ['MORN']],
  ['count', 3],
  ['offset', 30],
  ['frequencyMax', 4],
  ['periodMax', 2],
  ['duration', 1],
] as const;
/** Volume units that agree between `unit` and `code` but are not mL: never to be read as mL. */
export const FOREIGN_VOLUME_UNITS = ['L', 'uL', 'dL', '[foz_us]'] as const;
/** Where an intrathecal order's amount sits: its dose, rate or rate numerator. */
const DOSE_AND_RATE = /doseAndRate\[\d+\]\.(doseQuantity|rateQuantity|rateRatio\.numerator)$/;
const MICROGRAM_UNIT = /^(ug|mcg|micrograms?)(?=$|\/)/i;
export const HOSTILE_TEXTS = [
  '0,5 mg/mL',
  '2 000 micrograms/mL',
  '2\u202F000 micrograms/mL',
  '2 000 micrograms/day',
  '0,5 mcg/day',
  'baclofen 1,5 mg/mL intrathecal',
  '<img src=x onerror=alert(1)>',
  '',
  '\u202Ebaclofen',
] as const;
/** The hostile texts that state a figure unambiguously (a decimal comma before one or two digits). */
export const TEXT_STATEMENTS: Readonly<Record<string, TextStatement>> = {
  '0,5 mg/mL': { kind: 'concentration', value: 500, written: '0,5 mg/mL' },
  'baclofen 1,5 mg/mL intrathecal': { kind: 'concentration', value: 1500, written: '1,5 mg/mL' },
};
export const HOSTILE_DATES = ['0000-01-01', '1899-12-31', '2999-01-01', '9999-12-31T23:59:59Z', '0000', '2026-02-30', '1899-12-31T23:59:59-12:00'] as const;

const DATE_LIKE = /^\d{4}(-\d{2}(-\d{2}(T.*)?)?)?$/;
const TEXT_KEYS = new Set(['text', 'display', 'valueString', 'patientInstruction']);
const NEVER_TOUCH = new Set(['resourceType', 'id', 'reference', 'system', 'fullUrl']);

function leaves(node: Json, path: string, out: Leaf[]): Leaf[] {
  if (Array.isArray(node)) {
    node.forEach((v, i) => {
      if (v !== null && typeof v === 'object') leaves(v, `${path}[${i}]`, out);
      else out.push({ parent: node, key: i, path: `${path}[${i}]`, value: v });
    });
  } else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      const p = path === '' ? k : `${path}.${k}`;
      if (v !== null && typeof v === 'object') {
        out.push({ parent: node, key: k, path: p, value: v });
        leaves(v, p, out);
      } else out.push({ parent: node, key: k, path: p, value: v });
    }
  }
  return out;
}

const isObject = (v: Json): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const set = (leaf: Leaf, value: Json) => {
  if (Array.isArray(leaf.parent)) leaf.parent[leaf.key as number] = value;
  else leaf.parent[leaf.key as string] = value;
};
const shown = (v: unknown) => JSON.stringify(v);

type Operator = {
  readonly name: string;
  readonly class: MutationClass;
  /** How often it is chosen among those that apply: figure-bearing changes most. */
  readonly weight: number;
  /** Leaves this operator can change; none means it does not apply to the resource. */
  readonly targets: (all: readonly Leaf[], resource: JsonObject) => Leaf[];
  readonly apply: (leaf: Leaf, rng: Rng) => string;
};

const isVitalSign = (r: JsonObject): boolean =>
  r.resourceType === 'Observation' &&
  (!Array.isArray(r.category) || r.category.some((c) => isObject(c) && Array.isArray(c.coding) && c.coding.some((x) => isObject(x) && x.code === 'vital-signs')) || r.category.length === 0);

const keyOf = (l: Leaf) => (typeof l.key === 'string' ? l.key : '');

const OPERATORS: readonly Operator[] = [
  {
    name: 'number',
    weight: 3,
    class: 'hostile',
    targets: (all) => all.filter((l) => typeof l.value === 'number' && keyOf(l) !== 'sequence'),
    apply: (l, rng) => {
      const v = pick(rng, HOSTILE_NUMBERS);
      set(l, v);
      return `${l.path}: ${shown(l.value)} → ${v}`;
    },
  },
  {
    name: 'zero',
    weight: 1,
    class: 'hostile',
    // Not on vital signs (a respiratory rate or pain score of 0 is possible), but on the refill's
    // Observations: "zero pump volumes".
    targets: (all, r) => (isVitalSign(r) ? [] : all.filter((l) => typeof l.value === 'number' && keyOf(l) === 'value')),
    apply: (l) => {
      set(l, 0);
      return `${l.path}: ${shown(l.value)} → 0`;
    },
  },
  {
    name: 'status',
    weight: 2,
    class: 'strict',
    targets: (all) => all.filter((l) => l.path === 'status'),
    apply: (l, rng) => {
      const v = pick(rng, HOSTILE_STATUSES);
      set(l, v);
      return `status: ${shown(l.value)} → ${shown(v)}`;
    },
  },
  {
    name: 'comparator',
    weight: 3,
    class: 'strict',
    targets: (all) => all.filter((l) => isObject(l.value) && typeof l.value.value === 'number'),
    apply: (l, rng) => {
      const v = pick(rng, COMPARATORS);
      if (isObject(l.value)) l.value.comparator = v;
      return `${l.path}.comparator = ${shown(v)}`;
    },
  },
  {
    name: 'unit',
    weight: 3,
    class: 'hostile',
    targets: (all) => all.filter((l) => isObject(l.value) && typeof l.value.value === 'number' && (typeof l.value.unit === 'string' || typeof l.value.code === 'string')),
    apply: (l, rng) => {
      const q = l.value as JsonObject;
      const both = typeof q.unit === 'string' && typeof q.code === 'string';
      if (both) {
        const field = rng() < 0.5 ? 'unit' : 'code';
        const otherValue = field === 'unit' ? q.code : q.unit;
        const other = typeof otherValue === 'string' ? otherValue : '';
        const choices = DISAGREEING_UNITS.filter((u) => u.toLowerCase() !== other.toLowerCase());
        const v = pick(rng, choices);
        const was = q[field];
        q[field] = v;
        return `${l.path}.${field}: ${shown(was)} → ${shown(v)} (beside ${shown(other)})`;
      }
      const field = typeof q.unit === 'string' ? 'unit' : 'code';
      const v = pick(rng, UNKNOWN_UNITS);
      const was = q[field];
      q[field] = v;
      return `${l.path}.${field}: ${shown(was)} → ${shown(v)}`;
    },
  },
  {
    // "an unknown volume unit (L, uL) assumed to be mL": unit and code agree, so only a reader
    // that checks the unit notices; a volume read as if in mL is the same number as before, hence strict.
    name: 'volume-unit',
    weight: 2,
    class: 'strict',
    targets: (all) => all.filter((l) => isObject(l.value) && typeof l.value.value === 'number' && [l.value.unit, l.value.code].some((u) => typeof u === 'string' && u.toLowerCase() === 'ml')),
    apply: (l, rng) => {
      const q = l.value as JsonObject;
      const v = pick(rng, FOREIGN_VOLUME_UNITS);
      const was = `${shown(q.unit)}/${shown(q.code)}`;
      q.unit = v;
      q.code = v;
      return `${l.path}.unit and .code: ${was} → ${shown(v)}`;
    },
  },
  {
    // "an intrathecal order in mg silently converted to micrograms (the app's own rule is to
    // refuse it)": the same amount, correctly converted, so a reader that converts gives the same
    // figure as before — strict on the dose.
    name: 'milligrams',
    weight: 2,
    class: 'strict',
    targets: (all, r) =>
      r.resourceType !== 'MedicationRequest'
        ? []
        : all.filter((l) => DOSE_AND_RATE.test(l.path) && isObject(l.value) && typeof l.value.value === 'number' && [l.value.unit, l.value.code].some((u) => typeof u === 'string' && MICROGRAM_UNIT.test(u))),
    apply: (l) => {
      const q = l.value as JsonObject;
      const was = `${shown(q.value)} ${shown(q.unit ?? q.code)}`;
      q.value = (q.value as number) / 1000;
      for (const k of ['unit', 'code'] as const) {
        const u = q[k];
        if (typeof u === 'string') q[k] = u.replace(MICROGRAM_UNIT, 'mg');
      }
      return `${l.path}: ${was} → ${shown(q.value)} ${shown(q.unit ?? q.code)}`;
    },
  },
  {
    // "a dose with no timing shown as per day": an amount (not a rate, not per day) whose timing,
    // or the timing's repeat, is removed; a daily figure from it would be a guess.
    name: 'untimed',
    weight: 2,
    class: 'strict',
    targets: (all) =>
      all.filter((l) => {
        if (!/dosageInstruction\[\d+\]\.timing$/.test(l.path) || !isObject(l.value) || Array.isArray(l.parent)) return false;
        const doseAndRate = l.parent.doseAndRate;
        return (
          Array.isArray(doseAndRate) &&
          doseAndRate.some((d) => isObject(d) && isObject(d.doseQuantity ?? null) && [(d.doseQuantity as JsonObject).code, (d.doseQuantity as JsonObject).unit].every((u) => typeof u !== 'string' || !u.includes('/')))
        );
      }),
    apply: (l, rng) => {
      const timing = l.value as JsonObject;
      if (rng() < 0.5 || !isObject(timing.repeat ?? null)) {
        if (!Array.isArray(l.parent)) Reflect.deleteProperty(l.parent, 'timing');
        return `${l.path} removed`;
      }
      Reflect.deleteProperty(timing, 'repeat');
      return `${l.path}.repeat removed`;
    },
  },
  {
    name: 'timing',
    weight: 3,
    class: 'strict',
    targets: (all) => all.filter((l) => keyOf(l) === 'repeat' && isObject(l.value)),
    apply: (l, rng) => {
      const [k, v] = pick(rng, UNKNOWN_TIMING);
      if (isObject(l.value)) l.value[k] = v as Json;
      return `${l.path}.${k} = ${shown(v)}`;
    },
  },
  {
    name: 'text',
    weight: 2,
    class: 'hostile',
    targets: (all) => all.filter((l) => typeof l.value === 'string' && TEXT_KEYS.has(keyOf(l))),
    apply: (l, rng) => {
      const v = pick(rng, HOSTILE_TEXTS);
      set(l, v);
      return `${l.path}: ${shown(l.value)} → ${shown(v)}`;
    },
  },
  {
    name: 'date',
    weight: 2,
    class: 'hostile',
    targets: (all) => all.filter((l) => typeof l.value === 'string' && DATE_LIKE.test(l.value) && !NEVER_TOUCH.has(keyOf(l))),
    apply: (l, rng) => {
      const v = pick(rng, HOSTILE_DATES);
      set(l, v);
      return `${l.path}: ${shown(l.value)} → ${shown(v)}`;
    },
  },
  {
    name: 'type',
    weight: 1,
    class: 'hostile',
    targets: (all) => all.filter((l) => (typeof l.value === 'number' || typeof l.value === 'boolean') && !NEVER_TOUCH.has(keyOf(l))),
    apply: (l) => {
      const v = JSON.stringify(l.value);
      set(l, v);
      return `${l.path}: ${shown(l.value)} → ${shown(v)} (a string)`;
    },
  },
  {
    name: 'remove',
    weight: 1,
    class: 'structural',
    targets: (all) => all.filter((l) => !NEVER_TOUCH.has(keyOf(l)) && typeof l.key === 'string'),
    apply: (l) => {
      if (!Array.isArray(l.parent)) Reflect.deleteProperty(l.parent, l.key);
      return `${l.path} removed`;
    },
  },
];

/** One mutation of a deep copy of `resource`; undefined when no operator applies. */
export function mutate(resource: unknown, rng: Rng): { resource: unknown; mutation: Mutation } | undefined {
  const copy = structuredClone(resource) as Json;
  if (!isObject(copy)) return undefined;
  const all = leaves(copy, '', []);
  const usable = OPERATORS.map((op) => ({ op, targets: op.targets(all, copy) })).filter((o) => o.targets.length > 0);
  if (usable.length === 0) return undefined;
  const weighted = usable.flatMap((u) => Array.from({ length: u.op.weight }, () => u));
  const { op, targets } = pick(rng, weighted);
  const leaf = pick(rng, targets);
  const description = op.apply(leaf, rng);
  const written = Array.isArray(leaf.parent) ? leaf.parent[leaf.key as number] : leaf.parent[leaf.key as string];
  const states = op.name === 'text' && typeof written === 'string' ? TEXT_STATEMENTS[written] : undefined;
  return { resource: copy, mutation: { operator: op.name, path: leaf.path, description, class: op.class, ...(states === undefined ? {} : { states }) } };
}
