import { useRef, useState } from 'react';
import { newEntryId, recordTestDoseInjection, type FhirClient, type SaveGroupResult } from '../../../fhir';
import type { WriteSetup } from '../../../session/use-write-setup';
import { checkInjection } from '../injection';
import { fromSiteLocalInput, toSiteIso, toSiteLocalInput } from '../../../domain';
import { formatWhen } from '../../../components/ui/clinical-format';
import { SiteTimeField } from './SiteTimeField';

type Props = {
  client: FhirClient;
  setup: WriteSetup;
  timeZone: string;
  now: Date;
  onCancel: () => void;
  onRecorded: () => void;
};

/** Record when the test dose was injected (micrograms): the observation clock starts here. */
export function InjectionForm({ client, setup, timeZone, now, onCancel, onRecorded }: Props) {
  // Made when the entry starts, reused on every retry so the injection is never written twice.
  const groupId = useRef(newEntryId());
  const [dose, setDose] = useState('');
  const [time, setTime] = useState(() => toSiteLocalInput(new Date(), timeZone));
  const [shown, setShown] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<SaveGroupResult | { failed: string } | undefined>();

  const check = checkInjection(dose, time, now, (l) => fromSiteLocalInput(l, timeZone));

  const submit = async () => {
    setShown(true);
    if (!check.ok || setup.status !== 'ready') return;
    setSaving(true);
    try {
      const r = await recordTestDoseInjection(client, {
        groupId: groupId.current,
        dose: check.dose,
        at: toSiteIso(check.at, timeZone),
        context: setup.context,
        strategy: setup.strategy,
        retry: attempted,
      });
      setAttempted(true);
      setResult(r);
      if (r.complete) onRecorded();
    } catch (e) {
      setAttempted(true);
      setResult({ failed: e instanceof Error ? e.message : String(e) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="injection-form"
      aria-label="Record the test-dose injection"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field">
        <label htmlFor="injection-dose">Test dose given</label>
        <span className="with-unit">
          <input id="injection-dose" type="text" inputMode="decimal" value={dose} disabled={attempted} aria-invalid={shown && !check.ok && check.field === 'dose' ? 'true' : undefined} aria-describedby="injection-dose-hint" onChange={(e) => setDose(e.target.value)} />
          <span className="unit">micrograms</span>
        </span>
        <span id="injection-dose-hint" className="hint">
          Intrathecal, in micrograms (not mg), as prescribed (Guideline §3.1.5).
        </span>
        {check.ok && check.warning !== undefined && <span className="confirm">{check.warning}</span>}
      </div>
      <SiteTimeField
        id="injection-time"
        legend="Injected at"
        value={time}
        timeZone={timeZone}
        now={now}
        disabled={attempted}
        error={shown && !check.ok && check.field === 'time' ? check.message : undefined}
        hint="Time zero for the rounds."
        onChange={setTime}
      />
      {shown && !check.ok && (
        <p className="error" role="alert">
          {check.message}
        </p>
      )}
      {result !== undefined && 'failed' in result && (
        <p className="banner banner--error" role="alert">
          Not recorded: {result.failed}
        </p>
      )}
      {result !== undefined && !('failed' in result) && !result.complete && (
        <p className="banner banner--error" role="alert">
          Not confirmed by the EHR: {result.error?.message ?? 'no confirmation'}. Retry: it will not be written twice.
        </p>
      )}
      {check.ok && <p className="muted">Will record {check.dose} micrograms at {formatWhen(check.at, timeZone)}.</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving || setup.status !== 'ready'}>
          {saving ? 'Saving…' : attempted ? 'Retry' : 'Record injection'}
        </button>
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
