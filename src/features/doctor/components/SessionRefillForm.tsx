import { useId, useState, type FormEvent, type ReactElement } from 'react';
import type { Millilitres } from '../../../domain';
import { ENTERED_BY_YOU, listOf } from '../../../components/ui/pump-provenance';
import type { SessionRefillEntry } from '../../../session/session-refill';
import { formatDate } from '../../../components/ui/clinical-format';
import type { MissingRefillFact } from '../model/refill-plan';

/** Largest SynchroMed II reservoir (clinical-reference §3.1), when the Device does not say. */
const LARGEST_RESERVOIR_ML = 40;
/** Above the strongest supplied strength (2000 micrograms/mL, §3.1) with a margin. */
const MAX_CONCENTRATION = 4000;

/** Today's calendar date in the site's zone, YYYY-MM-DD. */
function todayIn(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

type Errors = Partial<Record<MissingRefillFact, string>>;

const plainNumber = (raw: string): number | undefined => (/^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw.trim()) : undefined);

/**
 * The facts the EHR does not hold, typed by the clinician for this session's forecast only.
 * Never written to the EHR; labelled wherever they are used.
 */
export function SessionRefillForm({
  missing,
  forProcedureId,
  reservoir,
  now,
  timeZone,
  onSave,
}: {
  missing: readonly MissingRefillFact[];
  forProcedureId: string | undefined;
  reservoir: Millilitres | undefined;
  now: Date;
  timeZone: string;
  onSave: (entry: SessionRefillEntry) => void;
}) {
  const id = useId();
  const [date, setDate] = useState('');
  const [volume, setVolume] = useState('');
  const [concentration, setConcentration] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const today = todayIn(now, timeZone);
  const limit = reservoir ?? LARGEST_RESERVOIR_ML;
  // With no refill at all the concentration may be left empty: the prescription's is then used.
  const concentrationOptional = missing.includes('date');

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: Errors = {};
    const entry: { performed?: string; fillVolume?: number; concentration?: number } = {};
    if (missing.includes('date')) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) next.date = 'Enter the date of the last refill.';
      else if (date > today) next.date = `The refill date cannot be after today (${formatDate(today, timeZone)}).`;
      else entry.performed = date;
    }
    if (missing.includes('fill-volume')) {
      const v = plainNumber(volume);
      if (v === undefined) next['fill-volume'] = 'Enter the fill volume as a number of mL, with a decimal point if needed (e.g. 19.5).';
      else if (v <= 0) next['fill-volume'] = 'The fill volume must be more than 0 mL.';
      else if (v > limit) next['fill-volume'] = `${v} mL is more than the ${reservoir === undefined ? `largest reservoir (${LARGEST_RESERVOIR_ML} mL)` : `pump's ${reservoir} mL reservoir`}.`;
      else entry.fillVolume = v;
    }
    if (missing.includes('concentration') && !(concentrationOptional && concentration.trim() === '')) {
      const c = plainNumber(concentration);
      if (c === undefined) next.concentration = 'Enter the concentration as a number of micrograms/mL (e.g. 2000).';
      else if (c <= 0) next.concentration = 'The concentration must be more than 0 micrograms/mL.';
      else if (c > MAX_CONCENTRATION) next.concentration = `${c} micrograms/mL is above ${MAX_CONCENTRATION} micrograms/mL, not a supplied intrathecal strength.`;
      else entry.concentration = c;
    }
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    onSave({ ...entry, ...(forProcedureId === undefined ? {} : { forProcedureId }) });
  }

  const field = (fact: MissingRefillFact, label: string, unit: string | undefined, input: ReactElement, hint?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${fact}`}>{label}</label>
      <div className="with-unit">
        {input}
        {unit === undefined ? null : (
          <span className="unit" id={`${id}-${fact}-unit`}>
            {unit}
          </span>
        )}
      </div>
      {hint === undefined ? null : <p className="hint">{hint}</p>}
      {errors[fact] === undefined ? null : (
        <p className="error" role="alert" id={`${id}-${fact}-error`}>
          {errors[fact]}
        </p>
      )}
    </div>
  );
  const described = (fact: MissingRefillFact, unit: boolean) =>
    [unit ? `${id}-${fact}-unit` : undefined, errors[fact] === undefined ? undefined : `${id}-${fact}-error`].filter(Boolean).join(' ') || undefined;

  return (
    <form className="session-refill" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <p id={`${id}-title`}>
        <strong>Enter the missing {missing.length === 1 ? 'fact' : 'facts'} for this session's forecast</strong> ({ENTERED_BY_YOU}):
      </p>
      {missing.includes('date') &&
        field(
          'date',
          'Date of last refill',
          undefined,
          <input
            id={`${id}-date`}
            type="date"
            max={today}
            value={date}
            onChange={(e) => setDate(e.target.value)}
            aria-invalid={errors.date !== undefined}
            aria-describedby={described('date', false)}
          />,
          date === '' ? undefined : `(${formatDate(date, timeZone)})`,
        )}
      {missing.includes('fill-volume') &&
        field(
          'fill-volume',
          'Fill volume',
          'mL',
          <input
            id={`${id}-fill-volume`}
            type="text"
            inputMode="decimal"
            size={6}
            value={volume}
            onChange={(e) => setVolume(e.target.value)}
            aria-invalid={errors['fill-volume'] !== undefined}
            aria-describedby={described('fill-volume', true)}
          />,
        )}
      {missing.includes('concentration') &&
        field(
          'concentration',
          'Concentration',
          'micrograms/mL',
          <input
            id={`${id}-concentration`}
            type="text"
            inputMode="decimal"
            size={6}
            value={concentration}
            onChange={(e) => setConcentration(e.target.value)}
            aria-invalid={errors.concentration !== undefined}
            aria-describedby={described('concentration', true)}
          />,
          concentrationOptional ? "(leave empty to use the prescription's)" : undefined,
        )}
      <button type="submit">Use for this session's forecast</button>
    </form>
  );
}

/** Says which facts were entered this session, with a way to remove them. */
export function EnteredNotice({ facts, onClear }: { facts: readonly string[]; onClear: () => void }) {
  if (facts.length === 0) return null;
  return (
    <p className="banner banner--warning" data-testid="entered-notice">
      The {listOf(facts)} {facts.length === 1 ? 'was' : 'were'} {ENTERED_BY_YOU}.{' '}
      <button type="button" onClick={onClear}>
        Remove what I entered
      </button>
    </p>
  );
}
