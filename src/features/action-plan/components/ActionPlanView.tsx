import { useState, type ReactNode } from 'react';
import {
  assessWeight,
  buildActionPlan,
  checkPlanPrintable,
  DEFAULT_ALARM_VOLUME_ML,
  SAMPLE_CONTACT_TEXT,
  DEFAULT_STABILITY_DAYS,
  toSiteInstantIso,
  type ActionPlan,
  type ActionPlanInput,
  type DomainWarning,
  type Part,
  WEIGHT_FOR_AGE_FIELD,
} from '../../../domain';
import { WeightForAgeCheck } from '../../../components/ui/WeightForAgeCheck';
import { useConfirmedWeight } from '../../../session/confirmed-doses';
import type { BodyWeight, ParseIssue } from '../../../fhir';
import { enteredWeightLabel, SessionWeightPanel } from '../../../components/ui/SessionWeight';
import { formatAge, formatBirthDate } from '../../../components/ui/format';
import { useActionPlanData } from '../api/use-action-plan-data';
import { doseStart, latestRefill, type PlanGaps } from '../api/action-plan-input';
import { daysAgoText, formatKg, formatNumber, formatWeightUnit, formatWhen, readFailure } from '../../../components/ui/clinical-format';
import './action-plan.css';
import { PartialNotice, PassedOverNotice } from '../../../components/ui/read-state';
import { MedicationOrderWarnings } from '../../../components/ui/MedicationOrderWarnings';
import { useSession } from '../../../session/session-context';
import { FamilyActionPlanView } from './FamilyActionPlanView';

type Which = 'clinicians' | 'family';

type QueryState = { readonly isError: boolean; readonly error: unknown; readonly refetch: () => unknown };

/**
 * The ITB Action Plan (issue 7 item 5): one A4 page that reads the same on screen and on paper.
 * `buildActionPlan` decides the content; this view only lays it out.
 */
export function ActionPlanView() {
  const data = useActionPlanData();
  const { ehr, patientId } = useSession();
  const [which, setWhich] = useState<Which>('clinicians');
  const { patient, weight, medications, pump } = data.queries;
  const forAge = useConfirmedWeight(patientId, weight.data?.latest);

  if (patient.isPending) {
    return (
      <p role="status" className="muted">
        Reading the patient's record for the action plan…
      </p>
    );
  }
  if (patient.isError) {
    return (
      <div role="alert" className="banner banner--error">
        <h2>The action plan cannot be made</h2>
        <p>The patient's record could not be read: {readFailure(patient.error)}. A plan is never printed without the child's identity.</p>
        <button type="button" onClick={() => void patient.refetch()}>
          Retry
        </button>
      </div>
    );
  }
  if (data.loading || data.assembled === undefined) {
    return (
      <p role="status" className="muted">
        Reading the pump, medicines and weight for the action plan…
      </p>
    );
  }

  const built = buildActionPlan({ ...data.assembled.input, weightConfirmed: forAge.isConfirmed });
  if (!built.ok) {
    return (
      <div role="alert" className="banner banner--error">
        <h2>The action plan cannot be made</h2>
        <p>
          {built.error.message} (field <code>{built.error.field}</code>)
        </p>
      </div>
    );
  }
  const plan = built.value;
  const tz = data.site.site.timeZone;
  const gaps = data.assembled.gaps;
  const failed = [
    { what: 'weight', q: weight },
    { what: 'medicines', q: medications },
    { what: 'pump and procedures', q: pump },
    ...(data.history.needed ? [{ what: 'dose history', q: data.history.query }] : []),
  ].filter((f) => f.q.isError);
  const issues: ParseIssue[] = [
    ...(weight.data?.issues ?? []),
    ...(medications.data?.issues ?? []),
    ...(pump.data?.issues ?? []),
    ...data.history.issues,
  ];
  const asOf = formatWhen(plan.asOf, tz);
  const printable = checkPlanPrintable(plan, { sandbox: ehr.sandbox === true });
  const printControls = (
    <div className="no-print ap-controls">
      <button type="button" className="primary" onClick={() => window.print()} disabled={!printable.ok} aria-describedby="ap-print-hint">
        Print
      </button>
      <span id="ap-print-hint" className="hint muted">
        {printable.ok ? `One A4 page. Check it before it goes into the family's folder.${printable.note === undefined ? '' : ` ${printable.note}`}` : printable.reason}
      </span>
    </div>
  );
  const chooser = (
    <div className="no-print ap-chooser" role="group" aria-label="Which plan">
      <button type="button" aria-pressed={which === 'clinicians'} onClick={() => setWhich('clinicians')}>
        Plan for clinicians
      </button>
      <button type="button" aria-pressed={which === 'family'} onClick={() => setWhich('family')}>
        Plan for the family and school
      </button>
    </div>
  );
  if (which === 'family') {
    return (
      <>
        {chooser}
        <FamilyActionPlanView plan={plan} timeZone={tz} controls={printControls} />
      </>
    );
  }

  return (
    <>
    {chooser}
    <article className="action-plan" aria-labelledby="ap-title">
      <header className="ap-head">
        <div>
          <h1 id="ap-title">ITB Action Plan</h1>
          <p className="ap-asof">
            Data as of <strong data-testid="as-of">{asOf}</strong> (when it was read from the EHR)
          </p>
        </div>
        {printControls}
      </header>
      <p className="ap-emergency" role="note">
        <strong>{plan.emergency.call}</strong> {plan.emergency.pumpAlarm} {plan.emergency.callKidsRehab}
      </p>

      {failed.length > 0 && (
        <div role="alert" className="banner banner--error ap-notice">
          <strong>Part of this plan could not be read from the EHR:</strong>{' '}
          {failed.map((f) => `${f.what} (${readFailure(f.q.error)})`).join('; ')}. Those sections say so below; do not read them as "nothing recorded".{' '}
          <button type="button" className="no-print" onClick={() => failed.forEach((f) => void f.q.refetch())}>
            Retry
          </button>
        </div>
      )}
      <PartialNotice issues={issues} />

      <section className="ap-section ap-identity" aria-labelledby="ap-identity-h">
        <h2 id="ap-identity-h" className="visually-hidden">
          Patient
        </h2>
        <dl className="ap-facts ap-facts--identity">
          <Fact label="Name">
            <strong>{plan.patient.name}</strong>
          </Fact>
          <Fact label="Born">
            {formatBirthDate(patient.data.birthDate)}
            {plan.patient.age.available ? ` (${formatAge(plan.patient.age.value)})` : ''}
          </Fact>
          {plan.patient.identifiers.length === 0 ? (
            <Fact label="MRN">not recorded</Fact>
          ) : (
            plan.patient.identifiers.map((id) => (
              <Fact key={id.label} label={id.label}>
                {id.value}
              </Fact>
            ))
          )}
          <Fact label="Weight">
            <WeightFact data={data} asOf={plan.asOf} tz={tz} gaps={gaps} />
          </Fact>
        </dl>
      </section>

      <p className="ap-no-lp" role="note">
        <strong>DO NOT PERFORM A LUMBAR PUNCTURE</strong> {plan.doNotLumbarPuncture.replace(/^DO NOT PERFORM A LUMBAR PUNCTURE /, '')} This applies to withdrawal and to overdose.
      </p>

      <section className="ap-section" aria-labelledby="ap-pump-h">
        <h2 id="ap-pump-h">Pump, drug and current dose</h2>
        {medications.data && (
          <MedicationOrderWarnings activeIntrathecal={medications.data.activeIntrathecal} unclassified={medications.data.unclassified} timeZone={tz} />
        )}
        {gaps.concentrationMismatch && (
          <p className="banner banner--warning ap-notice">
            <strong>Check the concentration:</strong> the order says {gaps.concentrationMismatch.prescribed} micrograms/mL but the last refill recorded{' '}
            {gaps.concentrationMismatch.refilled} micrograms/mL. The refill's concentration is used below; confirm with the pump interrogation.
          </p>
        )}
        <dl className="ap-facts">
          <Fact label="Current dose">
            <PartView part={plan.currentDose} failed={medications} what="medicines">
              {(d) => (
                <>
                  <strong>{formatNumber(d.dailyDose)} micrograms/day</strong> intrathecal{d.mode ? ` (${d.mode})` : ''}
                  {medications.data?.current?.source !== undefined && (
                    <span className="source" title={medications.data.current.sourceDetail}>
                      {' '}
                      — {medications.data.current.source}
                    </span>
                  )}
                </>
              )}
            </PartView>
            {medications.data?.current?.dailyDose === undefined && medications.data?.current?.candidate !== undefined && (
              <span className="source">
                {' '}
                The order's text states {formatNumber(medications.data.current.candidate.dailyDose)} micrograms/day, not yet confirmed: confirm it against the
                order in the doctor view.
              </span>
            )}
          </Fact>
          <Fact label="Drug and concentration">
            {medications.isError && plan.pump.concentration === undefined ? (
              <Unavailable text={`could not be read: ${readFailure(medications.error)}`} />
            ) : (
              <>
                {plan.pump.concentration === undefined ? (
                  <Unavailable text="concentration not recorded" />
                ) : (
                  <>
                    <strong>{plan.pump.concentration} micrograms/mL</strong>
                    {gaps.concentrationFrom === undefined ? '' : ` (${gaps.concentrationFrom})`}
                  </>
                )}
                ; {plan.pump.drug}
              </>
            )}
          </Fact>
          <Fact label="Pump">
            {pump.isError ? (
              <Unavailable text={`could not be read: ${readFailure(pump.error)}`} />
            ) : (
              <>
                {plan.pump.model}
                {plan.pump.reservoirMl === undefined ? ', reservoir volume not recorded' : `, reservoir ${plan.pump.reservoirMl} mL`}
              </>
            )}
          </Fact>
          <Fact label="Last refill">
            <EventFact part={plan.lastEvents.lastRefill} fallbackAt={gaps.lastRefillAt} recorded={latestRefill(pump.data)?.performed} asOf={plan.asOf} tz={tz} failed={pump} what="pump and procedures" />
            {gaps.refillSource === undefined ? null : <span className="source"> ({gaps.refillSource})</span>}
          </Fact>
          <Fact label="Next refill due">
            <NextRefill plan={plan} gaps={gaps} tz={tz} pumpQuery={pump} medicationsQuery={medications} historyQuery={data.history.needed ? data.history.query : undefined} input={data.assembled.input} fillRecorded={latestRefill(pump.data)?.performed} />
          </Fact>
          <Fact label="Implant">
            <EventFact part={plan.lastEvents.implant} recorded={pump.data?.implantDate} asOf={plan.asOf} tz={tz} failed={pump} what="pump and procedures" />
            {gaps.implantSource === undefined ? null : <span className="source"> ({gaps.implantSource})</span>}
            {gaps.implantSearch === undefined ? null : <span className="source"> ({gaps.implantSearch})</span>}
          </Fact>
          <Fact label="Last dose change">
            <EventFact part={plan.lastEvents.lastDoseChange} recorded={medications.data?.current === undefined ? undefined : doseStart(medications.data.current)} asOf={plan.asOf} tz={tz} failed={medications} what="medicines" />
          </Fact>
          <Fact label="Recent MRI">
            <EventFact part={plan.lastEvents.recentMri} recorded={pump.data?.procedures.find((p) => p.kind === 'mri')?.performed} asOf={plan.asOf} tz={tz} failed={pump} what="pump and procedures" />
            {gaps.mriSource === undefined ? null : <span className="source"> ({gaps.mriSource})</span>}
          </Fact>
          <Fact label="Pump replacement">
            <PartView part={plan.pump.replacement} failed={pump} what="pump and procedures">
              {(r) =>
                r.value.eriDate !== undefined ? (
                  <>
                    Elective replacement indicator {formatWhen(r.value.eriDate, tz, true)}
                    {r.value.status === 'eri-reached' ? ' (REACHED)' : ''}
                    <span className="source"> ({r.source})</span>
                  </>
                ) : (
                  <>
                    Window {formatWhen(r.value.windowStart, tz, true)} – {formatWhen(r.value.windowEnd, tz, true)} from the implant date
                    <span className="source"> ({r.source})</span>
                  </>
                )
              }
            </PartView>
          </Fact>
        </dl>
      </section>

      <div className="ap-columns">
        <section className="ap-section ap-syndrome" aria-labelledby="ap-withdrawal-h">
          <h2 id="ap-withdrawal-h">Withdrawal (too little baclofen): a medical emergency</h2>
          <h3>Signs</h3>
          <ul className="ap-signs">
            {plan.withdrawal.signs.map((s) => (
              <li key={s.sign}>
                {s.label}
                {s.pointsTo === 'either' ? ' (also in overdose)' : ''}
              </li>
            ))}
          </ul>
          <h3>Oral baclofen rescue dose for this child</h3>
          <RescueDose plan={plan} weightQuery={weight} gaps={gaps} tz={tz} weight={weight.data?.latest} onConfirmWeight={forAge.confirm} />
          <h3>What to do</h3>
          <ol className="ap-steps">
            {withoutLumbarPunctureLine(plan.withdrawal.actions, plan.doNotLumbarPuncture).map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ol>
          <h3>Other medicines (guideline text, not weight-based; prescriber confirms)</h3>
          <ul className="ap-steps">
            {plan.withdrawal.adjuncts.map((m) => (
              <li key={m.medicine}>
                <strong>{m.medicine}:</strong> {m.text} <span className="source">({m.source})</span>
              </li>
            ))}
          </ul>
        </section>

        <section className="ap-section ap-syndrome" aria-labelledby="ap-overdose-h">
          <h2 id="ap-overdose-h">Overdose (too much baclofen)</h2>
          <h3>Signs</h3>
          <ul className="ap-signs">
            {plan.overdose.signs.map((s) => (
              <li key={s.sign}>
                {s.label}
                {s.pointsTo === 'either' ? ' (also in withdrawal)' : ''}
              </li>
            ))}
          </ul>
          <h3>What to do</h3>
          <ol className="ap-steps">
            {withoutLumbarPunctureLine(plan.overdose.actions, plan.doNotLumbarPuncture).map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ol>
        </section>
      </div>

      <section className="ap-section" aria-labelledby="ap-precautions-h">
        <h2 id="ap-precautions-h">Precautions</h2>
        <ul className="ap-steps">
          <li>{plan.precautions.mri}</li>
          <li>{plan.precautions.diathermy}</li>
        </ul>
      </section>

      <section className="ap-section" aria-labelledby="ap-contacts-h">
        <h2 id="ap-contacts-h">Contacts</h2>
        <table className="ap-contacts">
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">Name</th>
              <th scope="col">Phone or pager</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {plan.contacts.map((c) => (
              <tr key={`${c.role}|${c.phone}`}>
                <th scope="row">{c.role}</th>
                <td>{c.name ?? ''}</td>
                <td>
                  {c.phone}
                  {c.sample === true && <em className="ap-sample"> ({SAMPLE_CONTACT_TEXT})</em>}
                </td>
                <td>{c.when ?? 'Any time'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <footer className="ap-foot source">
        Data as of {asOf}, read from the EHR by ITB Companion for {plan.patient.name}. Guidance from the CHW ITB practice guideline (§2, §5); clinical decision support, not a
        prescription: the prescriber confirms every dose. The pump programmer's refill date is authoritative.
      </footer>
    </article>
    </>
  );
}

/**
 * The builder repeats the no-lumbar-puncture line inside both step lists; the page prints it once,
 * boxed above both, so the lists stay short enough for one A4 page.
 */
function withoutLumbarPunctureLine(actions: readonly string[], warning: string): readonly string[] {
  return actions.filter((a) => a !== warning);
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="ap-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Unavailable({ text }: { text: string }) {
  return <span className="ap-unavailable">{text}</span>;
}

/** A part the builder could not fill: a failed read says so; otherwise the builder's reason. */
function PartView<T>({ part, failed, what, children }: { part: Part<T>; failed: QueryState; what: string; children: (value: T) => ReactNode }) {
  if (part.available) return <>{children(part.value)}</>;
  if (failed.isError) return <Unavailable text={`${what} could not be read: ${readFailure(failed.error)}`} />;
  return <Unavailable text={part.reason} />;
}

/** `recorded`: the value as the EHR sent it, so a date-only record prints as that date (never an invented 00:00). */
function EventFact({
  part,
  fallbackAt,
  recorded,
  asOf,
  tz,
  failed,
  what,
}: {
  part: Part<Date>;
  fallbackAt?: string | undefined;
  recorded?: string | undefined;
  asOf: Date;
  tz: string;
  failed: QueryState;
  what: string;
}) {
  if (!part.available && fallbackAt !== undefined) {
    return (
      <>
        {formatWhen(fallbackAt, tz)} ({daysAgoText(fallbackAt, asOf, tz)})
      </>
    );
  }
  return (
    <PartView part={part} failed={failed} what={what}>
      {(at) => (
        <>
          {formatWhen(recorded ?? at, tz)} ({daysAgoText(at, asOf)})
        </>
      )}
    </PartView>
  );
}

function Warnings({ warnings }: { warnings: readonly DomainWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="ap-warnings">
      {warnings.map((w) => (
        <li key={w.code}>
          <strong>Check:</strong> {w.message}
        </li>
      ))}
    </ul>
  );
}

function NextRefill({
  plan,
  gaps,
  tz,
  pumpQuery,
  medicationsQuery,
  historyQuery,
  input,
  fillRecorded,
}: {
  input: ActionPlanInput;
  /** The refill's date as the EHR sent it (a date-only refill prints as that date). */
  fillRecorded: string | undefined;
  plan: ActionPlan;
  gaps: PlanGaps;
  tz: string;
  pumpQuery: QueryState;
  medicationsQuery: QueryState;
  historyQuery: QueryState | undefined;
}) {
  const part = plan.nextRefill;
  if (!part.available) {
    if (historyQuery?.isError) return <Unavailable text={`the dose history could not be read: ${readFailure(historyQuery.error)}`} />;
    if (pumpQuery.isError) return <Unavailable text={`pump and procedures could not be read: ${readFailure(pumpQuery.error)}`} />;
    if (medicationsQuery.isError) return <Unavailable text={`medicines could not be read: ${readFailure(medicationsQuery.error)}`} />;
    return <Unavailable text={gaps.refill ?? part.reason} />;
  }
  const f = part.value;
  const fill = input.lastRefill;
  const alarm = fill?.alarmVolume ?? DEFAULT_ALARM_VOLUME_ML;
  const stability = input.stabilityDays ?? DEFAULT_STABILITY_DAYS;
  const schedule = input.doseSchedule ?? [];
  const status = f.value.status;
  const statusText = status === 'overdue' ? 'OVERDUE' : status === 'due-soon' ? 'Due soon' : 'On track';
  const limit =
    f.value.governingLimit === 'reservoir-volume'
      ? `reservoir reaches the ${alarm} mL low-reservoir alarm`
      : `${stability}-day drug stability limit`;
  const days = f.value.daysUntilDue;
  return (
    <>
      <strong>{formatWhen(f.value.dueDate, tz)}</strong> <span className={`status-pill ${status === 'ok' ? 'zone-normal' : status === 'due-soon' ? 'zone-yellow' : 'zone-red'}`}>{statusText}</span>{' '}
      ({dueInWords(days)}): {limit}.
      <span className="source">
        {' '}
        From {fill?.volume} mL of {input.drug?.concentration} micrograms/mL filled {fill === undefined ? '' : formatWhen(fillRecorded ?? fill.at, tz)},{' '}
        {schedule.map((s) => `${formatNumber(s.dailyDose)} micrograms/day`).join(' then ')}; alarm {alarm} mL; stability {stability} days ({f.source}). Cross-check only: the pump
        programmer's date is authoritative.
      </span>
      <Warnings warnings={f.warnings} />
    </>
  );
}

function WeightFact({ data, asOf, tz, gaps }: { data: ReturnType<typeof useActionPlanData>; asOf: Date; tz: string; gaps: PlanGaps }) {
  const q = data.queries.weight;
  const latest = q.data?.latest;
  // Entry of a weight for this session (screen only), or the entered one's state, under the fact.
  const panel = <SessionWeightPanel session={data.sessionWeight} patient={data.queries.patient.data} timeZone={tz} uses="this plan's rescue dose" />;
  if (q.isError && latest?.enteredForSession === undefined) {
    return (
      <>
        <Unavailable text={`could not be read: ${readFailure(q.error)}`} />
        {panel}
      </>
    );
  }
  if (latest === undefined) {
    return (
      <>
        <Unavailable text={(q.data?.skippedNewer.length ?? 0) > 0 ? 'no usable weight recorded' : 'not recorded'} />
        {panel}
      </>
    );
  }
  if (latest.enteredForSession !== undefined) {
    return (
      <>
        <strong>{formatKg(latest.kg)}</strong> <span data-testid="plan-weight-entered">{enteredWeightLabel(latest.enteredForSession, tz)}</span>
        {q.isError ? ` (the chart's weight could not be read: ${readFailure(q.error)})` : ''}
        {panel}
      </>
    );
  }
  if (latest.effective === undefined) return <Unavailable text={gaps.weight ?? 'recorded without a date'} />;
  const assessed = assessWeight(
    { value: latest.original.value, unit: latest.original.unit, recordedAt: toSiteInstantIso(latest.effective, tz) },
    asOf,
    { staleAfterDays: data.site.clinical.staleWeightDays },
  );
  if (!assessed.ok) return <Unavailable text={assessed.error.message} />;
  const w = assessed.value.value;
  return (
    <>
      <strong>{formatKg(w.kg)}</strong>
      {latest.original.unit === 'kg' ? '' : ` (recorded as ${latest.original.value} ${formatWeightUnit(latest.original.unit)})`} on {formatWhen(latest.effective, tz)} ({daysAgoText(w.recordedAt, asOf)})
      {w.stale && (
        <>
          {' '}
          <span className="status-pill zone-yellow">STALE</span> re-weigh
        </>
      )}
      <PassedOverNotice issues={q.data?.skippedNewer ?? []} what="weight" compact />
      {panel}
    </>
  );
}

function RescueDose({
  plan,
  weightQuery,
  gaps,
  tz,
  weight,
  onConfirmWeight,
}: {
  plan: ActionPlan;
  weightQuery: QueryState;
  gaps: PlanGaps;
  tz: string;
  /** The weight the plan used: the chart's, or the one entered for this session. */
  weight: BodyWeight | undefined;
  onConfirmWeight: () => void;
}) {
  const part = plan.withdrawal.oralBaclofen;
  const entered = weight?.enteredForSession;
  if (!part.available) {
    const why = weightQuery.isError && entered === undefined ? `The weight could not be read: ${readFailure(weightQuery.error)}.` : (gaps.weight ?? `${part.reason}`);
    return (
      <div className="ap-rescue ap-rescue--none">
        {part.error?.field === WEIGHT_FOR_AGE_FIELD && (
          <div className="no-print">
            <WeightForAgeCheck message={part.reason} onConfirm={onConfirmWeight} />
          </div>
        )}
        <p>
          <strong>No dose calculated:</strong> {why} Weigh the child; by guideline §5.1.4.1:
        </p>
        {weight === undefined && <p className="no-print muted">A weight can be entered for this session under “Weight” above.</p>}
        <ul className="ap-steps">
          <li>&lt; 30 kg: 10 mg stat then 4 – 6 hourly, max 60 mg / day</li>
          <li>&gt; 30 kg: 20 mg stat then 4 – 6 hourly, max 120 mg (the guideline does not say per day)</li>
        </ul>
        <p>{plan.withdrawal.oralWithPump}</p>
      </div>
    );
  }
  const r = part.value;
  return (
    <div className="ap-rescue">
      <p className="ap-rescue__dose">
        <strong>{r.value.statDose} mg oral baclofen stat</strong>, {r.value.repeatInterval}, {r.value.maxDoseText.startsWith('max') ? r.value.maxDoseText : `max ${r.value.maxDoseText}`}.{' '}
        <span className="ap-with-pump">{plan.withdrawal.oralWithPump}</span>
      </p>
      <p className="source">
        From weight {formatKg(r.inputs.weightKg)} ({entered === undefined ? `recorded ${formatWhen(weight?.effective ?? r.inputs.weightRecordedAt, tz)}` : enteredWeightLabel(entered, tz)}) → band {r.value.bandText}. Guideline text: “{r.value.guidelineText}” ({r.source}).
        Prescriber confirms each dose.
      </p>
      <Warnings warnings={r.warnings} />
    </div>
  );
}

/** Whole days, rounded towards "sooner": 98.8 days away reads "in 98 days"; 0.4 days overdue reads "today". */
function dueInWords(days: number): string {
  if (days < 0) {
    const overdue = Math.floor(-days);
    return overdue === 0 ? 'due today' : `${overdue} day${overdue === 1 ? '' : 's'} overdue`;
  }
  const left = Math.floor(days);
  return left === 0 ? 'due within a day' : `in ${left} day${left === 1 ? '' : 's'}`;
}
