// @vitest-environment jsdom
/**
 * Issue 12: the rounds view's escalation fits the child in front of the nurse: the syndrome
 * steps follow the child's situation (pump or not, test-dose day or not), age-independent
 * triggers escalate without a birth date, withdrawal signs never sit under green, partial rounds
 * are never "Normal".
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { setupUser } from '../../../../test/setup/fast-user';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { checks, injection, intrathecalOrder, pumpDevice, round, sydney, WardChart, withSession } from '../testing/ward-chart';
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
const field = (name: string) => screen.getByRole('textbox', { name });
const yes = (user: ReturnType<typeof userEvent.setup>, check: string) => user.click(within(screen.getByRole('group', { name: check })).getByRole('radio', { name: 'Yes' }));

describe('syndrome steps follow the child\'s situation (issue 12; Guideline §3.4.7, §5.1.1, §5.2.4)', () => {
  it('a test-dose child with drowsiness and slowed breathing gets overdose steps without pump steps or withdrawal', async () => {
    show(testDoseChild());
    await screen.findByTestId('time-since-dose');
    const user = setupUser();
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
    const user = setupUser();
    await yes(user, 'Itch');
    await vi.waitFor(() => expect(screen.getByTestId('syndrome-guidance')).toHaveTextContent('no pump running'));
    expect(screen.getByTestId('syndrome-guidance')).not.toHaveTextContent('Suspected baclofen withdrawal');
  });

  it('a pump child with drowsiness gets the full overdose steps, reservoir included', async () => {
    show(pumpChild());
    await screen.findByRole('heading', { name: 'Enter a round' });
    const user = setupUser();
    await yes(user, 'Drowsiness');
    await vi.waitFor(() => expect(screen.getByTestId('syndrome-guidance')).toHaveTextContent(/pump reservoir/));
  });

  it('when the pump records cannot be read, both syndromes are shown and the panel says why', async () => {
    const chart = testDoseChild();
    chart.failPumpRead = true;
    show(chart);
    await screen.findByTestId('time-since-dose');
    const user = setupUser();
    await yes(user, 'Itch');
    await yes(user, 'Drowsiness');
    const guidance = screen.getByTestId('syndrome-guidance');
    await vi.waitFor(() => expect(guidance).toHaveTextContent('the pump records could not be read'));
    expect(guidance).toHaveTextContent('Suspected baclofen withdrawal');
    expect(guidance).toHaveTextContent('Suspected baclofen overdose');
  });
});


describe('age-independent triggers escalate without a birth date (Guideline §3.4.4)', () => {
  function noBirthDate(): WardChart {
    const chart = testDoseChild();
    const { birthDate: _omitted, ...rest } = chart.patient;
    chart.patient = rest;
    return chart;
  }

  it('SpO2 80% on air, respiratory rate 6, AVPU U and a seizure: red, rapid response, the missing birth date named', async () => {
    show(noBirthDate());
    await screen.findByTestId('time-since-dose');
    const user = setupUser();
    await user.type(field('SpO2'), '80');
    await user.click(screen.getByRole('radio', { name: 'Room air' }));
    await user.type(field('Respiratory rate'), '6');
    await user.click(screen.getByRole('radio', { name: 'U — Unresponsive' }));
    await yes(user, 'Seizure');
    const zone = await screen.findByTestId('live-zone');
    expect(zone).toHaveTextContent('RED ZONE');
    expect(zone).toHaveTextContent('Rapid response call NOW');
    expect(zone).toHaveTextContent('SpO2 80 %: below 90 %');
    expect(zone).toHaveTextContent('Level of consciousness: U, unresponsive');
    expect(zone).toHaveTextContent('Seizure recorded');
    expect(zone).toHaveTextContent('No birth date is recorded');
    expect(screen.queryByText(/zone cannot be worked out/)).not.toBeInTheDocument();
  });

  it('"seriously concerned" alone is red without a birth date', async () => {
    show(noBirthDate());
    await screen.findByTestId('time-since-dose');
    const user = setupUser();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Staff or family concern' }), 'serious-concern');
    await user.type(field('Heart rate'), '90');
    const zone = await screen.findByTestId('live-zone');
    expect(zone).toHaveTextContent('RED ZONE');
    expect(zone).toHaveTextContent('Serious concern by staff or family');
  });

  it('a failed patient read still escalates SpO2 80% on air to red, saying the age could not be read', async () => {
    const chart = testDoseChild();
    chart.failPatientRead = true;
    show(chart);
    await screen.findByTestId('time-since-dose');
    const user = setupUser();
    await user.type(field('SpO2'), '80');
    await user.click(screen.getByRole('radio', { name: 'Room air' }));
    const zone = await screen.findByTestId('live-zone');
    expect(zone).toHaveTextContent('RED ZONE');
    expect(zone).toHaveTextContent("The patient's details could not be read");
  });

  it('a heart rate alone without a birth date is not classified, never green', async () => {
    show(noBirthDate());
    await screen.findByTestId('time-since-dose');
    const user = setupUser();
    await user.type(field('Heart rate'), '75');
    const zone = await screen.findByTestId('live-zone');
    expect(zone).toHaveTextContent('NOT CLASSIFIED: no birth date');
    expect(zone).toHaveTextContent('heart rate would trigger at some ages');
    expect(zone).not.toHaveClass('zone-normal');
  });
});

describe('withdrawal signs never sit under green (Guideline §2, §5.1)', () => {
  it('a pump child with heart rate 118, temperature 38.7, sweating and itch gets the withdrawal emergency banner, not "Within the calling criteria"', async () => {
    show(pumpChild());
    await screen.findByRole('heading', { name: 'Enter a round' });
    const user = setupUser();
    await user.type(field('Heart rate'), '118');
    await user.type(field('Temperature'), '38.7');
    await yes(user, 'Sweating');
    await yes(user, 'Itch');
    const banner = await screen.findByTestId('withdrawal-banner');
    await vi.waitFor(() => expect(banner).toHaveTextContent('considered a medical emergency (Guideline §5.1)'));
    expect(banner).toHaveTextContent('oral baclofen rescue dose');
    const zone = screen.getByTestId('live-zone');
    expect(zone).not.toHaveTextContent('Within the calling criteria');
    expect(zone).not.toHaveClass('zone-normal');
    // Temperature is in the default table now (a DERIVED row: fever is a withdrawal sign, §2).
    expect(zone).toHaveTextContent('YELLOW ZONE');
    expect(zone).toHaveTextContent('Temperature 38.7 °C: at or above 38 °C');
    expect(screen.getByTestId('syndrome-guidance')).toHaveTextContent('Suspected baclofen withdrawal');
  });

  it('amending a pump child\'s recorded itch to Yes brings the withdrawal emergency banner into the amend panel', async () => {
    const chart = pumpChild();
    for (const o of [...round('g1', minutesBefore(30), { hr: 96, rr: 18, spo2: 98, sbp: 110, dbp: 65 }), ...checks('g1', minutesBefore(30), { itch: false, sweating: true })]) chart.store(o);
    show(chart);
    await screen.findByTestId('trend-table');
    const user = setupUser();
    await user.click(screen.getByRole('button', { name: 'Amend the round at 13 Sep 2026 09:40' }));
    const form = screen.getByRole('form', { name: /Amend the round/ });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Value to amend' }), 'itch');
    await user.click(within(within(form).getByRole('group', { name: 'Corrected answer: Itch' })).getByRole('radio', { name: 'Yes' }));
    await vi.waitFor(() => expect(within(form).getByTestId('amend-withdrawal-banner')).toHaveTextContent('considered a medical emergency (Guideline §5.1)'));
  });

  it('a test-dose child with the same signs gets no withdrawal banner (no pump running, §5.1.1)', async () => {
    show(testDoseChild());
    await screen.findByTestId('time-since-dose');
    const user = setupUser();
    await yes(user, 'Sweating');
    await yes(user, 'Itch');
    await vi.waitFor(() => expect(screen.getByTestId('syndrome-guidance')).toHaveTextContent('no pump running'));
    expect(screen.queryByTestId('withdrawal-banner')).not.toBeInTheDocument();
  });
});

describe('partial rounds are partial, never "Normal"; each trigger once (issue 12)', () => {
  it('three values entered: the live zone says PARTIAL ROUND and names what is missing', async () => {
    show(testDoseChild());
    await screen.findByTestId('time-since-dose');
    const user = setupUser();
    await user.type(field('Heart rate'), '90');
    await user.type(field('Respiratory rate'), '20');
    await user.type(field('SpO2'), '98');
    await user.click(screen.getByRole('radio', { name: 'Room air' }));
    const zone = await screen.findByTestId('live-zone');
    expect(zone).toHaveTextContent('PARTIAL ROUND');
    expect(zone).toHaveTextContent('not recorded systolic blood pressure, diastolic blood pressure, temperature, level of consciousness (AVPU), pain score');
    expect(zone).not.toHaveTextContent('Within the calling criteria');
    await user.click(screen.getByRole('button', { name: 'Review round' }));
    expect(await screen.findByTestId('review-zone')).toHaveTextContent('PARTIAL ROUND');
  });

  it('a saved round of four values shows "Partial" in the day\'s table, not "Normal"', async () => {
    show(new WardChart([injection(minutesBefore(90)), ...round('g1', minutesBefore(75), { hr: 90, rr: 20, spo2: 98, sbp: 102, dbp: 60 })]));
    const table = await screen.findByTestId('trend-table');
    const row = within(table).getAllByRole('row').find((r) => r.textContent?.includes('08:55'));
    expect(row).toHaveTextContent('Partial');
    expect(row).not.toHaveTextContent('Normal');
  });

  it('respiratory rate 8 in a 9-year-old is listed once, at red, not again at yellow', async () => {
    show(testDoseChild());
    await screen.findByTestId('time-since-dose');
    const user = setupUser();
    await user.type(field('Respiratory rate'), '8');
    const triggers = within(await screen.findByTestId('live-zone')).getByRole('list', { name: 'Values that triggered the zone' });
    const items = within(triggers).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveTextContent('Red: Respiratory rate 8 breaths/min: at or below 10 breaths/min DEFAULT, derived rule (not a published trigger).');
  });
});

describe('low heart-rate triggers are labelled with their published source (issue 12)', () => {
  it('a 9-year-old\'s heart rate of 75 is red by the published MET trigger, and the panel says a sleeping child can meet it', async () => {
    show(testDoseChild());
    await screen.findByTestId('time-since-dose');
    const user = setupUser();
    await user.type(field('Heart rate'), '75');
    const trigger = within(await screen.findByTestId('live-zone')).getByRole('listitem');
    expect(trigger).toHaveTextContent('Red: Heart rate 75 beats/min: below 80 beats/min');
    expect(trigger).toHaveTextContent('DEFAULT: Paediatric MET trigger (Pediatrics table).');
    expect(trigger).toHaveTextContent("a sleeping child's normal heart rate can meet this published MET trigger. It is kept as published because bradycardia is a sign of baclofen overdose (Guideline §5.2.2)");
    expect(trigger).toHaveTextContent('a medical officer can set Altered Calling Criteria for this child; confirm against the hospital\'s SPOC chart');
  });
});

describe('the zone headline stays in view while entering (issue 12, 1024×768)', () => {
  it('the escalation panel sticks below the app header, however tall the header is (patient banner shown)', async () => {
    const header = document.createElement('header');
    header.className = 'app-header';
    header.getBoundingClientRect = () => ({ height: 131.2, width: 1024, top: 0, left: 0, right: 1024, bottom: 131.2, x: 0, y: 0, toJSON: () => ({}) });
    document.body.prepend(header);
    try {
      const { container } = show(testDoseChild());
      await screen.findByTestId('time-since-dose');
      const root = container.querySelector<HTMLElement>('.rounds');
      expect(root?.style.getPropertyValue('--rounds-sticky-top')).toBe('140px');
      // The zone box is inside the sticky panel, which scrolls under it.
      const user = setupUser();
      await user.type(field('Respiratory rate'), '8');
      expect((await screen.findByTestId('live-zone')).closest('.escalation')).not.toBeNull();
    } finally {
      header.remove();
    }
  });
});
