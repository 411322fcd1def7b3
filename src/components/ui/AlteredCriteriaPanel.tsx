import { useRef, useState } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ALTERED_PARAMETERS, newEntryId, saveAlteredCriteria, type AlteredCriteriaEntry, type AlteredCriteriaRead, type AlteredCriteriaRecord, type AlteredParameter, type FhirClient } from '../../fhir';
import { GroupSaveProblem, ReviewActions, useGroupSave } from './use-group-save';
import { fromSiteLocalInput, siteDateOptionsAhead, toSiteIso, toSiteLocalInput, type CallingCriteriaTable } from '../../domain';
import type { WriteSetup } from '../../session/use-write-setup';
import { formatWhen } from './clinical-format';
import { PartialNotice, ReadError } from './read-state';
import { SiteTimeField } from './SiteTimeField';
import { ALTERED_PARAMETER_WORDS, COMPARISON_WORDS, alteredCriteriaState, checkAlteredEntry, checkEndEntry, describeCriterion, standardCriteriaFor, type RuleInput } from './altered-criteria';

type Props = {
  client: FhirClient;
  setup: WriteSetup;
  timeZone: string;
  now: Date;
  birthDate: string | undefined;
  table: CallingCriteriaTable;
  query: UseQueryResult<AlteredCriteriaRead>;
  onSaved: () => void;
};

const PARAMETERS = Object.keys(ALTERED_PARAMETERS) as AlteredParameter[];
const setByText = (r: { setBy: { reference: string; name: string | undefined } | undefined }) =>
  r.setBy === undefined ? 'a user not recorded' : (r.setBy.name ?? `${r.setBy.reference} (name could not be read)`);

/**
 * The patient's Altered Calling Criteria (the SPOC chart's "Altered Calling Criteria" box), in the
 * rounds beside the zone and in the doctor view: what is in force, until when, set by whom and
 * why; an expired or ended setting is named and not used; a nurse or doctor sets new ones with a
 * reason and an end time, or ends the ones in force now with a reason.
 */
export function AlteredCriteriaPanel({ client, setup, timeZone, now, birthDate, table, query, onSaved }: Props) {
  const [editing, setEditing] = useState<'none' | 'set' | 'end'>('none');
  const state = query.data === undefined ? undefined : alteredCriteriaState(query.data, now);
  const done = () => {
    setEditing('none');
    onSaved();
  };
  return (
    <section className="card altered-criteria" aria-labelledby="acc-heading" data-testid="altered-criteria">
      <h2 id="acc-heading">Altered Calling Criteria</h2>
      {query.isPending && (
        <p className="muted" role="status">
          Reading the Altered Calling Criteria…
        </p>
      )}
      {query.isError && <ReadError what="Altered Calling Criteria" error={query.error} onRetry={() => void query.refetch()} />}
      {query.data !== undefined && <CriteriaInForce read={query.data} now={now} timeZone={timeZone} />}
      {query.data !== undefined && <PartialNotice issues={query.data.issues} what="Altered Calling Criteria" />}
      {editing === 'set' && <AlteredCriteriaForm client={client} setup={setup} timeZone={timeZone} now={now} birthDate={birthDate} table={table} onCancel={() => setEditing('none')} onSaved={done} />}
      {editing === 'end' && state?.kind === 'in-force' && <EndCriteriaForm client={client} setup={setup} timeZone={timeZone} ended={state.record} onCancel={() => setEditing('none')} onSaved={done} />}
      {setup.status === 'read-only' && <p className="hint">This launch was not granted permission to write to the EHR: the criteria can be read here, not set or ended.</p>}
      {editing === 'none' && (
        <div className="actions">
          <button type="button" onClick={() => setEditing('set')} disabled={setup.status !== 'ready'}>
            Set Altered Calling Criteria
          </button>
          {state?.kind === 'in-force' && (
            <button type="button" onClick={() => setEditing('end')} disabled={setup.status !== 'ready'}>
              End these criteria now
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function CriteriaInForce({ read, now, timeZone }: { read: AlteredCriteriaRead; now: Date; timeZone: string }) {
  const state = alteredCriteriaState(read, now);
  switch (state.kind) {
    case 'none':
      return <p data-testid="acc-status">None recorded for this child: the standard calling criteria apply.</p>;
    case 'unreadable':
      return (
        <p className="banner banner--error" role="alert" data-testid="acc-status">
          The newest Altered Calling Criteria in the EHR could not be read (named below), so the standard calling criteria are used here. Check the criteria in the EHR's SPOC chart before relying on the zone.
        </p>
      );
    case 'expired':
      return (
        <p className="banner banner--warning" data-testid="acc-status">
          Altered Calling Criteria set {formatWhen(state.record.setAt, timeZone)} by {setByText(state.record)} <strong>expired {formatWhen(state.record.validUntil, timeZone)}</strong> and are not used: the standard calling criteria apply. (They were: {state.record.rules.map(describeCriterion).join('; ')}. Reason: {state.record.reason}.)
        </p>
      );
    case 'ended':
      return (
        <p className="banner banner--warning" data-testid="acc-status">
          Altered Calling Criteria <strong>ended {formatWhen(state.ending.setAt, timeZone)}</strong> by {setByText(state.ending)}: the standard calling criteria apply. Reason: {state.ending.reason}.
          {state.ended !== undefined && <> (They were: {state.ended.rules.map(describeCriterion).join('; ')}, set {formatWhen(state.ended.setAt, timeZone)}, authorised by {state.ended.authorisedBy}.)</>}
        </p>
      );
    case 'in-force':
      return (
        <div className="banner banner--info" data-testid="acc-status">
          <p>
            <strong>Altered Calling Criteria in force until {formatWhen(state.record.validUntil, timeZone)}</strong>, set {formatWhen(state.record.setAt, timeZone)} by {setByText(state.record)}, authorised by {state.record.authorisedBy}. Reason: {state.record.reason}.
          </p>
          <ul aria-label="Altered Calling Criteria in force">
            {state.record.rules.map((r) => (
              <li key={`${r.parameter}${r.comparison}${r.value}${r.zone}`}>{describeCriterion(r)}</li>
            ))}
          </ul>
          <p className="hint">They replace every standard criterion for {[...new Set(state.record.rules.map((r) => ALTERED_PARAMETER_WORDS[r.parameter].label.toLowerCase()))].join(', ')}; the other vital signs keep the standard criteria. Used by the zone for rounds from when they were set to their end time.</p>
        </div>
      );
    default:
      return state satisfies never;
  }
}

type FormProps = Omit<Props, 'query' | 'onSaved'> & { onCancel: () => void; onSaved: () => void };

/** Set at the minute, as rounds are timed: criteria set (or ended) at 10:15 apply (or stop) from the round timed 10:15. */
function atTheMinute(): Date {
  const at = new Date();
  at.setSeconds(0, 0);
  return at;
}

type EndProps = { client: FhirClient; setup: WriteSetup; timeZone: string; ended: AlteredCriteriaRecord; onCancel: () => void; onSaved: () => void };

/**
 * "End these criteria now": a new setting with the same criteria whose end time is the moment it
 * is written, with the reason, through the same exactly-once save as a new setting (one group id
 * and one time from the first attempt, so a retry never writes a second ending).
 */
function EndCriteriaForm({ client, setup, timeZone, ended, onCancel, onSaved }: EndProps) {
  const groupId = useRef(newEntryId());
  const at = useRef<Date | undefined>(undefined);
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState(false);
  const { attempted, saving, result, run } = useGroupSave(onSaved);
  const preview = checkEndEntry(ended, reason, ended.validUntil);
  const problem = preview.ok ? undefined : preview.problems.join(' ');

  const submit = async () => {
    setShown(true);
    if (setup.status !== 'ready' || problem !== undefined) return;
    if (at.current === undefined) at.current = atTheMinute();
    const iso = toSiteIso(at.current, timeZone);
    const check = checkEndEntry(ended, reason, iso);
    if (!check.ok) return;
    await run((retry) => saveAlteredCriteria(client, { groupId: groupId.current, entry: check.entry, at: iso, context: setup.context, strategy: setup.strategy, retry }));
  };

  return (
    <form
      aria-label="End the Altered Calling Criteria now"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="hint">
        Ends {ended.rules.map(describeCriterion).join('; ')} now, before their end time ({formatWhen(ended.validUntil, timeZone)}): from now on the standard calling criteria apply. Written to the EHR as one record; rounds already saved keep the zone they were given.
      </p>
      <div className="field">
        <label htmlFor="acc-end-reason">Reason for ending them</label>
        <input id="acc-end-reason" type="text" value={reason} readOnly={attempted} onChange={(e) => setReason(e.target.value)} />
      </div>
      {shown && problem !== undefined && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <GroupSaveProblem result={result} failedLabel="Not saved" />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving || setup.status !== 'ready'}>
          {saving ? 'Saving…' : attempted ? 'Retry' : 'End the criteria now'}
        </button>
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function AlteredCriteriaForm({ client, setup, timeZone, now, birthDate, table, onCancel, onSaved }: FormProps) {
  // Made when the form opens, reused on every retry: the setting is written once.
  const groupId = useRef(newEntryId());
  const setAt = useRef<Date | undefined>(undefined);
  const [rules, setRules] = useState<RuleInput[]>([]);
  const [adding, setAdding] = useState<AlteredParameter>('heartRate');
  const [reason, setReason] = useState('');
  const [authorisedBy, setAuthorisedBy] = useState('');
  const [until, setUntil] = useState(() => toSiteLocalInput(new Date(now.getTime() + 24 * 60 * 60_000), timeZone));
  const [shown, setShown] = useState(false);
  const [phase, setPhase] = useState<'entry' | 'review'>('entry');
  const { attempted, saving, result, run } = useGroupSave(onSaved);
  const reviewHeading = useRef<HTMLHeadingElement>(null);
  const untilInstant = fromSiteLocalInput(until, timeZone);
  const check = checkAlteredEntry({ rules, reason, authorisedBy, validUntil: untilInstant, validUntilIso: untilInstant === undefined ? undefined : toSiteIso(untilInstant, timeZone) }, now);

  const addParameter = () => {
    const standard = standardCriteriaFor(table, birthDate, now, adding);
    const rows: RuleInput[] = standard.length > 0 ? standard.map((r) => ({ ...r, value: String(r.value) })) : [{ parameter: adding, comparison: '<', value: '', zone: 'red' }];
    setRules((rs) => [...rs.filter((r) => r.parameter !== adding), ...rows]);
  };
  const change = (i: number, patch: Partial<RuleInput>) => setRules((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const submit = async (entry: AlteredCriteriaEntry) => {
    if (setup.status !== 'ready') return;
    // Fixed at the first attempt, so a retry writes the same record.
    if (setAt.current === undefined) setAt.current = atTheMinute();
    const at = toSiteIso(setAt.current, timeZone);
    await run((retry) => saveAlteredCriteria(client, { groupId: groupId.current, entry, at, context: setup.context, strategy: setup.strategy, retry }));
  };

  if (phase === 'review' && check.ok) {
    return (
      <section className="review" aria-labelledby="acc-review-heading" data-testid="acc-review">
        <h3 id="acc-review-heading" ref={reviewHeading} tabIndex={-1}>
          Review the Altered Calling Criteria: this is exactly what will be written
        </h3>
        <ul>
          {check.entry.rules.map((r) => (
            <li key={`${r.parameter}${r.comparison}${r.value}${r.zone}`}>{describeCriterion(r)}</li>
          ))}
        </ul>
        <dl className="doctor-dl">
          <dt>In force until</dt>
          <dd>{formatWhen(check.entry.validUntil, timeZone)}</dd>
          <dt>Reason</dt>
          <dd>{check.entry.reason}</dd>
          <dt>Authorised by</dt>
          <dd>{check.entry.authorisedBy}</dd>
        </dl>
        <p className="hint">Written to the EHR as one record. These criteria replace the standard criteria for the vital signs listed, for this child, from now until the end time.</p>
        <GroupSaveProblem result={result} failedLabel="Not saved" />
        <ReviewActions saving={saving} attempted={attempted} ready={setup.status === 'ready'} saveLabel="Save Altered Calling Criteria" onSave={() => void submit(check.entry)} onBack={() => setPhase('entry')} onCancel={onCancel} />
      </section>
    );
  }

  return (
    <form
      aria-label="Set Altered Calling Criteria"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setShown(true);
        if (!check.ok) return;
        setPhase('review');
        requestAnimationFrame(() => reviewHeading.current?.focus());
      }}
    >
      <p className="hint">
        Criteria set for a vital sign replace all of its standard criteria for this child (the SPOC chart's Altered Calling Criteria, authorised by a medical officer). Adding a vital sign starts from its standard criteria for the child's age: change the value you were asked to, and keep the others.
      </p>
      <div className="acc-add">
        <label htmlFor="acc-add-parameter">Vital sign</label>
        <select id="acc-add-parameter" value={adding} onChange={(e) => setAdding(e.target.value as AlteredParameter)}>
          {PARAMETERS.map((p) => (
            <option key={p} value={p}>
              {ALTERED_PARAMETER_WORDS[p].label}
            </option>
          ))}
        </select>
        <button type="button" onClick={addParameter}>
          Add its criteria
        </button>
      </div>
      {rules.length > 0 && (
        <table className="acc-rules">
          <caption className="visually-hidden">Criteria to set</caption>
          <thead>
            <tr>
              <th scope="col">Vital sign</th>
              <th scope="col">When</th>
              <th scope="col">Threshold</th>
              <th scope="col">Zone</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r, i) => {
              const w = ALTERED_PARAMETER_WORDS[r.parameter];
              const name = `criterion ${i + 1}, ${w.label}`;
              return (
                <tr key={i}>
                  <th scope="row">{w.label}</th>
                  <td>
                    <select aria-label={`Direction of ${name}`} value={r.comparison} onChange={(e) => change(i, { comparison: e.target.value as RuleInput['comparison'] })}>
                      {(Object.keys(COMPARISON_WORDS) as RuleInput['comparison'][]).map((c) => (
                        <option key={c} value={c}>
                          {COMPARISON_WORDS[c]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <span className="with-unit">
                      <input type="text" inputMode="decimal" aria-label={`Threshold of ${name}`} value={r.value} onChange={(e) => change(i, { value: e.target.value })} />
                      <span className="unit">{w.unit}</span>
                    </span>
                  </td>
                  <td>
                    <select aria-label={`Zone of ${name}`} value={r.zone} onChange={(e) => change(i, { zone: e.target.value as RuleInput['zone'] })}>
                      <option value="red">Red zone</option>
                      <option value="yellow">Yellow zone</option>
                    </select>
                  </td>
                  <td>
                    <button type="button" onClick={() => setRules((rs) => rs.filter((_, j) => j !== i))}>
                      Remove<span className="visually-hidden"> {name}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="field">
        <label htmlFor="acc-reason">Reason</label>
        <input id="acc-reason" type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="acc-authorised-by">Authorised by (medical officer)</label>
        <input id="acc-authorised-by" type="text" value={authorisedBy} onChange={(e) => setAuthorisedBy(e.target.value)} />
      </div>
      <SiteTimeField
        id="acc-until"
        legend="In force until"
        value={until}
        timeZone={timeZone}
        now={now}
        dateOptions={siteDateOptionsAhead(now, timeZone, 7)}
        error={shown && (untilInstant === undefined || untilInstant.getTime() <= now.getTime()) ? 'Give an end time later than now.' : undefined}
        hint="After it the standard criteria apply again."
        onChange={setUntil}
      />
      {shown && !check.ok && (
        <ul className="error" role="alert" aria-label="Check these before reviewing">
          {check.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={setup.status !== 'ready'}>
          Review Altered Calling Criteria
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
