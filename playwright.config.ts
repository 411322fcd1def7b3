import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { E2E_APP_PORT, E2E_WORKERS, SANDBOX } from './test/e2e/ports';
import { testNowIso } from './test/clock/test-clock';

// One clock for the run: the sandbox (started below, inheriting the environment) seeds from this
// instant and every browser context starts at it (test/e2e/test.ts).
process.env['ITB_TEST_NOW'] = testNowIso();
// One name for a write soak's run (test/e2e/write-soak.spec.ts), the same in every worker, so the
// rows a restarted worker appends are printed with those of the worker before it.
process.env['WRITE_SOAK_RUN'] ??= new Date().toISOString();
/**
 * Debian's Chromium headless shell (`apt-get install chromium-headless-shell`): the same Chromium
 * as /usr/bin/chromium in its lighter headless mode, the one Playwright itself runs headless tests
 * in. A page costs a third of the CPU, a launch with an axe check about 60% (issue 10: every step
 * of `npm test` is CPU-bound). Without it the full browser is used, as before; CHROMIUM_PATH picks
 * another. `npm run bench` keeps the full browser, the one a user has.
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
const browserPath = process.env['CHROMIUM_PATH'] ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');
if (process.env['TEST_WORKER_INDEX'] === undefined && process.env['CHROMIUM_PATH'] === undefined && browserPath !== HEADLESS_SHELL) {
  console.warn(`Browser tests in ${browserPath}; ${HEADLESS_SHELL} (apt-get install chromium-headless-shell) runs them on less CPU.`);
}
// The browser's own zone; the app must show the site's time whatever it is.
const browserTimeZone = process.env['E2E_BROWSER_TZ'] ?? 'Australia/Sydney';

/**
 * Browser tests in Debian's Chromium (no browser downloads on this machine; see browserPath). E2E_WORKERS workers
 * (default 3), each with its own sandbox EHR (test/e2e/ports.ts), since tests switch a sandbox's
 * fault modes and reset its records. Every test resets its worker's sandbox first and depends on
 * no other, so tests are spread one by one over the workers (fullyParallel), not file by file: a
 * file of long tests (the action plan's, 5 min) no longer holds one worker while the others idle.
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  // Per-port output, so two runs on other ports never delete each other's traces.
  outputDir: `test-results/e2e-${E2E_APP_PORT}`,
  fullyParallel: true,
  workers: E2E_WORKERS,
  retries: 0,
  // A guard against a hung test, not a speed check (speed lives in `npm run bench`): the longest
  // tests launch the app twice and run axe twice, ~15 s alone, and CI runs five browsers on two
  // cores, where 60 s was too little (altered-criteria timed out at 62 s under that load).
  timeout: 150_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['./test/e2e/reporters/failure-summary.ts']],
  use: {
    viewport: { width: 1024, height: 768 },
    locale: 'en-AU',
    timezoneId: browserTimeZone,
    // Traces of failed tests for a local run; `npm test` sets E2E_TRACE=off, since CI shows only the
    // output's tail and recording every test's snapshots cost the two cores time.
    trace: process.env['E2E_TRACE'] === 'off' ? 'off' : 'retain-on-failure',
    launchOptions: {
      executablePath: browserPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: {
    command: 'npx tsx test/e2e/stack.ts',
    url: `${SANDBOX}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
  },
});
