/**
 * The unit suites on the run's clock matrix (`npm test` runs this, not plain `vitest run`):
 * every suite at 23:30 Sydney with the machine in Kiritimati (UTC+14, already the next calendar
 * day), then the date-sensitive suites again at 00:30 Sydney with the machine in Los Angeles (still
 * the previous day). A rule that reads the machine's calendar, or the hour of the run, fails one
 * of them. With ITB_CLOCK_MATRIX=full, the date-sensitive suites at 00:30, 12:59, 13:01 and 23:30.
 * `npm run test:unit` is the same suites once at the default instant, for quick local runs.
 */
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { MATRIX_INSTANTS, MIDNIGHT_INSTANTS } from './test/clock/test-clock';

const ALL = ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'];

/** Every suite whose answer depends on a date: refill, schedules, age, staleness, time points, formats, the CDS cards. */
const DATE_SENSITIVE = [
  'src/domain/**/*.test.ts',
  'src/fhir/**/*.test.ts',
  'src/components/**/*.test.{ts,tsx}',
  'src/features/**/*.test.{ts,tsx}',
  'test/clock/**/*.test.ts',
  'test/sandbox/seed.test.ts',
  'src/cds/**/*.test.ts',
  'test/integration/cds-chart.test.ts',
];

/**
 * Suites inside DATE_SENSITIVE that cannot see the clock, so the second instant is left out for
 * them: neither the test nor any module it reaches reads Date, Intl or the zone, formats a date,
 * or computes an age or interval ('/day' in them is a dose unit, not a calendar day). Readability
 * grades text; scopes parses a scope string; syndromes and vital signs classify numbers;
 * units, the UCUM table and ITB plausibility convert and bound doses; plausibility-doc compares
 * constants with the reference table. A suite added to this list must pass the same test.
 */
const CLOCK_FREE = [
  'src/domain/readability.test.ts',
  'src/domain/syndromes.test.ts',
  'src/domain/vital-signs.test.ts',
  'src/domain/units.test.ts',
  'src/domain/ucum-table.test.ts',
  'src/domain/itb-plausibility.test.ts',
  'src/fhir/scopes.test.ts',
  'src/fhir/plausibility-doc.test.ts',
];
const BASE_EXCLUDE = ['test/e2e/**', 'node_modules/**'];

const MACHINE_ZONES = ['Pacific/Kiritimati', 'America/Los_Angeles'] as const;
const full = process.env['ITB_CLOCK_MATRIX'] === 'full';
const points = full
  ? MATRIX_INSTANTS.map((instant) => ({ instant, include: DATE_SENSITIVE }))
  : [
      { instant: MIDNIGHT_INSTANTS[0], include: ALL },
      { instant: MIDNIGHT_INSTANTS[1], include: DATE_SENSITIVE },
    ];

export default defineConfig({
  plugins: [react()],
  test: {
    exclude: BASE_EXCLUDE,
    environment: 'node',
    // Forks, not threads: a worker thread cannot change the zone (TZ) the way a process can.
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a two-core machine, which
    // left a core idle (1690 tests: 174 s with one worker, 107 s with two).
    maxWorkers: 2,
    // One module cache per worker, not one per file: re-importing React, jsdom and the app for each
    // of ~190 files was most of the matrix's time (3298 tests: 3 min 27 s shared; isolated, the
    // components and features alone took 203 s). What a page keeps in module state and storage is
    // reset before each file instead (test/setup/vitest.setup.ts), and ITB_ISOLATE=1 restores
    // per-file isolation to tell an order-dependent failure from a real one.
    isolate: process.env['ITB_ISOLATE'] === '1',
    setupFiles: ['test/setup/vitest.setup.ts'],
    testTimeout: 20000,
    projects: points.map(({ instant, include }, i) => ({
      extends: true,
      test: {
        name: `${instant} ${MACHINE_ZONES[i % MACHINE_ZONES.length]}${include === ALL ? ' (all suites)' : ''}`,
        include,
        // Every instant after the first skips the clock-free suites (the first runs them all).
        exclude: i === 0 ? BASE_EXCLUDE : [...BASE_EXCLUDE, ...CLOCK_FREE],
        env: { ITB_TEST_NOW: instant, TZ: MACHINE_ZONES[i % MACHINE_ZONES.length] },
      },
    })),
  },
});
