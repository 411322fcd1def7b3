/**
 * `npm run test:clock:full`: the unit and browser suites, in full, at each instant of the clock
 * matrix (00:30, 12:59, 13:01 and 23:30 Sydney), alternating the machine's and the browser's
 * zone between two that are not Sydney's. Slow (a full suite per instant); `npm test` runs the
 * date-sensitive part of this every time.
 */
import { spawnSync } from 'node:child_process';
import { MATRIX_INSTANTS } from '../test/clock/test-clock';

const ZONES = ['America/Los_Angeles', 'Pacific/Kiritimati'] as const;
const results: { instant: string; zone: string; ok: boolean; seconds: number }[] = [];

for (const [i, instant] of MATRIX_INSTANTS.entries()) {
  const zone = ZONES[i % ZONES.length] ?? 'UTC';
  const env = { ...process.env, ITB_TEST_NOW: instant, TZ: zone, E2E_BROWSER_TZ: zone };
  const started = performance.now();
  console.log(`\n=== ${instant} (machine and browser zone ${zone})`);
  const ok = ['test:unit', 'test:e2e'].every((script) => spawnSync('npm', ['run', script], { env, stdio: 'inherit' }).status === 0);
  results.push({ instant, zone, ok, seconds: Math.round((performance.now() - started) / 1000) });
  if (!ok) break;
}

console.log('\nClock matrix:');
for (const r of results) console.log(`  ${r.ok ? 'passed' : 'FAILED'}  ${r.instant}  ${r.zone}  ${r.seconds} s`);
process.exit(results.length === MATRIX_INSTANTS.length && results.every((r) => r.ok) ? 0 : 1);
