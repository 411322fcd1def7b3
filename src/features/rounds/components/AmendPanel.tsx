import { useState } from 'react';
import type { AlteredCallingCriteria, CallingCriteriaTable, ItbSituation } from '../../../domain';
import { amendObservation, isFhirError, type FhirClient, type ObservationRecord } from '../../../fhir';
import type { WriteSetup } from '../../../session/use-write-setup';
import type { RecordedRound } from '../api/day-rounds';
import { AMENDABLE_ITEMS, amendedRound, amendedSigns, checkAmendment, startEntry, type AmendEntry, type AmendInput, type AmendItem, type AmendKey } from '../amend-form';
import { contactsFor, describeTrigger, syndromeGuidance, withdrawalEmergency, zoneFor, zoneView, type Contact } from '../escalation';
import { AVPU_LABELS, ITB_CHECKS } from '../round-form';
import { formatWhen } from '../../../components/ui/clinical-format';
import { recordText } from '../record-text';
import { SyndromeSteps } from './SyndromeSteps';

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
  birthDate: string | undefined;
  criteria: CallingCriteriaTable;
  /** The patient's newest Altered Calling Criteria (applied by the domain only while in force). */
  altered?: AlteredCallingCriteria | undefined;
  contacts: readonly Contact[];
  /** The child's ITB situation: which syndrome steps apply (issue 12). */
  situation: ItbSituation;
  onClose: () => void;
  onAmended: () => void;
};

/** The recorded round had a withdrawal or overdose sign answered Yes (for the "was" zone words). */
const recordedSigns = (round: RecordedRound): boolean =>
  round.round.avpu === 'V' || round.round.avpu === 'P' || round.round.avpu === 'U' || ITB_CHECKS.some((c) => {
    const v = round.items[c.key]?.value;
    return c.sign !== undefined && v?.kind === 'boolean' && v.value;
  });

const itemIdOf = (record: ObservationRecord, groupId: string): string | undefined =>
  record.entryId?.startsWith(`${groupId}:`) === true ? record.entryId.slice(groupId.length + 1) : undefined;

const withUnit = (text: string, item: AmendItem | undefined): string => (item === undefined || item.unit === '' ? text : `${text} ${item.unit}`);

const INPUT_IDS: Readonly<Record<AmendInput | 'reason', string>> = { value: 'amend-value', systolic: 'amend-systolic', diastolic: 'amend-diastolic', reason: 'amend-reason' };

/**
 * Amend one item of a saved round with a reason: status amended, If-Match on the version seen
 * (FHIR R4 §3.1.0.4.2). The correction goes through the entry's checks (impossible refused, unusual
 * confirmed) and the round's zone is shown with it in place. Someone else's newer change is shown
 * beside this edit, never overwritten silently; the edit is kept until the nurse chooses.
 */
export function AmendPanel({ round, client, setup, timeZone, birthDate, criteria, altered, contacts, situation, onClose, onAmended }: Props) {
  const options = AMENDABLE_ITEMS.filter((a) => round.items[a.key] !== undefined);
  const [key, setKey] = useState<AmendKey | ''>(options[0]?.key ?? '');
  const item = AMENDABLE_ITEMS.find((a) => a.key === key);
  const record = key === '' ? undefined : round.items[key];
  const [entry, setEntry] = useState<AmendEntry>(() => startEntry(item, record));
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const groupId = round.groupId;

  if (groupId === undefined || options.length === 0 || item === undefined) {
    return (
      <div className="card amend">
        <p>This round was not recorded by ITB Companion: amend it in the EHR.</p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    );
  }

  const check = checkAmendment(item, entry, record, reason);
  const visible = check.refused.filter((r) => r.typed || shown);
  const errorFor = (input: AmendInput | 'reason') => visible.find((r) => r.input === input);
  const edit = (change: Partial<AmendEntry>) => {
    setEntry((e) => ({ ...e, ...change }));
    if (status.kind === 'done' || status.kind === 'error') setStatus({ kind: 'idle' });
  };

  // The round's zone with the correction in place, at the round's own time (the child's age then).
  const amended = amendedRound(round.round, check.patch);
  const before = round.at === undefined ? undefined : zoneFor(round.round, birthDate, round.at, criteria, timeZone, altered);
  const after = round.at === undefined ? undefined : zoneFor(amended, birthDate, round.at, criteria, timeZone, altered);
  const guidance = syndromeGuidance(amendedSigns(round.items, amended, item, entry), situation);
  const withdrawal = withdrawalEmergency(guidance, situation);
  const afterView = after?.ok === true ? zoneView(after.result, { signsRecorded: guidance !== undefined }) : undefined;
  const beforeView = before?.ok === true ? zoneView(before.result, { signsRecorded: recordedSigns(round) }) : undefined;
  // Only a complete, possible correction is classified: a refused value would leave the old one in the zone.
  const hasCorrection = check.text !== '';

  const submit = async (versionId: string | undefined) => {
    setShown(true);
    if (check.value === undefined || record === undefined || setup.status !== 'ready') return;
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
        draft: { key: item.key, ...(itemId === undefined ? {} : { itemId }), value: check.value, note: `Amended: ${reason.trim()}` },
        context: setup.context,
      });
      setShown(false);
      setStatus({ kind: 'done', text: `${item.label} amended to ${check.text}.` });
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

  const numberInput = (input: AmendInput, label: string, value: string, onChange: (text: string) => void) => {
    const error = errorFor(input);
    const id = INPUT_IDS[input];
    return (
      <div className="field" key={input}>
        <label htmlFor={id}>{label}</label>
        <span className="with-unit">
          <input
            id={id}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={value}
            aria-invalid={error === undefined ? undefined : 'true'}
            aria-describedby={error === undefined ? undefined : `${id}-error`}
            onChange={(e) => onChange(e.target.value)}
          />
          <span className="unit">{item.unit}</span>
        </span>
      </div>
    );
  };

  const valueControl = () => {
    switch (item.kind) {
      case 'number':
        return numberInput('value', 'Corrected value', entry.value, (value) => edit({ value }));
      case 'blood-pressure':
        return (
          <div className="amend__bp">
            {numberInput('systolic', 'Corrected systolic', entry.systolic, (systolic) => edit({ systolic }))}
            {numberInput('diastolic', 'Corrected diastolic', entry.diastolic, (diastolic) => edit({ diastolic }))}
          </div>
        );
      case 'avpu':
        return (
          <div className="field">
            <label htmlFor="amend-value">Corrected level</label>
            <select id="amend-value" value={entry.value} onChange={(e) => edit({ value: e.target.value })}>
              <option value="">Choose…</option>
              {(['A', 'V', 'P', 'U'] as const).map((a) => (
                <option key={a} value={a}>
                  {AVPU_LABELS[a]}
                </option>
              ))}
            </select>
          </div>
        );
      case 'check':
        return (
          <fieldset className="radio-group amend__answer">
            <legend>Corrected answer: {item.label}</legend>
            {(['yes', 'no'] as const).map((a) => (
              <label key={a}>
                <input type="radio" name="amend-answer" value={a} checked={entry.value === a} onChange={() => edit({ value: a })} /> {a === 'yes' ? 'Yes' : 'No'}
              </label>
            ))}
          </fieldset>
        );
      default:
        return item satisfies never;
    }
  };

  return (
    <form
      className="card amend"
      aria-label={`Amend the round at ${formatWhen(round.effective, timeZone, false, 'time not recorded')}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit(record?.versionId);
      }}
    >
      <h3>Amend the round at {formatWhen(round.effective, timeZone, false, 'time not recorded')}</h3>
      <div className="amend__grid">
        <div className="field">
          <label htmlFor="amend-item">Value to amend</label>
          <select
            id="amend-item"
            value={key}
            disabled={status.kind === 'conflict'}
            onChange={(e) => {
              const next = AMENDABLE_ITEMS.find((a) => a.key === e.target.value);
              setKey(next?.key ?? '');
              setEntry(startEntry(next, next === undefined ? undefined : round.items[next.key]));
              setShown(false);
              setStatus({ kind: 'idle' });
            }}
          >
            {options.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label} (now {withUnit(recordText(round.items[o.key]), o)})
              </option>
            ))}
          </select>
        </div>
        {valueControl()}
        <div className="field amend__reason">
          <label htmlFor="amend-reason">Reason for the amendment</label>
          <input
            id="amend-reason"
            type="text"
            value={reason}
            aria-invalid={errorFor('reason') === undefined ? undefined : 'true'}
            aria-describedby={errorFor('reason') === undefined ? undefined : 'amend-reason-error'}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
      </div>
      {check.toConfirm.map((c) => (
        <p className="confirm" key={c.field}>
          {c.message}{' '}
          <label>
            <input
              type="checkbox"
              checked={entry.confirmed[c.field] === c.text}
              onChange={(e) => {
                const { [c.field]: _dropped, ...rest } = entry.confirmed;
                edit({ confirmed: e.target.checked ? { ...rest, [c.field]: c.text } : rest });
              }}
            />{' '}
            I confirm {c.text} {item.unit} is correct
          </label>
        </p>
      ))}
      {visible.map((r) => (
        <p className="error" role="alert" key={`${r.input}-${r.message}`} id={`${INPUT_IDS[r.input]}-error`}>
          {r.message}
        </p>
      ))}
      {hasCorrection && after !== undefined && status.kind !== 'done' && (
        <div className="amend__zone" data-testid="amend-zone" aria-live="polite">
          {withdrawal !== undefined && (
            <div className="withdrawal-banner" role="alert" data-testid="amend-withdrawal-banner">
              <p className="withdrawal-banner__title">▲ SUSPECTED BACLOFEN WITHDRAWAL: A MEDICAL EMERGENCY</p>
              <p>{withdrawal}</p>
            </div>
          )}
          {after.ok ? (
            <div className={`zone-box zone-${afterView?.tone ?? after.result.zone}`}>
              <p className="zone-box__title">
                <span aria-hidden="true">{afterView?.tone === 'red' ? '▲ ' : afterView?.tone === 'yellow' ? '■ ' : afterView?.tone === 'normal' ? '● ' : '○ '}</span>
                With this amendment: {afterView?.words}
                {beforeView !== undefined && beforeView.words !== afterView?.words && <span className="amend__was"> (was {beforeView.words})</span>}
              </p>
              <p className="zone-box__action">{afterView?.headline}</p>
              {after.result.triggers.length > 0 && (
                <ul className="zone-box__triggers" aria-label="Values that trigger the zone">
                  {after.result.triggers.map((t) => (
                    <li key={`${t.parameter}-${t.zone}`}>
                      <strong>{t.zone === 'red' ? 'Red' : 'Yellow'}:</strong> {describeTrigger(t)}
                    </li>
                  ))}
                </ul>
              )}
              {afterView?.caveats.map((c) => (
                <p key={c} className="zone-box__caveat">
                  {c}
                </p>
              ))}
              {after.result.zone !== 'normal' && contacts.length > 0 && (
                <p className="amend__contacts">
                  Call:{' '}
                  {contactsFor(after.result.zone, contacts)
                    .map((c) => `${c.role}: ${c.name}${c.pager === undefined ? '' : ` — ${c.pager}`}${c.phone === undefined ? '' : ` — ${c.phone}`}`)
                    .join('; ')}
                </p>
              )}
            </div>
          ) : (
            <p className="banner banner--warning">{after.message}</p>
          )}
          {guidance !== undefined && <SyndromeSteps guidance={guidance} testId="amend-syndrome" />}
        </div>
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
                <th scope="col">{item.label}</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Theirs (now in the chart)</th>
                <td>{theirsFresh ? withUnit(recordText(record), item) : 'Reading…'}</td>
                <td>{theirsFresh ? (record?.note ?? '—') : ''}</td>
              </tr>
              <tr>
                <th scope="row">Yours (not saved)</th>
                <td>{check.text === '' ? '—' : check.text}</td>
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
