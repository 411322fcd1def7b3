// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { confirmDose, resetConfirmedDosesCache } from '../../../session/confirmed-doses';
import { EmergencyView } from './EmergencyView';
import { at10, chartHandlers, daysBefore, device, itbOrder, patient, weight, withSession, type FakeChart } from '../../../../test/fixtures/fake-chart';

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

/** The current order states its dose only in text: "450 mcg/day". */
function textOnlyChart(): FakeChart {
  const order = itbOrder('mr6', 450, at10(daysBefore(NOW, 240)));
  return {
    patient: patient(),
    weights: [weight('w1', 42.5, at10(daysBefore(NOW, 0.01)))],
    orders: [{ ...order, dosageInstruction: [{ text: 'Intrathecal pump: 450 mcg/day continuous', route: { text: 'Intrathecal' } }] }],
    devices: [device(2)],
    procedures: [],
    refillObservations: [],
  };
}

const fact = (label: string) => {
  const dd = within(screen.getByRole('region', { name: 'What the emergency team will ask' })).getByText(label, { selector: 'dt' }).nextElementSibling;
  if (!(dd instanceof HTMLElement)) throw new Error(`no value for ${label}`);
  return dd;
};

describe('Emergency mode and a dose stated only in the order text', () => {
  it('does not show the text figure as the dose before it is confirmed', async () => {
    server.use(...chartHandlers(textOnlyChart()));
    render(withSession(<EmergencyView />));
    expect(await within(fact('Current dose')).findByText(/could not be read/)).toBeInTheDocument();
    expect(fact('Current dose')).toHaveTextContent('its text states 450 micrograms/day, not yet confirmed');
    expect(fact('Current dose')).not.toHaveTextContent('confirmed by you');
  });

  it('uses the figure the clinician confirmed this session, labelled as confirmed from the order text', async () => {
    confirmDose('p1', 'mr6', 450);
    server.use(...chartHandlers(textOnlyChart()));
    render(withSession(<EmergencyView />));
    expect(await within(fact('Current dose')).findByText('450 micrograms/day')).toBeInTheDocument();
    expect(fact('Current dose')).toHaveTextContent('confirmed by you from the order text');
  });
});
