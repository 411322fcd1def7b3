import { useId, useMemo, useState } from 'react';
import {
  suggestTestDose,
  toSiteInstantIso,
  toSiteIso,
  type SpasticitySeverity,
  type TestDoseBandSuggestion,
  type TestDoseIndicationInput,
} from '../../../domain';
import type { BodyWeight, PatientSummary } from '../../../fhir';
import { PlannedTestDoses } from './PlannedTestDoses';
import { formatAge } from '../../../components/ui/format';
import { formatDate, formatWeightUnit } from '../../../components/ui/clinical-format';
import { ml, num } from '../model/format';
import { StalePill } from './WeightSummary';
import { enteredWeightLabel } from '../../../components/ui/SessionWeight';

const INDICATIONS: readonly { id: TestDoseIndicationInput; label: string }[] = [
  { id: 'spasticity', label: 'Spasticity' },
  { id: 'dystonia', label: 'Dystonia' },
  { id: 'mixed', label: 'Mixed spasticity and dystonia' },
];

const SEVERITIES: readonly { id: SpasticitySeverity | ''; label: string }[] = [
  { id: '', label: 'Not stated' },
  { id: 'mild', label: 'Mild' },
  { id: 'moderate', label: 'Moderate' },
  { id: 'severe', label: 'Severe' },
];

/**
 * The §3.1.5 test dose for a child without a pump, from the current weight, age and the
 * indication the prescriber chooses (never pre-selected, A3). Where the table is open both bands
 * show, the conservative one marked, with the reasons.
 */
export function TestDosePlanning({
  patient,
  weight,
  now,
  staleWeightDays,
  timeZone,
  planned,
}: {
  patient: PatientSummary;
  weight: BodyWeight | undefined;
  now: Date;
  staleWeightDays: number;
  timeZone: string;
  /** The planned test-dose orders read from the EHR (ServiceRequest). */
  planned: Parameters<typeof PlannedTestDoses>[0]['planned'];
}) {
  const id = useId();
  const [indication, setIndication] = useState<TestDoseIndicationInput | undefined>(undefined);
  const [severity, setSeverity] = useState<SpasticitySeverity | ''>('');
  const severityRelevant = indication === 'spasticity' || indication === 'mixed';

  const result = useMemo(() => {
    if (indication === undefined || weight === undefined || weight.effective === undefined || patient.birthDate === undefined) return undefined;
    return suggestTestDose({
      birthDate: patient.birthDate,
      weight: { value: weight.original.value, unit: weight.original.unit, recordedAt: toSiteInstantIso(weight.effective, timeZone) },
      indication,
      ...(severityRelevant && severity !== '' ? { severity } : {}),
      // At the site's offset, so the age is counted on the site's calendar date, not UTC's.
      now: toSiteIso(now, timeZone),
      weightOptions: { staleAfterDays: staleWeightDays },
    });
  }, [indication, severity, severityRelevant, weight, patient.birthDate, now, staleWeightDays, timeZone]);

  const plannedList = <PlannedTestDoses planned={planned} patient={patient} weight={weight} indication={indication} now={now} staleWeightDays={staleWeightDays} timeZone={timeZone} />;
  if (patient.birthDate === undefined) {
    return (
      <>
        <p className="banner banner--warning">Birth date not recorded: the age band cannot be read, so no test dose is suggested.</p>
        {plannedList}
      </>
    );
  }
  if (weight === undefined) {
    return (
      <>
        <p className="banner banner--warning">No weight recorded: weigh the child (Guideline §3.2) before a test dose is suggested.</p>
        {plannedList}
      </>
    );
  }

  return (
    <>
      <p className="banner banner--info">
        <strong>A suggestion for the prescriber to confirm.</strong> The test dose is ordered in the EHR (eMM).
      </p>
      <div className="doctor-testdose-form">
        <fieldset className="doctor-radios">
          <legend>Indication (the prescriber chooses)</legend>
          {INDICATIONS.map((i) => (
            <label key={i.id}>
              <input type="radio" name={`${id}-indication`} value={i.id} checked={indication === i.id} onChange={() => setIndication(i.id)} /> {i.label}
            </label>
          ))}
        </fieldset>
        {severityRelevant && (
          <div className="field">
            <label htmlFor={`${id}-severity`}>Severity of spasticity</label>
            <select id={`${id}-severity`} value={severity} onChange={(e) => setSeverity(toSeverity(e.target.value))}>
              {SEVERITIES.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
            <span className="hint">Not defined in §3.1.5; used only for the older band (mild 50, moderate 75, severe 100 micrograms).</span>
          </div>
        )}
      </div>
      {indication === undefined && <p className="muted">Choose the indication to see the suggested test dose.</p>}
      {result !== undefined && !result.ok && (
        <p className="banner banner--error" role="alert">
          No suggestion: {result.error.message}
        </p>
      )}
      {result?.ok === true && (
        <div data-testid="test-dose-result">
          <p>
            Inputs: age {formatAge(result.value.inputs.age)} (Patient.birthDate {formatDate(patient.birthDate, timeZone)}); weight {num(result.value.inputs.weightKg, 1)} kg{' '}
            {weight.original.unit === 'kg' ? '' : `(recorded as ${num(weight.original.value, 1)} ${formatWeightUnit(weight.original.unit)}) `}
            from {formatDate(weight.effective, timeZone)} <StalePill stale={result.value.warnings.some((w) => w.code === 'stale-weight')} />{' '}
            <span className="source">({weight.enteredForSession === undefined ? 'Observation body weight' : `weight ${enteredWeightLabel(weight.enteredForSession, timeZone)}`})</span>; indication {INDICATIONS.find((i) => i.id === indication)?.label.toLowerCase()}
            {severityRelevant && severity !== '' ? `, ${severity}` : ''}.
          </p>
          {result.value.warnings.map((w) => (
            <p key={w.code} className={`banner ${w.code === 'stale-weight' || w.code === 'outside-guideline-age' ? 'banner--error' : 'banner--warning'}`} data-testid={w.code === 'stale-weight' ? 'stale-weight-warning' : undefined}>
              {w.message}
            </p>
          ))}
          {result.value.value.reasons.length > 0 && (
            <div className="banner banner--warning">
              <strong>{result.value.value.bands.some((b) => b.conservative) ? 'Why both bands are shown:' : 'Why only this band is shown:'}</strong>
              <ul>
                {result.value.value.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="doctor-bands">
            {result.value.value.bands.map((b) => (
              <BandTable key={`${b.indication}-${b.band}`} band={b} both={result.value.value.bands.some((x) => x.conservative)} />
            ))}
          </div>
          <p>
            <strong>{result.value.value.administration}</strong> Drawn up from 1 mL ampoules of 50 micrograms/mL.
          </p>
          {result.value.notes.map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
          <p className="source">Source: {result.value.source}</p>
        </div>
      )}
      {plannedList}
    </>
  );
}

function toSeverity(value: string): SpasticitySeverity | '' {
  return value === 'mild' || value === 'moderate' || value === 'severe' ? value : '';
}

function BandTable({ band, both }: { band: TestDoseBandSuggestion; both: boolean }) {
  const caption = `${band.indication === 'spasticity' ? 'Spasticity' : 'Dystonia'}: ${band.bandText}`;
  return (
    <table className={band.conservative ? 'doctor-band doctor-band--conservative' : 'doctor-band'}>
      <caption>
        {caption}
        {band.conservative && <span className="status-pill zone-normal"> Conservative (lower band)</span>}
        {both && !band.conservative && <span className="muted"> (higher band)</span>}
        <br />
        <span className="muted">Guideline: {band.doseText}</span>
      </caption>
      <thead>
        <tr>
          <th scope="col" className="num">
            Dose
          </th>
          <th scope="col" className="num">
            Volume at 50 micrograms/mL
          </th>
          <th scope="col" className="num">
            1 mL ampoules
          </th>
        </tr>
      </thead>
      <tbody>
        {band.options.map((o) => (
          <tr key={o.dose}>
            <td className="num">
              {num(o.dose, 0)} micrograms{band.severityMatch === o.dose ? ' (matches the stated severity)' : ''}
              {band.kind === 'range' ? (o.dose === band.min ? ' (lowest)' : ' (highest)') : ''}
            </td>
            <td className="num">{ml(o.volume, 2)}</td>
            <td className="num">{o.ampoules}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
