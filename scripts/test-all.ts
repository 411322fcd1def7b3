/**
 * `npm test`: every check, in the order that keeps two cores busy without starving the browser
 * tests (issue 10).
 *
 *   1. side by side: type checking, then the unit matrix (vitest.clock.config.ts, two workers);
 *      and lint. Each is CPU-bound and lint (80 s) outlasts type checking (40 s): the unit
 *      matrix starts on the core type checking leaves instead of waiting for lint;
 *   2. the two browser runs side by side, each on its own ports with its own sandboxes: every
 *      browser test at 23:30 Sydney, and the `@clock` ones at 00:30 Sydney.
 *
 * A step that fails stops its chain, and the later phases (as `&&` would) after its phase ends;
 * the table at the end gives each step's time. `npm run test:clock` is the same steps one after
 * another.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { failureSummaryFile } from '../test/e2e/reporters/failure-summary';

interface Step {
  name: string;
  command: string[];
  env?: Record<string, string>;
  /** Where a browser run leaves the summary of its failed tests (printed last, for CI's tail). */
  failures?: string;
}

/** Phases one after another; in a phase, chains side by side; in a chain, steps one after another. */
const phases: Step[][][] = [
  [
    [
      { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
      { name: 'unit', command: ['npm', 'run', '--silent', 'test:unit:clock'] },
    ],
    [{ name: 'lint', command: ['npm', 'run', '--silent', 'lint'] }],
  ],
  [
    [{ name: 'e2e 23:30', command: ['npm', 'run', '--silent', 'test:e2e:before-midnight'], failures: failureSummaryFile(process.env['E2E_APP_PORT'] ?? 4174) }],
    [
      {
        name: 'e2e 00:30',
        command: ['npm', 'run', '--silent', 'test:e2e:after-midnight'],
        // Its own ports, sandboxes and bundle (a build takes ~4 s), so it can run beside the other.
        env: { E2E_SANDBOX_PORT: '4140', E2E_APP_PORT: '4184', E2E_CDS_PORT: '4186', E2E_WORKERS: process.env['E2E_CLOCK_WORKERS'] ?? '2' },
        failures: failureSummaryFile(4184),
      },
    ],
  ],
];

interface Result {
  name: string;
  ok: boolean;
  seconds: number;
}

function run(step: Step, prefix: boolean): Promise<Result> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(step.command[0] ?? 'npm', step.command.slice(1), {
      // No traces of failed browser tests (CI shows only the output's tail; recording them costs every
      // test's snapshots): E2E_TRACE=on keeps them, as a plain `playwright test` does.
      env: { ...process.env, E2E_TRACE: process.env['E2E_TRACE'] ?? 'off', ...step.env, FORCE_COLOR: process.env['FORCE_COLOR'] ?? '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tag = prefix ? `[${step.name}] ` : '';
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${tag}${line}\n`));
    }
    child.on('close', (code) => resolve({ name: step.name, ok: code === 0, seconds: (performance.now() - started) / 1000 }));
  });
}

const results: Result[] = [];
const allStarted = performance.now();
async function runChain(chain: Step[], prefix: boolean): Promise<Result[]> {
  const done: Result[] = [];
  for (const step of chain) {
    const result = await run(step, prefix);
    done.push(result);
    if (!result.ok) break;
  }
  return done;
}

for (const phase of phases) {
  const prefix = phase.length > 1;
  const done = (await Promise.all(phase.map((chain) => runChain(chain, prefix)))).flat();
  results.push(...done);
  if (done.some((r) => !r.ok) || done.length < phase.flat().length) break;
}

const total = (performance.now() - allStarted) / 1000;
const minutes = (s: number) => `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
console.log('\nnpm test:');
for (const r of results) console.log(`  ${r.ok ? 'passed' : 'FAILED'}  ${r.name.padEnd(10)} ${minutes(r.seconds)}`);
const ran = new Set(results.map((r) => r.name));
for (const step of phases.flat(2)) if (!ran.has(step.name)) console.log(`  skipped ${step.name} (an earlier step failed)`);
console.log(`  total ${minutes(total)}`);
// The failed browser tests once more, short, as the very last lines (CI shows only the tail).
for (const step of phases.flat(2)) {
  const failed = results.find((r) => r.name === step.name && !r.ok);
  if (failed === undefined || step.failures === undefined || !existsSync(step.failures)) continue;
  console.log(`\nfailed in ${step.name}:`);
  process.stdout.write(readFileSync(step.failures, 'utf8'));
}
process.exit(results.length === phases.flat(2).length && results.every((r) => r.ok) ? 0 : 1);
