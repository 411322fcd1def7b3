// @vitest-environment jsdom
/**
 * A sample of the read-path fuzz (issue 15) rendered through the doctor view: seeded mutations of
 * the stable pump child's records, served by msw, rendered with @testing-library. Oracles: the
 * view never falls into its error boundary, never prints NaN, Infinity or undefined, and when the
 * current dose or refill due date differs from the unmutated chart's, the page says Partial or
 * names what it could not read.
 */
import { cleanup, screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../src/app/ErrorBoundary';
import { DoctorView } from '../../src/features/doctor/components/DoctorView';
import { stableChild } from '../../src/features/doctor/testing/fhir-fixtures';
import { FUZZ_HANG_MS, fuzzTime, prng } from './mutate';
import { findingsOf, mutatedStableChild, NOTICE, renderChart } from './view-fuzz';

/** Fixed for the suite; FUZZ_SEED and FUZZ_MUTATIONS explore further by hand, with the budget in proportion. */
const SEED = Number(process.env.FUZZ_SEED ?? 15);
const SAMPLE = Number(process.env.FUZZ_MUTATIONS ?? 16);
const TIMEOUT_MS = FUZZ_HANG_MS * Math.max(1, SAMPLE / 16);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-22T02:40:00Z'));
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const view = (
  <ErrorBoundary area="Doctor view">
    <DoctorView />
  </ErrorBoundary>
);
const figures = () => ({ dose: screen.queryByTestId('current-dose')?.textContent ?? '', due: screen.queryByTestId('refill-due-date')?.textContent ?? '' });

describe('the doctor view under hostile FHIR (seeded fuzz sample, issue 15)', () => {
  it(`renders ${SAMPLE} mutated charts without a crash, NaN or an unexplained change of dose or due date`, async () => {
    const started = performance.now();
    const { text: baseText, ...base } = await renderChart(server, stableChild(), view, figures);
    expect(base.dose).toContain('450 micrograms/day');
    // The unmutated page carries no notice, so a notice on a mutated page is the mutation's.
    expect(baseText).not.toMatch(NOTICE);
    const rng = prng(SEED);
    const findings: string[] = [];
    for (let n = 0; n < SAMPLE; n++) {
      const mutated = mutatedStableChild(rng);
      if (mutated === undefined) continue;
      const { text, ...got } = await renderChart(server, mutated.chart, view, figures);
      findings.push(...findingsOf(mutated.where, text, got, base));
    }
    // The figures asked for by hand (FUZZ_SEED, FUZZ_MUTATIONS), in the run's output.
    console.warn(`view fuzz: seed ${SEED}, ${SAMPLE} draws, ${findings.length} findings (${findings.filter((f) => f.includes('error boundary')).length} error boundaries), ${fuzzTime(started)}`);
    expect(findings).toEqual([]);
  }, TIMEOUT_MS);
});
