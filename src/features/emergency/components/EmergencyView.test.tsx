// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupUser } from '../../../../test/setup/fast-user';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmergencyView } from './EmergencyView';
import { resetConfirmedDosesCache } from '../../../session/confirmed-doses';
import { at10, chartHandlers, daysBefore, device, itbOrder, patient, procedure, refillObservations, testDoseInjection, weight, withSession, type FakeChart } from '../../../../test/fixtures/fake-chart';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());

const NOW = new Date('2026-09-13T00:00:00Z');
beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ['Date'] }));
afterEach(() => vi.useRealTimers());

function chart(over: Partial<FakeChart> = {}): FakeChart {
  const refillAt = at10(daysBefore(NOW, 70));
  return {
    patient: patient(),
    weights: [weight('w1', 42.5, at10(daysBefore(NOW, 0.01)))],
    orders: [itbOrder('mr6', 450, at10(daysBefore(NOW, 240)))],
    devices: [device(2)],
    procedures: [procedure('refill1', 'pump-refill', refillAt), procedure('mri1', 'mri', at10(daysBefore(NOW, 12))), procedure('implant1', 'pump-implant', at10(daysBefore(NOW, 3 * 365)))],
    refillObservations: refillObservations('refill1', refillAt, 40, 2000),
    ...over,
  };
}

const rescue = () => screen.getByRole('region', { name: 'Withdrawal: oral baclofen rescue dose' });
const fact = (label: string) => {
  const dd = within(screen.getByRole('region', { name: 'What the emergency team will ask' })).getByText(label, { selector: 'dt' }).nextElementSibling;
  if (!(dd instanceof HTMLElement)) throw new Error(`no value for ${label}`);
  return dd;
};

describe('Emergency mode', () => {
  it.each([
    // [kg, stat dose, band, max] — guideline §5.1.4.1 literal values; exactly 30 kg takes the lower band (A4).
    [29.9, '10 mg oral baclofen stat', '< 30kg', 'max dose 60 mg / day'],
    [30, '10 mg oral baclofen stat', '< 30kg', 'max dose 60 mg / day'],
    [30.1, '20 mg oral baclofen stat', '> 30kg', 'max 120 mg (the guideline does not say per day)'],
  ])('a child weighing %s kg gets %s (band %s, %s), with the weight and date shown', async (kg, dose, band, max) => {
    server.use(...chartHandlers(chart({ weights: [weight('w1', kg, '2026-09-12T09:30:00+10:00')] })));
    render(withSession(<EmergencyView />));
    expect(await within(rescue()).findByTestId('rescue-dose')).toHaveTextContent(dose);
    expect(within(rescue()).getByTestId('rescue-dose')).toHaveTextContent(max);
    expect(within(rescue()).getByTestId('rescue-weight')).toHaveTextContent(`${kg.toFixed(1)} kg`);
    expect(within(rescue()).getByTestId('rescue-band')).toHaveTextContent(band);
    expect(within(rescue()).getByText('12 Sep 2026 09:30 (1 day ago)')).toBeInTheDocument();
    if (kg === 30) expect(within(rescue()).getByText(/Exactly 30 kg is in neither/)).toBeInTheDocument();
  });

  it('gives the rescue dose from the newest usable weight when the three newer entries cannot be used, and says so', async () => {
    const good = weight('w-good', 19.8, at10(daysBefore(NOW, 30)));
    const unusable = (id: string, days: number, fields: Record<string, unknown>) => ({ ...weight(id, 1, at10(daysBefore(NOW, days))), valueQuantity: undefined, ...fields });
    const weights = [
      { ...weight('w-eie', 195, at10(daysBefore(NOW, 1))), status: 'entered-in-error' },
      unusable('w-absent', 2, { dataAbsentReason: { text: 'Not performed' } }),
      unusable('w-text', 3, { valueString: 'see notes' }),
      good,
    ];
    // A six-year-old (19.8 kg is near the median for age, so the weight-for-age check passes).
    server.use(...chartHandlers(chart({ patient: patient('2020-05-06'), weights })));
    render(withSession(<EmergencyView />));
    expect(await within(rescue()).findByTestId('rescue-dose')).toHaveTextContent('10 mg oral baclofen stat');
    expect(within(rescue()).getByTestId('rescue-weight')).toHaveTextContent('19.8 kg');
    expect(within(rescue()).getByTestId('passed-over-notice')).toHaveTextContent('3 newer weight records could not be used');
    expect(screen.getByText(/Partial: 3 records could not be read/)).toBeInTheDocument();
  });

  it('a weight far outside the range for age gives no rescue dose until the clinician confirms it, then the dose', async () => {
    // A 4-year-old boy recorded at 2 kg (a typing or unit error, or a very small child: the clinician decides).
    server.use(...chartHandlers(chart({ patient: patient('2022-05-06'), weights: [weight('w1', 2, at10(daysBefore(NOW, 1)))] })));
    render(withSession(<EmergencyView />));
    const check = await within(rescue()).findByTestId('weight-for-age');
    expect(check).toHaveTextContent(/2 kg is outside the usual range for a 4-year 4-month-old .*CDC 2000 weight-for-age \(boys\)/);
    expect(within(rescue()).queryByTestId('rescue-dose')).toBeNull();
    expect(within(rescue()).getByText(/No dose calculated:/)).toBeInTheDocument();
    // The weight read names it too (issue 15), in words, the record's element in the tooltip.
    expect(screen.getByTitle('Observation/w1 valueQuantity')).toHaveTextContent(/^Observation w1: 2 kg is outside the usual range for a 4-year 4-month-old/);
    await userEvent.click(within(check).getByRole('button', { name: /this weight is right/ }));
    expect(await within(rescue()).findByTestId('rescue-dose')).toHaveTextContent('10 mg oral baclofen stat');
    expect(within(rescue()).getByText(/Confirmed by the clinician for this session/)).toBeInTheDocument();
    sessionStorage.clear();
    resetConfirmedDosesCache();
  });

  it('converts a weight in pounds and flags it stale', async () => {
    server.use(...chartHandlers(chart({ weights: [weight('w1', 88, at10(daysBefore(NOW, 430)), { unit: 'lb', code: '[lb_av]' })] })));
    render(withSession(<EmergencyView />));
    expect(await within(rescue()).findByText('STALE WEIGHT')).toBeInTheDocument();
    expect(within(rescue()).getByText(/Recorded 430 days ago \(site limit 90 days\)/)).toBeInTheDocument();
    // 88 lb = 39.916 kg: above 30 kg.
    expect(within(rescue()).getByTestId('rescue-weight')).toHaveTextContent('39.9 kg (recorded as 88 lb)');
    expect(within(rescue()).getByTestId('rescue-dose')).toHaveTextContent('20 mg oral baclofen stat');
  });

  it('never guesses a dose without a weight: says so and shows both bands', async () => {
    server.use(...chartHandlers(chart({ weights: [] })));
    render(withSession(<EmergencyView />));
    expect(await within(rescue()).findByText(/no weight is recorded for this child/)).toBeInTheDocument();
    expect(within(rescue()).getByText(/< 30 kg: 10 mg stat/)).toBeInTheDocument();
    expect(within(rescue()).getByText(/> 30 kg: 20 mg stat/)).toBeInTheDocument();
    expect(within(rescue()).queryByTestId('rescue-dose')).not.toBeInTheDocument();
  });

  it('a failed weight read is not "no weight": it says it could not be read, with a retry', async () => {
    server.use(...chartHandlers(chart({ fail: { weight: true } })));
    render(withSession(<EmergencyView />));
    expect(await within(rescue()).findByText(/the weight could not be read/)).toBeInTheDocument();
    expect(within(rescue()).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('answers the emergency team’s questions: dose, concentration, pump, last refill, implant, dose change, MRI', async () => {
    server.use(...chartHandlers(chart()));
    render(withSession(<EmergencyView />));
    await within(rescue()).findByTestId('rescue-dose');
    await vi.waitFor(() => expect(fact('Current dose')).toHaveTextContent('450 micrograms/day intrathecal'));
    expect(fact('Concentration')).toHaveTextContent('2000 micrograms/mL');
    expect(fact('Pump')).toHaveTextContent('SynchroMed II 8637-40, reservoir 40 mL');
    expect(fact('Last refill')).toHaveTextContent('5 Jul 2026 10:00 (70 days ago), 40 mL');
    expect(fact('Last dose change')).toHaveTextContent('(240 days ago)');
    expect(fact('Recent MRI')).toHaveTextContent('1 Sep 2026 10:00 (12 days ago)');
    expect(screen.getByRole('note')).toHaveTextContent('DO NOT PERFORM A LUMBAR PUNCTURE');
    expect(within(screen.getByRole('region', { name: 'Contacts' })).getByRole('row', { name: /Poisons Information/ })).toHaveTextContent('13 11 26');
  });

  it('flags a refill concentration that disagrees with the order instead of picking one', async () => {
    const refillAt = at10(daysBefore(NOW, 70));
    server.use(...chartHandlers(chart({ refillObservations: refillObservations('refill1', refillAt, 40, 500) })));
    render(withSession(<EmergencyView />));
    await vi.waitFor(() => expect(fact('Concentration')).toHaveTextContent('Check: the last refill recorded 500 micrograms/mL but the order says 2000 micrograms/mL'));
  });

  it('still shows the guidance and this child’s dose when the pump and medicine reads fail, and says what failed', async () => {
    server.use(...chartHandlers(chart({ fail: { pump: true, medications: true } })));
    render(withSession(<EmergencyView />));
    const alert = await screen.findByRole('alert');
    await vi.waitFor(() => expect(alert).toHaveTextContent('pump and procedures'));
    expect(alert).toHaveTextContent('medicines');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(fact('Current dose')).toHaveTextContent('medicines could not be read');
    expect(fact('Last refill')).toHaveTextContent('pump records could not be read');
    expect(within(rescue()).getByTestId('rescue-dose')).toHaveTextContent('20 mg oral baclofen stat');
    expect(screen.getByRole('heading', { name: /Overdose: what to do/ })).toBeInTheDocument();
    expect(screen.getByText('Call the Poisons Information Centre: 13 11 26 (§5.2.3.3).')).toBeInTheDocument();
  });

  it('suggests which syndrome the ticked signs point to, as guidance and not a diagnosis', async () => {
    server.use(...chartHandlers(chart()));
    render(withSession(<EmergencyView />));
    const user = setupUser();
    const suggestion = () => screen.getAllByRole('status').find((s) => s.classList.contains('em-suggestion'));
    expect(suggestion()).toHaveTextContent('No signs ticked.');
    await user.click(screen.getByRole('checkbox', { name: 'Sweating and flushed' }));
    expect(suggestion()).toHaveTextContent('Points to withdrawal.');
    expect(suggestion()).toHaveTextContent('Guidance, not a diagnosis');
    // Said once, then the differentials (the domain's note no longer repeats it).
    expect(suggestion()?.textContent?.match(/Guidance, not a diagnosis/g)).toHaveLength(1);
    expect(suggestion()).toHaveTextContent('Withdrawal may resemble autonomic dysreflexia');
    expect(screen.getByRole('heading', { name: /Withdrawal: what to do/ })).toHaveTextContent('Suggested by the ticked signs');
    await user.click(screen.getByRole('checkbox', { name: 'Hypotonia (floppiness)' }));
    expect(suggestion()).toHaveTextContent('Could be either.');
    await user.click(screen.getByRole('button', { name: 'Clear ticks' }));
    await user.click(screen.getByRole('checkbox', { name: 'Tachycardia' }));
    expect(suggestion()).toHaveTextContent('Could be either.');
    expect(suggestion()).toHaveTextContent('do not tell them apart');
  });
});

/** Noah, 9 y, 28 kg, no pump: 50 microgram test dose by lumbar puncture 90 minutes ago. */
function testDoseChild(over: Partial<FakeChart> = {}): FakeChart {
  return {
    patient: patient('2017-05-06'),
    weights: [weight('w1', 28.4, at10(new Date(NOW.getTime() - 170 * 60_000)))],
    orders: [],
    devices: [],
    procedures: [],
    assessments: [testDoseInjection('inj1', at10(new Date(NOW.getTime() - 90 * 60_000)))],
    ...over,
  };
}

const situation = () => screen.getByTestId('em-situation');
const stepHeadings = () => within(screen.getByTestId('em-steps')).getAllByRole('heading', { level: 2 }).map((h) => (h.textContent ?? '').trim());

describe('Emergency mode follows the child\'s situation (issue 12)', () => {
  it('test-dose day, no pump, drowsy with reduced breathing: overdose leads; no oral rescue dose, no catheter warning, no pump steps (§3.4.7, §5.1.4.1)', async () => {
    server.use(...chartHandlers(testDoseChild()));
    render(withSession(<EmergencyView />));
    await vi.waitFor(() => expect(situation()).toHaveTextContent('Test-dose day, no pump running: overdose is the danger'));
    expect(situation()).toHaveTextContent('a test dose was documented 1 h 30 min ago');
    expect(situation()).toHaveTextContent('Test dose documented 13 Sep 2026 08:30');
    const user = setupUser();
    await user.click(screen.getByRole('checkbox', { name: 'Drowsiness' }));
    await user.click(screen.getByRole('checkbox', { name: /Reduced respiratory rate/ }));
    expect(stepHeadings()).toEqual(['Overdose: what to do Suggested by the ticked signs']);
    const overdose = screen.getByRole('region', { name: /Overdose: what to do/ });
    expect(overdose).toHaveTextContent('13 11 26');
    expect(overdose).toHaveTextContent('peaks at 2–4 hours');
    expect(overdose).toHaveTextContent('Intubate and ventilate');
    expect(overdose).not.toHaveTextContent(/reservoir/);
    expect(screen.queryByText(/oral baclofen stat/)).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Withdrawal: oral baclofen rescue dose' })).not.toBeInTheDocument();
    expect(screen.queryByText(/DO NOT PERFORM A LUMBAR PUNCTURE/)).not.toBeInTheDocument();
    expect(screen.queryByText(/even though the baclofen pump/)).not.toBeInTheDocument();
    // What the team asks fits the child: the test dose, not pump refills or an implant.
    await vi.waitFor(() => expect(fact('Test dose')).toHaveTextContent('50 micrograms intrathecal, 13 Sep 2026 08:30 (1 h 30 min ago)'));
    const facts = screen.getByRole('region', { name: 'What the emergency team will ask' });
    for (const label of ['Pump', 'Last refill', 'Implant', 'Concentration']) expect(within(facts).queryByText(label, { selector: 'dt' })).not.toBeInTheDocument();
  });

  it('a child before the test dose (no pump, no test dose) gets overdose guidance only, and is told why', async () => {
    server.use(...chartHandlers(testDoseChild({ assessments: [] })));
    render(withSession(<EmergencyView />));
    await vi.waitFor(() => expect(situation()).toHaveTextContent('No pump running: overdose guidance only'));
    expect(situation()).toHaveTextContent('No pump, no active intrathecal baclofen order and no test dose are recorded');
    expect(stepHeadings()).toEqual(['Overdose: what to do']);
    expect(screen.queryByText(/oral baclofen stat/)).not.toBeInTheDocument();
  });

  it('without a pump, itch and fever are not called ITB withdrawal', async () => {
    server.use(...chartHandlers(testDoseChild()));
    render(withSession(<EmergencyView />));
    await vi.waitFor(() => expect(situation()).toHaveTextContent('Test-dose day'));
    const user = setupUser();
    await user.click(screen.getByRole('checkbox', { name: 'Itch (pruritus)' }));
    const suggestion = screen.getAllByRole('status').find((st) => st.classList.contains('em-suggestion'));
    expect(suggestion).toHaveTextContent('Not ITB withdrawal: no pump running.');
    expect(suggestion).toHaveTextContent('this child has no pump running');
    expect(suggestion).not.toHaveTextContent('No signs ticked');
    expect(suggestion).not.toHaveTextContent('Points to withdrawal');
  });

  it('a pump child: withdrawal leads with the rescue dose; ticking overdose signs puts overdose first', async () => {
    server.use(...chartHandlers(chart()));
    render(withSession(<EmergencyView />));
    await vi.waitFor(() => expect(situation()).toHaveTextContent('Pump child: withdrawal or overdose'));
    expect(stepHeadings()).toEqual(['Withdrawal: what to do', 'Overdose: what to do']);
    expect(await within(rescue()).findByTestId('rescue-dose')).toHaveTextContent('20 mg oral baclofen stat');
    expect(screen.getByRole('region', { name: /Overdose: what to do/ })).toHaveTextContent(/pump reservoir/);
    const user = setupUser();
    await user.click(screen.getByRole('checkbox', { name: 'Hypotonia (floppiness)' }));
    expect(stepHeadings()).toEqual(['Overdose: what to do Suggested by the ticked signs', 'Withdrawal: what to do']);
  });

  it('when the pump records cannot be read, both are shown and the page says why; after today\'s test dose overdose leads', async () => {
    server.use(...chartHandlers(testDoseChild({ fail: { pump: true } })));
    render(withSession(<EmergencyView />));
    await vi.waitFor(() => expect(situation()).toHaveTextContent('the pump records could not be read'));
    expect(situation()).toHaveTextContent('Pump not known: both withdrawal and overdose shown');
    await vi.waitFor(() => expect(stepHeadings()).toEqual(['Overdose: what to do', 'Withdrawal: what to do']));
    // Both shown: the weight-based rescue dose too (28.4 kg: the < 30 kg band, §5.1.4.1).
    expect(await within(rescue()).findByTestId('rescue-dose')).toHaveTextContent('10 mg oral baclofen stat');
    expect(screen.getByRole('note')).toHaveTextContent('DO NOT PERFORM A LUMBAR PUNCTURE');
  });
});

describe('Emergency mode with refill facts entered this session', () => {
  afterEach(() => sessionStorage.clear());

  it('uses an entered refill when the EHR has none, and says it was entered by you, not saved to the EHR', async () => {
    sessionStorage.setItem('itb:session-refill:p1', JSON.stringify({ performed: '2026-07-05', fillVolume: 40, concentration: 2000 }));
    server.use(...chartHandlers(chart({ procedures: [procedure('implant1', 'pump-implant', at10(daysBefore(NOW, 3 * 365)))], refillObservations: [] })));
    render(withSession(<EmergencyView />));
    await vi.waitFor(() => expect(fact('Last refill')).toHaveTextContent('5 Jul 2026'));
    expect(fact('Last refill')).toHaveTextContent('40 mL (date entered by you for this session, not saved to the EHR; fill volume entered by you for this session, not saved to the EHR)');
    expect(fact('Concentration')).toHaveTextContent('2000 micrograms/mL (entered by you for this session, not saved to the EHR)');
  });

  it('names an MRI matched by its text', async () => {
    const mri = { resourceType: 'Procedure', id: 'mri-t', status: 'completed', code: { text: 'MRI brain w/o contrast' }, subject: { reference: 'Patient/p1' }, performedDateTime: at10(daysBefore(NOW, 12)) };
    server.use(...chartHandlers(chart({ procedures: [mri], refillObservations: [] })));
    render(withSession(<EmergencyView />));
    await vi.waitFor(() => expect(fact('Recent MRI')).toHaveTextContent("(Procedure/mri-t, matched by its text 'MRI brain w/o contrast')"));
  });
});

