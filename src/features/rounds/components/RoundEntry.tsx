import { DiscardEntry } from '../../../components/ui/DiscardEntry';
import { useEffect, useMemo, useRef, useState } from 'react';
import { newEntryId, saveObservationGroup, type FhirClient, type SaveGroupResult, type SaveProgress } from '../../../fhir';
import { COPY_ORIGIN_TEXT, retireDuplicateCopies, type CopyOrigin } from '../../../fhir/rounds-duplicates';
import { sessionJournal } from '../../../fhir/write-journal';
import type { AlteredCallingCriteria, CallingCriteriaTable, ItbSituation } from '../../../domain';
import { useSaveWhenReady, type ReadySetup, type WriteSetup } from '../../../session/use-write-setup';
import type { Contact } from '../escalation';
import { zoneFor, zoneView } from '../escalation';
import { clearRoundDraft, loadRoundDraft, newRoundDraft, saveRoundDraft, type RoundDraft } from '../draft-storage';
import {
  AVPU_LABELS,
  buildRoundDrafts,
  CHECKED_FIELDS,
  checkRound,
  checkTime,
  emptyRound,
  FIELD_INFO,
  ITB_CHECKS,
  notRecorded,
  syndromeSignsOf,
  toVitalSignsRound,
  type CheckAnswer,
  type NumericField,
  type ReviewLine,
  type RoundFormValues,
  type ZoneShown,
} from '../round-form';
import { fromSiteLocalInput, toSiteIso, toSiteLocalInput } from '../../../domain';
import { formatWhen } from '../../../components/ui/clinical-format';
import { EscalationPanel } from './EscalationPanel';
import { NumericField as NumericInput, RadioGroup } from './RoundFields';
import { SiteTimeField } from '../../../components/ui/SiteTimeField';

type Props = {
  client: FhirClient;
  patientId: string;
  timeZone: string;
  now: Date;
  setup: WriteSetup;
  birthDate: string | undefined;
  patientState: 'pending' | 'error' | 'ready';
  criteria: CallingCriteriaTable;
  /** The patient's newest Altered Calling Criteria (applied by the domain only while in force). */
  altered?: AlteredCallingCriteria | undefined;
  criteriaProblem: string | undefined;
  contacts: readonly Contact[];
  /** The child's ITB situation: which syndrome steps apply (issue 12). */
  situation: ItbSituation;
  /** Called after a round is confirmed whole, so the schedule and trend refetch. */
  onSaved: () => void;
};

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving'; progress?: SaveProgress }
  | { kind: 'incomplete'; result: SaveGroupResult }
  | { kind: 'failed'; message: string };

type Saved = { at: string; count: number; zone: string | undefined };

/** After a save where the EHR ignores If-None-Exist: extra copies the browser's own resend made. */
type DuplicateCheck =
  | { status: 'checking' }
  | { status: 'clean'; retired: number; origin: CopyOrigin }
  | { status: 'failed'; message: string; groupId: string; confirmed: ReadonlyMap<string, string | undefined>; origin: CopyOrigin };

/** What the save found and retired (undefined where conditional create made copies impossible). */
function duplicateCheckOf(result: SaveGroupResult): DuplicateCheck | undefined {
  const d = result.duplicates;
  if (d === undefined) return undefined;
  if (d.failed.length === 0) return { status: 'clean', retired: d.retired, origin: d.origin };
  const confirmed = new Map(result.items.map((i) => [i.itemId, i.id]));
  const ids = d.failed.map((f) => (f.id === '' ? f.itemId : `${f.itemId} (Observation/${f.id})`)).join(', ');
  const message =
    d.failed[0]?.itemId === 'all'
      ? `The chart could not be checked for extra copies: ${d.failed[0].error.message}`
      : `The chart holds an extra copy of ${ids} that could not be marked entered-in-error: ${d.failed[0]?.error.message ?? ''}`;
  return { status: 'failed', groupId: result.groupId, confirmed, origin: d.origin, message };
}

const storage = (): Storage | undefined => (typeof window === 'undefined' ? undefined : window.sessionStorage);

function startDraft(patientId: string, timeZone: string): { draft: RoundDraft; restored: boolean } {
  const s = storage();
  const existing = s === undefined ? undefined : loadRoundDraft(s, patientId);
  if (existing !== undefined) return { draft: existing, restored: true };
  // The group id is made when the entry starts, before anything is sent (retries reuse it).
  return { draft: newRoundDraft(patientId, newEntryId(), emptyRound(toSiteLocalInput(new Date(), timeZone))), restored: false };
}

const AVPU_OPTIONS = (['A', 'V', 'P', 'U'] as const).map((v) => ({ value: v, label: AVPU_LABELS[v] }));
const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
] as const;

/** Entering a round: vital signs, level of consciousness, pain and the ITB checks, then review and save. */
export function RoundEntry({ client, patientId, timeZone, now, setup, birthDate, patientState, criteria, altered, criteriaProblem, contacts, situation, onSaved }: Props) {
  const [{ draft, restored }, setState] = useState(() => startDraft(patientId, timeZone));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [phase, setPhase] = useState<'entry' | 'review'>(draft.attempted ? 'review' : 'entry');
  const [showAll, setShowAll] = useState(draft.attempted);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const journal = sessionJournal(patientId);
  const [saved, setSaved] = useState<Saved | undefined>();
  const [duplicates, setDuplicates] = useState<DuplicateCheck | undefined>();
  const reviewHeading = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const savedRef = useRef<HTMLDivElement>(null);

  const values = draft.values;
  const check = useMemo(() => checkRound(values), [values]);
  const round = useMemo(() => toVitalSignsRound(values, check), [values, check]);
  const signs = useMemo(() => syndromeSignsOf(values), [values]);
  const parseLocal = (local: string) => fromSiteLocalInput(local, timeZone);
  const time = checkTime(values, now, parseLocal);
  const locked = draft.attempted;

  // Keep the half-entered round for a reload; nothing is kept for an untouched form.
  useEffect(() => {
    const s = storage();
    if (s === undefined) return;
    if (check.anythingEntered || draft.attempted) saveRoundDraft(s, draft);
    else clearRoundDraft(s, patientId);
  }, [draft, check.anythingEntered, patientId]);

  const update = (change: (v: RoundFormValues) => RoundFormValues) => {
    if (locked) return;
    setSaved(undefined);
    setState((s) => ({ ...s, draft: { ...s.draft, values: change(s.draft.values) } }));
  };
  const setText = (field: keyof RoundFormValues, text: string) => update((v) => ({ ...v, [field]: text }));
  const touch = (field: string) => setTouched((t) => new Set(t).add(field));
  const setConfirmed = (field: NumericField, confirmed: boolean) =>
    update((v) => {
      const next = { ...v.confirmed };
      if (confirmed) next[field] = v[field].trim();
      else delete next[field];
      return { ...v, confirmed: next };
    });
  const setCheck = (key: (typeof ITB_CHECKS)[number]['key'], answer: CheckAnswer) => update((v) => ({ ...v, checks: { ...v.checks, [key]: answer } }));

  // The zone as the review shows it, charted with the round (issue 12): the nurse's record of
  // what the app said. Not written while the child's age is still being read.
  const zoneShown = ((): ZoneShown | undefined => {
    if (patientState === 'pending') return undefined;
    const z = zoneFor(round, patientState === 'ready' ? birthDate : undefined, time.status === 'valid' ? time.instant : now, criteria, timeZone, altered);
    if (!z.ok) return undefined;
    return zoneView(z.result, { signsRecorded: signs.length > 0, patientUnreadable: patientState === 'error' }).tone;
  })();

  const review = useMemo((): { lines: ReviewLine[]; error: string | undefined } => {
    if (!check.readyToReview || setup.status !== 'ready') return { lines: [], error: undefined };
    try {
      return { lines: buildRoundDrafts(values, setup.context.codes, zoneShown).review, error: undefined };
    } catch (e) {
      return { lines: [], error: e instanceof Error ? e.message : String(e) };
    }
  }, [check.readyToReview, setup, values, zoneShown]);

  const problems: { field: string; message: string }[] = [
    ...(time.status === 'refused' ? [{ field: 'round-time', message: time.message }] : []),
    ...CHECKED_FIELDS.flatMap((f) => {
      const c = check.fields[f];
      return c.status === 'refused' ? [{ field: `round-${f}`, message: c.message }] : [];
    }),
    ...check.crossField.map((p) => ({ field: `round-${p.field}`, message: p.message })),
    ...check.unconfirmed.map((f) => ({ field: `round-${f}`, message: `${FIELD_INFO[f].label}: confirm the unusual value, or correct it.` })),
    ...(check.anythingEntered ? [] : [{ field: 'round-heartRate', message: 'Nothing entered yet.' }]),
  ];

  const goToReview = () => {
    setShowAll(true);
    if (problems.length > 0) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setPhase('review');
    requestAnimationFrame(() => reviewHeading.current?.focus());
  };

  const runSave = async (ready: ReadySetup) => {
    if (time.status !== 'valid') return;
    let drafts;
    try {
      drafts = buildRoundDrafts(values, ready.context.codes, zoneShown).drafts;
    } catch (e) {
      setSave({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      return;
    }
    const retry = draft.attempted;
    const attemptedDraft = { ...draft, attempted: true };
    // Remember the attempt before anything is sent: after a reload the next save is a retry.
    const s = storage();
    if (s !== undefined) saveRoundDraft(s, attemptedDraft);
    setState((st) => ({ ...st, draft: attemptedDraft }));
    setSave({ kind: 'saving' });
    try {
      const result = await saveObservationGroup(client, {
        groupId: draft.groupId,
        drafts,
        effective: toSiteIso(time.instant, timeZone),
        context: ready.context,
        strategy: ready.strategy,
        retry,
        kind: 'round',
        label: `round of ${formatWhen(time.instant, timeZone)}`,
        onProgress: (progress) => setSave({ kind: 'saving', progress }),
      });
      if (!result.complete) {
        setSave({ kind: 'incomplete', result });
        return;
      }
      const zone = zoneFor(round, birthDate, time.instant, criteria, timeZone, altered);
      setSaved({ at: formatWhen(time.instant, timeZone), count: result.items.length, zone: zone.ok ? zoneView(zone.result, { signsRecorded: signs.length > 0 }).words : undefined });
      if (s !== undefined) clearRoundDraft(s, patientId);
      setState({ draft: newRoundDraft(patientId, newEntryId(), emptyRound(toSiteLocalInput(new Date(), timeZone))), restored: false });
      setTouched(new Set());
      setShowAll(false);
      setPhase('entry');
      setSave({ kind: 'idle' });
      onSaved();
      requestAnimationFrame(() => savedRef.current?.focus());
      // Without If-None-Exist the save itself found and retired extra copies before saying saved.
      setDuplicates(duplicateCheckOf(result));
    } catch (e) {
      setSave({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  };

  const saveWhenReady = useSaveWhenReady(setup, (ready) => void runSave(ready));

  const checkDuplicates = async (groupId: string, confirmed: ReadonlyMap<string, string | undefined>, origin: CopyOrigin) => {
    setDuplicates({ status: 'checking' });
    try {
      const r = await retireDuplicateCopies(client, patientId, groupId, confirmed, { origin });
      if (r.retired > 0) onSaved();
      if (r.failed.length === 0) {
        journal?.remove(groupId);
        setDuplicates({ status: 'clean', retired: r.retired, origin });
      }
      else {
        const ids = r.failed.map((f) => `${f.itemId} (Observation/${f.id})`).join(', ');
        setDuplicates({ status: 'failed', groupId, confirmed, origin, message: `The chart holds an extra copy of ${ids} that could not be marked entered-in-error: ${r.failed[0]?.error.message ?? ''}` });
      }
    } catch (e) {
      setDuplicates({ status: 'failed', groupId, confirmed, origin, message: `The chart could not be checked for extra copies: ${e instanceof Error ? e.message : String(e)}` });
    }
  };

  const discard = () => {
    const s = storage();
    if (s !== undefined) clearRoundDraft(s, patientId);
    // The draft goes, the journal stays: what was sent but never confirmed is still looked for.
    if (journal?.get(draft.groupId) !== undefined) journal.update(draft.groupId, 'round', (g) => ({ ...g, discarded: true }));
    setState({ draft: newRoundDraft(patientId, newEntryId(), emptyRound(toSiteLocalInput(new Date(), timeZone))), restored: false });
    setTouched(new Set());
    setShowAll(false);
    setPhase('entry');
    setSave({ kind: 'idle' });
  };

  const numeric = (field: NumericField, hint?: string) => (
    <NumericInput
      id={`round-${field}`}
      label={FIELD_INFO[field].label}
      unit={FIELD_INFO[field].unit}
      value={values[field]}
      check={check.fields[field]}
      showCheck={showAll || touched.has(field)}
      {...(hint === undefined ? {} : { hint })}
      onChange={(t) => setText(field, t)}
      onBlur={() => touch(field)}
      onConfirm={(c) => setConfirmed(field, c)}
    />
  );
  const crossError = (field: string) => (showAll || touched.has(field) ? check.crossField.find((p) => p.field === field)?.message : undefined);
  const refusedNames = CHECKED_FIELDS.flatMap((f) => (check.fields[f].status === 'refused' ? [FIELD_INFO[f].label] : []));

  const incomplete = save.kind === 'incomplete' ? save.result : undefined;
  const itemStatus = (itemId: string) => incomplete?.items.find((i) => i.itemId === itemId);
  const expired = incomplete?.error?.kind === 'session-expired';

  return (
    <section className="card round-entry" aria-labelledby="round-entry-heading">
      <h2 id="round-entry-heading">Enter a round</h2>
      {saved !== undefined && (
        <div ref={savedRef} tabIndex={-1} className="banner banner--ok" role="status" data-testid="round-saved">
          <strong>Round saved.</strong> {saved.count} observations for {saved.at} were confirmed by the EHR{saved.zone === undefined ? '' : ` (${saved.zone})`}. The schedule and trend below are updated.
        </div>
      )}
      {duplicates?.status === 'checking' && (
        <p className="muted" role="status" data-testid="duplicate-check">
          Checking the chart for extra copies of the round…
        </p>
      )}
      {duplicates?.status === 'clean' && (
        <p className={duplicates.retired > 0 ? 'banner banner--info' : 'muted'} role="status" data-testid="duplicate-check">
          {duplicates.retired > 0
            ? `${duplicates.retired} extra cop${duplicates.retired === 1 ? 'y' : 'ies'} made by ${COPY_ORIGIN_TEXT[duplicates.origin]} ${duplicates.retired === 1 ? 'was' : 'were'} marked entered-in-error, so the chart holds one copy of each.`
            : 'Checked: the chart holds one copy of each observation.'}
        </p>
      )}
      {duplicates?.status === 'failed' && (
        <div className="banner banner--warning" role="alert" data-testid="duplicate-check">
          {duplicates.message}{' '}
          <button type="button" onClick={() => void checkDuplicates(duplicates.groupId, duplicates.confirmed, duplicates.origin)}>
            Check again
          </button>
        </div>
      )}
      {restored && check.anythingEntered && (
        <p className="banner banner--info" role="status">
          Restored the round you were entering before the page reloaded{draft.attempted ? ' (a save was started: finish saving it)' : ''}.
        </p>
      )}
      <div className="round-entry__grid">
        <div>
          {phase === 'entry' ? (
            <form
              noValidate
              aria-label="Round entry"
              onSubmit={(e) => {
                e.preventDefault();
                goToReview();
              }}
            >
              {showAll && problems.length > 0 && (
                <div ref={summaryRef} tabIndex={-1} className="banner banner--error" role="alert" aria-labelledby="round-problems-heading">
                  <h3 id="round-problems-heading">Check these before reviewing</h3>
                  <ul>
                    {problems.map((p, i) => (
                      <li key={i}>
                        <a href={`#${p.field}`} onClick={(e) => { e.preventDefault(); document.getElementById(p.field)?.focus(); }}>
                          {p.message}
                        </a>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <div className="round-time">
                <SiteTimeField
                  id="round-time"
                  legend="Observations taken at"
                  value={values.time}
                  timeZone={timeZone}
                  now={now}
                  error={time.status === 'refused' && (showAll || touched.has('time')) ? time.message : undefined}
                  hint="Set when this entry started; change it if the observations were taken at another time."
                  onChange={(v) => {
                    touch('time');
                    setText('time', v);
                  }}
                >
                  <button type="button" onClick={() => setText('time', toSiteLocalInput(new Date(), timeZone))}>
                    Set to now
                  </button>
                </SiteTimeField>
              </div>
              <fieldset className="vitals">
                <legend>Vital signs</legend>
                <div className="vitals__grid">
                  {numeric('heartRate')}
                  {numeric('respiratoryRate')}
                  {numeric('spo2')}
                  <div>
                    <RadioGroup
                      name="round-oxygen"
                      legend="SpO2 measured on"
                      options={[
                        { value: 'room-air', label: 'Room air' },
                        { value: 'oxygen', label: 'Oxygen' },
                      ]}
                      value={values.oxygen}
                      onChange={(v) => {
                        touch('oxygen');
                        update((x) => ({ ...x, oxygen: v }));
                      }}
                      error={crossError('oxygen')}
                    />
                    {values.oxygen === 'oxygen' && (
                      <NumericInput
                        id="round-fio2"
                        label={FIELD_INFO.fio2.label}
                        unit="%"
                        value={values.fio2}
                        check={check.fields.fio2}
                        showCheck={showAll || touched.has('fio2')}
                        hint="FiO2 given, above 21 %"
                        onChange={(t) => setText('fio2', t)}
                        onBlur={() => touch('fio2')}
                        onConfirm={() => undefined}
                      />
                    )}
                  </div>
                  {numeric('systolicBp')}
                  {numeric('diastolicBp')}
                  {crossError('diastolicBp') !== undefined || crossError('systolicBp') !== undefined ? (
                    <p className="error bp-error" role="alert">
                      {crossError('diastolicBp') ?? crossError('systolicBp')}
                    </p>
                  ) : null}
                  {numeric('temperature')}
                  {numeric('pain', '0 = no pain, 10 = worst pain')}
                </div>
                <RadioGroup name="round-avpu" legend="Level of consciousness (AVPU)" options={AVPU_OPTIONS} value={values.avpu} onChange={(v) => update((x) => ({ ...x, avpu: v }))} className="avpu" />
                <div className="field">
                  <label htmlFor="round-concern">Staff or family concern</label>
                  <select id="round-concern" value={values.concern} aria-describedby="round-concern-hint" onChange={(e) => update((x) => ({ ...x, concern: e.target.value === 'concern' ? 'concern' : e.target.value === 'serious-concern' ? 'serious-concern' : 'none' }))}>
                    <option value="none">No concern</option>
                    <option value="concern">Concerned (yellow zone)</option>
                    <option value="serious-concern">Seriously concerned (red zone)</option>
                  </select>
                  <span id="round-concern-hint" className="hint">Escalates on its own (Guideline §3.4.3–4). Written to the chart with the round.</span>
                </div>
              </fieldset>
              <fieldset className="checks">
                <legend>ITB checks (watch for overdose, Guideline §2, §3.4.7)</legend>
                {ITB_CHECKS.map((c) => (
                  <RadioGroup key={c.key} name={`round-check-${c.key}`} legend={c.label} options={YES_NO} value={values.checks[c.key]} onChange={(v) => setCheck(c.key, v)} className="check-row" />
                ))}
              </fieldset>
              <div className="actions">
                <button type="submit" className="primary">
                  Review round
                </button>
                {check.anythingEntered && <DiscardEntry question="Discard this round?" prompt="Discard this round?" onDiscard={discard} />}
              </div>
            </form>
          ) : (
            <div className="review">
              <h3 ref={reviewHeading} tabIndex={-1}>
                Review: this is exactly what will be written
              </h3>
              <p>
                Time: <strong>{time.status === 'valid' ? formatWhen(time.instant, timeZone) : 'invalid'}</strong>
                {setup.status === 'ready' && <span className="muted"> · {setup.strategy.mode === 'transaction' ? 'one transaction' : 'one create per observation'}</span>}
              </p>
              {setup.status === 'pending' && <p className="muted">{setup.resuming === true ? 'Checking the chart for what was sent before the page reloaded…' : 'Checking what the EHR supports…'}</p>}
              {setup.status === 'read-only' && (
                <p className="banner banner--warning" data-testid="review-read-only">
                  <strong>Read-only launch: nothing below will be written.</strong> This session may not write to the EHR; record the round on the paper chart.
                </p>
              )}
              {setup.status === 'error' && (
                <p className="banner banner--error" role="alert">
                  The EHR's capabilities could not be read, so the round cannot be saved yet: {setup.error.message}{' '}
                  <button type="button" onClick={() => void setup.retry()}>
                    Retry
                  </button>
                </p>
              )}
              {review.error !== undefined && <p className="banner banner--error">{review.error}</p>}
              <table className="review-table">
                <caption>Observations in this round ({review.lines.length})</caption>
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col">Value</th>
                    {incomplete !== undefined && <th scope="col">EHR</th>}
                  </tr>
                </thead>
                <tbody>
                  {review.lines.map((l) => {
                    const st = itemStatus(l.itemId);
                    return (
                      <tr key={l.itemId}>
                        <th scope="row">{l.label}</th>
                        <td>{l.value}</td>
                        {incomplete !== undefined && <td>{st?.status === 'saved' ? <span className="status-pill zone-normal">✓ Confirmed</span> : <span className="status-pill zone-red">✗ Not confirmed</span>}</td>}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <details className="review-codes" data-technical="codes">
                <summary>How each value is coded in the EHR (for the technically minded)</summary>
                <ul>
                  {review.lines.map((l) => (
                    <li key={l.itemId}>
                      {l.label}: {l.code}, unit {l.unit}
                    </li>
                  ))}
                </ul>
              </details>
              <ReviewZone round={round} birthDate={birthDate} patientState={patientState} at={time.status === 'valid' ? time.instant : now} timeZone={timeZone} criteria={criteria} altered={altered} signsRecorded={signs.length > 0} />
              {notRecorded(values).length > 0 && (
                <p className="banner banner--warning">
                  Not recorded in this round (a full set is expected, Guideline §3.4.2): {notRecorded(values).join(', ')}.
                </p>
              )}
              {incomplete !== undefined && (
                <div className="banner banner--error" role="alert" data-testid="save-incomplete">
                  <strong>Not saved yet.</strong>{' '}
                  {incomplete.items.filter((i) => i.status === 'saved').length} of {review.lines.length} observations confirmed by the EHR.{' '}
                  {expired
                    ? 'Your EHR session has ended. The round is kept in this browser session: open ITB Companion again from the patient chart, then save again. Nothing will be written twice.'
                    : `${incomplete.error?.message ?? 'The EHR did not confirm every observation.'} Retry to finish: what the EHR already holds is recognised, so nothing is written twice.`}
                </div>
              )}
              {save.kind === 'failed' && (
                <p className="banner banner--error" role="alert">
                  The round could not be saved: {save.message}
                </p>
              )}
              <div className="actions">
                <button
                  type="button"
                  className="primary"
                  // A failed capabilities read does not grey it out: pressing it reads them again, then saves.
                  disabled={(setup.status !== 'ready' && setup.status !== 'error') || saveWhenReady.reading || save.kind === 'saving' || time.status !== 'valid' || !check.readyToReview}
                  onClick={saveWhenReady.press}
                >
                  {save.kind === 'saving' ? 'Saving…' : saveWhenReady.reading ? 'Reading what the EHR supports…' : draft.attempted ? 'Retry save' : 'Save round to chart'}
                </button>
                {!locked && (
                  <button type="button" onClick={() => setPhase('entry')} disabled={save.kind === 'saving'}>
                    Back to edit
                  </button>
                )}
                {locked && save.kind !== 'saving' && (
                  <DiscardEntry question="Discard this round?" prompt="Discard? Observations already confirmed stay in the chart (amend them in the trend below)." onDiscard={discard} />
                )}
              </div>
              {save.kind === 'saving' && save.progress !== undefined && (
                <p className="hint" role="status" data-testid="save-progress">
                  {save.progress.kind === 'waiting-for-earlier-writes'
                    ? `Waiting up to ${Math.ceil(save.progress.ms / 1000)} s for ${save.progress.items} observation${save.progress.items === 1 ? '' : 's'} sent before the page reloaded to reach the EHR, then checking the chart before writing again.`
                    : 'Checking the chart for extra copies before calling the round saved…'}
                </p>
              )}
              {locked && <p className="hint muted">A save was started, so the values are locked: part of the round may already be in the chart. Finish saving, then amend any value from the trend.</p>}
            </div>
          )}
        </div>
        <EscalationPanel
          round={round}
          signs={signs}
          birthDate={birthDate}
          patientState={patientState}
          now={time.status === 'valid' ? time.instant : now}
          timeZone={timeZone}
          criteria={criteria}
          altered={altered}
          criteriaProblem={criteriaProblem}
          contacts={contacts}
          situation={situation}
          refused={refusedNames}
          anythingEntered={check.anythingEntered}
        />
      </div>
    </section>
  );
}

function ReviewZone({
  round,
  birthDate,
  patientState,
  at,
  timeZone,
  criteria,
  altered,
  signsRecorded,
}: {
  round: ReturnType<typeof toVitalSignsRound>;
  birthDate: string | undefined;
  patientState: string;
  at: Date;
  timeZone: string;
  criteria: CallingCriteriaTable;
  altered: AlteredCallingCriteria | undefined;
  signsRecorded: boolean;
}) {
  if (patientState === 'pending') return <p className="muted">Zone: reading the child's age…</p>;
  const z = zoneFor(round, patientState === 'ready' ? birthDate : undefined, at, criteria, timeZone, altered);
  if (!z.ok) return <p className="banner banner--warning">Zone: {z.message}</p>;
  const view = zoneView(z.result, { signsRecorded, patientUnreadable: patientState === 'error' });
  return (
    <p>
      Zone of this round:{' '}
      <span className={`status-pill zone-${view.tone}`} data-testid="review-zone">
        {view.words}
      </span>
    </p>
  );
}
