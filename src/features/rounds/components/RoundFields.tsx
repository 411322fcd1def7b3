import type { FieldCheck } from '../round-form';

type NumericFieldProps = {
  id: string;
  label: string;
  unit: string;
  value: string;
  check: FieldCheck;
  /** Show refusals and confirmations (after the field was left, or on review). */
  showCheck: boolean;
  hint?: string;
  onChange: (text: string) => void;
  onBlur: () => void;
  onConfirm: (confirmed: boolean) => void;
};

/** A numeric entry with its unit beside it; refusals say why, unusual values ask for confirmation. */
export function NumericField({ id, label, unit, value, check, showCheck, hint, onChange, onBlur, onConfirm }: NumericFieldProps) {
  const refused = showCheck && check.status === 'refused';
  const confirm = check.status === 'needs-confirmation' && value.trim() !== '';
  const describedBy = [hint === undefined ? undefined : `${id}-hint`, refused ? `${id}-error` : undefined, confirm ? `${id}-confirm` : undefined]
    .filter((x) => x !== undefined)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="with-unit">
        <input
          id={id}
          name={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={value}
          aria-invalid={refused ? 'true' : undefined}
          aria-describedby={describedBy === '' ? undefined : describedBy}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
        <span className="unit">{unit}</span>
      </span>
      {hint !== undefined && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {refused && (
        <span id={`${id}-error`} className="error" role="alert">
          {check.message}
        </span>
      )}
      {confirm && (
        <span id={`${id}-confirm`} className="confirm">
          {check.message}
          <label className="confirm-box">
            <input type="checkbox" checked={check.confirmed} onChange={(e) => onConfirm(e.target.checked)} /> I confirm {value.trim()} {unit} is correct
          </label>
        </span>
      )}
    </div>
  );
}

type RadioOption<V extends string> = { value: V; label: string };

/** A labelled group of radio buttons: one tab stop, arrow keys choose. */
export function RadioGroup<V extends string>({
  name,
  legend,
  options,
  value,
  onChange,
  error,
  className,
}: {
  name: string;
  legend: string;
  options: readonly RadioOption<V>[];
  value: V | '';
  onChange: (value: V) => void;
  error?: string | undefined;
  className?: string;
}) {
  return (
    <fieldset className={`radio-group ${className ?? ''}`} aria-describedby={error === undefined ? undefined : `${name}-error`}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} /> {o.label}
        </label>
      ))}
      {error !== undefined && (
        <span id={`${name}-error`} className="error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}
