// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { enterNote, setupUser } from '../../../../test/setup/fast-user';
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
  localStorage.clear();
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

/** Noah, 9 y: test dose at 08:40 (90 min ago), rounds at +15/30/45/60 min. */
function testDoseDay(): WardChart {
  return new WardChart([
    injection(minutesBefore(90)),
    ...round('g1', minutesBefore(75), { hr: 90, rr: 20, spo2: 98, sbp: 102, dbp: 60 }),
    ...round('g2', minutesBefore(60), { hr: 86, rr: 19, spo2: 98, sbp: 100, dbp: 58 }),
    ...round('g3', minutesBefore(45), { hr: 84, rr: 18, spo2: 97, sbp: 98, dbp: 58 }),
    ...round('g4', minutesBefore(30), { hr: 82, rr: 18, spo2: 97, sbp: 99, dbp: 57 }),
  ]);
}

function show(chart: WardChart) {
  server.use(...chart.handlers());
  const { ui } = withSession(<NurseRoundsView />);
  return render(ui);
}

const field = (name: string) => screen.getByRole('textbox', { name });

async function enterBasics(user: ReturnType<typeof userEvent.setup>, rr = '20') {
  await user.type(field('Heart rate'), '90');
  await user.type(field('Respiratory rate'), rr);
  await user.type(field('SpO2'), '97');
  await user.click(screen.getByRole('radio', { name: 'Room air' }));
}

describe('a launch granted read access only', () => {
  it('says before anything is typed that rounds cannot be saved, names what was granted, and offers no save', async () => {
    server.use(...testDoseDay().handlers());
    const { ui } = withSession(<NurseRoundsView />, { grantedScope: 'launch openid fhirUser patient/Patient.read patient/Observation.read' });
    render(ui);
    const notice = await screen.findByTestId('read-only-launch');
    expect(notice).toHaveTextContent('Read-only launch: rounds and the injection time cannot be saved to the EHR.');
    expect(notice).toHaveTextContent('granted: launch openid fhirUser patient/Patient.read patient/Observation.read');
    expect(await screen.findByTestId('time-since-dose')).toHaveTextContent('1 h 30 min');
    expect(screen.queryByRole('button', { name: /^Save/ })).toBeNull();
  });

  it('shows no notice when the EHR granted Observation write', async () => {
    server.use(...testDoseDay().handlers());
    const { ui } = withSession(<NurseRoundsView />, { grantedScope: 'launch openid fhirUser patient/Observation.read patient/Observation.write' });
    render(ui);
    expect(await screen.findByTestId('time-since-dose')).toBeVisible();
    expect(screen.queryByTestId('read-only-launch')).toBeNull();
  });
});

describe('test-dose day schedule', () => {
  it('runs from the documented injection: four rounds done, the time since the dose and the 2–4 h peak window', async () => {
    show(testDoseDay());
    expect(await screen.findByTestId('time-since-dose')).toHaveTextContent('1 h 30 min');
    const slots = within(screen.getByRole('list', { name: 'Observation rounds' })).getAllByRole('listitem');
    expect(slots.filter((s) => s.textContent?.includes('Done'))).toHaveLength(4);
    expect(slots[0]).toHaveTextContent('08:55');
    expect(slots[4]).toHaveTextContent('10:40');
    expect(slots[4]).toHaveTextContent('Upcoming');
    expect(screen.getByText(/Peak effect 2–4 h/)).toHaveTextContent('10:40–12:40');
    expect(screen.getByText('Voiding since the dose not documented')).toBeInTheDocument();
  });

  it('stops prompting after a documented discharge, and says the child is still admitted otherwise (A6)', async () => {
    const admitted = testDoseDay();
    show(admitted);
    expect(await screen.findByText(/Still admitted: hourly prompts continue/)).toBeInTheDocument();
    cleanup();
    server.resetHandlers();

    const discharged = testDoseDay();
    discharged.encounter = { resourceType: 'Encounter', id: 'e1', status: 'finished', period: { start: minutesBefore(180), end: minutesBefore(20) } };
    show(discharged);
    expect(await screen.findByTestId('discharged')).toHaveTextContent('Discharged 09:50');
    const slots = within(screen.getByRole('list', { name: 'Observation rounds' })).getAllByRole('listitem');
    // The +1 h round at 09:40 was due before discharge; the +2 h round at 10:40 is not required.
    expect(slots[4]).toHaveTextContent('Not required');
    cleanup();
    server.resetHandlers();

    // An encounter that ended before the injection was an earlier stay, not this discharge.
    const earlier = testDoseDay();
    earlier.encounter = { resourceType: 'Encounter', id: 'e1', status: 'finished', period: { start: minutesBefore(3000), end: minutesBefore(2900) } };
    show(earlier);
    expect(await screen.findByText(/before this injection: that is not a discharge from this stay/)).toBeInTheDocument();
    expect(within(screen.getByRole('list', { name: 'Observation rounds' })).getAllByRole('listitem')[4]).toHaveTextContent('Upcoming');
  });

  it('offers to record the injection when none is documented, and still allows rounds', async () => {
    show(new WardChart());
    expect(await screen.findByText(/No test-dose injection time is documented/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Record the test-dose injection time' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Enter a round' })).toBeInTheDocument();
  });

  it('the injection form refuses 0.05 micrograms, asks a reason below the 25 microgram band, reviews exactly what is written, then starts the schedule (§3.1.5, issue 12)', async () => {
    const chart = new WardChart();
    show(chart);
    const user = setupUser();
    await user.click(await screen.findByRole('button', { name: 'Record the test-dose injection time' }));
    const form = screen.getByRole('form', { name: 'Record the test-dose injection' });
    await user.type(within(form).getByRole('textbox', { name: 'Test dose given' }), '0.05');
    await user.click(within(form).getByRole('button', { name: 'Review injection' }));
    expect(within(form).getByRole('alert')).toHaveTextContent(/0\.05 micrograms is not a test dose: the guideline's smallest is 25 micrograms \(§3\.1\.5\)\. If 0\.05 mg was given, that is 50 micrograms/);
    expect(screen.queryByTestId('injection-review')).toBeNull();
    await user.clear(within(form).getByRole('textbox', { name: 'Test dose given' }));
    await user.type(within(form).getByRole('textbox', { name: 'Test dose given' }), '10');
    await user.click(within(form).getByRole('button', { name: 'Review injection' }));
    expect(within(form).getByRole('alert')).toHaveTextContent(/Give the reason for a dose outside the guideline's bands/);
    await enterNote(user, within(form).getByRole('textbox', { name: 'Reason for this dose' }), 'reduced dose prescribed by Dr Lee');
    await user.click(within(form).getByRole('button', { name: 'Review injection' }));
    const review = await screen.findByTestId('injection-review');
    expect(review).toHaveTextContent('10 micrograms intrathecal');
    expect(review).toHaveTextContent('13 Sep 2026 10:10');
    expect(review).toHaveTextContent(/outside the guideline's test-dose bands .* reduced dose prescribed by Dr Lee/);
    expect(chart.observations).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Record injection' }));
    expect(await screen.findByTestId('time-since-dose')).toHaveTextContent('0 min');
    expect(chart.observations).toHaveLength(1);
    expect(JSON.stringify(chart.observations[0])).toContain('reduced dose prescribed by Dr Lee');
  });

  it('an injection entered in error, with its reason, ends the schedule it started; nothing is deleted', async () => {
    const chart = testDoseDay();
    show(chart);
    const user = setupUser();
    await screen.findByTestId('time-since-dose');
    await user.click(screen.getByRole('button', { name: 'Correct the injection record' }));
    const form = screen.getByRole('form', { name: 'Correct the injection record' });
    await user.click(within(form).getByRole('radio', { name: /No test dose was given/ }));
    await user.click(within(form).getByRole('button', { name: 'Mark entered in error' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Give the reason the record was entered in error.');
    await enterNote(user, within(form).getByRole('textbox', { name: 'Reason it was entered in error' }), 'charted on the wrong patient');
    await user.click(within(form).getByRole('button', { name: 'Mark entered in error' }));
    expect(await screen.findByText(/No test-dose injection time is documented/)).toBeInTheDocument();
    const stored = chart.observations.find((o) => JSON.stringify(o).includes('test-dose-injection'));
    expect(stored?.status).toBe('entered-in-error');
    expect(stored?.note?.at(-1)?.text).toBe('Entered in error: charted on the wrong patient');
  });

  it('a child with a pump recorded must be confirmed as having a test dose before the injection form goes on (§3.1, issue 12)', async () => {
    const chart = new WardChart();
    chart.devices = [pumpDevice()];
    chart.orders = [intrathecalOrder()];
    show(chart);
    const user = setupUser();
    await user.click(await screen.findByRole('button', { name: 'Record the test-dose injection time' }));
    const form = screen.getByRole('form', { name: 'Record the test-dose injection' });
    expect(await within(form).findByTestId('injection-pump-warning')).toHaveTextContent('This child already has an ITB pump recorded.');
    await user.type(within(form).getByRole('textbox', { name: 'Test dose given' }), '50');
    await user.click(within(form).getByRole('button', { name: 'Review injection' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('This child has a pump recorded: confirm this was a test dose before recording it.');
    await user.click(within(form).getByRole('checkbox', { name: /I confirm this was a test dose by lumbar puncture/ }));
    await user.click(within(form).getByRole('button', { name: 'Review injection' }));
    expect(await screen.findByTestId('injection-review')).toHaveTextContent(/nurse confirmed this was a test dose by lumbar puncture, not a pump bolus/);
  });

  it('a failed read of the day is an error with Retry, never "no rounds"', async () => {
    const chart = testDoseDay();
    chart.failVitalsRead = true;
    show(chart);
    const alerts = await screen.findAllByText(/could not be read \(this does not mean/);
    expect(alerts.length).toBeGreaterThan(0);
    expect(screen.queryByText(/No rounds are recorded/)).not.toBeInTheDocument();
    chart.failVitalsRead = false;
    const user = setupUser();
    await user.click(screen.getAllByRole('button', { name: 'Retry' })[0]!);
    expect(await screen.findByTestId('trend-table')).toBeInTheDocument();
  });
});

describe('entering a round', () => {
  it.each([
    ['SpO2', '101', /SpO2 of 101 % is not physiologically possible/],
    ['Heart rate', '0', /Heart rate of 0 \/min is not physiologically possible/],
    ['Temperature', '50', /Temperature of 50 °C is not physiologically possible/],
  ])('refuses %s %s with the reason', async (name, value, message) => {
    show(testDoseDay());
    const user = setupUser();
    await user.type(field(name), value);
    await user.tab();
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(field(name)).toHaveAttribute('aria-invalid', 'true');
  });

  it('asks to confirm an unusual heart rate before the round can be reviewed', async () => {
    show(testDoseDay());
    const user = setupUser();
    await user.type(field('Heart rate'), '260');
    await user.click(screen.getByRole('button', { name: 'Review round' }));
    expect(await screen.findByText(/Heart rate: confirm the unusual value/)).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'I confirm 260 beats/min is correct' }));
    await user.click(screen.getByRole('button', { name: 'Review round' }));
    expect(await screen.findByRole('heading', { name: /exactly what will be written/ })).toBeInTheDocument();
  });

  it('shows the red zone live with the trigger named, the action and the site contacts; overdose signs bring the guideline steps', async () => {
    show(testDoseDay());
    await screen.findByTestId('time-since-dose');
    const user = setupUser();
    await user.type(field('Respiratory rate'), '8');
    const zone = await screen.findByTestId('live-zone');
    expect(zone).toHaveTextContent('RED ZONE');
    expect(zone).toHaveTextContent('Rapid response call NOW');
    expect(zone).toHaveTextContent('Respiratory rate 8 breaths/min: at or below 10 breaths/min');
    expect(screen.getByText(/Dial 5555/)).toBeInTheDocument();
    await user.click(within(screen.getByRole('group', { name: 'Drowsiness' })).getByRole('radio', { name: 'Yes' }));
    expect(screen.getByTestId('syndrome-guidance')).toHaveTextContent(/nurse-to-patient ratio/);
    expect(screen.getByTestId('syndrome-guidance')).toHaveTextContent(/13 11 26/);
  });

  it('says yellow means a registrar review, with the registrar pager first', async () => {
    show(testDoseDay());
    await screen.findByTestId('time-since-dose');
    const user = setupUser();
    await user.click(screen.getByRole('radio', { name: 'V — Responds to voice' }));
    expect(await screen.findByTestId('live-zone')).toHaveTextContent(/YELLOW ZONE.*Rehabilitation Registrar/);
    const contacts = screen.getByRole('heading', { name: 'Who to call' }).nextElementSibling;
    expect(contacts?.firstElementChild).toHaveTextContent('Pager 7777');
  });
});

describe('saving a round', () => {
  it('reviews exactly what will be written, then saves it and shows it at once in the trend', async () => {
    const chart = testDoseDay();
    show(chart);
    await screen.findByTestId('trend-table');
    const user = setupUser();
    await enterBasics(user);
    await user.click(screen.getByRole('button', { name: 'Review round' }));
    const review = await screen.findByRole('table', { name: /Observations in this round \(6\)/ });
    // The nurse reads the value in words; the LOINC code and UCUM unit are tucked away for the technically minded.
    expect(within(review).getByRole('row', { name: /Heart rate/ })).toHaveTextContent(/^Heart rate90 beats\/min$/);
    expect(screen.getByText('Heart rate: LOINC 8867-4 Heart rate, unit /min').closest('details')).not.toHaveAttribute('open');
    expect(within(review).getByRole('row', { name: /Inhaled oxygen \(room air\)/ })).toHaveTextContent('21 %');
    expect(screen.getByText(/Not recorded in this round/)).toHaveTextContent('Blood pressure');
    // The concern and the zone the nurse sees are charted with the round (issue 12).
    expect(within(review).getByRole('row', { name: /Staff or family concern/ })).toHaveTextContent('No concern');
    expect(within(review).getByRole('row', { name: /Zone shown when saved/ })).toHaveTextContent(/Not classified/);
    await user.click(screen.getByRole('button', { name: 'Save round to chart' }));
    expect(await screen.findByTestId('round-saved')).toHaveTextContent('6 observations');
    await waitFor(() => expect(within(screen.getByTestId('trend-table')).getAllByRole('row')).toHaveLength(1 + 5));
    expect(sessionStorage.getItem('itb:draft:round:p1')).toBeNull();
  });

  it('a save the EHR does not confirm stays on screen, says why, and Retry completes it without duplicates', async () => {
    const chart = testDoseDay();
    chart.failWrites = { status: 503, times: 1 };
    show(chart);
    await screen.findByTestId('trend-table');
    const user = setupUser();
    await enterBasics(user);
    await user.click(screen.getByRole('button', { name: 'Review round' }));
    await user.click(await screen.findByRole('button', { name: 'Save round to chart' }));
    const incomplete = await screen.findByTestId('save-incomplete');
    expect(incomplete).toHaveTextContent('Not saved yet. 0 of 6 observations confirmed');
    expect(incomplete).toHaveTextContent(/problem handling the request/);
    expect(screen.getAllByText('✗ Not confirmed')).toHaveLength(6);
    expect(screen.queryByRole('button', { name: 'Back to edit' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry save' }));
    expect(await screen.findByTestId('round-saved')).toHaveTextContent('6 observations');
    const ids = chart.observations.flatMap((o) => o.identifier?.filter((i) => i.system?.endsWith('client-entry-id')).map((i) => i.value) ?? []);
    expect(new Set(ids).size).toBe(ids.length);
    // The retry looked for what was already written before writing again.
    const last = chart.requests.lastIndexOf('POST transaction');
    expect(chart.requests.slice(0, last).some((r) => r.includes('identifier='))).toBe(true);
  });

  it('a save whose reply was lost (the EHR wrote it) is confirmed on retry from what the EHR holds, not written again', async () => {
    const chart = testDoseDay();
    chart.failWrites = { status: 503, times: 1, afterStore: true };
    show(chart);
    await screen.findByTestId('trend-table');
    const user = setupUser();
    await enterBasics(user);
    await user.click(screen.getByRole('button', { name: 'Review round' }));
    await user.click(await screen.findByRole('button', { name: 'Save round to chart' }));
    expect(await screen.findByTestId('save-incomplete')).toHaveTextContent('Not saved yet');
    const before = chart.observations.length;
    await user.click(screen.getByRole('button', { name: 'Retry save' }));
    expect(await screen.findByTestId('round-saved')).toHaveTextContent('6 observations');
    expect(chart.observations.length).toBe(before);
    expect(chart.requests.filter((r) => r === 'POST transaction')).toHaveLength(1);
  });

  it('an ended EHR session keeps the round and says to relaunch', async () => {
    const chart = testDoseDay();
    chart.failWrites = { status: 401, times: 1 };
    show(chart);
    await screen.findByTestId('trend-table');
    const user = setupUser();
    await enterBasics(user);
    await user.click(screen.getByRole('button', { name: 'Review round' }));
    await user.click(await screen.findByRole('button', { name: 'Save round to chart' }));
    expect(await screen.findByTestId('save-incomplete')).toHaveTextContent(/session has ended.*open ITB Companion again from the patient chart/);
    expect(screen.getByRole('table', { name: /Observations in this round \(6\)/ })).toBeInTheDocument();
    expect(sessionStorage.getItem('itb:draft:round:p1')).toContain('"attempted":true');
  });

  it('a round red for serious concern alone is charted with its concern and zone, reads back red, and the schedule proposes the next round 15 minutes on (§3.4.4–5)', async () => {
    const chart = testDoseDay();
    show(chart);
    await screen.findByTestId('trend-table');
    const user = setupUser();
    await enterBasics(user);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Staff or family concern' }), 'serious-concern');
    await user.click(screen.getByRole('button', { name: 'Review round' }));
    const review = await screen.findByRole('table', { name: /Observations in this round \(6\)/ });
    expect(within(review).getByRole('row', { name: /Zone shown when saved/ })).toHaveTextContent('RED ZONE');
    await user.click(screen.getByRole('button', { name: 'Save round to chart' }));
    expect(await screen.findByTestId('round-saved')).toHaveTextContent('RED ZONE');
    const written = (item: string) => chart.observations.find((o) => o.identifier?.some((i) => i.value?.endsWith(`:${item}`) === true));
    const concern = written('escalation-concern');
    expect(JSON.stringify(concern)).toContain('"valueCodeableConcept":{"coding":[{"system":"https://itb-companion.example/fhir/CodeSystem/itb-assessment","code":"serious-concern"');
    expect(concern?.category?.[0]?.coding?.[0]?.code).toBe('survey');
    expect(JSON.stringify(written('escalation-zone'))).toContain('"code":"zone-red"');
    await waitFor(() => expect(within(screen.getByTestId('trend-table')).getAllByRole('row')).toHaveLength(1 + 5));
    const saved = within(screen.getByTestId('trend-table')).getAllByRole('row').at(-1);
    expect(saved).toHaveTextContent('Serious concern');
    expect(saved).toHaveTextContent(/RED ZONE.*Shown when saved: RED ZONE/);
    // Saved at 10:10, in the hourly phase (next scheduled 10:40): proposed 10:25, and why.
    const closer = await screen.findByTestId('closer-interval');
    expect(closer).toHaveTextContent("Next round proposed 10:25: every 15 minutes after the RED ZONE round at 10:10, sooner than the schedule's 10:40.");
    expect(closer).toHaveTextContent(/Rapid Response call is due immediately \(§3\.4\.4\)/);
  });

  it('keeps a half-entered round across a reload, in session storage for this patient only', async () => {
    show(testDoseDay());
    await screen.findByTestId('trend-table');
    const user = setupUser();
    await user.type(field('Heart rate'), '131');
    await user.click(within(screen.getByRole('group', { name: 'Seizure' })).getByRole('radio', { name: 'No' }));
    expect(sessionStorage.getItem('itb:draft:round:p1')).toContain('"heartRate":"131"');
    expect(Object.keys(localStorage)).toEqual([]);
    cleanup();
    show(testDoseDay());
    expect(await screen.findByText(/Restored the round you were entering/)).toBeInTheDocument();
    expect(field('Heart rate')).toHaveValue('131');
    expect(within(screen.getByRole('group', { name: 'Seizure' })).getByRole('radio', { name: 'No' })).toBeChecked();
  });
});

describe('amending a round', () => {
  it('writes status amended with the reason, and shows someone else\'s newer version beside the edit', async () => {
    const chart = testDoseDay();
    show(chart);
    await screen.findByTestId('trend-table');
    const user = setupUser();
    await user.click(screen.getByRole('button', { name: `Amend the round at 13 Sep 2026 09:40` }));
    const form = screen.getByRole('form', { name: /Amend the round/ });
    await user.type(within(form).getByRole('textbox', { name: 'Corrected value' }), '100');
    await enterNote(user, within(form).getByRole('textbox', { name: 'Reason for the amendment' }), 'keyed 82 for 100');
    const hr = chart.observations.find((o) => o.identifier?.some((i) => i.value === 'g4:heart-rate'));
    chart.amendElsewhere(hr?.id ?? '', { valueQuantity: { value: 95, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' }, note: [{ text: 'recounted' }] });
    await user.click(within(form).getByRole('button', { name: 'Save amendment' }));
    const conflict = await screen.findByTestId('amend-conflict');
    await waitFor(() => expect(within(conflict).getByRole('row', { name: /Theirs/ })).toHaveTextContent('95 beats/min'));
    expect(within(conflict).getByRole('row', { name: /Theirs/ })).toHaveTextContent('recounted');
    expect(within(conflict).getByRole('row', { name: /Yours/ })).toHaveTextContent('100 beats/min');
    await user.click(within(conflict).getByRole('button', { name: 'Apply mine over their version' }));
    expect(await screen.findByText(/Heart rate amended to 100 beats\/min/)).toBeInTheDocument();
    const stored = chart.observations.find((o) => o.id === hr?.id);
    expect(stored).toMatchObject({ status: 'amended', valueQuantity: { value: 100 }, note: [{ text: 'Amended: keyed 82 for 100' }], meta: { versionId: '3' } });
    expect(chart.requests.filter((r) => r.startsWith('PUT'))).toEqual([`PUT ${hr?.id ?? ''} if-match W/"1"`, `PUT ${hr?.id ?? ''} if-match W/"2"`]);
  });

  /** The 09:40 round (g4) with its ITB checks answered. */
  function dayWithChecks(): WardChart {
    const chart = testDoseDay();
    for (const o of checks('g4', minutesBefore(30), { drowsiness: false, 'slowed-breathing': false, seizure: false, vomiting: false })) chart.store(o);
    return chart;
  }

  async function openAmend(user: ReturnType<typeof userEvent.setup>, item: string) {
    await screen.findByTestId('trend-table');
    await user.click(screen.getByRole('button', { name: 'Amend the round at 13 Sep 2026 09:40' }));
    const form = screen.getByRole('form', { name: /Amend the round/ });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Value to amend' }), item);
    return form;
  }

  const trendRow = (time: string) => {
    const row = within(screen.getByTestId('trend-table')).getAllByRole('row').find((r) => r.querySelector('th')?.textContent?.includes(time));
    if (row === undefined) throw new Error(`no trend row at ${time}`);
    return row;
  };

  it('amends blood pressure as one panel: impossible refused, unusual confirmed, the zone shown, both components written with status amended and If-Match', async () => {
    const chart = testDoseDay();
    show(chart);
    const user = setupUser();
    const form = await openAmend(user, 'blood-pressure');
    expect(within(form).getByRole('combobox', { name: 'Value to amend' })).toHaveDisplayValue('Blood pressure (now 99/57 mmHg)');
    const systolic = within(form).getByRole('textbox', { name: 'Corrected systolic' });
    const diastolic = within(form).getByRole('textbox', { name: 'Corrected diastolic' });
    // The recorded pair is the starting point: the two are amended together.
    expect(systolic).toHaveValue('99');
    expect(diastolic).toHaveValue('57');
    await enterNote(user, within(form).getByRole('textbox', { name: 'Reason for the amendment' }), 'read from the wrong monitor');

    await user.clear(systolic);
    await user.type(systolic, '0');
    expect(within(form).getByRole('alert')).toHaveTextContent(/Systolic blood pressure of 0 mmHg is not physiologically possible/);
    expect(systolic).toHaveAttribute('aria-invalid', 'true');
    // No zone from a refused value (the recorded one would stand in for it).
    expect(within(form).queryByTestId('amend-zone')).not.toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Save amendment' }));
    expect(chart.requests.filter((r) => r.startsWith('PUT'))).toEqual([]);

    await user.clear(systolic);
    await user.type(systolic, '210');
    await user.click(within(form).getByRole('button', { name: 'Save amendment' }));
    expect(chart.requests.filter((r) => r.startsWith('PUT'))).toEqual([]);
    await user.clear(systolic);
    await user.type(systolic, '76');
    expect(within(form).queryByRole('checkbox')).not.toBeInTheDocument();
    await user.clear(diastolic);
    await user.type(diastolic, '80');
    expect(within(form).getByRole('alert')).toHaveTextContent('Diastolic (80 mmHg) must be lower than systolic (76 mmHg) blood pressure.');
    await user.clear(diastolic);
    await user.type(diastolic, '50');

    // 76 mmHg in a 9-year-old is below the MET criterion (SBP < 80 for 5–12 y): red. The round
    // had no temperature, AVPU or pain, so it was partial, never "Normal" (issue 12).
    const zone = within(form).getByTestId('amend-zone');
    expect(zone).toHaveTextContent('With this amendment: RED ZONE (was PARTIAL ROUND)');
    expect(zone).toHaveTextContent('Rapid response call NOW');
    expect(zone).toHaveTextContent('Systolic blood pressure 76 mmHg: below 80 mmHg');
    expect(zone).toHaveTextContent('Dial 5555');

    await user.click(within(form).getByRole('button', { name: 'Save amendment' }));
    expect(await within(form).findByText(/Blood pressure amended to 76\/50 mmHg/)).toBeInTheDocument();
    const bp = chart.observations.find((o) => o.identifier?.some((i) => i.value === 'g4:blood-pressure'));
    expect(bp).toMatchObject({
      status: 'amended',
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      component: [
        { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 76, code: 'mm[Hg]', system: 'http://unitsofmeasure.org' } },
        { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 50, code: 'mm[Hg]', system: 'http://unitsofmeasure.org' } },
      ],
      note: [{ text: 'Amended: read from the wrong monitor' }],
      identifier: expect.arrayContaining([{ system: 'https://itb-companion.example/fhir/NamingSystem/client-entry-id', value: 'g4:blood-pressure' }]) as unknown,
      meta: { versionId: '2' },
    });
    expect(chart.requests.filter((r) => r.startsWith('PUT'))).toEqual([`PUT ${bp?.id ?? ''} if-match W/"1"`]);
    // The trend re-reads: the amended value, the pill and the zone it now puts the round in.
    await waitFor(() => expect(trendRow('09:40')).toHaveTextContent('76/50'));
    expect(trendRow('09:40')).toHaveTextContent('amended');
    expect(trendRow('09:40')).toHaveTextContent('RED ZONE');
  });

  it('an unusual blood pressure is saved only once the nurse confirms that exact value', async () => {
    const chart = testDoseDay();
    show(chart);
    const user = setupUser();
    const form = await openAmend(user, 'blood-pressure');
    const systolic = within(form).getByRole('textbox', { name: 'Corrected systolic' });
    await user.clear(systolic);
    await user.type(systolic, '210');
    await enterNote(user, within(form).getByRole('textbox', { name: 'Reason for the amendment' }), 'transcription');
    await user.click(within(form).getByRole('button', { name: 'Save amendment' }));
    expect(chart.requests.filter((r) => r.startsWith('PUT'))).toEqual([]);
    await user.click(within(form).getByRole('checkbox', { name: 'I confirm 210 mmHg is correct' }));
    await user.click(within(form).getByRole('button', { name: 'Save amendment' }));
    expect(await within(form).findByText(/amended to 210\/57 mmHg/)).toBeInTheDocument();
  });

  it('a newer blood pressure charted by someone else is shown beside the edit, not overwritten', async () => {
    const chart = testDoseDay();
    show(chart);
    const user = setupUser();
    const form = await openAmend(user, 'blood-pressure');
    const systolic = within(form).getByRole('textbox', { name: 'Corrected systolic' });
    await user.clear(systolic);
    await user.type(systolic, '92');
    await enterNote(user, within(form).getByRole('textbox', { name: 'Reason for the amendment' }), 'cuff too small');
    const bp = chart.observations.find((o) => o.identifier?.some((i) => i.value === 'g4:blood-pressure'));
    chart.amendElsewhere(bp?.id ?? '', {
      component: [
        { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 104, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
        { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 62, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
      ],
      note: [{ text: 'repeated with the right cuff' }],
    });
    await user.click(within(form).getByRole('button', { name: 'Save amendment' }));
    const conflict = await screen.findByTestId('amend-conflict');
    await waitFor(() => expect(within(conflict).getByRole('row', { name: /Theirs/ })).toHaveTextContent('104/62 mmHg'));
    expect(within(conflict).getByRole('row', { name: /Theirs/ })).toHaveTextContent('repeated with the right cuff');
    expect(within(conflict).getByRole('row', { name: /Yours/ })).toHaveTextContent('92/57 mmHg');
    expect(within(conflict).getByRole('row', { name: /Yours/ })).toHaveTextContent('Amended: cuff too small');
    // Theirs stays in the chart until the nurse chooses.
    expect(chart.observations.find((o) => o.id === bp?.id)).toMatchObject({ note: [{ text: 'repeated with the right cuff' }], meta: { versionId: '2' } });
    await user.click(within(conflict).getByRole('button', { name: 'Keep theirs, discard mine' }));
    expect(screen.queryByRole('form', { name: /Amend the round/ })).not.toBeInTheDocument();
    expect(chart.requests.filter((r) => r.startsWith('PUT'))).toEqual([`PUT ${bp?.id ?? ''} if-match W/"1"`]);
    await waitFor(() => expect(trendRow('09:40')).toHaveTextContent('104/62'));
  });

  it('amends an ITB check: a seizure recorded as No corrected to Yes turns the round red and is written as valueBoolean, status amended', async () => {
    const chart = dayWithChecks();
    show(chart);
    const user = setupUser();
    const form = await openAmend(user, 'seizure');
    expect(within(form).getByRole('combobox', { name: 'Value to amend' })).toHaveDisplayValue('Seizure (now No)');
    const answer = within(form).getByRole('group', { name: 'Corrected answer: Seizure' });
    await user.click(within(answer).getByRole('radio', { name: 'No' }));
    await enterNote(user, within(form).getByRole('textbox', { name: 'Reason for the amendment' }), 'parent reported a seizure at 09:35');
    await user.click(within(form).getByRole('button', { name: 'Save amendment' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('“No” is the answer already recorded for seizure.');
    expect(chart.requests.filter((r) => r.startsWith('PUT'))).toEqual([]);

    await user.click(within(answer).getByRole('radio', { name: 'Yes' }));
    expect(within(form).getByTestId('amend-zone')).toHaveTextContent('With this amendment: RED ZONE (was PARTIAL ROUND)');
    expect(within(form).getByTestId('amend-zone')).toHaveTextContent('Seizure recorded');
    await user.click(within(form).getByRole('button', { name: 'Save amendment' }));
    expect(await within(form).findByText('Seizure amended to Yes. Status is now “amended”.')).toBeInTheDocument();
    const seizure = chart.observations.find((o) => o.identifier?.some((i) => i.value === 'g4:seizure'));
    expect(seizure).toMatchObject({
      status: 'amended',
      valueBoolean: true,
      code: { coding: [{ system: 'https://itb-companion.example/fhir/CodeSystem/itb-assessment', code: 'seizure' }] },
      category: [{ coding: [{ code: 'exam' }] }],
      note: [{ text: 'Amended: parent reported a seizure at 09:35' }],
    });
    expect(chart.requests.filter((r) => r.startsWith('PUT'))).toEqual([`PUT ${seizure?.id ?? ''} if-match W/"1"`]);
    await waitFor(() => expect(trendRow('09:40')).toHaveTextContent('RED ZONE'));
    expect(trendRow('09:40')).toHaveTextContent('Seizure');
  });

  it('drowsiness corrected to Yes brings the overdose guidance; someone else\'s newer answer is shown beside the edit and can be applied over', async () => {
    const chart = dayWithChecks();
    show(chart);
    const user = setupUser();
    const form = await openAmend(user, 'drowsiness');
    await user.click(within(within(form).getByRole('group', { name: 'Corrected answer: Drowsiness' })).getByRole('radio', { name: 'Yes' }));
    expect(within(form).getByTestId('amend-syndrome')).toHaveTextContent(/overdose/i);
    expect(within(form).getByTestId('amend-syndrome')).toHaveTextContent(/nurse-to-patient ratio/);
    await enterNote(user, within(form).getByRole('textbox', { name: 'Reason for the amendment' }), 'drowsy on review');
    const drowsiness = chart.observations.find((o) => o.identifier?.some((i) => i.value === 'g4:drowsiness'));
    chart.amendElsewhere(drowsiness?.id ?? '', { valueBoolean: false, note: [{ text: 'asleep, easily roused' }] });
    await user.click(within(form).getByRole('button', { name: 'Save amendment' }));
    const conflict = await screen.findByTestId('amend-conflict');
    await waitFor(() => expect(within(conflict).getByRole('row', { name: /Theirs/ })).toHaveTextContent('No'));
    expect(within(conflict).getByRole('row', { name: /Theirs/ })).toHaveTextContent('asleep, easily roused');
    expect(within(conflict).getByRole('row', { name: /Yours/ })).toHaveTextContent('Yes');
    await user.click(within(conflict).getByRole('button', { name: 'Apply mine over their version' }));
    expect(await screen.findByText(/Drowsiness amended to Yes/)).toBeInTheDocument();
    expect(chart.observations.find((o) => o.id === drowsiness?.id)).toMatchObject({ status: 'amended', valueBoolean: true, note: [{ text: 'Amended: drowsy on review' }], meta: { versionId: '3' } });
    expect(chart.requests.filter((r) => r.startsWith('PUT'))).toEqual([`PUT ${drowsiness?.id ?? ''} if-match W/"1"`, `PUT ${drowsiness?.id ?? ''} if-match W/"2"`]);
    await waitFor(() => expect(trendRow('09:40')).toHaveTextContent('Drowsiness'));
  });
});
