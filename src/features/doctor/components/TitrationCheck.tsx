import { useId, useMemo, useState } from 'react';
import {
  toSiteInstantIso,
  evaluateDoseChange,
  microgramsPerDay,
  checkEnteredDailyDose,
  parseIntrathecalDailyDose,
  type DosingSetting,
  type MicrogramsPerDay,
} from '../../../domain';
import type { DoseChange } from '../../../fhir';
import { formatDate, formatWhen } from '../../../components/ui/clinical-format';
import { outpatientBand, startOf } from '../model/dose-timeline';
import { num, perDay, signedChange } from '../model/format';
import { StalePill, staleWeightText, type WeightAssessment } from './WeightSummary';

type EntryUnit = 'ug/d' | 'ug/h' | 'mg/d';

const UNIT_LABEL: Record<EntryUnit, string> = { 'ug/d': 'micrograms/day', 'ug/h': 'micrograms/hour', 'mg/d': 'mg/day' };

const SETTING_LABEL: Record<DosingSetting, string> = {
  'inpatient-post-op': 'Inpatient, after implant (§4.1.3)',
  outpatient: 'Outpatient (§4.1.4)',
};

function bandText(setting: DosingSetting, current: MicrogramsPerDay): string {
  switch (setting) {
    case 'inpatient-post-op':
      return `+50 micrograms/day daily, for the 3 days in hospital after the implant (Guideline §4.1.3): up to ${perDay(current + 50)} from ${perDay(current)}.`;
    case 'outpatient': {
      const band = outpatientBand(current);
      return `+5–15% of the daily dose every 3–7 days (Guideline §4.1.4): ${perDay(band.low)} to ${perDay(band.high)} from ${perDay(current)}.`;
    }
    default:
      return setting satisfies never;
  }
}

/**
 * A proposed new daily dose against the guideline's step for the setting. Guidance only: the
 * order itself is placed in the EHR.
 */
export function TitrationCheck({
  current,
  implantDate,
  weight,
  now,
  alertAbove,
  reductionWarnPercent,
  timeZone,
}: {
  current: DoseChange;
  implantDate: string | undefined;
  weight: WeightAssessment | undefined;
  now: Date;
  alertAbove: number;
  reductionWarnPercent?: number | undefined;
  timeZone: string;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [unit, setUnit] = useState<EntryUnit>('ug/d');
  const [setting, setSetting] = useState<DosingSetting | undefined>(undefined);
  const currentDose = current.dailyDose;
  const lastChangeAt = startOf(current);

  const parsed = useMemo(() => {
    if (text.trim() === '') return undefined;
    const value = Number(text);
    if (!Number.isFinite(value)) return { ok: false as const, error: { field: 'proposed', message: 'Enter a number.' } };
    const r = parseIntrathecalDailyDose(value, unit, 'proposed dose');
    if (!r.ok) return r;
    // A milligram figure typed as micrograms (0.45) is refused; a very low one is confirmed first.
    const entered = checkEnteredDailyDose(r.value);
    return entered.kind === 'refused' ? { ok: false as const, error: { field: 'proposed', message: entered.message } } : { ...r, low: entered.kind === 'confirm' ? entered.message : undefined };
  }, [text, unit]);
  const [lowConfirmedFor, setLowConfirmedFor] = useState<string | undefined>(undefined);
  const lowUnconfirmed = parsed?.ok === true && parsed.low !== undefined && lowConfirmedFor !== `${text}|${unit}`;

  const evaluation = useMemo(() => {
    if (parsed === undefined || !parsed.ok || lowUnconfirmed || setting === undefined || currentDose === undefined || lastChangeAt === undefined) return undefined;
    return evaluateDoseChange({
      currentDose,
      proposedDose: parsed.value,
      setting,
      // A change or implant recorded as a date only is that day at the site, not 00:00 UTC.
      lastChangeAt: toSiteInstantIso(lastChangeAt, timeZone),
      now,
      ...(implantDate === undefined || setting !== 'inpatient-post-op' ? {} : { implantAt: toSiteInstantIso(implantDate, timeZone) }),
      softMaxDailyDose: microgramsPerDay(alertAbove),
      ...(reductionWarnPercent === undefined ? {} : { reductionWarnPercent }),
    });
  }, [parsed, lowUnconfirmed, setting, currentDose, lastChangeAt, now, implantDate, alertAbove, reductionWarnPercent, timeZone]);

  if (currentDose === undefined || lastChangeAt === undefined) {
    return (
      <p>
        The current daily dose {currentDose === undefined ? 'could not be read' : 'has no start date'} (MedicationRequest/{current.id}): nothing to compare a proposal with.
      </p>
    );
  }

  const errorId = `${id}-error`;
  return (
    <>
      <p className="banner banner--info">
        <strong>Guidance only.</strong> Dose changes are ordered and programmed through the EHR and the pump programmer; nothing here changes an order.
      </p>
      {weight?.ok === true && weight.value.value.stale && (
        <p className="banner banner--warning" data-testid="titration-stale-weight">
          <StalePill stale /> {staleWeightText(weight.value)} Weighed {formatDate(weight.value.inputs.recordedAt, timeZone)}.
        </p>
      )}
      <p>
        Current: <strong>{perDay(currentDose)}</strong> since {formatWhen(lastChangeAt, timeZone)} <span className="source">(MedicationRequest, authored {formatDate(current.authoredOn, timeZone)})</span>
      </p>
      <div className="doctor-titration-form">
        <div className="field">
          <label htmlFor={`${id}-dose`}>Proposed daily dose</label>
          <div className="with-unit">
            <input
              id={`${id}-dose`}
              type="number"
              inputMode="decimal"
              min="0"
              step="any"
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-invalid={parsed?.ok === false}
              aria-describedby={parsed?.ok === false ? errorId : undefined}
            />
            <label htmlFor={`${id}-unit`} className="visually-hidden">
              Unit of the proposed dose
            </label>
            <select id={`${id}-unit`} value={unit} onChange={(e) => setUnit(toUnit(e.target.value))}>
              {(Object.keys(UNIT_LABEL) as EntryUnit[]).map((u) => (
                <option key={u} value={u}>
                  {UNIT_LABEL[u]}
                </option>
              ))}
            </select>
          </div>
          {parsed?.ok === false && (
            <p className="error" id={errorId} role="alert">
              {parsed.error.message}
            </p>
          )}
          {parsed?.ok === true && parsed.low !== undefined && (
            <div className="banner banner--warning" role="alert" data-testid="low-dose-check">
              <p>{parsed.low}</p>
              <label>
                <input type="checkbox" checked={!lowUnconfirmed} onChange={(e) => setLowConfirmedFor(e.target.checked ? `${text}|${unit}` : undefined)} /> I confirm {perDay(parsed.value)} is meant
              </label>
            </div>
          )}
          {parsed?.ok === true && unit === 'ug/h' && <p className="hint">= {perDay(parsed.value)} (24 hours × the hourly rate)</p>}
        </div>
        <fieldset className="doctor-radios">
          <legend>Setting</legend>
          {(Object.keys(SETTING_LABEL) as DosingSetting[]).map((s) => (
            <label key={s}>
              <input type="radio" name={`${id}-setting`} value={s} checked={setting === s} onChange={() => setSetting(s)} /> {SETTING_LABEL[s]}
            </label>
          ))}
        </fieldset>
      </div>
      {setting === undefined && parsed?.ok === true && <p className="muted">Choose the setting to see the guideline step.</p>}
      {setting !== undefined && <p>Guideline step: {bandText(setting, currentDose)}</p>}
      {evaluation !== undefined && !evaluation.ok && (
        <p className="banner banner--error" role="alert">
          Not evaluated: {evaluation.error.message}
        </p>
      )}
      {evaluation?.ok === true && <Evaluation result={evaluation.value} alertAbove={alertAbove} />}
    </>
  );
}

function toUnit(value: string): EntryUnit {
  return value === 'ug/h' || value === 'mg/d' ? value : 'ug/d';
}

type EvaluationResult = Extract<ReturnType<typeof evaluateDoseChange>, { ok: true }>['value'];

function Evaluation({ result, alertAbove }: { result: EvaluationResult; alertAbove: number }) {
  const v = result.value;
  return (
    <div aria-live="polite" data-testid="titration-result">
      <dl className="doctor-dl">
        <dt>Change</dt>
        <dd>
          <strong>{signedChange(v.absoluteChange, v.percentChange)}</strong> ({perDay(result.inputs.currentDose)} → {perDay(result.inputs.proposedDose)})
        </dd>
        <dt>Since the last change</dt>
        <dd>{num(v.daysSinceLastChange, 1)} days</dd>
        <dt>Guideline step</dt>
        <dd>
          {v.direction === 'decrease' ? (
            <span className={`status-pill ${v.largeReduction ? 'zone-red' : 'zone-yellow'}`}>{v.largeReduction ? 'LARGE REDUCTION: withdrawal risk' : 'Reduction: watch for withdrawal'}</span>
          ) : v.withinGuidelineStep ? (
            <span className="status-pill zone-normal">Within the step</span>
          ) : v.direction === 'no-change' ? (
            <span className="status-pill zone-yellow">No change</span>
          ) : (
            <span className="status-pill zone-yellow">Outside the step</span>
          )}
        </dd>
        <dt>Daily-dose alert</dt>
        <dd>
          {v.aboveSoftMaximum ? (
            <span className="status-pill zone-red">ABOVE {num(alertAbove, 0)} micrograms/day</span>
          ) : (
            <span className="status-pill zone-normal">At or below {num(alertAbove, 0)} micrograms/day</span>
          )}
        </dd>
      </dl>
      {result.warnings.map((w, k) => (
        <p key={`${w.code}-${k}`} className="banner banner--warning">
          {w.message}
        </p>
      ))}
      {result.notes.map((n) => (
        <p key={n} className="muted">
          {n}
        </p>
      ))}
      <p className="source">Source: {result.source}. The prescriber decides; orders are placed in the EHR.</p>
    </div>
  );
}
