import { useId, useState } from 'react';
import { newEntryId, type TestDoseVerdict } from '../../../fhir';
import { useSession } from '../../../session/session-context';
import { useWriteSetup } from '../../../session/use-write-setup';
import { useSaveVerdict, type VerdictRecord } from '../api/therapy';
import { when } from './format';
import { Segmented } from './Segmented';

const VERDICTS: readonly { value: TestDoseVerdict; label: string }[] = [
  { value: 'response-positive', label: 'Positive' },
  { value: 'response-negative', label: 'Negative' },
  { value: 'response-equivocal', label: 'Equivocal' },
];

const verdictOf = (v: VerdictRecord): TestDoseVerdict | undefined => {
  const value = v.value;
  return value.kind === 'codeable' ? VERDICTS.find((x) => x.value === value.code)?.value : undefined;
};
const verdictLabel = (v: VerdictRecord): string => {
  const code = verdictOf(v);
  if (code !== undefined) return `${VERDICTS.find((x) => x.value === code)?.label ?? ''} response`;
  return v.value.kind === 'codeable' ? (v.value.display ?? 'Unrecognised verdict') : 'Unrecognised verdict';
};
const who = (v: VerdictRecord): string =>
  v.performers.length === 0 ? 'recorder not stated' : v.performers.map((p) => p.name ?? `${p.reference} (name could not be read)`).join(', ');

/**
 * The clinician's verdict on the test dose (positive / negative / equivocal, with a note), written
 * as its own Observation `itb-test-response` and shown with who recorded it and when. The app
 * presents evidence; it never records a verdict itself (A8).
 */
export function VerdictPanel(props: {
  verdicts: { status: 'pending' } | { status: 'error'; message: string; retry: () => void } | { status: 'ready'; items: readonly VerdictRecord[]; partial: boolean };
  /** Verdicts from before this test dose are listed apart. */
  since: string | undefined;
}) {
  const ids = useId();
  const timeZone = useSession().site.site.timeZone;
  const setup = useWriteSetup();
  const save = useSaveVerdict();
  const [groupId, setGroupId] = useState(() => newEntryId());
  const [choice, setChoice] = useState<TestDoseVerdict | ''>('');
  const [note, setNote] = useState('');
  const [revising, setRevising] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const [failedOnce, setFailedOnce] = useState(false);

  if (props.verdicts.status === 'pending') return <p role="status">Loading the recorded verdict…</p>;
  if (props.verdicts.status === 'error') {
    const { message: m, retry } = props.verdicts;
    return (
      <div role="alert" className="banner banner--error">
        The recorded verdict could not be read: {m}{' '}
        <button type="button" onClick={retry}>
          Try again
        </button>
      </div>
    );
  }
  const sinceMs = props.since === undefined ? Number.NEGATIVE_INFINITY : Date.parse(props.since);
  const current = props.verdicts.items.filter((v) => v.effective !== undefined && Date.parse(v.effective) >= sinceMs);
  const earlier = props.verdicts.items.filter((v) => !current.includes(v));
  const latest = current[0];

  const submit = async () => {
    setMessage(undefined);
    if (choice === '') {
      setMessage({ ok: false, text: 'Choose positive, negative or equivocal.' });
      return;
    }
    if (setup.status !== 'ready') return;
    const revise = revising && latest?.groupId !== undefined ? { value: null, recordId: latest.id, versionId: latest.versionId, itemId: latest.entryId?.slice(latest.groupId.length + 1) ?? 'itb-test-response', status: latest.status, groupId: latest.groupId } : undefined;
    try {
      const result = await save.mutateAsync({ ready: { context: setup.context, strategy: setup.strategy }, groupId, verdict: choice, note, revise, retry: failedOnce });
      if (result.complete) {
        setMessage({ ok: true, text: revise === undefined ? 'Verdict saved to the EHR.' : 'Verdict revised in the EHR (status amended).' });
        setChoice('');
        setNote('');
        setRevising(false);
        setFailedOnce(false);
        setGroupId(newEntryId());
      } else {
        setFailedOnce(true);
        setMessage({ ok: false, text: `Verdict not saved: ${result.error?.message ?? 'the EHR did not confirm it.'} Save again; it will not be written twice.` });
      }
    } catch (e) {
      setFailedOnce(true);
      setMessage({ ok: false, text: `Verdict not saved: ${e instanceof Error ? e.message : String(e)}` });
    }
  };

  const showForm = latest === undefined || revising;
  return (
    <section className="card verdict" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Test-dose response verdict</h3>
      {props.verdicts.partial && <p className="banner banner--warning">Some details of the verdicts could not be read (see the notice above).</p>}
      {latest === undefined ? (
        <p className="muted">No verdict recorded for this test dose yet.</p>
      ) : (
        <div className="verdict__current" data-testid="verdict-current">
          <p>
            <strong className="figure">{verdictLabel(latest)}</strong>
            {latest.status === 'amended' && <span className="status-pill pill-neutral">revised</span>}
          </p>
          <p>
            Recorded by {who(latest)}, {when(latest.effective, timeZone)}.
          </p>
          {latest.note !== undefined && <p className="verdict__note">Note: {latest.note}</p>}
          {!revising && (
            <button
              type="button"
              onClick={() => {
                setRevising(true);
                setChoice(verdictOf(latest) ?? '');
                setNote(latest.note ?? '');
              }}
            >
              Revise the verdict
            </button>
          )}
        </div>
      )}
      {showForm && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Segmented<TestDoseVerdict | ''>
            legend="Verdict (the clinician's decision)"
            name={`${ids}-verdict`}
            options={VERDICTS}
            value={choice}
            onChange={setChoice}
          />
          <div className="field">
            <label htmlFor={`${ids}-note`}>Note</label>
            <textarea id={`${ids}-note`} rows={3} value={note} onChange={(e) => setNote(e.target.value)} aria-describedby={`${ids}-note-hint`} />
            <span id={`${ids}-note-hint`} className="hint">
              What the decision rests on: scores, function, transfers, family goals.
            </span>
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={save.isPending || setup.status !== 'ready'}>
              {save.isPending ? 'Saving…' : revising ? 'Save revised verdict' : 'Record verdict'}
            </button>
            {revising && (
              <button type="button" onClick={() => setRevising(false)}>
                Cancel
              </button>
            )}
          </div>
        </form>
      )}
      {message !== undefined && (
        <p role={message.ok ? 'status' : 'alert'} className={`banner ${message.ok ? 'banner--ok' : 'banner--error'}`}>
          {message.text}
        </p>
      )}
      {earlier.length > 0 && (
        <details>
          <summary>Verdicts from earlier test doses ({earlier.length})</summary>
          <ul>
            {earlier.map((v) => (
              <li key={v.id}>
                {verdictLabel(v)} — {who(v)}, {when(v.effective, timeZone)}
                {v.note === undefined ? '' : `: ${v.note}`}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
