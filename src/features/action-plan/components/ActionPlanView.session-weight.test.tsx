// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfirmedDosesCache } from '../../../session/confirmed-doses';
import { sessionWeightStore } from '../../../session/session-weight';
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
  sessionWeightStore.reset();
  resetConfirmedDosesCache();
});
afterAll(() => server.close());

/** A pump child (born 6 May 2012) with a refill and an order, but no weight in the chart. */
function chart(over: Partial<FakeChart> = {}): FakeChart {
  const refillAt = at10(daysBefore(NOW, 70));
  return {
    patient: patient(),
    weights: [],
    orders: [itbOrder('mr1', 300, at10(daysBefore(NOW, 240)))],
    devices: [device(2)],
    procedures: [procedure('refill1', 'pump-refill', refillAt)],
    refillObservations: refillObservations('refill1', refillAt, 40, 2000),
    ...over,
  };
}

const fact = (label: string) => {
  const dd = screen.getByText(label, { selector: 'dt' }).nextElementSibling;
  if (!(dd instanceof HTMLElement)) throw new Error(`no value for ${label}`);
  return dd;
};
const rescue = () => {
  const h = screen.getByRole('heading', { name: 'Oral baclofen rescue dose for this child' });
  const body = h.nextElementSibling;
  if (!(body instanceof HTMLElement)) throw new Error('no rescue dose');
  return body;
};

describe('The action plan and a weight entered for this session', () => {
  it('offers the entry where no weight is recorded, then prints the rescue dose from it, labelled', async () => {
    server.use(...chartHandlers(chart()));
    render(withSession(<ActionPlanView />));
    expect(await within(await waitForFact('Weight')).findByText('not recorded')).toBeInTheDocument();
    expect(rescue()).toHaveTextContent('No dose calculated');
    vi.setSystemTime(new Date(NOW.getTime() + 10 * 60_000));
    fireEvent.input(within(fact('Weight')).getByLabelText('Weight'), { target: { value: '42' } });
    fireEvent.click(within(fact('Weight')).getByRole('button', { name: 'Use this weight for this session' }));
    expect(await within(fact('Weight')).findByTestId('plan-weight-entered')).toHaveTextContent('entered for this session, not in the chart (by Practitioner/prac1, 13 Sep 2026 10:10)');
    expect(fact('Weight')).toHaveTextContent('42.0 kg');
    expect(rescue()).toHaveTextContent('20 mg oral baclofen stat');
    expect(rescue()).toHaveTextContent('From weight 42.0 kg (entered for this session, not in the chart (by Practitioner/prac1, 13 Sep 2026 10:10)) → band > 30kg');
    expect(rescue()).toHaveTextContent('Guideline §5.1.4.1');
  });

  it('when the weight read failed, says so beside the entered weight it prints the dose from; the form is screen-only', async () => {
    server.use(...chartHandlers(chart({ fail: { weight: true } })));
    render(withSession(<ActionPlanView />));
    const w = await waitForFact('Weight');
    expect(await within(w).findByText(/could not be read/)).toBeInTheDocument();
    expect(within(w).getByLabelText('Weight').closest('.no-print')).not.toBeNull();
    fireEvent.input(within(w).getByLabelText('Weight'), { target: { value: '42' } });
    fireEvent.click(within(w).getByRole('button', { name: 'Use this weight for this session' }));
    expect(await within(fact('Weight')).findByTestId('plan-weight-entered')).toBeInTheDocument();
    expect(fact('Weight')).toHaveTextContent("(the chart's weight could not be read:");
    expect(rescue()).toHaveTextContent('20 mg oral baclofen stat');
  });

  it('with a chart weight, prints the chart weight and shows the entry as superseded (on screen only)', async () => {
    sessionWeightStore.save('p1', { kg: 28, enteredAt: '2026-09-12T23:00:00.000Z' });
    server.use(...chartHandlers(chart({ weights: [weight('w1', 42.5, at10(daysBefore(NOW, 1)))] })));
    render(withSession(<ActionPlanView />));
    const w = await waitForFact('Weight');
    expect(await within(w).findByText('42.5 kg')).toBeInTheDocument();
    const superseded = within(w).getByTestId('session-weight-superseded');
    expect(superseded).toHaveTextContent('superseded: the chart now records 42.5 kg');
    expect(superseded).toHaveClass('no-print');
    expect(rescue()).toHaveTextContent('From weight 42.5 kg (recorded');
  });
});

async function waitForFact(label: string): Promise<HTMLElement> {
  await screen.findByText(label, { selector: 'dt' });
  return fact(label);
}
