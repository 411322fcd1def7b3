// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { confirmDose, resetConfirmedDosesCache } from '../../../session/confirmed-doses';
import { ActionPlanView } from './ActionPlanView';
import { at10, chartHandlers, daysBefore, device, itbOrder, patient, procedure, refillObservations, weight, withSession, type FakeChart } from '../../../../test/fixtures/fake-chart';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
const NOW = new Date('2026-09-13T00:00:00Z');
beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ['Date'] }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  vi.useRealTimers();
  sessionStorage.clear();
  resetConfirmedDosesCache();
});
afterAll(() => server.close());

/** The stable child, but the current order states its dose only in text: "450 mcg/day". */
function textOnlyChart(): FakeChart {
  const refillAt = at10(daysBefore(NOW, 70));
  const order = itbOrder('mr6', 450, at10(daysBefore(NOW, 240)));
  return {
    patient: patient(),
    weights: [weight('w1', 42.5, at10(daysBefore(NOW, 0.01)))],
    orders: [{ ...order, dosageInstruction: [{ text: 'Intrathecal pump: 450 mcg/day continuous', route: { text: 'Intrathecal' } }] }],
    devices: [device(2)],
    procedures: [procedure('refill1', 'pump-refill', refillAt)],
    refillObservations: refillObservations('refill1', refillAt, 40, 2000),
  };
}

const fact = (label: string) => {
  const dd = screen.getByText(label, { selector: 'dt' }).nextElementSibling;
  if (!(dd instanceof HTMLElement)) throw new Error(`no value for ${label}`);
  return dd;
};

describe('The action plan and a dose stated only in the order text', () => {
  it('prints no dose and no refill date from the unconfirmed text figure', async () => {
    server.use(...chartHandlers(textOnlyChart()));
    render(withSession(<ActionPlanView />));
    expect(await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 })).toBeInTheDocument();
    expect(await screen.findByText(/The order's text states 450 micrograms\/day, not yet confirmed/)).toBeInTheDocument();
    expect(fact('Current dose')).not.toHaveTextContent('450 micrograms/day intrathecal');
    expect(fact('Next refill due')).not.toHaveTextContent('21 Dec 2026');
  });

  it('uses the confirmed figure for the dose and the refill forecast, labelled as confirmed by you', async () => {
    confirmDose('p1', 'mr6', 450);
    server.use(...chartHandlers(textOnlyChart()));
    render(withSession(<ActionPlanView />));
    expect(await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 })).toBeInTheDocument();
    expect(await screen.findByText(/confirmed by you from the order text/)).toBeInTheDocument();
    expect(fact('Current dose')).toHaveTextContent('450 micrograms/day intrathecal');
    // (40 − 2) mL ÷ (450 ÷ 2000) mL/day = 168.89 days after 5 Jul 2026 10:00 (+10:00), shown at +11:00.
    expect(fact('Next refill due')).toHaveTextContent('21 Dec 2026 08:20');
  });
});
