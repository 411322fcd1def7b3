import { useRef, useState } from 'react';
import { newEntryId, recordTestDoseInjection, type FhirClient } from '../../../fhir';
import { GroupSaveProblem, ReviewActions, useGroupSave } from '../../../components/ui/use-group-save';
import type { WriteSetup } from '../../../session/use-write-setup';
import { checkInjection, outsideBandsNote, PUMP_CONFIRMED_NOTE, reasonGiven } from '../injection';
import { fromSiteLocalInput, toSiteIso, toSiteLocalInput, type ItbSituation } from '../../../domain';
import { formatWhen } from '../../../components/ui/clinical-format';
import { SiteTimeField } from '../../../components/ui/SiteTimeField';

type Props = {
  client: FhirClient;
  setup: WriteSetup;
  timeZone: string;
  now: Date;
  /** A child with a pump recorded gets a confirmation first: a test dose is given before an implant (§3.1). */
  situation: ItbSituation;
  onCancel: () => void;
  onRecorded: () => void;
};

/** Why the pump question is asked, from the situation's own reasons. */
function pumpReason(situation: ItbSituation): string | undefined {
  const pumpRecorded = situation.kind === 'pump' || (situation.kind === 'no-pump' && situation.pumpNotRunning);
  return pumpRecorded ? situation.reasons.join(' ') : undefined;
}

/**
 * Record when the test dose was injected (micrograms): the observation clock starts here. Entry,
 * then a review of exactly what is written (issue 12): the dose against the guideline's bands
 * (§3.1.5), confirmed with a reason outside them; for a child with a pump, a confirmation that
 * this is a test dose at all.
 */
export function InjectionForm({ client, setup, timeZone, now, situation, onCancel, onRecorded }: Props) {
  // Made when the entry starts, reused on every retry so the injection is never written twice.
  const groupId = useRef(newEntryId());
  const [dose, setDose] = useState('');
  const [time, setTime] = useState(() => toSiteLocalInput(new Date(), timeZone));
  const [reason, setReason] = useState('');
  const [pumpConfirmed, setPumpConfirmed] = useState(false);
  const [shown, setShown] = useState(false);
  const [phase, setPhase] = useState<'entry' | 'review'>('entry');
  const { attempted, saving, result, run } = useGroupSave(onRecorded);
  const reviewHeading = useRef<HTMLHeadingElement>(null);

  const check = checkInjection(dose, time, now, (l) => fromSiteLocalInput(l, timeZone));
  const pump = pumpReason(situation);
  const needsReason = check.ok && check.confirm !== undefined;
  const problems: string[] = [
    ...(check.ok ? [] : [check.message]),
    ...(needsReason && !reasonGiven(reason) ? ['Give the reason for a dose outside the guideline\'s bands (for example "as prescribed by Dr …").'] : []),
    ...(pump !== undefined && !pumpConfirmed ? ['This child has a pump recorded: confirm this was a test dose before recording it.'] : []),
  ];
  const notes = [...(check.ok && needsReason ? [outsideBandsNote(check.dose, reason)] : []), ...(pump !== undefined ? [PUMP_CONFIRMED_NOTE] : [])];
  const note = notes.length === 0 ? undefined : notes.join(' ');

  const review = () => {
    setShown(true);
    if (problems.length > 0) return;
    setPhase('review');
    requestAnimationFrame(() => reviewHeading.current?.focus());
  };

  const submit = async () => {
    if (!check.ok || problems.length > 0 || setup.status !== 'ready') return;
    await run((retry) =>
      recordTestDoseInjection(client, {
        groupId: groupId.current,
        dose: check.dose,
        at: toSiteIso(check.at, timeZone),
        context: setup.context,
        strategy: setup.strategy,
        retry,
        ...(note === undefined ? {} : { note }),
      }),
    );
  };

  if (phase === 'review' && check.ok) {
    return (
      <section className="injection-form review" aria-labelledby="injection-review-heading">
        <h3 id="injection-review-heading" ref={reviewHeading} tabIndex={-1}>
          Review the injection: this is exactly what will be written
        </h3>
        <dl className="doctor-dl" data-testid="injection-review">
          <dt>Test dose</dt>
          <dd>
            <strong>{check.dose} micrograms</strong> intrathecal (Observation itb-assessment test-dose-injection, unit ug)
          </dd>
          <dt>Injected at</dt>
          <dd>{formatWhen(check.at, timeZone)}</dd>
          {note !== undefined && (
            <>
              <dt>Note</dt>
              <dd>{note}</dd>
            </>
          )}
        </dl>
        {check.confirm !== undefined && <p className="banner banner--warning">{check.confirm}</p>}
        <GroupSaveProblem result={result} failedLabel="Not recorded" />
        <ReviewActions saving={saving} attempted={attempted} ready={setup.status === 'ready'} saveLabel="Record injection" onSave={() => void submit()} onBack={() => setPhase('entry')} onCancel={onCancel} />
        {attempted && <p className="hint muted">A save was started, so the values are locked: finish saving, then correct the record from the schedule if needed.</p>}
      </section>
    );
  }

  return (
    <form
      className="injection-form"
      aria-label="Record the test-dose injection"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        review();
      }}
    >
      {pump !== undefined && (
        <div className="banner banner--warning" role="note" data-testid="injection-pump-warning">
          <p>
            <strong>This child already has an ITB pump recorded.</strong> A test dose is given by lumbar puncture before an implant is decided (Guideline §3.1, §3.3); a pump child's
            doses are pump boluses, not test doses. {pump}
          </p>
          <label className="check">
            <input type="checkbox" checked={pumpConfirmed} onChange={(e) => setPumpConfirmed(e.target.checked)} /> I confirm this was a test dose by lumbar puncture, not a pump bolus
          </label>
        </div>
      )}
      <div className="field">
        <label htmlFor="injection-dose">Test dose given</label>
        <span className="with-unit">
          <input id="injection-dose" type="text" inputMode="decimal" value={dose} aria-invalid={shown && !check.ok && check.field === 'dose' ? 'true' : undefined} aria-describedby="injection-dose-hint" onChange={(e) => setDose(e.target.value)} />
          <span className="unit">micrograms</span>
        </span>
        <span id="injection-dose-hint" className="hint">
          Intrathecal, in micrograms (not mg), as prescribed. The guideline's test doses are 25 to 100 micrograms (§3.1.5).
        </span>
      </div>
      {check.ok && check.confirm !== undefined && (
        <div className="field">
          <p className="confirm" id="injection-reason-why">
            {check.confirm}
          </p>
          <label htmlFor="injection-reason">Reason for this dose</label>
          <input id="injection-reason" type="text" value={reason} aria-describedby="injection-reason-why" aria-invalid={shown && !reasonGiven(reason) ? 'true' : undefined} onChange={(e) => setReason(e.target.value)} />
        </div>
      )}
      <SiteTimeField
        id="injection-time"
        legend="Injected at"
        value={time}
        timeZone={timeZone}
        now={now}
        error={shown && !check.ok && check.field === 'time' ? check.message : undefined}
        hint="Time zero for the rounds."
        onChange={setTime}
      />
      {shown && problems.length > 0 && (
        <ul className="error" role="alert" aria-label="Check these before reviewing">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={setup.status !== 'ready'}>
          Review injection
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
