// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfirmedDosesCache } from '../../../session/confirmed-doses';
import { sessionWeightStore } from '../../../session/session-weight';
import { FHIR_BASE, patient, stableChild, type Chart } from '../testing/fhir-fixtures';
import { renderDoctorView } from '../testing/render-doctor-view';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-22T02:40:00Z'));
  sessionStorage.clear();
  sessionWeightStore.reset();
  resetConfirmedDosesCache();
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const renderView = (chart: Chart, overrides: Parameters<typeof server.use> = []) => renderDoctorView(server, chart, { overrides, fhirUser: 'Practitioner/dr7' });

const card = () => screen.getByRole('article', { name: 'Weight and age' });

async function enterWeight(kg: string) {
  fireEvent.input(await within(card()).findByLabelText('Weight'), { target: { value: kg } });
  fireEvent.click(within(card()).getByRole('button', { name: 'Use this weight for this session' }));
}

describe('doctor view: a weight entered for this session', () => {
  it('with no weight in the chart, offers the entry and shows the entered weight, labelled, as the weight', async () => {
    renderView({ ...stableChild(), weights: [] });
    expect(await within(card()).findByText('No weight recorded.')).toBeInTheDocument();
    expect(card()).toHaveTextContent('Searched the 10 newest body-weight Observations');
    // Typed five minutes after the view opened: current for it, not "in the future".
    vi.setSystemTime(new Date('2026-11-22T02:45:00Z'));
    await enterWeight('41.2');
    expect(await within(card()).findByTestId('weight-kg')).toHaveTextContent('41.2 kg');
    expect(within(card()).getByTestId('weight-entered')).toHaveTextContent('entered for this session, not in the chart (by Practitioner/dr7, 22 Nov 2026 13:45)');
    expect(within(card()).getByTestId('weight-kg').parentElement).toHaveTextContent('Current');
    expect(card()).toHaveTextContent('Source: weight entered for this session, not in the chart');
    expect(within(card()).getByTestId('session-weight-used')).toHaveTextContent('never written to the EHR');
    expect(within(card()).getByTestId('weight-for-age')).toHaveTextContent('within 4 standard deviations');
  });

  it('a test-dose candidate without a pump gets the §3.1.5 suggestion from the entered weight, naming it as the input', async () => {
    const chart: Chart = { ...stableChild(), patient: patient('2018-05-06'), weights: [], orders: [], devices: [], procedures: [], refillObservations: [] };
    renderView(chart);
    await enterWeight('22');
    const planning = screen.getByRole('region', { name: 'Test-dose planning' });
    fireEvent.click(within(planning).getByLabelText('Dystonia'));
    await vi.waitFor(() => expect(planning).toHaveTextContent(/weight 22(\.0)? kg/), { timeout: 3000 });
    expect(planning).toHaveTextContent('weight entered for this session, not in the chart (by Practitioner/dr7, 22 Nov 2026 13:40)');
  });

  it('a failed weight read stays named as failed; the entered weight is used beside it', async () => {
    const failWeight = [
      http.get(`${FHIR_BASE}/Observation`, ({ request }) =>
        (new URL(request.url).searchParams.get('code') ?? '').includes('29463-7')
          ? HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }, { status: 503 })
          : undefined,
      ),
    ];
    renderView(stableChild(), failWeight);
    expect(await within(card()).findByText('The weight records could not be read.')).toBeInTheDocument();
    await enterWeight('41.2');
    expect(await within(card()).findByTestId('weight-kg')).toHaveTextContent('41.2 kg');
    expect(within(card()).getByText('The weight records could not be read.')).toBeInTheDocument();
  });

  it('once the chart has a weight, uses it and shows the entry as superseded', async () => {
    sessionWeightStore.save('p1', { kg: 39, enteredAt: '2026-11-21T02:00:00.000Z' });
    renderView(stableChild());
    expect(await within(card()).findByTestId('weight-kg')).toHaveTextContent('42.5 kg');
    expect(within(card()).queryByTestId('weight-entered')).toBeNull();
    expect(within(card()).getByTestId('session-weight-superseded')).toHaveTextContent('superseded: the chart now records 42.5 kg');
    expect(within(card()).queryByLabelText('Weight')).toBeNull();
  });
});
