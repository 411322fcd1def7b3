/**
 * Playwright's `test` with the run's one clock: every browser context (the chart page and the app
 * in its frame alike) starts at the reference instant the sandbox seeded from (ITB_TEST_NOW, see
 * test/clock/test-clock.ts) and runs on from there, so "90 minutes after the test dose" or
 * "12 days ago" is the same whatever hour the suite runs.
 */
import { test as base } from '@playwright/test';
import { testNow } from '../clock/test-clock';

export const test = base.extend({
  context: async ({ context }, provide) => {
    await context.clock.install({ time: testNow() });
    await provide(context);
  },
});

export { expect } from '@playwright/test';
export type { FrameLocator, Page } from '@playwright/test';
