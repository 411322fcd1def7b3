/**
 * Where the record's baclofen orders disagree with themselves, say so beside the current dose:
 * two active intrathecal orders, or an active baclofen order whose route is not stated. The app
 * shows the newest active order as "current" but never hides the others (clinical-reference §4.1:
 * never guess silently).
 */
import { formatWhen } from './clinical-format';

interface OrderLike {
  readonly id: string;
  readonly authoredOn: string | undefined;
  readonly dailyDose?: number | undefined;
  readonly medication: string | undefined;
  readonly text?: string | undefined;
}

export function MedicationOrderWarnings({
  activeIntrathecal,
  unclassified,
  timeZone,
}: {
  activeIntrathecal: readonly OrderLike[];
  unclassified: readonly OrderLike[];
  timeZone: string;
}) {
  const when = (o: OrderLike) => (o.authoredOn === undefined ? 'date not recorded' : formatWhen(o.authoredOn, timeZone));
  return (
    <>
      {activeIntrathecal.length > 1 && (
        <div className="banner banner--warning" role="alert" data-testid="several-active-itb-orders">
          <strong>Check the orders: {activeIntrathecal.length} intrathecal baclofen orders are active.</strong> The newest is shown as current; confirm the programmed dose
          with the pump interrogation.
          <ul>
            {activeIntrathecal.map((o) => (
              <li key={o.id}>
                {o.dailyDose === undefined ? 'dose not readable' : `${Math.round(o.dailyDose * 1000) / 1000} micrograms/day`}, ordered {when(o)}
                {o.medication ? ` (${o.medication})` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {unclassified.length > 0 && (
        <div className="banner banner--warning" role="status" data-testid="unrouted-baclofen-orders">
          <strong>
            {unclassified.length === 1 ? 'A baclofen order does' : `${unclassified.length} baclofen orders do`} not state the route
          </strong>{' '}
          (intrathecal or oral), so {unclassified.length === 1 ? 'it is' : 'they are'} not counted as a dose here. Check in the EHR:
          <ul>
            {unclassified.map((o) => (
              <li key={o.id}>
                {o.medication ?? 'baclofen'}, ordered {when(o)}
                {o.text ? `: ${o.text}` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
