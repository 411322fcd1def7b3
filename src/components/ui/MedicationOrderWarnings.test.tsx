// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MedicationOrderWarnings } from './MedicationOrderWarnings';

afterEach(cleanup);

describe('warnings beside the current intrathecal dose', () => {
  it('says nothing when there is one active order and every order has a route', () => {
    const { container } = render(
      <MedicationOrderWarnings activeIntrathecal={[{ id: 'a', authoredOn: '2026-10-01T09:00:00+10:00', dailyDose: 450, medication: 'baclofen' }]} unclassified={[]} timeZone="Australia/Sydney" />,
    );
    expect(container).toBeEmptyDOMElement();
  });

  it('lists both doses when two intrathecal orders are active, as an alert', () => {
    render(
      <MedicationOrderWarnings
        activeIntrathecal={[
          { id: 'b', authoredOn: '2026-11-01T09:00:00+11:00', dailyDose: 500, medication: 'baclofen' },
          { id: 'a', authoredOn: '2026-10-01T09:00:00+10:00', dailyDose: 450, medication: 'baclofen' },
        ]}
        unclassified={[]}
        timeZone="Australia/Sydney"
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('2 intrathecal baclofen orders are active');
    expect(alert).toHaveTextContent('500 micrograms/day, ordered 1 Nov 2026 09:00');
    expect(alert).toHaveTextContent('450 micrograms/day, ordered 1 Oct 2026 09:00');
  });

  it('names a baclofen order without a route and says it is not counted as a dose', () => {
    render(
      <MedicationOrderWarnings
        activeIntrathecal={[]}
        unclassified={[{ id: 'x', authoredOn: '2026-11-10T09:00:00+11:00', medication: 'Lioresal Intrathecal (baclofen) 2000mcg/mL' }]}
        timeZone="Australia/Sydney"
      />,
    );
    expect(screen.getByTestId('unrouted-baclofen-orders')).toHaveTextContent(
      'A baclofen order does not state the route (intrathecal or oral), so it is not counted as a dose here. Check in the EHR:Lioresal Intrathecal (baclofen) 2000mcg/mL, ordered 10 Nov 2026 09:00',
    );
  });
});
