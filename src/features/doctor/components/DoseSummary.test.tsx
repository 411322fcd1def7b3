// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { nodeClient } from '../../../../test/integration/node-client';
import type { Session } from '../../../app/session';
import { parseSiteConfig } from '../../../config/site-config';
import { resetConfirmedDosesCache } from '../../../session/confirmed-doses';
import { SessionContext } from '../../../session/session-context';
import { chartHandlers, FHIR_BASE, itbOrder, stableChild, type Chart } from '../testing/fhir-fixtures';
import { DoctorView } from './DoctorView';

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
  sessionStorage.clear();
  localStorage.clear();
  resetConfirmedDosesCache();
});
afterAll(() => server.close());

const site = parseSiteConfig({
  version: 1,
  site: { name: 'Test hospital', timeZone: 'Australia/Sydney' },
  ehrs: [{ id: 'test', name: 'Test EHR', issuers: [FHIR_BASE], clientId: 'c', scopeStyle: 'smart-v1', scopes: ['launch', 'openid', 'fhirUser', 'online_access'] }],
  clinical: { staleWeightDays: 90, refillWarningDays: 14, dailyDoseAlertMicrogramsPerDay: 1000, drugStabilityDays: 180 },
});

function renderView(chart: Chart) {
  server.use(...chartHandlers(chart));
  const client = nodeClient(FHIR_BASE, { access_token: 't', patient: 'p1' });
  const session: Session = { client, patientId: 'p1', encounterId: undefined, fhirUser: undefined, needPatientBanner: false, smartStyleUrl: undefined, ehr: site.ehrs[0]!, site };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <SessionContext.Provider value={session}>
      <QueryClientProvider client={queryClient}>
        <DoctorView />
      </QueryClientProvider>
    </SessionContext.Provider>,
  );
}

/** The stable child's current order rewritten the way an Oracle Health site sends it: 450 ug/d as doseQuantity, once a day. */
function perDayDoseQuantityChild(): Chart {
  const chart = stableChild();
  const order = itbOrder('mr-now', 450, 2000, '2026-03-27T11:00:00+11:00');
  const [dosage] = order.dosageInstruction as Record<string, unknown>[];
  return {
    ...chart,
    orders: [
      chart.orders[0]!,
      {
        ...order,
        dosageInstruction: [
          { ...dosage, doseAndRate: [{ doseQuantity: { value: 450, unit: 'mcg/day', system: 'http://unitsofmeasure.org', code: 'ug/d' } }], timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } },
        ],
      },
    ],
  };
}

/** The current order with no structured dose: only its text says 450 micrograms/day. */
function textOnlyChild(): Chart {
  const chart = stableChild();
  const order = itbOrder('mr-now', 450, 2000, '2026-03-27T11:00:00+11:00');
  return {
    ...chart,
    orders: [chart.orders[0]!, { ...order, dosageInstruction: [{ text: 'Intrathecal pump: 450 mcg/day continuous', route: { text: 'Intrathecal' } }] }],
  };
}

const doseCard = () => screen.getByRole('article', { name: 'Current intrathecal dose' });

describe('where the current dose came from', () => {
  it('reads 450 ug/d written as a once-a-day doseQuantity and says in words it came from the order’s dose, the FHIR element in the tooltip', async () => {
    renderView(perDayDoseQuantityChild());
    expect(await screen.findByTestId('current-dose')).toHaveTextContent('450 micrograms/day');
    expect(screen.getByTestId('dose-source')).toHaveTextContent("Daily dose from the order's dose: 450 micrograms/day");
    expect(screen.getByTestId('dose-source')).toHaveAttribute('title', 'doseQuantity 450 mcg/day');
    expect(within(doseCard()).getByText(/from the medicine's strength: 2000 micrograms\/mL/)).toHaveAttribute('title', 'Medication.ingredient.strength 2000 ug per 1 mL');
    expect(await screen.findByTestId('refill-due-date')).toHaveTextContent('1 Mar 2027');
  });
});

describe('a dose stated only in the order text', () => {
  it('is shown as written and offered, but no calculation uses it until the clinician confirms it', async () => {
    renderView(textOnlyChild());
    expect(await screen.findByTestId('current-dose')).toHaveTextContent('Dose could not be read');
    expect(within(doseCard()).getByText('As written: “Intrathecal pump: 450 mcg/day continuous”')).toBeInTheDocument();
    const offer = within(doseCard()).getByRole('group', { name: 'Confirm the dose from the order' });
    expect(offer).toHaveTextContent('Read from the order\'s text — confirm ("450 mcg/day"): 450 micrograms/day');
    expect(screen.queryByTestId('refill-due-date')).not.toBeInTheDocument();

    await userEvent.click(within(offer).getByRole('button', { name: 'Confirm 450 micrograms/day for this session' }));

    expect(screen.getByTestId('current-dose')).toHaveTextContent('450 micrograms/day');
    expect(screen.getByTestId('dose-source')).toHaveTextContent('Daily dose confirmed by you from the order text');
    expect(await screen.findByTestId('refill-due-date')).toHaveTextContent('1 Mar 2027');
    expect(JSON.parse(sessionStorage.getItem('itb:confirmed-dose:p1') ?? '{}')).toEqual({ 'mr-now': 450 });
    expect(localStorage.length).toBe(0);
  });

  it('can be withdrawn, and the dose is then unread again', async () => {
    renderView(textOnlyChild());
    await userEvent.click(await screen.findByRole('button', { name: 'Confirm 450 micrograms/day for this session' }));
    await userEvent.click(screen.getByRole('button', { name: 'Withdraw my confirmation of 450 micrograms/day' }));
    expect(screen.getByTestId('current-dose')).toHaveTextContent('Dose could not be read');
  });
});
