/**
 * Seeded fuzz test of the read path (issue 15). Realistic charts — the sandbox's ten seed
 * children and the interoperability corpus — are mutated one hostile change at a time and read
 * through every mapper, the doctor model and the formatters. Oracles:
 *
 * 1. no crash: nothing throws, from parse to printed text;
 * 2. no impossible figure: every figure is finite and within the range below for its kind, and
 *    nothing prints NaN, Infinity or undefined;
 * 3. no wrong figure without a notice: a figure that differs from the unmutated reading comes with
 *    a notice naming a resource it came from (a `strict` mutation — a status outside the value set,
 *    a timing part the reader does not know — may give no un-noticed figure at all).
 *
 * The ranges are this test's own literal numbers, not the app's constants, so a constant moved
 * the wrong way fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadUcum } from '../../src/domain/units';
import { generateSeed } from '../sandbox/seed/generate';
import { testNow } from '../clock/test-clock';
import { FUZZ_BUDGET_MS, mutate, pick, prng, type Mutation } from './mutate';
import { readChart, type Figure, type FigureKind, type Reading } from './read-chart';

/** Fixed for the suite; FUZZ_SEED and FUZZ_MUTATIONS explore further by hand (any finding becomes a case in src/fhir/hostile-input.test.ts). */
const SEED = Number(process.env.FUZZ_SEED ?? 152026);
const MUTATIONS = Number(process.env.FUZZ_MUTATIONS ?? 500);
/** The suite's 500 keep to the budget; a larger run by hand gets the budget in proportion. */
const TIMEOUT_MS = FUZZ_BUDGET_MS * Math.max(1, MUTATIONS / 500);

/** What a child's record can hold, per figure kind (inclusive). */
const RANGE: Record<Exclude<FigureKind, 'record-date' | 'refill-due'>, readonly [number, number]> = {
  'daily-dose': [1, 2000],
  'dose-step': [1, 2000],
  concentration: [1, 4000],
  'refill-concentration': [1, 4000],
  'oral-dose': [0.1, 100],
  'weight-kg': [1, 150],
  vital: [0, 350],
  'reservoir-ml': [1, 60],
  'alarm-ml': [1, 60],
  'fill-ml': [0.1, 60],
  'test-dose': [1, 1000],
  'age-years': [0, 120],
  'percent-change': [-100, 200_000],
};
const EARLIEST = Date.UTC(1900, 0, 1) - 14 * 3_600_000;
const DAY = 86_400_000;

function impossible(f: Figure, now: Date): string | undefined {
  if (!Number.isFinite(f.value)) return `${f.kind} ${f.key} is ${f.value}`;
  if (/NaN|Infinity|undefined/.test(f.printed)) return `${f.kind} ${f.key} prints "${f.printed}"`;
  if (f.kind === 'record-date') return f.value < EARLIEST || f.value > now.getTime() + DAY ? `${f.key} is dated ${f.printed}` : undefined;
  if (f.kind === 'refill-due') return f.value < EARLIEST || f.value > now.getTime() + 20 * 365 * DAY ? `refill due ${f.printed}` : undefined;
  const [lo, hi] = RANGE[f.kind];
  return f.value < lo || f.value > hi ? `${f.kind} ${f.key} = ${f.value} (outside ${lo}–${hi})` : undefined;
}

// --- The corpus ----------------------------------------------------------------------------------

type Chart = { readonly name: string; readonly resources: readonly unknown[] };
type Json = { [key: string]: unknown };

/** Seed transaction bundles → resources with ids, `urn:uuid:` references rewritten to `Type/id`. */
function seedCharts(now: Date): Chart[] {
  const seed = generateSeed(now);
  return seed.bundles.map((bundle, k) => {
    const entries = bundle.entry ?? [];
    const urls = new Map<string, string>();
    const resources = entries.map((e, i) => {
      const r = structuredClone(e.resource) as unknown as Json;
      if (typeof r.id !== 'string') r.id = `seed${k}-${i}`;
      if (e.fullUrl !== undefined) urls.set(e.fullUrl, `${String(r.resourceType)}/${r.id as string}`);
      return r;
    });
    const rewrite = (v: unknown): unknown => {
      if (typeof v === 'string') return urls.get(v) ?? v;
      if (Array.isArray(v)) return v.map(rewrite);
      if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([key, x]) => [key, rewrite(x)]));
      return v;
    };
    return { name: seed.patients[k]?.id ?? `seed-${k}`, resources: resources.map(rewrite) };
  });
}

// The fuzz calls the mappers directly (the reads wait for the library in withUnits), and mutated
// units fall outside the app's table: the UCUM library is loaded first.
beforeAll(() => loadUcum());

const INTEROP = resolve(import.meta.dirname, '../fixtures/interop');

/** Each interop file as a one-resource chart (with the Medications it names in `with`). */
function interopCharts(): Chart[] {
  const load = (f: string): Json => JSON.parse(readFileSync(resolve(INTEROP, f), 'utf8')) as Json;
  return readdirSync(INTEROP)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const j = load(f);
      const resource = 'resource' in j ? j.resource : j;
      const withFiles = Array.isArray(j.with) ? (j.with as string[]) : [];
      const companions = withFiles.map((w) => {
        const c = load(w.endsWith('.json') ? w : `${w}.json`);
        return 'resource' in c ? c.resource : c;
      });
      return { name: f, resources: [resource, ...companions] };
    });
}

// --- One mutant ------------------------------------------------------------------------------------

type Finding = { readonly chart: string; readonly mutation: Mutation; readonly problem: string };

/** Which figures a mutated reading shows without a word. */
function unexplained(base: Reading, mutant: Reading, mutation: Mutation, mutatedRef: string, now: Date): string[] {
  const baseline = new Map(base.figures.map((f) => [f.key, f.value]));
  const noticed = (f: Figure) => mutant.noticed.has('*') || f.from.some((r) => mutant.noticed.has(r));
  const out: string[] = [];
  for (const f of mutant.figures) {
    const bad = impossible(f, now);
    if (bad !== undefined) {
      out.push(`impossible figure: ${bad}`);
      continue;
    }
    if (mutation.class === 'structural') continue;
    const same = baseline.has(f.key) && Object.is(baseline.get(f.key), f.value);
    // A figure from the mutated resource under a strict mutation must be noticed even when unchanged.
    // A comparator is strict where a resource has one value (an Observation, a Device volume, a
    // test dose); on an order it may sit on an entry the reader rightly ignores (Epic's mL amount).
    const strictHit =
      mutation.class === 'strict' &&
      f.from.includes(mutatedRef) &&
      (mutation.operator !== 'timing' || f.kind === 'daily-dose' || f.kind === 'dose-step') &&
      (mutation.operator !== 'comparator' || !mutatedRef.startsWith('MedicationRequest/'));
    if ((!same || strictHit) && !noticed(f)) out.push(`${f.kind} ${f.key}: ${same ? 'unchanged but from a resource that should not be used' : `${baseline.get(f.key) ?? 'absent'} → ${f.value}`} ("${f.printed}") with no notice`);
  }
  return out;
}

describe('the read path under hostile FHIR (seeded fuzz, issue 15)', () => {
  it(`reads ${MUTATIONS} mutations of realistic charts with no crash and no unexplained figure`, () => {
    const now = testNow();
    const charts = [...seedCharts(now), ...interopCharts()];
    const rng = prng(SEED);
    const findings: Finding[] = [];
    const byOperator = new Map<string, number>();
    const baselines = new Map<string, Reading>();
    let crashes = 0;
    let applied = 0;

    for (const chart of charts) {
      // The unmutated charts must themselves read without an impossible figure.
      const base = readChart(chart.resources, now);
      baselines.set(chart.name, base);
      for (const f of base.figures) {
        const bad = impossible(f, now);
        if (bad !== undefined) findings.push({ chart: chart.name, mutation: { operator: 'none', path: '', description: 'unmutated', class: 'hostile' }, problem: bad });
      }
    }

    for (let n = 0; n < MUTATIONS; n++) {
      const chart = pick(rng, charts);
      // Pick a resource type first, so a long vitals history does not crowd out the orders and pump.
      const types = [...new Set(chart.resources.map((r) => String((r as Json).resourceType)))];
      const type = pick(rng, types);
      const candidates = chart.resources.map((r, i) => ({ r, i })).filter(({ r }) => String((r as Json).resourceType) === type);
      const { r, i } = pick(rng, candidates);
      const m = mutate(r, rng);
      if (m === undefined) continue;
      applied++;
      byOperator.set(m.mutation.operator, (byOperator.get(m.mutation.operator) ?? 0) + 1);
      const resources = chart.resources.map((x, j) => (j === i ? m.resource : x));
      const mutatedRef = `${type}/${String((r as Json).id)}`;
      let reading: Reading;
      try {
        reading = readChart(resources, now);
      } catch (e) {
        crashes++;
        findings.push({ chart: chart.name, mutation: m.mutation, problem: `crash: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
        continue;
      }
      const base = baselines.get(chart.name);
      if (base === undefined) continue;
      for (const problem of unexplained(base, reading, m.mutation, mutatedRef, now)) findings.push({ chart: chart.name, mutation: m.mutation, problem });
    }

    const report = findings.map((f) => `${f.chart} [${f.mutation.operator}] ${f.mutation.description}\n    ${f.problem}`).join('\n');
    // The figures the issue asks for, in the run's output (the lead's report quotes them).
    console.warn(
      `fuzz: ${applied} mutations (${[...byOperator].map(([k, v]) => `${k} ${v}`).join(', ')}), ${crashes} crashes, ${findings.length - crashes} unexplained or impossible figures`,
    );
    expect(applied).toBeGreaterThanOrEqual(MUTATIONS * 0.95);
    expect(report).toBe('');
  }, TIMEOUT_MS);
});
