/**
 * The clock matrix: the date-sensitive suites again at other instants, each under a machine zone
 * other than Sydney's, so a rule that reads the machine's calendar or the hour of the run fails.
 * `npm run test:clock` (part of `npm test`) runs just before and just after a Sydney midnight;
 * with ITB_CLOCK_MATRIX=full (`npm run test:clock:full`) 00:30, 12:59, 13:01 and 23:30 Sydney.
 */
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { MATRIX_INSTANTS, MIDNIGHT_INSTANTS } from './test/clock/test-clock';

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

const MACHINE_ZONES = ['Pacific/Kiritimati', 'America/Los_Angeles'] as const;
const instants = process.env['ITB_CLOCK_MATRIX'] === 'full' ? MATRIX_INSTANTS : MIDNIGHT_INSTANTS;

export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'node',
    // Forks, not threads: a worker thread cannot change the zone (TZ) the way a process can.
    pool: 'forks',
    setupFiles: ['test/setup/vitest.setup.ts'],
    testTimeout: 20000,
    projects: instants.map((instant, i) => ({
      extends: true,
      test: {
        name: `${instant} ${MACHINE_ZONES[i % MACHINE_ZONES.length]}`,
        include: DATE_SENSITIVE,
        env: { ITB_TEST_NOW: instant, TZ: MACHINE_ZONES[i % MACHINE_ZONES.length] },
      },
    })),
  },
});
