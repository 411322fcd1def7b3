// @vitest-environment jsdom
/**
 * The read-path fuzz (issue 15) through the two views read in a crisis and carried home: the
 * emergency mode and the printed ITB action plan. Seeded mutations of the stable pump child,
 * served by msw; both views rendered from the same reads, as a clinician opening the emergency
 * mode from the plan would see them. Oracles, per view: never its error boundary, never NaN,
 * Infinity or undefined on the page, and the rescue dose, situation, current dose, concentration
 * and refill due date differ from the unmutated chart's only beside a notice.
 */
import { cleanup, screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../src/app/ErrorBoundary';
import { ActionPlanView } from '../../src/features/action-plan/components/ActionPlanView';
import { stableChild } from '../../src/features/doctor/testing/fhir-fixtures';
import { EmergencyView } from '../../src/features/emergency/components/EmergencyView';
import { FUZZ_HANG_MS, fuzzTime, prng } from './mutate';
import { findingsOf, mutatedStableChild, NOTICE, renderChart } from './view-fuzz';

/** Fixed for the suite; FUZZ_SEED and FUZZ_MUTATIONS explore further by hand, with the budget in proportion. */
const SEED = Number(process.env.FUZZ_SEED ?? 1515);
const SAMPLE = Number(process.env.FUZZ_MUTATIONS ?? 14);
const TIMEOUT_MS = FUZZ_HANG_MS * Math.max(1, SAMPLE / 14);

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

const views = (
  <>
    <div data-testid="fuzz-emergency">
      <ErrorBoundary area="Emergency">
        <EmergencyView />
      </ErrorBoundary>
    </div>
    <div data-testid="fuzz-plan">
      <ErrorBoundary area="Action plan">
        <ActionPlanView />
      </ErrorBoundary>
    </div>
  </>
);

/** The text of the fact labelled `label` (a <dt>) within one view, '' when the view shows none. */
function fact(view: HTMLElement, label: string): string {
  const term = within(view).queryAllByText(label, { selector: 'dt' })[0];
  return term?.nextElementSibling?.textContent ?? '';
}

function figures() {
  const emergency = screen.getByTestId('fuzz-emergency');
  const plan = screen.getByTestId('fuzz-plan');
  return {
    emergencyText: emergency.textContent ?? '',
    planText: plan.textContent ?? '',
    figures: {
      emergency: {
        situation: within(emergency).queryByTestId('em-situation')?.querySelector('h2')?.textContent ?? '',
        rescue: within(emergency).queryByTestId('rescue-dose')?.textContent ?? '',
        dose: fact(emergency, 'Current dose'),
        concentration: fact(emergency, 'Concentration'),
      },
      plan: {
        dose: fact(plan, 'Current dose'),
        concentration: fact(plan, 'Drug and concentration'),
        due: fact(plan, 'Next refill due'),
        weight: fact(plan, 'Weight'),
      },
    },
  };
}

describe('the emergency mode and the printed action plan under hostile FHIR (seeded fuzz sample, issue 15)', () => {
  it(`render ${SAMPLE} mutated charts without a crash, NaN or an unexplained change of a figure`, async () => {
    const started = performance.now();
    const base = await renderChart(server, stableChild(), views, figures);
    // The unmutated chart reads as the stable pump child does everywhere else.
    expect(base.figures.emergency.situation).toBe('Pump child: withdrawal or overdose');
    expect(base.figures.emergency.rescue).toContain('20 mg oral baclofen stat');
    expect(base.figures.plan.dose).toContain('450 micrograms/day');
    expect(base.figures.plan.due).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}/);
    // The unmutated pages carry no notice, so a notice on a mutated page is the mutation's.
    expect(base.emergencyText).not.toMatch(NOTICE);
    expect(base.planText).not.toMatch(NOTICE);
    const rng = prng(SEED);
    const findings: string[] = [];
    let rendered = 0;
    for (let n = 0; n < SAMPLE; n++) {
      const mutated = mutatedStableChild(rng);
      if (mutated === undefined) continue;
      rendered++;
      const got = await renderChart(server, mutated.chart, views, figures);
      findings.push(...findingsOf(`emergency, ${mutated.where}`, got.emergencyText, got.figures.emergency, base.figures.emergency));
      findings.push(...findingsOf(`action plan, ${mutated.where}`, got.planText, got.figures.plan, base.figures.plan));
    }
    expect(rendered).toBeGreaterThan(SAMPLE / 2);
    // The figures asked for by hand (FUZZ_SEED, FUZZ_MUTATIONS), in the run's output.
    console.warn(`view fuzz: seed ${SEED}, ${SAMPLE} draws, ${findings.length} findings (${findings.filter((f) => f.includes('error boundary')).length} error boundaries), ${fuzzTime(started)}`);
    expect(findings).toEqual([]);
  }, TIMEOUT_MS);
});
