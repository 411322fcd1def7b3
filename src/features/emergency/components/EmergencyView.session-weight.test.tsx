// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfirmedDosesCache } from '../../../session/confirmed-doses';
import { sessionWeightStore } from '../../../session/session-weight';
import { EmergencyView } from './EmergencyView';
import { at10, chartHandlers, daysBefore, device, itbOrder, patient, weight, withSession, type FakeChart } from '../../../../test/fixtures/fake-chart';

const server = setupServer();
const methods: string[] = [];
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', ({ request }) => methods.push(request.method));
});
const NOW = new Date('2026-09-13T00:00:00Z');
beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  methods.length = 0;
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
  vi.useRealTimers();
  sessionStorage.clear();
  sessionWeightStore.reset();
  resetConfirmedDosesCache();
});
afterAll(() => server.close());

/** A pump child (born 6 May 2012, 14 on NOW) whose chart has no weight at all. */
function pumpChart(over: Partial<FakeChart> = {}): FakeChart {
  return { patient: patient(), weights: [], orders: [itbOrder('mr1', 300, at10(daysBefore(NOW, 60)))], devices: [device(2)], procedures: [], refillObservations: [], ...over };
}

const rescue = () => screen.getByRole('region', { name: 'Withdrawal: oral baclofen rescue dose' });

async function enterWeight(kg: string) {
  const field = await within(rescue()).findByLabelText('Weight');
  fireEvent.input(field, { target: { value: kg } });
  fireEvent.click(within(rescue()).getByRole('button', { name: 'Use this weight for this session' }));
}

describe('Emergency mode: a weight entered for this session', () => {
  it('with no weight recorded, says what was searched and gives the rescue dose from the entered weight, labelled', async () => {
    // An 8-year-old, for whom 28 kg is well within the usual range.
    server.use(...chartHandlers(pumpChart({ patient: patient('2018-05-06') })));
    render(withSession(<EmergencyView />));
    expect(await within(rescue()).findByText(/no weight is recorded for this child/)).toBeInTheDocument();
    expect(rescue()).toHaveTextContent('Searched the 10 newest body-weight Observations (LOINC 29463-7, 3141-9)');
    // Typed five minutes after the reads: current for the page, not "in the future".
    vi.setSystemTime(new Date(NOW.getTime() + 5 * 60_000));
    await enterWeight('28');
    expect(await within(rescue()).findByTestId('rescue-dose')).toHaveTextContent('10 mg oral baclofen stat');
    expect(within(rescue()).getByTestId('rescue-band')).toHaveTextContent('< 30kg');
    expect(within(rescue()).getByTestId('rescue-weight')).toHaveTextContent('28.0 kg — entered for this session, not in the chart (by Practitioner/prac1, 13 Sep 2026 10:05)');
    expect(rescue()).toHaveTextContent('Guideline §5.1.4.1');
    expect(rescue()).toHaveTextContent('weight entered for this session, not in the chart');
    expect(JSON.parse(sessionStorage.getItem('itb:session-weight:p1') ?? 'null')).toMatchObject({ kg: 28 });
    // Read only: nothing is written to the EHR.
    expect(methods.every((m) => m === 'GET')).toBe(true);
  });

  it('refuses a value that is not a positive number of kg, in an alert tied to the field', async () => {
    server.use(...chartHandlers(pumpChart()));
    render(withSession(<EmergencyView />));
    await enterWeight('-4');
    const alert = await within(rescue()).findByRole('alert');
    expect(alert).toHaveTextContent(/number of kg/);
    const field = within(rescue()).getByLabelText('Weight');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field.getAttribute('aria-describedby')).toContain(alert.id);
    expect(within(rescue()).queryByTestId('rescue-dose')).toBeNull();
  });

  it('asks for confirmation of a weight implausible for the age before any dose uses it', async () => {
    server.use(...chartHandlers(pumpChart()));
    render(withSession(<EmergencyView />));
    await enterWeight('6');
    expect(await within(rescue()).findByTestId('session-weight-for-age')).toHaveTextContent('outside the usual range for a 14-year 4-month-old');
    expect(within(rescue()).queryByTestId('rescue-dose')).toBeNull();
    expect(sessionStorage.getItem('itb:session-weight:p1')).toBeNull();
    fireEvent.click(within(rescue()).getByRole('button', { name: 'I have checked: use 6.0 kg this session' }));
    expect(await within(rescue()).findByTestId('rescue-dose')).toHaveTextContent('10 mg oral baclofen stat');
    expect(rescue()).toHaveTextContent('Confirmed by the clinician for this session');
  });

  it('when the weight read failed, still names the failure and offers the entry', async () => {
    server.use(...chartHandlers(pumpChart({ fail: { weight: true } })));
    render(withSession(<EmergencyView />));
    expect(await within(rescue()).findByText(/the weight could not be read/)).toBeInTheDocument();
    expect(rescue()).not.toHaveTextContent('no weight is recorded');
    await enterWeight('42');
    expect(await within(rescue()).findByTestId('rescue-dose')).toHaveTextContent('20 mg oral baclofen stat');
    expect(rescue()).toHaveTextContent(/The weight could not be read.*the dose below is from the weight entered for this session/);
    expect(screen.getAllByRole('alert').some((a) => /Could not read from the EHR:.*weight/.test(a.textContent ?? ''))).toBe(true);
  });

  it('when a chart weight exists, uses it and shows the entry as superseded, with a way to clear it', async () => {
    sessionWeightStore.save('p1', { kg: 28, enteredAt: '2026-09-12T23:00:00.000Z', enteredBy: 'Practitioner/prac1' });
    server.use(...chartHandlers(pumpChart({ weights: [weight('w1', 42.5, at10(daysBefore(NOW, 1)))] })));
    render(withSession(<EmergencyView />));
    expect(await within(rescue()).findByTestId('rescue-dose')).toHaveTextContent('20 mg oral baclofen stat');
    expect(within(rescue()).getByTestId('rescue-weight')).toHaveTextContent('42.5 kg');
    expect(within(rescue()).getByTestId('rescue-weight')).not.toHaveTextContent('entered for this session');
    expect(within(rescue()).getByTestId('session-weight-superseded')).toHaveTextContent('28.0 kg');
    fireEvent.click(within(rescue()).getByRole('button', { name: 'Clear the entered weight' }));
    expect(within(rescue()).queryByTestId('session-weight-superseded')).toBeNull();
    expect(sessionStorage.getItem('itb:session-weight:p1')).toBeNull();
  });
});
