// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { nodeClient } from '../../../../test/integration/node-client';
import type { Session } from '../../../app/session';
import { parseSiteConfig } from '../../../config/site-config';
import { SessionContext } from '../../../session/session-context';
import { chartHandlers, FHIR_BASE, stableChild, type Chart } from '../testing/fhir-fixtures';
import { RefillVisitView } from './RefillVisitView';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  // 22 Nov 2026 13:40 in Sydney (AEDT).
  vi.setSystemTime(new Date('2026-11-22T02:40:00Z'));
  sessionStorage.clear();
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const OBSERVATION_WRITE = 'launch openid fhirUser online_access patient/*.read patient/Observation.write';
const PROCEDURE_WRITE = `${OBSERVATION_WRITE} patient/Procedure.write`;

function renderVisit(options: { scope: string; toleranceMl?: number; chart?: Chart }) {
  const site = parseSiteConfig({
    version: 1,
    site: { name: 'Test hospital', timeZone: 'Australia/Sydney' },
    ehrs: [{ id: 'test', name: 'Test EHR', issuers: [FHIR_BASE], clientId: 'c', scopeStyle: 'smart-v1', scopes: ['launch', 'openid', 'fhirUser', 'online_access'] }],
    ...(options.toleranceMl === undefined
      ? {}
      : { clinical: { staleWeightDays: 90, refillWarningDays: 14, dailyDoseAlertMicrogramsPerDay: 1000, drugStabilityDays: 180, refillResidualToleranceMl: options.toleranceMl } }),
  });
  server.use(
    ...chartHandlers(options.chart ?? stableChild()),
    http.get(`${FHIR_BASE}/metadata`, () =>
      HttpResponse.json({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'], rest: [{ mode: 'server', interaction: [{ code: 'transaction' }], resource: [{ type: 'Observation', interaction: [{ code: 'create' }], conditionalCreate: true }] }] }),
    ),
  );
  const client = nodeClient(FHIR_BASE, { access_token: 't', patient: 'p1', scope: options.scope });
  const session: Session = { client, patientId: 'p1', encounterId: undefined, fhirUser: undefined, needPatientBanner: false, smartStyleUrl: undefined, ehr: site.ehrs[0]!, site };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <SessionContext.Provider value={session}>
      <QueryClientProvider client={queryClient}>
        <RefillVisitView />
      </QueryClientProvider>
    </SessionContext.Provider>,
  );
}

const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

describe('pump refill visit', () => {
  it('shows the expected residual now worked out from the last fill, the doses since and the alarm volume', async () => {
    renderVisit({ scope: OBSERVATION_WRITE });
    // By hand: 40 mL on 13 Sep 2026 10:00 AEST (00:00 UTC) at 450 ÷ 2000 = 0.225 mL/day; to
    // 22 Nov 2026 02:40 UTC is 70 days 2 h 40 min = 70.111 days → 15.775 mL used → 24.2 mL left.
    expect(await screen.findByTestId('expected-residual')).toHaveTextContent('24.2 mL');
    expect(screen.getByTestId('expected-inputs')).toHaveTextContent('40 mL of 2000 micrograms/mL');
    expect(screen.getByTestId('expected-inputs')).toHaveTextContent('low-reservoir alarm at 2 mL');
  });

  it('a residual 5 mL above the expected is outside the 2 mL default (pending sign-off), with what to do', async () => {
    renderVisit({ scope: OBSERVATION_WRITE });
    await screen.findByTestId('expected-residual');
    type('Residual volume withdrawn (mL)', '29.2');
    const check = screen.getByTestId('residual-check');
    expect(check).toHaveTextContent('Outside tolerance');
    expect(check).toHaveTextContent('app default, pending clinical sign-off');
    expect(check).toHaveTextContent('Interrogate the pump');
    expect(check).toHaveTextContent('withdrawal (§5.1.2)');
  });

  it("the site's tolerance is used and named as the site's", async () => {
    renderVisit({ scope: OBSERVATION_WRITE, toleranceMl: 6 });
    await screen.findByTestId('expected-residual');
    type('Residual volume withdrawn (mL)', '29.2');
    expect(screen.getByTestId('residual-check')).toHaveTextContent('Within tolerance');
    expect(screen.getByTestId('residual-check')).toHaveTextContent('±6 mL (site setting)');
  });

  it('refuses a fill above the 40 mL reservoir and a programmed dose 20% above the order is warned (§4.1.4)', async () => {
    renderVisit({ scope: OBSERVATION_WRITE });
    await screen.findByTestId('expected-residual');
    type('Volume filled (mL)', '41');
    expect(screen.getByTestId('fill-check')).toHaveTextContent('Refused: 41 mL is more than the 40 mL reservoir can hold');
    type('Daily dose (micrograms/day)', '540');
    expect(screen.getByTestId('dose-check')).toHaveTextContent('Differs from the active order (450 micrograms/day): +20%');
    expect(screen.getByTestId('dose-check')).toHaveTextContent('outside the outpatient step of 5–15%');
    type('Residual volume withdrawn (mL)', '24');
    type('Refill done by', 'CNC Taylor');
    expect(screen.getByRole('button', { name: 'Review refill' })).toBeDisabled();
  });

  it('a programmed dose of 0.45 (a milligram figure typed as micrograms) is refused with the reason; 1.2 is reviewed only once confirmed', async () => {
    renderVisit({ scope: OBSERVATION_WRITE });
    await screen.findByTestId('expected-residual');
    type('Residual volume withdrawn (mL)', '24');
    type('Volume filled (mL)', '40');
    type('Refill done by', 'CNC Taylor');
    type('Daily dose (micrograms/day)', '0.45');
    expect(screen.getByText(/0.45 mg\/day would be 450 micrograms\/day/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Review refill' })).toBeDisabled();
    expect(screen.queryByTestId('refill-next-due')).toBeNull();
    type('Daily dose (micrograms/day)', '1.2');
    expect(screen.getByTestId('low-dose-check')).toHaveTextContent('1.2 mg/day would be 1200 micrograms/day');
    expect(screen.getByRole('button', { name: 'Review refill' })).toBeDisabled();
    fireEvent.click(screen.getByRole('checkbox', { name: /I confirm 1.2 micrograms\/day/ }));
    expect(screen.getByRole('button', { name: 'Review refill' })).toBeEnabled();
  });

  it('a concentration other than the supplied ones is reviewed only once confirmed', async () => {
    renderVisit({ scope: OBSERVATION_WRITE });
    await screen.findByTestId('expected-residual');
    type('Residual volume withdrawn (mL)', '24');
    type('Volume filled (mL)', '40');
    type('Refill done by', 'CNC Taylor');
    fireEvent.click(screen.getByRole('radio', { name: 'Another concentration' }));
    type('Other concentration (micrograms/mL)', '1500');
    expect(screen.getByTestId('concentration-check')).toHaveTextContent('Differs from the order (2000 micrograms/mL)');
    expect(screen.getByRole('button', { name: 'Review refill' })).toBeDisabled();
    fireEvent.click(screen.getByRole('checkbox', { name: /I confirm this concentration/ }));
    expect(screen.getByRole('button', { name: 'Review refill' })).toBeEnabled();
  });

  it('says before anything is saved when the EHR granted no Procedure write', async () => {
    renderVisit({ scope: OBSERVATION_WRITE });
    expect(await screen.findByTestId('refill-no-procedure-grant')).toHaveTextContent('did not grant this session permission to create Procedures');
  });

  it('a site that documents refills only as text: the visit says why no residual is expected, and still writes a structured refill the forecast can start from', async () => {
    const chart = stableChild();
    // The last refill as many EHRs hold it: a completed Procedure on the pump with a free-text
    // code and no volumes or concentration anywhere.
    chart.procedures = [
      chart.procedures[0]!,
      { resourceType: 'Procedure', id: 'note1', status: 'completed', code: { text: 'Pump refilled, see nursing note' }, subject: { reference: 'Patient/p1' }, focalDevice: [{ manipulated: { reference: 'Device/dev1' } }], performedDateTime: '2026-09-13T10:00:00+10:00' },
    ];
    chart.refillObservations = [];
    renderVisit({ scope: PROCEDURE_WRITE, chart });
    // A tiny store for the writes, answering identifier searches; every other read is the chart's.
    const written: Record<string, unknown>[] = [];
    const identified = (type: string, request: Request) => {
      const wanted = new URL(request.url).searchParams.get('identifier');
      if (wanted === null) return undefined;
      const value = wanted.split('|')[1] ?? '';
      return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: written.filter((r) => r['resourceType'] === type && JSON.stringify(r['identifier']).includes(value)).map((resource) => ({ resource })) });
    };
    server.use(
      http.get(`${FHIR_BASE}/Procedure`, ({ request }) => identified('Procedure', request)),
      http.get(`${FHIR_BASE}/Observation`, ({ request }) => identified('Observation', request)),
      http.post(`${FHIR_BASE}/:type`, async ({ request, params }) => {
        const body = (await request.json()) as Record<string, unknown>;
        const created = { ...body, id: `${String(params['type'])}-${written.length + 1}`, meta: { versionId: '1' } };
        written.push(created);
        return HttpResponse.json(created, { status: 201 });
      }),
      // The metadata above advertises transactions: the Observations go as one.
      http.post(FHIR_BASE, async ({ request }) => {
        const body = (await request.json()) as { entry: { resource: Record<string, unknown> }[] };
        const entry = body.entry.map(({ resource }) => {
          const created = { ...resource, id: `${String(resource['resourceType'])}-${written.length + 1}`, meta: { versionId: '1' } };
          written.push(created);
          return { resource: created, response: { status: '201 Created', location: `${String(resource['resourceType'])}/${created.id}/_history/1` } };
        });
        return HttpResponse.json({ resourceType: 'Bundle', type: 'transaction-response', entry });
      }),
    );
    const unavailable = await screen.findByTestId('expected-unavailable');
    expect(unavailable).toHaveTextContent('No expected residual:');
    expect(unavailable).toHaveTextContent('interrogate the pump');
    expect(screen.queryByTestId('expected-residual')).toBeNull();

    type('Residual volume withdrawn (mL)', '3');
    type('Volume filled (mL)', '40');
    type('Refill done by', 'CNC Taylor');
    // The refill's date in clinical words, not as the FHIR instant (it was "2026-09-13T10:00:00+10:00").
    expect(unavailable).toHaveTextContent('The fill volume of the refill on 13 Sep 2026 10:00 is not recorded');
    expect(screen.getByTestId('residual-check')).toHaveTextContent('Not checked: The fill volume of the refill on 13 Sep 2026 10:00');
    fireEvent.click(screen.getByRole('button', { name: 'Review refill' }));
    // By hand: (40 − 2 mL alarm) ÷ (450 ÷ 2000 = 0.225 mL/day) = 168.9 days after 22 Nov 2026 13:40 → 10 May 2027.
    expect(await screen.findByTestId('refill-next-due')).toHaveTextContent('10 May 2027');
    fireEvent.click(screen.getByRole('button', { name: 'Save refill to chart' }));
    expect(await screen.findByTestId('refill-saved', {}, { timeout: 10_000 })).toHaveTextContent('Refill saved to the chart');
    const procedures = written.filter((r) => r['resourceType'] === 'Procedure');
    expect(procedures).toHaveLength(1);
    expect(JSON.stringify(procedures[0]?.['code'])).toContain('pump-refill');
    expect(procedures[0]?.['focalDevice']).toEqual([{ manipulated: { reference: 'Device/dev1' } }]);
    const parts = written.filter((r) => JSON.stringify(r['partOf'] ?? []).includes('Procedure/Procedure-1')).map((r) => JSON.stringify(r['code']));
    expect(parts.some((c) => c.includes('reservoir-fill-volume'))).toBe(true);
    expect(parts.some((c) => c.includes('refill-concentration'))).toBe(true);
  });
});
