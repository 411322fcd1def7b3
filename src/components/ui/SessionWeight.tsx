/**
 * "Enter a weight for this session" where the chart has no usable weight (issue 11), shared by
 * the doctor view, the action plan and emergency mode (state in `src/session/session-weight.ts`):
 * what was searched for, the entry form, and the labels that go wherever the entered weight is
 * used. The entry is never written to the EHR.
 */
import { useId, useState, type FormEvent } from 'react';
import { WEIGHT_LOINC, WEIGHT_READ_COUNT, type BodyWeight, type WeightForAgeChild } from '../../fhir';
import { checkEnteredWeight, mayEnterWeight, type SessionWeight, type SessionWeightEntry } from '../../session/session-weight';
import { formatDate, formatKg, formatWhen } from './clinical-format';

export const ENTERED_FOR_SESSION = 'entered for this session, not in the chart';

/** "entered for this session, not in the chart (by Practitioner/dr1, 13 Sep 2026 08:40)". */
export function enteredWeightLabel(entered: { readonly at: string; readonly by?: string | undefined }, timeZone: string): string {
  const who = entered.by === undefined ? '' : `by ${entered.by}, `;
  return `${ENTERED_FOR_SESSION} (${who}${formatWhen(entered.at, timeZone)})`;
}

/** Where a weight came from, for a figure's inputs: the chart's Observation, or this session's entry. */
export function weightSourceText(weight: BodyWeight, timeZone: string): string {
  return weight.enteredForSession === undefined ? `Observation body weight, ${formatDate(weight.effective, timeZone)}` : `weight ${enteredWeightLabel(weight.enteredForSession, timeZone)}`;
}

/** What the weight read looked for, said when it found nothing usable. */
export const WEIGHT_SEARCHED = `Searched the ${WEIGHT_READ_COUNT} newest body-weight Observations (LOINC ${WEIGHT_LOINC.join(', ')}) with status final, amended or corrected.`;

const entryWords = (e: SessionWeightEntry, timeZone: string) => `${formatKg(e.kg)}, ${enteredWeightLabel({ at: e.enteredAt, by: e.enteredBy }, timeZone)}`;

/**
 * The session weight's state in one place: the form while the chart has no usable weight, the
 * entered weight's label with Change and Remove, or, once the chart has a weight, the entry shown
 * as superseded with a way to clear it.
 */
export function SessionWeightPanel({ session, patient, timeZone, uses }: { session: SessionWeight; patient: WeightForAgeChild | undefined; timeZone: string; uses: string }) {
  const [changing, setChanging] = useState(false);
  const { use } = session;
  if (use.status === 'superseded') {
    return (
      <div className="banner banner--warning no-print" data-testid="session-weight-superseded">
        <p>
          The weight {entryWords(use.entry, timeZone)}, is superseded: the chart now records {formatKg(use.chartWeight.kg)} ({formatWhen(use.chartWeight.effective, timeZone)}), and
          that is the weight used.
        </p>
        <button type="button" onClick={session.clear}>
          Clear the entered weight
        </button>
      </div>
    );
  }
  if (use.status === 'used') {
    return (
      <div className="session-weight no-print" data-testid="session-weight-used">
        <p className="banner banner--warning">
          <strong>Weight {entryWords(use.entry, timeZone)}.</strong> Used for {uses} in this session only; never written to the EHR. Record a measured weight in the chart.
        </p>
        {changing ? (
          <SessionWeightForm
            patient={patient}
            onEnter={(kg, checked) => {
              session.enter(kg, checked);
              setChanging(false);
            }}
            onCancel={() => setChanging(false)}
          />
        ) : (
          <p>
            <button type="button" onClick={() => setChanging(true)}>
              Change the entered weight
            </button>{' '}
            <button type="button" onClick={session.clear}>
              Remove the entered weight
            </button>
          </p>
        )}
      </div>
    );
  }
  if (!mayEnterWeight(use)) return null;
  return (
    <div className="session-weight no-print">
      {use.chart === 'read-failed' ? null : <p className="source">{WEIGHT_SEARCHED}</p>}
      <SessionWeightForm patient={patient} onEnter={session.enter} />
    </div>
  );
}

/**
 * A weight in kg (the unit beside the field), checked as typed is submitted: not a number, 0 or
 * less, or outside 1–150 kg is refused with the reason; outside the usual range for the child's
 * age it asks for confirmation first. Errors are announced (role=alert) and tied to the field.
 */
export function SessionWeightForm({ patient, onEnter, onCancel }: { patient: WeightForAgeChild | undefined; onEnter: (kg: number, checkedForAge: boolean) => void; onCancel?: () => void }) {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [implausible, setImplausible] = useState<{ kg: number; message: string } | undefined>(undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    const c = checkEnteredWeight(text, patient, new Date().toISOString());
    if (!c.ok) {
      setError(c.error);
      setImplausible(undefined);
      return;
    }
    setError(undefined);
    if (c.forAge.status === 'implausible') {
      setImplausible({ kg: c.kg, message: c.forAge.message });
      return;
    }
    onEnter(c.kg, false);
  }

  const describedBy = [`${id}-unit`, `${id}-hint`, error === undefined ? undefined : `${id}-error`, implausible === undefined ? undefined : `${id}-forage`].filter(Boolean).join(' ');
  return (
    <form className="session-weight__form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <p id={`${id}-title`}>
        <strong>Enter a weight for this session</strong>
      </p>
      <div className="field">
        <label htmlFor={`${id}-kg`}>Weight</label>
        <div className="with-unit">
          <input
            id={`${id}-kg`}
            type="text"
            inputMode="decimal"
            size={6}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setImplausible(undefined);
            }}
            aria-invalid={error !== undefined || implausible !== undefined}
            aria-describedby={describedBy}
          />
          <span className="unit" id={`${id}-unit`}>
            kg
          </span>
        </div>
        <p className="hint" id={`${id}-hint`}>
          {ENTERED_FOR_SESSION}: used by this session's weight-based figures, labelled, never written to the EHR.
        </p>
        {error === undefined ? null : (
          <p className="error" role="alert" id={`${id}-error`}>
            {error}
          </p>
        )}
      </div>
      {implausible === undefined ? (
        <p>
          <button type="submit">Use this weight for this session</button>
          {onCancel === undefined ? null : (
            <>
              {' '}
              <button type="button" onClick={onCancel}>
                Cancel
              </button>
            </>
          )}
        </p>
      ) : (
        <div className="banner banner--warning" role="alert" id={`${id}-forage`} data-testid="session-weight-for-age">
          <p>
            <strong>Check the weight:</strong> {implausible.message}
          </p>
          <button type="button" onClick={() => onEnter(implausible.kg, true)}>
            I have checked: use {formatKg(implausible.kg)} this session
          </button>{' '}
          <button type="button" onClick={() => setImplausible(undefined)}>
            Change the weight
          </button>
        </div>
      )}
    </form>
  );
}
