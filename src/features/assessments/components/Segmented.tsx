import type { ReactNode } from 'react';

export interface SegmentOption<V extends string> {
  readonly value: V;
  /** What the button shows; also its accessible name with `detail`. */
  readonly label: string;
  readonly detail?: string;
}

/**
 * A row of large radio buttons (fast on a tablet; arrow keys move between them as native radios
 * do). The fieldset's legend names the group, so each option reads e.g. "Eyes, 2 Mild".
 */
export function Segmented<V extends string>(props: {
  legend: ReactNode;
  legendHidden?: boolean;
  name: string;
  options: readonly SegmentOption<V>[];
  value: V;
  onChange: (value: V) => void;
  describedBy?: string;
  invalid?: boolean;
}) {
  return (
    <fieldset className="seg" aria-describedby={props.describedBy} aria-invalid={props.invalid === true ? true : undefined}>
      <legend className={props.legendHidden === true ? 'visually-hidden' : 'seg__legend'}>{props.legend}</legend>
      <div className="seg__options">
        {props.options.map((o) => (
          <label key={o.value} className="seg__option">
            <input
              className="seg__input"
              type="radio"
              name={props.name}
              value={o.value}
              checked={props.value === o.value}
              onChange={() => props.onChange(o.value)}
            />
            <span className="seg__face">
              {o.label}
              {o.detail === undefined ? null : <span className="seg__detail"> {o.detail}</span>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
