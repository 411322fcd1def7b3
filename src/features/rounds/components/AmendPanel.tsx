import { useState } from 'react';
import { validateVitalSign, type NumericVitalSign } from '../../../domain';
import { amendObservation, isFhirError, type FhirClient, type ObservationDraft, type ObservationRecord } from '../../../fhir';
import type { WriteSetup } from '../../../session/use-write-setup';
import type { RecordedRound } from '../api/day-rounds';
import { AVPU_LABELS } from '../round-form';
import { formatRecorded } from '../site-time';
import { recordText } from '../record-text';

type AmendableKey = 'heart-rate' | 'respiratory-rate' | 'spo2' | 'temperature' | 'pain' | 'avpu';

const AMENDABLE: readonly { key: AmendableKey; label: string; unit: string; ucum: string; vital: NumericVitalSign | undefined }[] = [
  { key: 'heart-rate', label: 'Heart rate', unit: 'beats/min', ucum: '/min', vital: 'heartRate' },
  { key: 'respiratory-rate', label: 'Respiratory rate', unit: 'breaths/min', ucum: '/min', vital: 'respiratoryRate' },
  { key: 'spo2', label: 'SpO2', unit: '%', ucum: '%', vital: 'spo2' },
  { key: 'temperature', label: 'Temperature', unit: '°C', ucum: 'Cel', vital: 'temperature' },
  { key: 'pain', label: 'Pain score', unit: '/10', ucum: '{score}', vital: 'pain' },
  { key: 'avpu', label: 'Level of consciousness (AVPU)', unit: '', ucum: '', vital: undefined },
];

type Status =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'done'; text: string }
  | { kind: 'error'; message: string }
  | { kind: 'conflict'; seenVersion: string | undefined; message: string };

type Props = {
  round: RecordedRound;
  client: FhirClient;
  setup: WriteSetup;
  timeZone: string;
  onClose: () => void;
  onAmended: () => void;
};

const itemIdOf = (record: ObservationRecord, groupId: string): string | undefined =>
  record.entryId?.startsWith(`${groupId}:`) === true ? record.entryId.slice(groupId.length + 1) : undefined;

/**
 * Amend one value of a saved round with a reason: status amended, If-Match on the version seen
 * (FHIR R4 §3.1.0.4.2). Someone else's newer change is shown beside this edit, never overwritten
 * silently; the edit is kept until the nurse chooses.
 */
export function AmendPanel({ round, client, setup, timeZone, onClose, onAmended }: Props) {
  const options = AMENDABLE.filter((a) => round.items[a.key] !== undefined);
  const [key, setKey] = useState<AmendableKey | ''>(options[0]?.key ?? '');
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [shown, setShown] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const option = AMENDABLE.find((a) => a.key === key);
  const record = key === '' ? undefined : round.items[key];
  const groupId = round.groupId;

  if (groupId === undefined || options.length === 0) {
    return (
      <div className="card amend">
        <p>This round was not recorded by ITB Companion: amend it in the EHR.</p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    );
  }

  // Check the new value with the same limits as entry.
  let value: ObservationDraft['value'] | undefined;
  let problem: string | undefined;
  let needsConfirm: string | undefined;
  if (option?.vital !== undefined) {
    const t = text.trim();
    if (!/^\d+(\.\d+)?$/.test(t)) problem = `Enter the corrected ${option.label.toLowerCase()} as a number.`;
    else {
      const c = validateVitalSign(option.vital, Number(t));
      if (c.status === 'impossible') problem = c.reason;
      else {
        if (c.status === 'needs-confirmation' && !confirmed) needsConfirm = c.reason;
        value = { kind: 'quantity', value: Number(t), unit: option.ucum };
      }
    }
  } else if (option?.key === 'avpu') {
    if (text === 'A' || text === 'V' || text === 'P' || text === 'U') value = { kind: 'codeable', answer: text };
    else problem = 'Choose the corrected level of consciousness.';
  }
  if (reason.trim() === '') problem ??= 'Give the reason for the amendment.';
  const yours = option === undefined ? '' : option.key === 'avpu' ? text : `${text.trim()} ${option.unit}`;

  const submit = async (versionId: string | undefined) => {
    setShown(true);
    if (problem !== undefined || needsConfirm !== undefined || value === undefined || record === undefined || option === undefined || setup.status !== 'ready') return;
    if (versionId === undefined) {
      setStatus({ kind: 'error', message: 'The EHR gave no version for this observation, so it cannot be amended safely here: amend it in the EHR.' });
      return;
    }
    const itemId = itemIdOf(record, groupId);
    setStatus({ kind: 'saving' });
    try {
      await amendObservation(client, {
        id: record.id,
        versionId,
        groupId,
        draft: { key: option.key, ...(itemId === undefined ? {} : { itemId }), value, note: `Amended: ${reason.trim()}` },
        context: setup.context,
      });
      setStatus({ kind: 'done', text: `${option.label} amended to ${yours}.` });
      onAmended();
    } catch (e) {
      if (isFhirError(e) && e.kind === 'conflict') {
        setStatus({ kind: 'conflict', seenVersion: versionId, message: e.message });
        onAmended(); // re-read, to show their version beside this edit
        return;
      }
      setStatus({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };

  const theirsFresh = status.kind === 'conflict' && record !== undefined && record.versionId !== status.seenVersion;

  return (
    <form
      className="card amend"
      aria-label={`Amend the round at ${formatRecorded(round.effective, timeZone)}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit(record?.versionId);
      }}
    >
      <h3>Amend the round at {formatRecorded(round.effective, timeZone)}</h3>
      <div className="amend__grid">
        <div className="field">
          <label htmlFor="amend-item">Value to amend</label>
          <select
            id="amend-item"
            value={key}
            disabled={status.kind === 'conflict'}
            onChange={(e) => {
              const next = AMENDABLE.find((a) => a.key === e.target.value);
              setKey(next?.key ?? '');
              setText('');
              setConfirmed(false);
            }}
          >
            {options.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label} (now {recordText(round.items[o.key])}
                {o.unit === '' ? '' : ` ${o.unit}`})
              </option>
            ))}
          </select>
        </div>
        {option?.key === 'avpu' ? (
          <div className="field">
            <label htmlFor="amend-value">Corrected level</label>
            <select id="amend-value" value={text} onChange={(e) => setText(e.target.value)}>
              <option value="">Choose…</option>
              {(['A', 'V', 'P', 'U'] as const).map((a) => (
                <option key={a} value={a}>
                  {AVPU_LABELS[a]}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="amend-value">Corrected value</label>
            <span className="with-unit">
              <input id="amend-value" type="text" inputMode="decimal" value={text} onChange={(e) => { setText(e.target.value); setConfirmed(false); }} />
              <span className="unit">{option?.unit}</span>
            </span>
          </div>
        )}
        <div className="field amend__reason">
          <label htmlFor="amend-reason">Reason for the amendment</label>
          <input id="amend-reason" type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      </div>
      {needsConfirm !== undefined && (
        <p className="confirm">
          {needsConfirm}{' '}
          <label>
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> I confirm it
          </label>
        </p>
      )}
      {shown && problem !== undefined && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {status.kind === 'done' && (
        <p className="banner banner--ok" role="status">
          {status.text} Status is now “amended”.
        </p>
      )}
      {status.kind === 'error' && (
        <p className="banner banner--error" role="alert">
          Not amended: {status.message}
        </p>
      )}
      {status.kind === 'conflict' && (
        <div className="banner banner--warning" role="alert" data-testid="amend-conflict">
          <p>
            <strong>Someone else changed this observation after you opened it.</strong> Your edit has not been applied and is kept here.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">{option?.label}</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Theirs (now in the chart)</th>
                <td>{theirsFresh ? `${recordText(record)} ${option?.unit ?? ''}` : 'Reading…'}</td>
                <td>{theirsFresh ? (record?.note ?? '—') : ''}</td>
              </tr>
              <tr>
                <th scope="row">Yours (not saved)</th>
                <td>{yours}</td>
                <td>Amended: {reason.trim()}</td>
              </tr>
            </tbody>
          </table>
          <div className="actions">
            <button type="button" className="primary" disabled={!theirsFresh} onClick={() => void submit(record?.versionId)}>
              Apply mine over their version
            </button>
            <button type="button" onClick={onClose}>
              Keep theirs, discard mine
            </button>
          </div>
        </div>
      )}
      {status.kind !== 'conflict' && (
        <div className="actions">
          <button type="submit" className="primary" disabled={status.kind === 'saving' || setup.status !== 'ready'}>
            {status.kind === 'saving' ? 'Saving…' : 'Save amendment'}
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      )}
    </form>
  );
}
