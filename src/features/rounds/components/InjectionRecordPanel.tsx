import { useState } from 'react';
import { amendObservation, markEnteredInError, type FhirClient, type TestDoseInjectionRecord } from '../../../fhir';
import type { WriteSetup } from '../../../session/use-write-setup';
import { checkInjection, outsideBandsNote, reasonGiven } from '../injection';
import { fromSiteLocalInput, toSiteIso, toSiteLocalInput } from '../../../domain';
import { formatWhen } from '../../../components/ui/clinical-format';
import { SiteTimeField } from '../../../components/ui/SiteTimeField';

type Props = {
  injection: TestDoseInjectionRecord;
  client: FhirClient;
  setup: WriteSetup;
  timeZone: string;
  now: Date;
  onClose: () => void;
  onChanged: () => void;
};

/**
 * Correct the injection record (issue 12): amend the dose or time with a reason (status amended,
 * If-Match on the version read), or mark it entered in error with a reason, which ends the
 * schedule it started. The same plausibility checks as the first entry (§3.1.5).
 */
export function InjectionRecordPanel({ injection, client, setup, timeZone, now, onClose, onChanged }: Props) {
  const [action, setAction] = useState<'amend' | 'retract'>('amend');
  const [dose, setDose] = useState(injection.doseMicrograms === undefined ? '' : String(injection.doseMicrograms));
  const [time, setTime] = useState(() => toSiteLocalInput(injection.at, timeZone));
  const [reason, setReason] = useState('');
  const [doseConfirmed, setDoseConfirmed] = useState(false);
  const [shown, setShown] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();

  const check = checkInjection(dose, time, now, (l) => fromSiteLocalInput(l, timeZone));
  const problems = [
    ...(action === 'amend' && !check.ok ? [check.message] : []),
    ...(action === 'amend' && check.ok && check.confirm !== undefined && !doseConfirmed ? ['Confirm the dose outside the guideline\'s bands, or correct it.'] : []),
    ...(reasonGiven(reason) ? [] : [action === 'amend' ? 'Give the reason for the amendment.' : 'Give the reason the record was entered in error.']),
    ...(injection.versionId === undefined ? ['The record\'s version is unknown, so it cannot be changed safely here: correct it in the EHR.'] : []),
  ];

  const save = async () => {
    setShown(true);
    if (problems.length > 0 || setup.status !== 'ready' || injection.versionId === undefined) return;
    setSaving(true);
    setFailure(undefined);
    try {
      if (action === 'retract') {
        await markEnteredInError(client, { id: injection.id, versionId: injection.versionId, reason });
      } else if (check.ok) {
        const notes = [`Amended: ${reason.trim()}`, ...(check.confirm !== undefined ? [outsideBandsNote(check.dose, reason)] : [])];
        await amendObservation(client, {
          id: injection.id,
          versionId: injection.versionId,
          groupId: injection.groupId ?? injection.id,
          draft: { key: 'test-dose-injection', value: { kind: 'quantity', value: check.dose, unit: 'ug' }, effective: toSiteIso(check.at, timeZone), note: notes.join(' ') },
          context: setup.context,
        });
      }
      onChanged();
      onClose();
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="injection-form"
      aria-label="Correct the injection record"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p>
        Recorded: {injection.doseMicrograms === undefined ? 'dose not in micrograms' : `${injection.doseMicrograms} micrograms`} at {formatWhen(injection.effective, timeZone)}{' '}
        <span className="source">Observation/{injection.id}</span>
      </p>
      <fieldset>
        <legend>What is wrong with it?</legend>
        <label className="check">
          <input type="radio" name="injection-action" checked={action === 'amend'} onChange={() => setAction('amend')} /> The dose or the time (amend it)
        </label>
        <label className="check">
          <input type="radio" name="injection-action" checked={action === 'retract'} onChange={() => setAction('retract')} /> No test dose was given, or it is the wrong patient (entered in error: the schedule ends)
        </label>
      </fieldset>
      {action === 'amend' && (
        <>
          <div className="field">
            <label htmlFor="injection-amend-dose">Test dose given</label>
            <span className="with-unit">
              <input id="injection-amend-dose" type="text" inputMode="decimal" value={dose} onChange={(e) => setDose(e.target.value)} />
              <span className="unit">micrograms</span>
            </span>
          </div>
          {check.ok && check.confirm !== undefined && (
            <label className="check confirm">
              <input type="checkbox" checked={doseConfirmed} onChange={(e) => setDoseConfirmed(e.target.checked)} /> {check.confirm}
            </label>
          )}
          <SiteTimeField id="injection-amend-time" legend="Injected at" value={time} timeZone={timeZone} now={now} error={undefined} hint="Time zero for the rounds." onChange={setTime} />
        </>
      )}
      <div className="field">
        <label htmlFor="injection-change-reason">{action === 'amend' ? 'Reason for the amendment' : 'Reason it was entered in error'}</label>
        <input id="injection-change-reason" type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      {shown && problems.length > 0 && (
        <ul className="error" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {failure !== undefined && (
        <p className="banner banner--error" role="alert">
          Not changed: {failure}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving || setup.status !== 'ready'}>
          {saving ? 'Saving…' : action === 'amend' ? 'Save amendment' : 'Mark entered in error'}
        </button>
        <button type="button" onClick={onClose} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
