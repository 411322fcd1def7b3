import type { ReactNode } from 'react';
import { fromSiteLocalInput, siteDateOptions } from '../../domain';
import { formatWhen } from './clinical-format';

type Props = {
  id: string;
  legend: string;
  /** `YYYY-MM-DDTHH:mm` at the site; the clock part is kept as typed. */
  value: string;
  timeZone: string;
  now: Date;
  error: string | undefined;
  hint: string;
  disabled?: boolean;
  onChange: (value: string) => void;
  /** Extra controls on the inputs' line (e.g. "Set to now"). */
  children?: ReactNode;
  /** The days offered; default today and yesterday (a time already past). */
  dateOptions?: readonly { value: string; label: string }[];
};

/**
 * A site-time entry: the day as words (today / yesterday) and a 24-hour clock. Not
 * `datetime-local`, whose display follows the browser's locale (11/22/2026, 01:49 PM) and can be
 * misread; the value is read in the site's zone, never the machine's.
 */
export function SiteTimeField({ id, legend, value, timeZone, now, error, hint, disabled = false, onChange, children, dateOptions }: Props) {
  const split = value.indexOf('T');
  const date = split < 0 ? value : value.slice(0, split);
  const clock = split < 0 ? '' : value.slice(split + 1);
  const options = [...(dateOptions ?? siteDateOptions(now, timeZone))];
  if (date !== '' && !options.some((o) => o.value === date)) options.push({ value: date, label: date });
  const instant = fromSiteLocalInput(value, timeZone);
  return (
    <fieldset className="site-time" aria-describedby={`${id}-hint${error === undefined ? '' : ` ${id}-error`}`}>
      <legend>{legend}</legend>
      <span className="site-time__inputs">
        <label htmlFor={`${id}-date`} className="visually-hidden">
          Day
        </label>
        <select id={`${id}-date`} value={date} disabled={disabled} onChange={(e) => onChange(`${e.target.value}T${clock}`)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <label htmlFor={id}>Time (24-hour)</label>
        <input
          id={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          className="site-time__clock"
          placeholder="HH:MM"
          value={clock}
          disabled={disabled}
          aria-invalid={error === undefined ? undefined : 'true'}
          onChange={(e) => onChange(`${date}T${e.target.value}`)}
        />
        {children}
      </span>
      <span id={`${id}-hint`} className="hint">
        {instant === undefined ? hint : `${formatWhen(instant, timeZone)} site time (${timeZone}). ${hint}`}
      </span>
      {error !== undefined && (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      )}
    </fieldset>
  );
}
