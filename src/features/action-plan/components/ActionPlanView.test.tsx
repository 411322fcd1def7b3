// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionPlanView } from './ActionPlanView';
import { resetConfirmedDosesCache } from '../../../session/confirmed-doses';
import { SITE } from '../../../../test/fixtures/site';
import { EHR, at10, chartHandlers, daysBefore, device, itbOrder, patient, procedure, refillObservations, weight, withSession, type FakeChart } from '../../../../test/fixtures/fake-chart';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());

// 13 Sep 2026 10:00 in Sydney (+10:00). Only Date is faked: msw and promises run normally.
const NOW = new Date('2026-09-13T00:00:00Z');
beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ['Date'] }));
afterEach(() => vi.useRealTimers());

/** The stable child: refilled 70 days ago with 40 mL of 2000 micrograms/mL at 450 micrograms/day. */
function stableChart(over: Partial<FakeChart> = {}): FakeChart {
  const refillAt = at10(daysBefore(NOW, 70)); // 2026-07-05T10:00:00+10:00
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

const fact = (label: string) => {
  const term = screen.getByText(label, { selector: 'dt' });
  const dd = term.nextElementSibling;
  if (!(dd instanceof HTMLElement)) throw new Error(`no value for ${label}`);
  return dd;
};

describe('ITB action plan', () => {
  it('a weight far outside the range for age prints no rescue dose and offers the clinician to confirm it on screen', async () => {
    // A 14-year-old boy recorded at 4.2 kg: the CDC 2000 chart puts that far below -4 SD.
    server.use(...chartHandlers(stableChart({ weights: [weight('w1', 4.2, at10(daysBefore(NOW, 1)))] })));
    render(withSession(<ActionPlanView />));
    const check = await screen.findByTestId('weight-for-age');
    expect(check).toHaveTextContent(/4.2 kg is outside the usual range for a 14-year 4-month-old .*CDC 2000 weight-for-age \(boys\).*pending clinical sign-off/);
    expect(check.closest('.no-print')).not.toBeNull();
    expect(screen.getAllByText(/No dose calculated:/).length).toBeGreaterThan(0);
    expect(screen.queryByText(/mg oral baclofen stat/)).toBeNull();
    // The weight read names it too (issue 15), in words, the record's element in the tooltip.
    expect(screen.getByTitle('Observation/w1 valueQuantity')).toHaveTextContent(/^Observation w1: 4\.2 kg is outside the usual range for a 14-year 4-month-old/);
    await userEvent.click(within(check).getByRole('button', { name: /this weight is right/ }));
    expect(await screen.findByText('10 mg oral baclofen stat')).toBeInTheDocument();
    sessionStorage.clear();
    resetConfirmedDosesCache();
  });

  it('lays out the stable child’s plan: dose, pump, refill due by hand calculation, rescue dose with its inputs, no LP, contacts', async () => {
    server.use(...chartHandlers(stableChart()));
    render(withSession(<ActionPlanView />));
    expect(await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId('as-of')).toHaveTextContent('13 Sep 2026 10:00');
    expect(fact('Current dose')).toHaveTextContent('450 micrograms/day intrathecal (Simple continuous)');
    expect(fact('Drug and concentration')).toHaveTextContent('2000 micrograms/mL (last refill); Baclofen intrathecal 2000 micrograms/mL');
    expect(fact('Pump')).toHaveTextContent('SynchroMed II 8637-40, reservoir 40 mL');
    expect(fact('Last refill')).toHaveTextContent('5 Jul 2026 10:00 (70 days ago)');
    // (40 − 2) mL ÷ (450 ÷ 2000) mL/day = 168.89 days after 5 Jul 2026 10:00 (+10:00) = 21 Dec 2026 07:20 (+10:00),
    // shown in Sydney summer time (+11:00).
    expect(fact('Next refill due')).toHaveTextContent('21 Dec 2026 08:20');
    expect(fact('Next refill due')).toHaveTextContent('(in 98 days)'); // 98.89 days: whole days, towards sooner
    expect(fact('Next refill due')).toHaveTextContent('reservoir reaches the 2 mL low-reservoir alarm');
    expect(fact('Recent MRI')).toHaveTextContent('1 Sep 2026 10:00 (12 days ago)');
    expect(screen.getByText('20 mg oral baclofen stat')).toBeInTheDocument();
    expect(screen.getByText(/From weight 42.5 kg .* band > 30kg/)).toBeInTheDocument();
    expect(screen.getAllByText(/120 mg \(the guideline does not say per day\)/).length).toBeGreaterThan(0);
    expect(screen.getAllByRole('note').find((n) => n.textContent?.includes('DO NOT PERFORM A LUMBAR PUNCTURE'))).toBeDefined();
    const contacts = screen.getByRole('table');
    expect(within(contacts).getByRole('row', { name: /Poisons Information/ })).toHaveTextContent('13 11 26');
    expect(within(contacts).getByRole('row', { name: /Rehabilitation Registrar/ })).toHaveTextContent('Pager 4321');
    expect(screen.getByRole('button', { name: 'Print' })).toBeInTheDocument();
  });

  it('prints what another hospital’s emergency doctor needs: call 000 and the nearest ED, a pump alarm is an emergency, call Kids Rehab once assessed, oral doses even with the pump (§5.1.4.1c)', async () => {
    server.use(...chartHandlers(stableChart()));
    render(withSession(<ActionPlanView />));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    const emergency = screen.getAllByRole('note').find((n) => n.classList.contains('ap-emergency'));
    expect(emergency).toHaveTextContent('In an emergency, always call 000 and go to the nearest emergency department.');
    expect(emergency).toHaveTextContent('A pump alarm is an emergency');
    expect(emergency).toHaveTextContent('call Kids Rehab (physician on call) once the child has been initially assessed (§5.1.3.2, §5.2.3.2)');
    expect(screen.getByText('Oral doses are administered even though the baclofen pump may also be delivering a dose (§5.1.4.1c).')).toBeInTheDocument();
  });

  // What the print shows: the plan without the parts hidden from print (`.no-print`, app.css).
  const printed = (): string => {
    const plan = screen.getByRole('heading', { name: 'ITB Action Plan', level: 1 }).closest('.action-plan') ?? document.body;
    const copy = plan.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.no-print').forEach((e) => e.remove());
    return (copy.textContent ?? '').replace(/\s+/g, ' ');
  };

  // One item of issue 13's printed-plan finding per case, each checked in the printed text alone,
  // so each fails on its own on the code before issue 13 (the test above stops at its first).
  it.each([
    ['call 000', /In an emergency, always call 000/],
    ['the nearest emergency department', /go to the nearest emergency department/],
    ['a pump alarm is an emergency (family FAQ)', /A pump alarm is an emergency/],
    ['oral doses even with the pump (§5.1.4.1c)', /Oral doses are administered even though the baclofen pump may also be delivering a dose \(§5\.1\.4\.1c\)/],
    ['call Kids Rehab once assessed (§5.1.3.2, §5.2.3.2)', /call Kids Rehab \(physician on call\) once the child has been initially assessed/],
  ])('the printed plan says: %s', async (_item, words) => {
    server.use(...chartHandlers(stableChart()));
    render(withSession(<ActionPlanView />));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    await screen.findByText(/mg oral baclofen stat/);
    expect(printed()).toMatch(words);
  });

  it('marks sample contacts "sample — set by the site"; prints them in the sandbox and refuses to print them elsewhere', async () => {
    const sampleSite = { ...SITE, contacts: SITE.contacts.map((c) => ({ ...c, sample: !c.phone?.includes('13 11 26') })) };
    server.use(...chartHandlers(stableChart()));
    render(withSession(<ActionPlanView />, { site: sampleSite }));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    const contacts = screen.getByRole('table');
    expect(within(contacts).getByRole('row', { name: /Rehabilitation Registrar/ })).toHaveTextContent('Pager 4321 (sample — set by the site)');
    expect(within(contacts).getByRole('row', { name: /Poisons Information/ })).not.toHaveTextContent('sample');
    expect(screen.getByRole('button', { name: 'Print' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Print' })).toHaveAccessibleDescription(/cannot be printed: its contacts are samples/);
    cleanup();
    server.use(...chartHandlers(stableChart()));
    render(withSession(<ActionPlanView />, { site: sampleSite, ehr: { ...EHR, sandbox: true } }));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    expect(screen.getByRole('button', { name: 'Print' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Print' })).toHaveAccessibleDescription(/sandbox samples/);
  });

  it('opens the family plan from the same data: call 000 first, the same next refill date, only the contacts for families', async () => {
    const familySite = { ...SITE, contacts: SITE.contacts.map((c) => ({ ...c, forFamily: c.phone?.includes('13 11 26') === true })) };
    server.use(...chartHandlers(stableChart()));
    render(withSession(<ActionPlanView />, { site: familySite }));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    await userEvent.click(screen.getByRole('button', { name: 'Plan for the family and school' }));
    expect(screen.getByRole('heading', { name: /baclofen pump plan$/, level: 1 })).toBeInTheDocument();
    expect(screen.getByText('In an emergency, always call 000 (triple zero).')).toBeInTheDocument();
    // The same forecast as the clinicians' page: 21 Dec 2026 (see the first test).
    expect(screen.getByTestId('family-next-refill')).toHaveTextContent('21 Dec 2026');
    const ring = screen.getByRole('heading', { name: 'Who to ring' }).parentElement;
    expect(ring).toHaveTextContent('Poisons Information Centre: 13 11 26');
    expect(ring).not.toHaveTextContent('Pager 4321');
    expect(screen.getByRole('button', { name: 'Print' })).toBeEnabled();
    await userEvent.click(screen.getByRole('button', { name: 'Plan for clinicians' }));
    expect(screen.getByRole('heading', { name: 'ITB Action Plan', level: 1 })).toBeInTheDocument();
  });

  it('prints through the browser’s print dialog', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    server.use(...chartHandlers(stableChart()));
    render(withSession(<ActionPlanView />));
    await userEvent.click(await screen.findByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledOnce();
  });

  it('applies a dose change since the refill, read from the dose history', async () => {
    const changeAt = at10(daysBefore(NOW, 30));
    const old = itbOrder('mr5', 300, at10(daysBefore(NOW, 200)), { end: changeAt });
    const current = itbOrder('mr6', 450, changeAt);
    server.use(...chartHandlers(stableChart({ orders: [current], history: [current, old] })));
    render(withSession(<ActionPlanView />));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    // 40 days at 300 (0.15 mL/day) use 6 mL; the remaining 32 mL at 0.225 mL/day last 142.22 days:
    // due 182.22 days after the fill — past the 180-day stability limit, which then governs.
    expect(fact('Next refill due')).toHaveTextContent('300 micrograms/day then 450 micrograms/day');
    expect(fact('Next refill due')).toHaveTextContent('180-day drug stability limit');
    expect(fact('Last refill')).toHaveTextContent('5 Jul 2026 10:00 (70 days ago)');
  });

  it('says a failed pump read could not be read, never "not recorded", and offers a retry; the rest still shows', async () => {
    server.use(...chartHandlers(stableChart({ fail: { pump: true } })));
    render(withSession(<ActionPlanView />));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    expect(screen.getByRole('alert')).toHaveTextContent('Part of this plan could not be read from the EHR: pump and procedures');
    expect(within(screen.getByRole('alert')).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(fact('Last refill')).toHaveTextContent('pump and procedures could not be read');
    expect(fact('Next refill due')).toHaveTextContent('could not be read');
    expect(fact('Last refill')).not.toHaveTextContent('not recorded');
    expect(fact('Current dose')).toHaveTextContent('450 micrograms/day');
    expect(screen.getByText('20 mg oral baclofen stat')).toBeInTheDocument();
  });

  it('without a weight gives no dose, says why, and shows both guideline bands', async () => {
    server.use(...chartHandlers(stableChart({ weights: [] })));
    render(withSession(<ActionPlanView />));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    expect(screen.getByText(/No dose calculated:/).closest('p')).toHaveTextContent('Weight not recorded.');
    expect(screen.getByText(/< 30 kg: 10 mg stat/)).toBeInTheDocument();
    expect(screen.getByText(/> 30 kg: 20 mg stat/)).toBeInTheDocument();
    expect(screen.queryByText(/oral baclofen stat/)).not.toBeInTheDocument();
  });

  it('flags a stale weight on the plan and beside the rescue dose', async () => {
    server.use(...chartHandlers(stableChart({ weights: [weight('w1', 30, at10(daysBefore(NOW, 120)))] })));
    render(withSession(<ActionPlanView />));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    expect(fact('Weight')).toHaveTextContent('STALE');
    expect(screen.getByText(/recorded 120 days ago/)).toBeInTheDocument();
    // Exactly 30 kg: the lower band, with the boundary note (A4).
    expect(screen.getByText('10 mg oral baclofen stat')).toBeInTheDocument();
    expect(screen.getByText(/Exactly 30 kg is in neither/)).toBeInTheDocument();
  });

  it('refuses to make a plan without the patient’s identity, with a retry', async () => {
    server.use(...chartHandlers(stableChart({ fail: { patient: true } })));
    render(withSession(<ActionPlanView />));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The action plan cannot be made');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('says when the last refill has no fill volume instead of forecasting', async () => {
    const refillAt = at10(daysBefore(NOW, 70));
    server.use(...chartHandlers(stableChart({ refillObservations: refillObservations('refill1', refillAt, undefined, 2000) })));
    render(withSession(<ActionPlanView />));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    expect(fact('Next refill due')).toHaveTextContent('The fill volume of the last refill is not recorded');
    expect(fact('Last refill')).toHaveTextContent('5 Jul 2026 10:00 (70 days ago)');
  });
  it('prints one weight time everywhere and a date-only refill as that Sydney day, with the due date by hand', async () => {
    // Weighed 12 Sep 2026 20:05 in Sydney, sent by the server in UTC (10:05Z). Refill recorded as a date only.
    const chart = stableChart({
      weights: [weight('w1', 42.5, '2026-09-12T10:05:00Z')],
      procedures: [procedure('refill1', 'pump-refill', '2026-07-05')],
      refillObservations: refillObservations('refill1', '2026-07-05', 40, 2000),
    });
    server.use(...chartHandlers(chart));
    render(withSession(<ActionPlanView />));
    expect(await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 })).toBeInTheDocument();
    expect(fact('Weight')).toHaveTextContent('12 Sep 2026 20:05');
    expect(screen.getByText(/From weight 42.5 kg \(recorded 12 Sep 2026 20:05\)/)).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('12 Sep 2026 10:05');
    expect(fact('Last refill')).toHaveTextContent('5 Jul 2026 (70 days ago)');
    // (40 − 2) mL ÷ 0.225 mL/day = 168.89 days = 168 d 21 h 20 min after 5 Jul 2026 00:00 +10:00
    // = 20 Dec 2026 21:20 +10:00 = 22:20 Sydney summer time. Read as 00:00 UTC it would be 21 Dec 08:20.
    expect(fact('Next refill due')).toHaveTextContent('20 Dec 2026 22:20');
  });
  it('prints a dose change sent in UTC (00:30Z) at the Sydney time, 27 Mar 2026 11:30, as the doctor view shows it', async () => {
    server.use(...chartHandlers(stableChart({ orders: [itbOrder('mr6', 450, '2026-03-27T00:30:00Z')] })));
    render(withSession(<ActionPlanView />));
    expect(await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 })).toBeInTheDocument();
    expect(fact('Last dose change')).toHaveTextContent('27 Mar 2026 11:30');
  });
});

describe('ITB action plan with refill facts from outside the coded record', () => {
  afterEach(() => sessionStorage.clear());

  it('forecasts from a fill volume the clinician entered this session, and prints that it was entered, not saved to the EHR', async () => {
    const refillAt = at10(daysBefore(NOW, 70));
    sessionStorage.setItem('itb:session-refill:p1', JSON.stringify({ fillVolume: 40, forProcedureId: 'refill1' }));
    server.use(...chartHandlers(stableChart({ refillObservations: refillObservations('refill1', refillAt, undefined, 2000) })));
    render(withSession(<ActionPlanView />));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    // The same hand calculation as the coded stable child: 168.89 days after 5 Jul 2026 10:00.
    expect(fact('Next refill due')).toHaveTextContent('21 Dec 2026 08:20');
    expect(fact('Last refill')).toHaveTextContent('fill volume entered by you for this session, not saved to the EHR');
  });

  it('reads a refill written only as text, and says the date came from a procedure matched by its text', async () => {
    const refillAt = at10(daysBefore(NOW, 70));
    const textRefill = { resourceType: 'Procedure', id: 'r-text', status: 'completed', code: { text: 'ITB pump refill 40 mL of 2000 mcg/mL' }, subject: { reference: 'Patient/p1' }, performedDateTime: refillAt };
    server.use(...chartHandlers(stableChart({ procedures: [textRefill], refillObservations: [] })));
    render(withSession(<ActionPlanView />));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    expect(fact('Next refill due')).toHaveTextContent('21 Dec 2026 08:20');
    expect(fact('Last refill')).toHaveTextContent(
      "(matched by its text 'ITB pump refill 40 mL of 2000 mcg/mL'; fill volume from that text)",
    );
    // The printed plan leaves record ids to the screen.
    expect(fact('Last refill')).not.toHaveTextContent('Procedure/r-text');
    expect(fact('Drug and concentration')).toHaveTextContent('2000 micrograms/mL (last refill, from its code text)');
  });

  it('names an implant and an MRI matched by their text', async () => {
    const procedures = [
      { resourceType: 'Procedure', id: 'imp-t', status: 'completed', code: { text: 'Insertion of intrathecal baclofen pump' }, subject: { reference: 'Patient/p1' }, performedDateTime: at10(daysBefore(NOW, 3 * 365)) },
      { resourceType: 'Procedure', id: 'mri-t', status: 'completed', code: { text: 'MRI brain' }, subject: { reference: 'Patient/p1' }, performedDateTime: at10(daysBefore(NOW, 12)) },
    ];
    server.use(...chartHandlers(stableChart({ procedures, refillObservations: [] })));
    render(withSession(<ActionPlanView />));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    expect(fact('Implant')).toHaveTextContent("(matched by its text 'Insertion of intrathecal baclofen pump')");
    expect(fact('Recent MRI')).toHaveTextContent("1 Sep 2026 10:00 (12 days ago) (matched by its text 'MRI brain')");
  });

  it('says what was searched when no refill is found', async () => {
    server.use(...chartHandlers(stableChart({ procedures: [], refillObservations: [] })));
    render(withSession(<ActionPlanView />));
    await screen.findByRole('heading', { name: 'ITB Action Plan', level: 1 });
    expect(fact('Next refill due')).toHaveTextContent('No pump refill was found (the server returned no procedures for this patient, for the codes ITB Companion pump-refill, CPT 62369, CPT 62370');
  });
});
