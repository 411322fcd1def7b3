/**
 * Seeded mutations of realistic FHIR resources (issue 15): each mutation is one hostile change of
 * the kind EHRs and attackers send — an impossible number, a status outside the value set, a
 * comparator, a unit that disagrees with its code, a timing part the reader does not know, an
 * ambiguous number in text, an impossible date, a wrong JSON type, a removed field. The same seed
 * gives the same mutations on every machine.
 */

import { createPrng } from '../sandbox/faults';

/**
 * The time each fuzz file may take in `npm test` (issue 15: the fuzz runs under 30 s). Alone on
 * two shared cores the read path's 500 mutations take about 6 s and each view sample about 7 s.
 */
export const FUZZ_BUDGET_MS = 30_000;

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
};

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
    targets: (all, r) => (r.resourceType === 'Observation' ? [] : all.filter((l) => typeof l.value === 'number' && keyOf(l) === 'value')),
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
  return { resource: copy, mutation: { operator: op.name, path: leaf.path, description, class: op.class } };
}
