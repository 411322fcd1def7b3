/**
 * What the view fuzz tests share (issue 15): the stable pump child mutated one hostile change at a
 * time, served by msw and rendered with a fresh QueryClient, and the oracles asked of every view:
 * no error boundary, no NaN/Infinity/undefined on the page, and a changed figure only beside a
 * notice.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, waitFor } from '@testing-library/react';
import type { SetupServer } from 'msw/node';
import type { ReactNode } from 'react';
import { expect } from 'vitest';
import type { Session } from '../../src/app/session';
import { parseSiteConfig } from '../../src/config/site-config';
import { chartHandlers, FHIR_BASE, stableChild, type Chart } from '../../src/features/doctor/testing/fhir-fixtures';
import { SessionContext } from '../../src/session/session-context';
import { nodeClient } from '../integration/node-client';
import { mutate, pick, type Rng } from './mutate';

const site = parseSiteConfig({
  version: 1,
  site: { name: 'Test hospital', timeZone: 'Australia/Sydney' },
  ehrs: [{ id: 'test', name: 'Test EHR', issuers: [FHIR_BASE], clientId: 'c', scopeStyle: 'smart-v1', scopes: ['launch', 'openid', 'fhirUser', 'online_access'] }],
  contacts: [{ role: 'Kids Rehab CNC', name: 'ITB Clinical Nurse Consultant', phone: '(02) 9845 0000', forFamily: true }],
  clinical: { staleWeightDays: 90, refillWarningDays: 14, dailyDoseAlertMicrogramsPerDay: 1000, drugStabilityDays: 180 },
});

/**
 * Render `view` over `chart` until every card has settled (nothing says it is loading), then
 * return the page's text and whatever `read` picks out of the settled page.
 */
export async function renderChart<T>(server: SetupServer, chart: Chart, view: ReactNode, read: () => T): Promise<{ text: string } & T> {
  server.resetHandlers();
  server.use(...chartHandlers(chart));
  const client = nodeClient(FHIR_BASE, { access_token: 't', patient: 'p1' });
  const session: Session = { client, patientId: 'p1', encounterId: undefined, fhirUser: undefined, needPatientBanner: false, smartStyleUrl: undefined, ehr: site.ehrs[0]!, site };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const rendered = render(
    <SessionContext.Provider value={session}>
      <QueryClientProvider client={queryClient}>{view}</QueryClientProvider>
    </SessionContext.Provider>,
  );
  await waitFor(() => expect(rendered.container.textContent ?? '').not.toMatch(/Loading|Reading/), { timeout: 5000 });
  const text = rendered.container.textContent ?? '';
  const figures = read();
  rendered.unmount();
  return { text, ...figures };
}

type Part = 'patient' | 'weights' | 'orders' | 'devices' | 'procedures' | 'refillObservations';
const PARTS: readonly Part[] = ['patient', 'weights', 'orders', 'devices', 'procedures', 'refillObservations'];

/** The stable pump child with one seeded hostile change, and what was changed; undefined when the draw changed nothing. */
export function mutatedStableChild(rng: Rng): { chart: Chart; where: string } | undefined {
  const chart = stableChild();
  const part = pick(rng, PARTS);
  if (part === 'patient') {
    const m = mutate(chart.patient, rng);
    if (m === undefined) return undefined;
    chart.patient = m.resource as Chart['patient'];
    return { chart, where: `${part}: ${m.mutation.description}` };
  }
  const list = chart[part];
  const i = Math.floor(rng() * list.length);
  const m = mutate(list[i], rng);
  if (m === undefined) return undefined;
  list[i] = m.resource as Chart['orders'][number];
  return { chart, where: `${part}: ${m.mutation.description}` };
}

/** Words by which a view says a figure is partial or a record was left out. */
export const NOTICE = /Partial|could not be read|not used|left out|not read|cannot|could not/i;

/**
 * The oracles for one rendered page: no error boundary, nothing printed as NaN/Infinity/undefined,
 * and each figure that differs from the unmutated page's only beside a notice.
 */
export function findingsOf(where: string, text: string, figures: Record<string, string>, base: Record<string, string>): string[] {
  const findings: string[] = [];
  if (/could not be shown/.test(text)) findings.push(`${where} → the view fell into its error boundary`);
  const bad = /\bNaN\b|Infinity|undefined/.exec(text)?.[0];
  if (bad !== undefined) findings.push(`${where} → prints ${bad}`);
  const noticed = NOTICE.test(text);
  for (const [name, value] of Object.entries(figures)) {
    if (value !== base[name] && value !== '' && !noticed) findings.push(`${where} → ${name} "${value}" with no notice`);
  }
  return findings;
}
