// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { setupUser } from '../../../../test/setup/fast-user';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { stableChild, type Chart } from '../testing/fhir-fixtures';
import { renderDoctorView } from '../testing/render-doctor-view';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-22T02:40:00Z'));
  sessionStorage.clear();
  localStorage.clear();
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const renderView = (chart: Chart) => renderDoctorView(server, chart);

const card = (name: string) => screen.getByRole('article', { name });
const REFILL_TEXT = 'Intrathecal baclofen pump refill (40 mL of 2000 mcg/mL)';

/** The stable child as an Oracle Health site writes it: text-only procedures, the refill pointing at the pump. */
function textOnlyChild(): Chart {
  const chart = stableChild();
  chart.procedures = [
    { resourceType: 'Procedure', id: 'imp-text', status: 'completed', code: { text: 'Insertion of intrathecal baclofen pump' }, subject: { reference: 'Patient/p1' }, performedDateTime: '2023-11-11T09:00:00+11:00' },
    {
      resourceType: 'Procedure',
      id: 'refill-text',
      status: 'completed',
      code: { text: REFILL_TEXT },
      subject: { reference: 'Patient/p1' },
      performedDateTime: '2026-09-13T10:00:00+10:00',
      focalDevice: [{ manipulated: { reference: 'Device/dev1' } }],
    },
  ];
  chart.refillObservations = [];
  return chart;
}

describe('refills and implants recorded only as text', () => {
  it("forecasts from a free-text refill, saying it was matched by its text and the figures came from the refill's text", async () => {
    renderView(textOnlyChild());
    // Same fill as the coded stable child: 40 mL of 2000 micrograms/mL on 13 Sep 2026 10:00 → 1 Mar 2027.
    expect(await screen.findByTestId('refill-due-date')).toHaveTextContent('1 Mar 2027');
    expect(screen.getByTestId('refill-inputs')).toHaveTextContent("The fill volume and concentration were read from the refill's text.");
    const refill = card('Refill due');
    expect(within(refill).getAllByText(`(Procedure/refill-text, matched by its text '${REFILL_TEXT}')`)).toHaveLength(1);
    // Fill volume and concentration each name their source.
    expect(within(refill).getAllByText(`(from the refill's code text '${REFILL_TEXT}')`)).toHaveLength(2);
    expect(within(card('Key dates')).getByText("Procedure/imp-text, matched by its text 'Insertion of intrathecal baclofen pump'")).toBeInTheDocument();
  });
});

describe('when the refill is not found', () => {
  function noRefillChild(): Chart {
    const chart = stableChild();
    chart.procedures = chart.procedures.filter((p) => p.id !== 'refill1');
    chart.refillObservations = [];
    return chart;
  }

  it('says what was searched for: how many recent procedures, which codes and which text patterns', async () => {
    renderView(noRefillChild());
    const refill = card('Refill due');
    expect(await within(refill).findByText(/No pump refill was found/)).toBeInTheDocument();
    const searched = within(refill).getByTestId('searched-pump-refill');
    expect(searched).toHaveTextContent('Searched the one most recent Procedure of this patient (up to 50) for a pump refill:');
    expect(searched).toHaveTextContent('codes: ITB Companion pump-refill, CPT 62369, CPT 62370');
    expect(searched).toHaveTextContent('text (case-insensitive): refill and pump|intrathecal|\\bITB\\b|baclofen');
  });

  it("takes the date, fill volume and concentration from the clinician for this session's forecast, labelled, in sessionStorage only", async () => {
    const user = setupUser();
    renderView(noRefillChild());
    const refill = card('Refill due');
    fireEvent.input(await within(refill).findByLabelText('Date of last refill'), { target: { value: '2026-09-13' } });
    expect(within(refill).getByText('(13 Sep 2026)')).toBeInTheDocument();
    await user.type(within(refill).getByLabelText('Fill volume'), '40');
    await user.type(within(refill).getByLabelText('Concentration'), '2000');
    expect(within(refill).getByText('mL')).toBeInTheDocument();
    await user.click(within(refill).getByRole('button', { name: "Use for this session's forecast" }));

    // A date without a time is that day in the site's zone: 13 Sep 2026 00:00 in Sydney, + (40 − 2) mL
    // ÷ 0.225 mL/day = 168.9 days → 28 Feb 2027 about 21:20 (not 1 Mar, as 00:00 UTC gave).
    expect(await screen.findByTestId('refill-due-date')).toHaveTextContent('28 Feb 2027');
    expect(screen.getByTestId('entered-notice')).toHaveTextContent(
      'The date of the last refill, fill volume and concentration were entered by you for this session, not saved to the EHR.',
    );
    expect(screen.getByTestId('refill-inputs')).toHaveTextContent('The refill date, fill volume and concentration were entered by you for this session, not saved to the EHR.');
    expect(JSON.parse(sessionStorage.getItem('itb:session-refill:p1') ?? 'null')).toEqual({ performed: '2026-09-13', fillVolume: 40, concentration: 2000 });
    expect(localStorage.length).toBe(0);

    await user.click(screen.getByRole('button', { name: 'Remove what I entered' }));
    expect(await within(refill).findByLabelText('Date of last refill')).toBeInTheDocument();
    expect(sessionStorage.getItem('itb:session-refill:p1')).toBeNull();
  });

  it('refuses a fill above the reservoir, a decimal comma and a future date, saying why', async () => {
    const user = setupUser();
    renderView(noRefillChild());
    const refill = card('Refill due');
    fireEvent.input(await within(refill).findByLabelText('Date of last refill'), { target: { value: '2026-11-23' } });
    await user.type(within(refill).getByLabelText('Fill volume'), '60');
    await user.type(within(refill).getByLabelText('Concentration'), '2000,5');
    await user.click(within(refill).getByRole('button', { name: "Use for this session's forecast" }));
    const alerts = within(refill).getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual([
      'The refill date cannot be after today (22 Nov 2026).',
      "60 mL is more than the pump's 40 mL reservoir.",
      'Enter the concentration as a number of micrograms/mL (e.g. 2000).',
    ]);
    expect(within(refill).getByLabelText('Fill volume')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByTestId('refill-due-date')).not.toBeInTheDocument();
    expect(sessionStorage.getItem('itb:session-refill:p1')).toBeNull();
  });

  it('a fill volume missing from a recorded refill is asked for alone and completes that refill', async () => {
    const user = setupUser();
    const chart = stableChild();
    chart.refillObservations = chart.refillObservations.filter((o) => o.id !== 'fv1');
    renderView(chart);
    const refill = card('Refill due');
    expect(await within(refill).findByText(/The fill volume of the refill on 13 Sep 2026 10:00 is not recorded/)).toBeInTheDocument();
    expect(within(refill).queryByLabelText('Date of last refill')).not.toBeInTheDocument();
    await user.type(within(refill).getByLabelText('Fill volume'), '40');
    await user.click(within(refill).getByRole('button', { name: "Use for this session's forecast" }));
    expect(await screen.findByTestId('refill-due-date')).toHaveTextContent('1 Mar 2027');
    expect(within(refill).getByText('(entered by you for this session, not saved to the EHR)')).toBeInTheDocument();
    expect(JSON.parse(sessionStorage.getItem('itb:session-refill:p1') ?? 'null')).toEqual({ fillVolume: 40, forProcedureId: 'refill1' });
  });
});

describe('when the implant is not found', () => {
  it('the pump card says the implant was searched for across the whole record, with the codes', async () => {
    const chart = stableChild();
    chart.procedures = chart.procedures.filter((p) => p.id !== 'implant');
    renderView(chart);
    const pump = card('Pump');
    expect(await within(pump).findByText('implant not found')).toBeInTheDocument();
    const searched = within(pump).getByTestId('searched-pump-implant');
    expect(searched).toHaveTextContent('for a pump implant or pump replacement, and the whole record for the implant codes:');
    expect(searched).toHaveTextContent('codes: ITB Companion pump-implant, ITB Companion pump-replacement, CPT 62362');
  });
});

describe('dates recorded without a day (Oracle Health may send a year alone)', () => {
  it('a refill dated "2026-08" starts no forecast, is shown as written, and the day can be entered', async () => {
    const chart = textOnlyChild();
    chart.procedures = chart.procedures.map((p) => (p.id === 'refill-text' ? { ...p, performedDateTime: '2026-08' } : p));
    renderView(chart);
    const refill = card('Refill due');
    expect(await within(refill).findByText(/is dated only "2026-08": the forecast needs the day of the refill/)).toBeInTheDocument();
    expect(within(card('Key dates')).getByText('2026-08 (recorded without a day)', { exact: false })).toBeInTheDocument();
    expect(within(refill).getByLabelText('Date of last refill')).toBeInTheDocument();
    expect(within(refill).queryByLabelText('Fill volume')).not.toBeInTheDocument();
  });

  it('an implant dated "2002" is shown as written and no replacement window is calculated from 1 January', async () => {
    const chart = textOnlyChild();
    chart.procedures = chart.procedures.map((p) => (p.id === 'imp-text' ? { ...p, performedDateTime: '2002' } : p));
    renderView(chart);
    const pump = card('Pump');
    expect(await within(pump).findByText(/Replacement window not calculated: the implant is dated only "2002"/)).toBeInTheDocument();
    expect(within(pump).getByText('2002 (recorded without a day)', { exact: false })).toBeInTheDocument();
    expect(within(pump).queryByText(/1 Jan 2002/)).not.toBeInTheDocument();
  });
});
