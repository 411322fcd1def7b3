import { checkPlannedTestDose, suggestTestDose, toSiteInstantIso, toSiteIso, type PlannedDoseCheck, type TestDoseIndicationInput } from '../../../domain';
import type { BodyWeight, PatientSummary, PlannedDoseSource, PlannedTestDose, PlannedTestDoses as PlannedTestDosesData } from '../../../fhir';
import { PartialNotice, ReadError } from '../../../components/ui/read-state';
import { formatDate, formatKg, formatWhen } from '../../../components/ui/clinical-format';
import { enteredWeightLabel } from '../../../components/ui/SessionWeight';
import { num } from '../model/format';

type PlannedQuery = {
  readonly isPending: boolean;
  readonly isError: boolean;
  readonly error: Error | null;
  readonly data: PlannedTestDosesData | undefined;
  refetch: () => Promise<unknown>;
};

const SOURCE_WORDS: Record<PlannedDoseSource, string> = {
  quantityQuantity: 'the order quantity',
  orderDetail: 'the order details',
  code: "the order's name",
  note: "the order's notes",
};

/** Where the planned dose was read from, in words, with the text it was read from. */
function sourceText(order: PlannedTestDose): string {
  if (!order.dose.ok) return '';
  const words = SOURCE_WORDS[order.dose.source];
  return order.dose.text === undefined ? `read from ${words}` : `read from ${words}: "${order.dose.text}"`;
}

/**
 * Check one order against the §3.1.5 bands for this child: the indication the prescriber chose,
 * else the one written on the order, else both (never picked for them, A3).
 */
export function checkOrder(
  order: PlannedTestDose,
  patient: PatientSummary,
  weight: BodyWeight | undefined,
  chosen: TestDoseIndicationInput | undefined,
  now: Date,
  staleWeightDays: number,
  timeZone: string,
): { check: PlannedDoseCheck; indicationFrom: 'chosen' | 'order' | 'both' } | { unchecked: string } {
  if (!order.dose.ok) return { unchecked: `Not checked: ${order.dose.reason}.` };
  if (patient.birthDate === undefined) return { unchecked: 'Not checked: the birth date is not recorded.' };
  if (weight?.effective === undefined) return { unchecked: 'Not checked: no dated weight is recorded.' };
  const indication = chosen ?? order.indication ?? 'mixed';
  const s = suggestTestDose({
    birthDate: patient.birthDate,
    weight: { value: weight.original.value, unit: weight.original.unit, recordedAt: toSiteInstantIso(weight.effective, timeZone) },
    indication,
    // The site's calendar date decides the age band.
    now: toSiteIso(now, timeZone),
    weightOptions: { staleAfterDays: staleWeightDays },
  });
  if (!s.ok) return { unchecked: `Not checked: ${s.error.message}` };
  return {
    check: checkPlannedTestDose(order.dose.micrograms, s.value.value.bands, s.value.inputs.age, s.value.inputs.weightKg),
    indicationFrom: chosen !== undefined ? 'chosen' : order.indication !== undefined ? 'order' : 'both',
  };
}

const INDICATION_FROM: Record<'chosen' | 'order' | 'both', string> = {
  chosen: 'for the indication chosen above',
  order: 'for the indication written on the order',
  both: 'for each indication (none chosen above or written on the order)',
};

/** Planned test doses already ordered in the EHR, each with its source and its §3.1.5 check. */
export function PlannedTestDoses({
  planned,
  patient,
  weight,
  indication,
  now,
  staleWeightDays,
  timeZone,
}: {
  planned: PlannedQuery;
  patient: PatientSummary;
  weight: BodyWeight | undefined;
  indication: TestDoseIndicationInput | undefined;
  now: Date;
  staleWeightDays: number;
  timeZone: string;
}) {
  return (
    <section aria-labelledby="planned-testdose-heading" data-testid="planned-test-doses">
      <h3 id="planned-testdose-heading" className="doctor-subhead">
        Planned test dose in the EHR
      </h3>
      {planned.isPending ? (
        <p className="muted" role="status">
          Reading planned test-dose orders…
        </p>
      ) : planned.isError || planned.data === undefined ? (
        <ReadError what="planned test-dose orders" error={planned.error} onRetry={() => void planned.refetch()} />
      ) : (
        <>
          <PartialNotice issues={planned.data.issues} what="order" />
          {planned.data.items.length === 0 ? (
            <p className="muted">No planned intrathecal baclofen test dose is recorded (ServiceRequest, active, draft or on hold).</p>
          ) : (
            <ul className="doctor-list">
              {planned.data.items.map((order) => {
                const result = checkOrder(order, patient, weight, indication, now, staleWeightDays, timeZone);
                return (
                  <li key={order.id} data-testid="planned-test-dose">
                    <p>
                      <strong>{order.dose.ok ? `${num(order.dose.micrograms, 2)} micrograms intrathecal baclofen` : 'Dose not read'}</strong>: {order.description} ({order.status}{' '}
                      {order.intent}
                      {order.occurrence === undefined ? '' : `, for ${formatWhen(order.occurrence, timeZone)}`}).
                    </p>
                    <p className="source">
                      Source: ServiceRequest/{order.id}
                      {order.authoredOn === undefined ? '' : `, authored ${formatDate(order.authoredOn, timeZone)}`}
                      {order.requester === undefined ? '' : ` by ${order.requester}`}
                      {order.dose.ok ? `; dose ${sourceText(order)}` : ''}.
                    </p>
                    {'unchecked' in result ? (
                      <p className="banner banner--warning">{result.unchecked}</p>
                    ) : (
                      <div className={`banner ${result.check.withinAll ? 'banner--info' : 'banner--error'}`} data-testid="planned-test-dose-check">
                        <p>
                          Checked against §3.1.5 {INDICATION_FROM[result.indicationFrom]}
                          {weight?.enteredForSession === undefined ? '' : `, with the weight ${formatKg(weight.kg)} ${enteredWeightLabel(weight.enteredForSession, timeZone)}`}:
                        </p>
                        <ul>
                          {result.check.checks.map((c) => (
                            <li key={`${c.indication}-${c.bandText}`}>{c.message}</li>
                          ))}
                          {result.check.aboveTableMaximum && <li>Above the highest test dose in the guideline table (100 micrograms, §3.1.5).</li>}
                        </ul>
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
