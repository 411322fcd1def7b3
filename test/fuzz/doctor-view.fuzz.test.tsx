// @vitest-environment jsdom
/**
 * A sample of the read-path fuzz (issue 15) rendered through the doctor view: seeded mutations of
 * the stable pump child's records, served by msw, rendered with @testing-library. Oracles: the
 * view never falls into its error boundary, never prints NaN, Infinity or undefined, and when the
 * current dose or refill due date differs from the unmutated chart's, the page says Partial or
 * names what it could not read.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../src/app/ErrorBoundary';
import type { Session } from '../../src/app/session';
import { parseSiteConfig } from '../../src/config/site-config';
import { DoctorView } from '../../src/features/doctor/components/DoctorView';
import { chartHandlers, FHIR_BASE, stableChild, type Chart } from '../../src/features/doctor/testing/fhir-fixtures';
import { SessionContext } from '../../src/session/session-context';
import { nodeClient } from '../integration/node-client';
import { mutate, pick, prng } from './mutate';

const SAMPLE = 16;

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

const site = parseSiteConfig({
  version: 1,
  site: { name: 'Test hospital', timeZone: 'Australia/Sydney' },
  ehrs: [{ id: 'test', name: 'Test EHR', issuers: [FHIR_BASE], clientId: 'c', scopeStyle: 'smart-v1', scopes: ['launch', 'openid', 'fhirUser', 'online_access'] }],
  clinical: { staleWeightDays: 90, refillWarningDays: 14, dailyDoseAlertMicrogramsPerDay: 1000, drugStabilityDays: 180 },
});

async function renderChart(chart: Chart): Promise<{ text: string; dose: string; due: string }> {
  server.resetHandlers();
  server.use(...chartHandlers(chart));
  const client = nodeClient(FHIR_BASE, { access_token: 't', patient: 'p1' });
  const session: Session = { client, patientId: 'p1', encounterId: undefined, fhirUser: undefined, needPatientBanner: false, smartStyleUrl: undefined, ehr: site.ehrs[0]!, site };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <SessionContext.Provider value={session}>
      <QueryClientProvider client={queryClient}>
        <ErrorBoundary area="Doctor view">
          <DoctorView />
        </ErrorBoundary>
      </QueryClientProvider>
    </SessionContext.Provider>,
  );
  // Every card has settled when nothing says it is loading.
  await waitFor(() => expect(view.container.textContent ?? '').not.toMatch(/Loading|Reading/), { timeout: 5000 });
  const text = view.container.textContent ?? '';
  const dose = screen.queryByTestId('current-dose')?.textContent ?? '';
  const due = screen.queryByTestId('refill-due-date')?.textContent ?? '';
  view.unmount();
  return { text, dose, due };
}

type Part = 'patient' | 'weights' | 'orders' | 'devices' | 'procedures' | 'refillObservations';
const PARTS: readonly Part[] = ['patient', 'weights', 'orders', 'devices', 'procedures', 'refillObservations'];

describe('the doctor view under hostile FHIR (seeded fuzz sample, issue 15)', () => {
  it(`renders ${SAMPLE} mutated charts without a crash, NaN or an unexplained change of dose or due date`, async () => {
    const base = await renderChart(stableChild());
    expect(base.dose).toContain('450 micrograms/day');
    const rng = prng(15);
    const findings: string[] = [];
    for (let n = 0; n < SAMPLE; n++) {
      const chart = stableChild();
      const part = pick(rng, PARTS);
      let description: string;
      if (part === 'patient') {
        const m = mutate(chart.patient, rng);
        if (m === undefined) continue;
        chart.patient = m.resource as Chart['patient'];
        description = m.mutation.description;
      } else {
        const list = chart[part];
        const i = Math.floor(rng() * list.length);
        const m = mutate(list[i], rng);
        if (m === undefined) continue;
        list[i] = m.resource as Chart['orders'][number];
        description = m.mutation.description;
      }
      const got = await renderChart(chart);
      const where = `${part}: ${description}`;
      if (/could not be shown/.test(got.text)) findings.push(`${where} → the view fell into its error boundary`);
      if (/\bNaN\b|Infinity|undefined/.test(got.text)) findings.push(`${where} → prints ${/\bNaN\b|Infinity|undefined/.exec(got.text)?.[0] ?? ''}`);
      const noticed = /Partial|could not be read|not used|left out|not read|cannot|could not/i.test(got.text);
      if (got.dose !== base.dose && got.dose !== '' && !noticed) findings.push(`${where} → dose "${got.dose}" with no notice`);
      if (got.due !== base.due && got.due !== '' && !noticed) findings.push(`${where} → refill due "${got.due}" with no notice`);
    }
    expect(findings).toEqual([]);
  }, 60_000);
});
