// @vitest-environment jsdom
/**
 * Issue 12: the rounds view's escalation fits the child in front of the nurse: the syndrome
 * steps follow the child's situation (pump or not, test-dose day or not), age-independent
 * triggers escalate without a birth date, withdrawal signs never sit under green, partial rounds
 * are never "Normal".
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { injection, intrathecalOrder, pumpDevice, sydney, WardChart, withSession } from '../testing/ward-chart';
import { NurseRoundsView } from './NurseRoundsView';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
const NOW = new Date('2026-09-13T00:10:00Z'); // 10:10 in Sydney (+10:00)
const minutesBefore = (m: number) => sydney(new Date(NOW.getTime() - m * 60_000));
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  sessionStorage.clear();
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

/** Noah, 9 y, no pump: 50 microgram test dose 90 minutes ago. */
const testDoseChild = () => new WardChart([injection(minutesBefore(90))]);
/** Liam, 14 y, SynchroMed II running 450 micrograms/day; no test dose. */
function pumpChild(): WardChart {
  const chart = new WardChart();
  chart.patient = { ...chart.patient, birthDate: '2012-05-06' };
  chart.devices = [pumpDevice()];
  chart.orders = [intrathecalOrder()];
  return chart;
}

function show(chart: WardChart) {
  server.use(...chart.handlers());
  const { ui } = withSession(<NurseRoundsView />);
  return render(ui);
}
const yes = (user: ReturnType<typeof userEvent.setup>, check: string) => user.click(within(screen.getByRole('group', { name: check })).getByRole('radio', { name: 'Yes' }));

describe('syndrome steps follow the child\'s situation (issue 12; Guideline §3.4.7, §5.1.1, §5.2.4)', () => {
  it('a test-dose child with drowsiness and slowed breathing gets overdose steps without pump steps or withdrawal', async () => {
    show(testDoseChild());
    await screen.findByTestId('time-since-dose');
    const user = userEvent.setup();
    await yes(user, 'Drowsiness');
    await yes(user, 'Slowed breathing');
    const guidance = await screen.findByTestId('syndrome-guidance');
    await vi.waitFor(() => expect(guidance).toHaveTextContent('peaks at 2–4 hours'));
    expect(guidance).toHaveTextContent('13 11 26');
    expect(guidance).toHaveTextContent('nurse-to-patient ratio');
    expect(guidance).not.toHaveTextContent(/reservoir/);
    expect(guidance).not.toHaveTextContent(/LUMBAR PUNCTURE/);
    expect(guidance).not.toHaveTextContent(/withdrawal \(Guideline §5\.1\)/);
  });

  it('a test-dose child with itch is not told it is ITB withdrawal', async () => {
    show(testDoseChild());
    await screen.findByTestId('time-since-dose');
    const user = userEvent.setup();
    await yes(user, 'Itch');
    await vi.waitFor(() => expect(screen.getByTestId('syndrome-guidance')).toHaveTextContent('no pump running'));
    expect(screen.getByTestId('syndrome-guidance')).not.toHaveTextContent('Suspected baclofen withdrawal');
  });

  it('a pump child with drowsiness gets the full overdose steps, reservoir included', async () => {
    show(pumpChild());
    await screen.findByRole('heading', { name: 'Enter a round' });
    const user = userEvent.setup();
    await yes(user, 'Drowsiness');
    await vi.waitFor(() => expect(screen.getByTestId('syndrome-guidance')).toHaveTextContent(/pump reservoir/));
  });

  it('when the pump records cannot be read, both syndromes are shown and the panel says why', async () => {
    const chart = testDoseChild();
    chart.failPumpRead = true;
    show(chart);
    await screen.findByTestId('time-since-dose');
    const user = userEvent.setup();
    await yes(user, 'Itch');
    await yes(user, 'Drowsiness');
    const guidance = screen.getByTestId('syndrome-guidance');
    await vi.waitFor(() => expect(guidance).toHaveTextContent('the pump records could not be read'));
    expect(guidance).toHaveTextContent('Suspected baclofen withdrawal');
    expect(guidance).toHaveTextContent('Suspected baclofen overdose');
  });
});

