import { useMemo } from 'react';
import { forecastRefill, type RefillLimit, type RefillStatus } from '../../../domain';
import { formatDate, formatWhen } from '../../../components/ui/clinical-format';
import { ml, num, perDay, perMl } from '../model/format';
import type { RefillPlan } from '../model/refill-plan';
import { startOf } from '../model/dose-timeline';
import { Source } from '../../../components/ui/read-state';
import { describeFact, describeProcedure, ENTERED_BY_YOU, listOf } from '../../../components/ui/pump-provenance';

const LIMIT_TEXT: Record<RefillLimit, string> = {
  'reservoir-volume': 'the low-reservoir alarm volume',
  'drug-stability': 'drug stability in the reservoir',
};

function statusPill(status: RefillStatus): { className: string; text: string } {
  switch (status) {
    case 'ok':
      return { className: 'zone-normal', text: 'Not yet due' };
    case 'due-soon':
      return { className: 'zone-yellow', text: 'Due soon' };
    case 'overdue':
      return { className: 'zone-red', text: 'OVERDUE' };
    default:
      return status satisfies never;
  }
}

/** Refill due from the clinical core, with the governing limit and every input shown. */
export function RefillForecastCard({ plan, timeZone }: { plan: Extract<RefillPlan, { kind: 'ready' }>; timeZone: string }) {
  const result = useMemo(() => forecastRefill(plan.input), [plan]);
  if (!result.ok) {
    return (
      <p className="banner banner--error" role="alert">
        The refill forecast could not be calculated: {result.error.field}: {result.error.message}
      </p>
    );
  }
  const f = result.value;
  const v = f.value;
  const pill = statusPill(v.status);
  const days = Math.round(v.daysUntilDue);
  const facts = [
    ['refill date', plan.refill.performedFrom?.from],
    ['fill volume', plan.refill.fillVolumeFrom?.from],
    ['concentration', plan.concentrationFrom === 'refill' ? plan.refill.concentrationFrom?.from : undefined],
  ] as const;
  const fromText = facts.filter(([, from]) => from === 'text').map(([name]) => name);
  const fromEntry = facts.filter(([, from]) => from === 'entered').map(([name]) => name);
  return (
    <>
      <p className="figure">
        <span data-testid="refill-due-date">{formatDate(v.dueDate, timeZone)}</span>{' '}
        <span className={`status-pill ${pill.className}`}>{pill.text}</span>
      </p>
      <p>
        {days >= 0 ? `In ${days} ${days === 1 ? 'day' : 'days'}` : `${-days} days ago`}. Governed by <strong data-testid="refill-governing">{LIMIT_TEXT[v.governingLimit]}</strong>
        {v.governingLimit === 'reservoir-volume'
          ? ` (alarm at ${ml(plan.input.alarmVolume ?? 0, 1)} left, ${formatDate(v.alarmDate, timeZone)}; stability limit ${formatDate(v.stabilityDate, timeZone)})`
          : ` (${f.inputs.stabilityDays} days after the fill, ${formatDate(v.stabilityDate, timeZone)}; the alarm would come ${formatDate(v.alarmDate, timeZone)})`}
        .
      </p>
      {plan.refill.programmerNextRefillDate !== undefined && (
        <p>
          Clinician Programmer&apos;s next refill date, entered at the refill: <strong data-testid="programmer-refill-date">{formatDate(plan.refill.programmerNextRefillDate.date, timeZone)}</strong>{' '}
          <span className="source">(authoritative, Guideline §4.1.6; Observation/{plan.refill.programmerNextRefillDate.id}). The date above is the app&apos;s cross-check.</span>
        </p>
      )}
      {f.warnings.map((w) => (
        <p key={w.code} className={`banner ${w.code === 'refill-overdue' ? 'banner--error' : 'banner--warning'}`}>
          {w.message}
        </p>
      ))}
      {plan.cautions.map((c) => (
        <p key={c} className="banner banner--warning">
          {c}
        </p>
      ))}
      <p className="doctor-inputs-line" data-testid="refill-inputs">
        From the refill on {formatDate(plan.refill.performed, timeZone)}: {ml(plan.input.fillVolume, 1)} of {perMl(plan.input.concentration)}
        {plan.orders.length > 1 ? `, ${plan.orders.length} dose periods, now` : ','} {perDay(v.currentDailyDose)} ({num(v.currentDailyVolume, 3)} mL/day); alarm at{' '}
        {ml(plan.input.alarmVolume ?? 0, 1)}
        {plan.alarmFrom === 'default' ? ' (default)' : ''}; stability {f.inputs.stabilityDays} days.
        {fromText.length > 0 ? ` The ${listOf(fromText)} ${fromText.length === 1 ? 'was' : 'were'} read from the refill's text.` : ''}
        {fromEntry.length > 0 ? ` The ${listOf(fromEntry)} ${fromEntry.length === 1 ? 'was' : 'were'} ${ENTERED_BY_YOU}.` : ''}
      </p>
      <details className="doctor-inputs">
        <summary>Inputs and working</summary>
        <dl className="doctor-dl">
          <dt>Last refill</dt>
          <dd>
            {formatWhen(plan.refill.performed, timeZone)}{' '}
            <span className="source">({plan.refill.performedFrom?.from === 'entered' ? ENTERED_BY_YOU : describeProcedure(plan.refill.procedureId, plan.refill.match)})</span>
          </dd>
          <dt>Fill volume</dt>
          <dd>
            {ml(plan.input.fillVolume, 1)} <span className="source">({describeFact(plan.refill.fillVolumeFrom, 'Observation reservoir-fill-volume')})</span>
          </dd>
          <dt>Concentration</dt>
          <dd>
            {perMl(plan.input.concentration)}{' '}
            <span className="source">
              ({plan.concentrationFrom === 'refill' ? describeFact(plan.refill.concentrationFrom, 'Observation refill-concentration') : 'the prescription; not recorded on the refill'})
            </span>
          </dd>
          <dt>Doses since the fill</dt>
          <dd>
            <ul className="doctor-list">
              {plan.orders.map((o) => (
                <li key={o.id}>
                  {o.dailyDose === undefined ? '?' : perDay(o.dailyDose)} from {formatWhen(startOf(o), timeZone)}{' '}
                  <span className="source">(MedicationRequest/{o.id})</span>
                </li>
              ))}
            </ul>
          </dd>
          <dt>Daily volume now</dt>
          <dd>
            {num(v.currentDailyVolume, 3)} mL/day ({perDay(v.currentDailyDose)} ÷ {perMl(plan.input.concentration)})
          </dd>
          <dt>Low-reservoir alarm</dt>
          <dd>
            {ml(plan.input.alarmVolume ?? 0, 1)}{' '}
            <span className="source">({plan.alarmFrom === 'device' ? 'Device low-reservoir-alarm-volume' : 'default 2 mL: not recorded on the Device'})</span>
          </dd>
          <dt>Drug stability</dt>
          <dd>
            {f.inputs.stabilityDays} days <span className="source">(site setting, Guideline §4.1.6)</span>
          </dd>
          <dt>Days from fill to alarm</dt>
          <dd>
            {num(v.daysToAlarm, 1)} days (({ml(plan.input.fillVolume, 1)} − {ml(plan.input.alarmVolume ?? 0, 1)}) ÷ daily volume, applied per dose period)
          </dd>
          <dt>Estimated volume now</dt>
          <dd>{ml(v.estimatedVolumeNow, 1)}</dd>
          <dt>Due-soon window</dt>
          <dd>{f.inputs.dueSoonDays} days (site setting)</dd>
        </dl>
        {f.notes.map((n) => (
          <p key={n} className="muted">
            {n}
          </p>
        ))}
      </details>
      <Source>{f.source}; calculated from the records above.</Source>
    </>
  );
}
