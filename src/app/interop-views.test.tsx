// @vitest-environment jsdom
/**
 * Issue 11, "Done when": for every intrathecal order encoding in the interoperability corpus
 * (test/fixtures/interop), the doctor view, the printed action plan and emergency mode show the
 * same daily dose (the figure the corpus file says must be read), or say it could not be read and
 * offer what can be done (a figure to confirm in the doctor view). The refill forecast beside it
 * names its governing limit whenever a dose was read.
 */
import { render, screen, within, cleanup } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { at10, chartHandlers, daysBefore, device, patient, procedure, refillObservations, weight, withSession, type FakeChart } from '../../test/fixtures/fake-chart';
import { ActionPlanView } from '../features/action-plan/components/ActionPlanView';
import { DoctorView } from '../features/doctor/components/DoctorView';
import { EmergencyView } from '../features/emergency/components/EmergencyView';
import { corpusFiles, emptySearches, interopServer, loadReading as load, referencedMedications as referenced } from './testing/interop-views';

const NOW = new Date('2026-09-13T00:00:00Z');
const server = interopServer(NOW);
const intrathecal = corpusFiles('medicationrequest-').filter((f) => load(f).expected.kind === 'intrathecal');

/** The stable child's pump and refill, with the corpus order as the one active intrathecal order. */
function chartWith(name: string): FakeChart {
  const file = load(name);
  // The encoding as written; only its dates move before the last refill, so the forecast has the dose in effect at the fill.
  const order = { ...file.resource, status: 'active', subject: { reference: 'Patient/p1' }, authoredOn: at10(daysBefore(NOW, 240)), dispenseRequest: undefined };
  const refillAt = at10(daysBefore(NOW, 70));
  return {
    patient: patient('2016-05-06'),
    weights: [weight('w1', 32.4, at10(daysBefore(NOW, 3)))],
    orders: [order, ...(file.with ?? []).map((w) => load(w).resource)],
    devices: [device(2)],
    procedures: [procedure('refill1', 'pump-refill', refillAt), procedure('implant1', 'pump-implant', at10(daysBefore(NOW, 3 * 365)))],
    refillObservations: refillObservations('refill1', refillAt, 40, 2000),
  };
}
const words = (n: number) => `${String(n)} micrograms/day`;

describe.each(intrathecal)('%s', (name) => {
  const expected = load(name).expected;
  const dose = expected.dailyDose ?? null;

  it('the doctor view shows the dose read, or says it could not be read and offers the figure to confirm', async () => {
    server.use(...chartHandlers(chartWith(name)), ...referenced(name), ...emptySearches());
    render(withSession(<DoctorView />));
    if (dose !== null) {
      const shown = await screen.findByTestId('current-dose');
      expect(shown).toHaveTextContent(words(dose));
      expect(await screen.findByTestId('refill-governing')).toHaveTextContent(/alarm|stability/);
    } else {
      // An unreadable maintenance order, or a one-off test-dose order that is no maintenance prescription.
      expect(await screen.findByText(/^(Dose could not be read|No active intrathecal baclofen prescription recorded\.)$/)).toBeInTheDocument();
      if (typeof expected.candidate === 'number') expect(screen.getByRole('button', { name: /confirm/i })).toBeInTheDocument();
    }
  });

  it('the printed action plan shows the same dose, or says it is not recorded', async () => {
    server.use(...chartHandlers(chartWith(name)), ...referenced(name), ...emptySearches());
    render(withSession(<ActionPlanView />));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    const fact = screen.getByText('Current dose', { selector: 'dt' }).nextElementSibling as HTMLElement;
    if (dose !== null) expect(fact).toHaveTextContent(`${words(dose)} intrathecal`);
    else expect(fact).not.toHaveTextContent(/\d micrograms\/day intrathecal/);
  });

  it('emergency mode shows the same dose, or says the order’s dose could not be read', async () => {
    server.use(...chartHandlers(chartWith(name)), ...referenced(name), ...emptySearches());
    render(withSession(<EmergencyView />));
    await screen.findByTestId('rescue-dose');
    const region = screen.getByRole('region', { name: 'What the emergency team will ask' });
    const fact = within(region).getByText('Current dose', { selector: 'dt' }).nextElementSibling as HTMLElement;
    if (dose === null) expect(await within(fact).findByText(/could not be read/)).toBeInTheDocument();
    else expect(await within(fact).findByText(`${words(dose)}`, { selector: 'strong' })).toBeInTheDocument();
  });
});

describe('one record, one time: the same instants print the same way in every view (issue 11)', () => {
  // Weighed 12 Sep 2026 20:05 in Sydney, sent in UTC (10:05Z); the dose changed 27 Mar 2026 11:30 in
  // Sydney, sent as 00:30Z; the last refill recorded as a date only (5 Jul 2026, that Sydney day).
  const chart: FakeChart = {
    patient: patient('2016-05-06'),
    weights: [weight('w1', 32.4, '2026-09-12T10:05:00Z')],
    orders: [{ ...load('medicationrequest-oracle-dose-per-day.json').resource, status: 'active', subject: { reference: 'Patient/p1' }, authoredOn: '2026-03-27T00:30:00Z', dispenseRequest: undefined }],
    devices: [device(2)],
    procedures: [procedure('refill1', 'pump-refill', '2026-07-05'), procedure('implant1', 'pump-implant', '2023-09-01')],
    refillObservations: refillObservations('refill1', '2026-07-05', 40, 2000),
  };
  const views = [
    ['doctor view', () => <DoctorView />, () => screen.findByTestId('refill-due-date')],
    ['printed action plan', () => <ActionPlanView />, () => screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 })],
    ['emergency mode', () => <EmergencyView />, () => screen.findByTestId('rescue-dose')],
  ] as const;

  it.each(views)('%s: weight at 20:05, dose change at 11:30, the refill on 5 Jul 2026; never the UTC clock', async (_name, ui, ready) => {
    server.use(...chartHandlers(chart), ...emptySearches());
    const { container } = render(withSession(ui()));
    await ready();
    await screen.findAllByText(/27 Mar 2026 11:30/);
    const text = container.textContent ?? '';
    expect(text).toContain('12 Sep 2026 20:05');
    expect(text).toContain('5 Jul 2026');
    expect(text).not.toMatch(/12 Sep 2026 10:05|27 Mar 2026 00:30|5 Jul 2026 10:00|4 Jul 2026/);
  });

  it('the date-only refill gives the hand-calculated due date in the doctor view and on the plan', async () => {
    // (40 − 2) mL ÷ (450 ÷ 2000) mL/day = 168.89 days after 5 Jul 2026 00:00 +10:00 = 20 Dec 2026 22:20 Sydney (+11:00).
    server.use(...chartHandlers(chart), ...emptySearches());
    render(withSession(<DoctorView />));
    expect(await screen.findByTestId('refill-due-date')).toHaveTextContent('20 Dec 2026');
    cleanup();
    server.use(...chartHandlers(chart), ...emptySearches());
    render(withSession(<ActionPlanView />));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    expect((screen.getByText('Next refill due', { selector: 'dt' }).nextElementSibling as HTMLElement).textContent).toContain('20 Dec 2026 22:20');
  });
});
