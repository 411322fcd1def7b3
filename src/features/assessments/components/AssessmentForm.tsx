import { DiscardEntry } from '../../../components/ui/DiscardEntry';
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { BADS_REGIONS, MAS_GRADES, scoreBads, toSiteIso, toSiteLocalInput, type BadsRegion, type MasGrade } from '../../../domain';
import { SiteTimeField } from '../../../components/ui/SiteTimeField';
import { newEntryId, toFhirError, type GmfcsLevel, type TimePoint } from '../../../fhir';
import { useSession } from '../../../session/session-context';
import { useSaveWhenReady, useWriteSetup, type ReadySetup } from '../../../session/use-write-setup';
import { sessionJournal } from '../../../fhir/write-journal';
import { clearDraft, loadDraft, saveDraft } from '../api/draft-storage';
import { useSaveAssessment, useSaveEdit } from '../api/therapy';
import {
  buildAssessmentDrafts,
  checkAssessmentTime,
  editReasonNeeded,
  emptyForm,
  planEdit,
  timeConfirmationKey,
  timeError,
  timePointAt,
  readTardieu,
  selectEpisode,
  sideKey,
  type AssessmentForm as Form,
  type FieldErrors,
  type TardieuInput,
  type TextField,
  type TherapyRecords,
} from '../model';
import {
  ALL_TIME_POINTS,
  BADS_REGION_LABELS,
  BADS_SCORE_NAMES,
  badsDescriptors,
  GMFCS_LEVELS,
  MAS_DEFINITIONS,
  MUSCLE_GROUPS,
  SCALE_SOURCES,
  SIDES,
  TARDIEU_ANGLES_HELP,
  TARDIEU_QUALITY,
  TIME_POINT_LABELS,
} from '../scales';
import { when } from './format';
import { Segmented } from './Segmented';

type Outcome =
  | { kind: 'saved'; text: string }
  | { kind: 'partial'; text: string; retry: boolean }
  | { kind: 'failed'; text: string };

const NOT = 'not';

/**
 * One assessment at one time point: BADS, MAS and Tardieu per muscle and side, range-of-movement and
 * transfers notes, GMFCS once, goals.
 * Kept as a draft in sessionStorage until the EHR confirms every item.
 */
export function AssessmentForm(props: {
  records: TherapyRecords;
  suggestedTimePoint: TimePoint;
  /** Editing ended: with the confirmation to show, or undefined when cancelled. */
  onDoneEditing: (message: string | undefined) => void;
  /** A saved assessment loaded for editing (the parent remounts the form with a new key). */
  startFrom: Form | undefined;
  /** When this test dose's verdict was recorded, if it was: a baseline changed after it needs a reason. */
  verdictAt: string | undefined;
}) {
  const { patientId, site } = useSession();
  const timeZone = site.site.timeZone;
  const setup = useWriteSetup();
  const saveNew = useSaveAssessment();
  const saveEdit = useSaveEdit();
  const nowLocal = useCallback(() => toSiteLocalInput(new Date(), timeZone), [timeZone]);
  const [form, setForm] = useState<Form>(() => {
    const draft = loadDraft(patientId);
    return props.startFrom ?? (draft === undefined ? undefined : draft.time === '' ? { ...draft, time: nowLocal() } : draft) ?? emptyForm(newEntryId(), props.suggestedTimePoint, nowLocal());
  });
  // The time point follows the time typed (from the dose time) until the therapist picks one.
  const [timePointByHand, setTimePointByHand] = useState(props.startFrom !== undefined);
  const [dirty, setDirty] = useState(props.startFrom !== undefined);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const [changeGmfcs, setChangeGmfcs] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const ids = useId();

  useEffect(() => {
    if (dirty) saveDraft(patientId, form);
  }, [dirty, form, patientId]);

  const editing = form.editing === undefined ? undefined : props.records.assessments.find((a) => a.groupId === form.editing);
  const recordedGmfcs = props.records.gmfcs;
  const episode = useMemo(() => selectEpisode(props.records), [props.records]);
  const injectionAt = episode.injection?.at;
  const baselineAt = episode.baseline === undefined || episode.baseline.groupId === form.editing ? undefined : episode.baseline.effective;
  // Checked when the time or time point changes (not on every keystroke elsewhere in the form).
  const { time, checkedAt } = useMemo(() => {
    const at = new Date();
    return { time: checkAssessmentTime({ time: form.time, timePoint: form.timePoint, now: at, timeZone, injectionAt, baselineAt }), checkedAt: at };
  }, [form.time, form.timePoint, timeZone, injectionAt, baselineAt]);
  const reasonNeeded = editing === undefined ? undefined : editReasonNeeded(editing, episode, props.verdictAt, timeZone);
  const savedLocal = editing?.effective === undefined || Number.isNaN(Date.parse(editing.effective)) ? undefined : toSiteLocalInput(new Date(Date.parse(editing.effective)), timeZone);
  const update = useCallback((change: (f: Form) => Form) => {
    setForm((f) => change(f));
    setDirty(true);
    setOutcome(undefined);
  }, []);
  const busy = saveNew.isPending || saveEdit.isPending;
  // Once a save of a new assessment starts, part of it may be in the chart: the values lock until
  // the chart is confirmed to hold them all (then a change is an edit, amended with If-Match).
  const journal = sessionJournal(patientId);
  const locked = form.editing === undefined && (saveNew.isPending || journal?.get(form.groupId) !== undefined);

  const reset = () => {
    clearDraft(patientId);
    setForm(emptyForm(newEntryId(), props.suggestedTimePoint, nowLocal()));
    setTimePointByHand(false);
    setDirty(false);
    setErrors({});
    setChangeGmfcs(false);
  };

  // A started save may have put part of the assessment in the chart: discarding it keeps the
  // group's journal, marked discarded, so the next launch looks for what landed and says so
  // (journal-resume.ts) instead of offering to finish an entry that is gone. Clear form only cleared
  // the draft, and the journal stayed "being saved" for good.
  const discard = () => {
    const j = journal?.get(form.groupId);
    if (j !== undefined && j.complete !== true) journal?.update(form.groupId, 'assessment', (g) => ({ ...g, discarded: true }));
    setOutcome(undefined);
    reset();
  };

  const submit = async (retry: boolean, readySetup: ReadySetup) => {
    setOutcome(undefined);
    const ready = { context: readySetup.context, strategy: readySetup.strategy };
    const timeProblem = timeError(time, form);
    const withTime = (e: FieldErrors): FieldErrors => (timeProblem === undefined ? e : { time: timeProblem, ...Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'form')) });
    if (form.editing !== undefined) {
      if (editing === undefined) {
        setOutcome({ kind: 'failed', text: 'The assessment being edited is no longer in the record list. Reload the page and try again.' });
        return;
      }
      const timeChanged = time.instant !== undefined && form.time !== savedLocal;
      const plan = planEdit(editing, form, recordedGmfcs?.value, {
        effective: timeChanged && time.instant !== undefined ? toSiteIso(time.instant, timeZone) : undefined,
        wasTime: when(editing.effective, timeZone),
        reasonNeeded,
      });
      const errs = withTime(plan.errors);
      setErrors(errs);
      if (Object.keys(errs).length > 0 || time.instant === undefined) {
        summaryRef.current?.focus();
        return;
      }
      const at = time.instant;
      const result = await saveEdit.mutateAsync({ ready, groupId: editing.groupId, plan, at }).catch((e: unknown) => ({ amended: 0, added: 0, failures: [{ itemId: 'all', error: toFhirError(e) }] }));
      if (result.failures.length === 0) {
        reset();
        props.onDoneEditing(`Changes saved to the EHR: ${result.amended} amended, ${result.added} added (${TIME_POINT_LABELS[form.timePoint === '' ? 'baseline' : form.timePoint]} assessment).`);
      } else {
        setOutcome({ kind: 'partial', retry: true, text: `Not all changes were saved (${result.failures.length} failed): ${result.failures[0]?.error.message ?? ''} Your edits are kept; save again.` });
      }
      return;
    }
    const built = buildAssessmentDrafts(form, recordedGmfcs?.value);
    const errs = withTime(built.errors);
    setErrors(errs);
    if (Object.keys(errs).length > 0 || time.instant === undefined) {
      summaryRef.current?.focus();
      return;
    }
    const at = time.instant;
    try {
      const result = await saveNew.mutateAsync({
        ready,
        groupId: form.groupId,
        drafts: built.drafts,
        at,
        retry,
        label: `${TIME_POINT_LABELS[form.timePoint === '' ? 'baseline' : form.timePoint].toLowerCase()} assessment`,
      });
      const confirmed = result.items.filter((i) => i.status === 'saved').length;
      if (result.complete) {
        const d = result.duplicates;
        const copies =
          d === undefined || (d.retired === 0 && d.failed.length === 0)
            ? ''
            : d.failed.length === 0
              ? ` ${d.retired} extra cop${d.retired === 1 ? 'y' : 'ies'} made by ${d.text} ${d.retired === 1 ? 'was' : 'were'} marked entered-in-error.`
              : ` The chart may still hold an extra copy (made by ${d.text}) that could not be marked entered-in-error: ${d.failed[0]?.error.message ?? ''} Mark it in the EHR.`;
        setOutcome({ kind: 'saved', text: `Saved to the EHR: ${TIME_POINT_LABELS[form.timePoint === '' ? 'baseline' : form.timePoint]} assessment, assessed ${when(at, timeZone)}, ${confirmed} item${confirmed === 1 ? '' : 's'}.${copies}` });
        reset();
      } else {
        setOutcome({ kind: 'partial', retry: true, text: `Not saved completely: ${confirmed} of ${built.drafts.length} items confirmed. ${result.error?.message ?? ''} What you entered is kept; save again (nothing is written twice).` });
      }
    } catch (e) {
      setOutcome({ kind: 'partial', retry: true, text: `Not saved: ${e instanceof Error ? e.message : String(e)} What you entered is kept; save again.` });
    }
  };

  const timeProblemShown = errors['time'] !== undefined;
  const timeField = useMemo(
    () => (
          <SiteTimeField
            id={`${ids}-time`}
            legend="Assessed at"
            value={form.time}
            timeZone={timeZone}
            now={checkedAt}
            error={time.error ?? (timeProblemShown && time.toConfirm !== undefined ? 'Confirm the time below, or correct it.' : undefined)}
            hint={`${time.relation === undefined ? (injectionAt === undefined ? 'No injection recorded: the time point cannot be checked against the dose time.' : '') : `${time.relation}.`} Scores from a paper sheet: enter when they were taken.`}
            onChange={(v) =>
              update((f) => {
                const instant = checkAssessmentTime({ time: v, timePoint: f.timePoint, now: new Date(), timeZone, injectionAt, baselineAt }).instant;
                const derived = timePointByHand || instant === undefined ? undefined : timePointAt(injectionAt, instant);
                return { ...f, time: v, timePoint: derived ?? f.timePoint };
              })
            }
          >
            <button type="button" onClick={() => update((f) => ({ ...f, time: nowLocal() }))}>
              Set to now
            </button>
          </SiteTimeField>
    ),
    [ids, form.time, time, checkedAt, timeProblemShown, timeZone, injectionAt, baselineAt, timePointByHand, update, nowLocal],
  );

  const saveWhenReady = useSaveWhenReady(setup, (ready) => void submit(outcome?.kind === 'partial', ready));

  const errorList = Object.entries(errors);
  const gmfcsMeaning = (level: GmfcsLevel | undefined) => GMFCS_LEVELS.find((g) => g.level === level);

  return (
    <form
      className="assessment-form"
      aria-labelledby={`${ids}-title`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        saveWhenReady.press();
      }}
    >
      <h3 id={`${ids}-title`}>{editing === undefined ? 'Record an assessment' : 'Edit a saved assessment'}</h3>
      {editing !== undefined && (
        <div className="banner banner--info">
          Editing the {TIME_POINT_LABELS[editing.timePoint ?? 'baseline']} assessment recorded {when(editing.effective, timeZone)}. Changed scores are amended in the EHR (status
          “amended”); new scores are added to it.{' '}
          <button
            type="button"
            onClick={() => {
              reset();
              props.onDoneEditing(undefined);
            }}
          >
            Cancel editing
          </button>
        </div>
      )}

      <div ref={summaryRef} tabIndex={-1} className="assessment-form__summary">
        {errorList.length > 0 && (
          <div role="alert" className="banner banner--error">
            <strong>Not saved: check these first.</strong>
            <ul>
              {errorList.map(([k, message]) => (
                <li key={k}>{message}</li>
              ))}
            </ul>
          </div>
        )}
      </div>

      <fieldset className="assessment-form__fields" disabled={locked} aria-describedby={locked ? `${ids}-locked` : undefined}>
      {timeField}
      <Segmented<TimePoint | ''>
        legend="Time point"
        name={`${ids}-tp`}
        options={ALL_TIME_POINTS.map((tp) => ({ value: tp, label: TIME_POINT_LABELS[tp] }))}
        value={form.timePoint}
        onChange={(tp) => {
          setTimePointByHand(true);
          update((f) => ({ ...f, timePoint: tp }));
        }}
        describedBy={`${ids}-tp-hint`}
        invalid={errors['timePoint'] !== undefined}
      />
      <p id={`${ids}-tp-hint`} className="hint muted">
        {injectionAt === undefined
          ? 'Suggested: baseline (no test-dose injection recorded yet).'
          : time.derived === undefined
            ? `Suggested from the dose time: ${TIME_POINT_LABELS[props.suggestedTimePoint]}.`
            : `From the assessment time: ${TIME_POINT_LABELS[time.derived]} (windows open 5 minutes before each due time; Guideline §3.4.8).`}
      </p>
      {time.toConfirm !== undefined && (
        <p className="confirm" data-testid="time-confirm">
          {time.toConfirm}{' '}
          <label>
            <input
              type="checkbox"
              checked={form.timeConfirmed === timeConfirmationKey(form)}
              onChange={(e) => update((f) => ({ ...f, timeConfirmed: e.target.checked ? timeConfirmationKey(f) : '' }))}
            />{' '}
            I confirm this {form.timePoint === '' ? '' : TIME_POINT_LABELS[form.timePoint].toLowerCase()} assessment was done at this time
          </label>
        </p>
      )}
      {reasonNeeded !== undefined && (
        <div className="field assessment-form__reason">
          <label htmlFor={`${ids}-reason`}>Reason for the change</label>
          <input
            id={`${ids}-reason`}
            type="text"
            value={form.reason}
            aria-invalid={errors['reason'] === undefined ? undefined : 'true'}
            aria-describedby={`${ids}-reason-hint`}
            onChange={(e) => update((f) => ({ ...f, reason: e.target.value }))}
          />
          <span id={`${ids}-reason-hint`} className="hint">
            {reasonNeeded} It is written with each changed score, with what it was; the EHR records who changed it.
          </span>
        </div>
      )}

      <BadsSection ids={ids} bads={form.bads} update={update} />
      <MasSection ids={ids} mas={form.mas} update={update} />
      <TardieuSection ids={ids} tardieu={form.tardieu} errors={errors} update={update} />

      <section className="card pt-notes" aria-labelledby={`${ids}-notes`}>
        <h4 id={`${ids}-notes`}>Range of movement and transfers</h4>
        <p className="hint muted">Physiotherapy and OT notes at this time point, in your own words (optional). Guideline §3.2: note range of movement and transfers at baseline and after the dose.</p>
        <div className="grid-2">
          {NOTE_FIELDS.map(({ field, label, example }) => {
            const baseline = form.timePoint !== 'baseline' && form.timePoint !== '' ? baselineNote(props.records, field, form.editing) : undefined;
            return (
              <div key={field} className="field">
                <label htmlFor={`${ids}-${field}`}>{label}</label>
                <textarea id={`${ids}-${field}`} rows={3} value={form[field]} onChange={(e) => update((f) => ({ ...f, [field]: e.target.value }))} aria-describedby={`${ids}-${field}-hint`} />
                <span id={`${ids}-${field}-hint`} className="hint">
                  {baseline === undefined ? example : <span className="baseline-note">Baseline: “{baseline}”</span>}
                </span>
              </div>
            );
          })}
        </div>
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby={`${ids}-gmfcs`}>
          <h4 id={`${ids}-gmfcs`}>GMFCS level</h4>
          {recordedGmfcs !== undefined && !changeGmfcs && form.gmfcs === '' ? (
            <>
              <p>
                <strong>Level {gmfcsMeaning(recordedGmfcs.value)?.roman}</strong>: {gmfcsMeaning(recordedGmfcs.value)?.meaning}. Recorded {when(recordedGmfcs.effective, timeZone)}.
              </p>
              <button type="button" onClick={() => setChangeGmfcs(true)}>
                Record a different level
              </button>
            </>
          ) : (
            <Segmented<GmfcsLevel | ''>
              legend="GMFCS level (recorded once)"
              name={`${ids}-gmfcs`}
              options={[{ value: '', label: 'Not recorded' }, ...GMFCS_LEVELS.map((g) => ({ value: g.level, label: g.roman, detail: g.meaning }))]}
              value={form.gmfcs}
              onChange={(v) => update((f) => ({ ...f, gmfcs: v }))}
            />
          )}
          <p className="source">Source: {SCALE_SOURCES.gmfcs}.</p>
        </section>
        <section className="card" aria-labelledby={`${ids}-goals`}>
          <h4 id={`${ids}-goals`}>Family goals</h4>
          <div className="field">
            <label htmlFor={`${ids}-goals-input`}>Goals, in the family's words</label>
            <textarea id={`${ids}-goals-input`} rows={3} value={form.goals} onChange={(e) => update((f) => ({ ...f, goals: e.target.value }))} aria-describedby={`${ids}-goals-hint`} />
            <span id={`${ids}-goals-hint`} className="hint">
              {latestGoals(props.records, timeZone) ?? 'No goals recorded yet.'} Achievement of family goals also counts (Guideline §3.4.8).
            </span>
          </div>
        </section>
      </div>
      </fieldset>

      {outcome !== undefined && (
        <div role={outcome.kind === 'saved' ? 'status' : 'alert'} className={`banner ${outcome.kind === 'saved' ? 'banner--ok' : 'banner--error'}`}>
          {outcome.text}
        </div>
      )}
      {setup.status === 'error' && (
        <div role="alert" className="banner banner--error">
          The app could not check how to save to this EHR: {setup.error.message}{' '}
          <button type="button" onClick={() => void setup.retry()}>
            Try again
          </button>
        </div>
      )}
      {locked && !busy && (
        <p id={`${ids}-locked`} className="hint muted">
          A save was started, so the values are locked: part of the assessment may already be in the chart. Save again to finish; once saved, edit any score from the record list.
        </p>
      )}
      <div className="actions">
        {/* A failed capabilities read does not grey it out: pressing it reads them again, then saves. */}
        <button type="submit" className="primary" disabled={busy || saveWhenReady.reading || (setup.status !== 'ready' && setup.status !== 'error')}>
          {busy
            ? 'Saving…'
            : setup.status === 'pending'
              ? setup.resuming === true
                ? 'Checking what was sent before the reload…'
                : 'Checking the EHR…'
              : saveWhenReady.reading
                ? 'Reading what the EHR supports…'
                : outcome?.kind === 'partial'
                  ? 'Save again'
                  : editing === undefined
                    ? 'Save assessment'
                    : 'Save changes'}
        </button>
        {editing === undefined &&
          (!locked ? (
            <button type="button" onClick={reset} disabled={busy}>
              Clear form
            </button>
          ) : (
            <DiscardEntry
              question="Discard this assessment?"
              prompt="Discard this assessment? Scores the EHR already stored stay in the chart; the app looks for them again when it next opens."
              onDiscard={discard}
              disabled={busy}
            />
          ))}
      </div>
    </form>
  );
}


type Update = (change: (f: Form) => Form) => void;

/*
 * The three scales, each a memoised section: a key typed in a note, the reason or the time (or a
 * radio in another scale) re-renders only the section whose values it changes, not the ~150
 * radios of all three (update is stable and ids fixed, so a section's props change only with its
 * own values, or, for the Tardieu table, with the errors of a save attempt).
 */
const BadsSection = memo(function BadsSection({ ids, bads, update }: { ids: string; bads: Form['bads']; update: Update }) {
  const total = scoreBads(bads);
  return (
  <section className="card" aria-labelledby={`${ids}-bads`}>
    <h4 id={`${ids}-bads`}>Barry–Albright Dystonia Scale (BADS)</h4>
    <p className="hint muted">Rate dystonia only (not weakness or other movement disorders). Each region 0–4; open “What the scores mean” for that region's descriptors.</p>
    <div className="bads-grid">
      {BADS_REGIONS.map((region) => (
        <div key={region} className="bads-region">
          <Segmented<string>
            legend={BADS_REGION_LABELS[region]}
            name={`${ids}-bads-${region}`}
            options={[{ value: NOT, label: 'Not scored' }, ...BADS_SCORE_NAMES.map((name, i) => ({ value: String(i), label: String(i), detail: name }))]}
            value={bads[region] === undefined ? NOT : String(bads[region])}
            onChange={(v) => update((f) => ({ ...f, bads: setRegion(f.bads, region, v === NOT ? undefined : Number(v)) }))}
          />
          <details className="help">
            <summary>
              What the scores mean<span className="visually-hidden">: {BADS_REGION_LABELS[region]}</span>
            </summary>
            <ul>
              {badsDescriptors(region).map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          </details>
        </div>
      ))}
    </div>
    <p className="bads-total" aria-live="polite">
      <strong>BADS total: </strong>
      {total.ok && total.value.total !== null ? (
        <span className="figure">{total.value.total} of 32</span>
      ) : (
        <span>
          not complete — {total.ok ? total.value.missingRegions.length : 8} of 8 regions not scored (the total is left missing, never counted as 0)
        </span>
      )}
    </p>
    <p className="source">Source: {SCALE_SOURCES.bads}; Guideline §3.2.</p>
  </section>
  );
});

const MasSection = memo(function MasSection({ ids, mas, update }: { ids: string; mas: Form['mas']; update: Update }) {
  return (
  <section className="card" aria-labelledby={`${ids}-mas`}>
    <h4 id={`${ids}-mas`}>Modified Ashworth Scale (MAS)</h4>
    <details className="help">
      <summary>What the MAS grades mean</summary>
      <dl className="definitions">
        {MAS_GRADES.map((g) => (
          <div key={g}>
            <dt>{g}</dt>
            <dd>{MAS_DEFINITIONS[g]}</dd>
          </div>
        ))}
      </dl>
      <p className="source">Source: {SCALE_SOURCES.mas}.</p>
    </details>
    <table className="mas-table">
      <caption className="visually-hidden">MAS grade per muscle group, left and right</caption>
      <thead>
        <tr>
          <th scope="col">Muscle group</th>
          <th scope="col">Left</th>
          <th scope="col">Right</th>
        </tr>
      </thead>
      <tbody>
        {MUSCLE_GROUPS.map((m) => (
          <tr key={m.id}>
            <th scope="row">{m.label}</th>
            {SIDES.map((side) => {
              const k = sideKey(m.id, side);
              return (
                <td key={side}>
                  <Segmented<string>
                    legend={`${m.label}, ${side}`}
                    legendHidden
                    name={`${ids}-mas-${k}`}
                    options={[{ value: NOT, label: '–', detail: 'not assessed' }, ...MAS_GRADES.map((g) => ({ value: g, label: g }))]}
                    value={mas[k] ?? NOT}
                    onChange={(v) => update((f) => ({ ...f, mas: setMas(f.mas, k, v) }))}
                  />
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  </section>
  );
});

const TardieuSection = memo(function TardieuSection({ ids, tardieu, errors, update }: { ids: string; tardieu: Form['tardieu']; errors: FieldErrors; update: Update }) {
  return (
  <section className="card" aria-labelledby={`${ids}-mts`}>
    <h4 id={`${ids}-mts`}>Modified Tardieu Scale</h4>
    <details className="help">
      <summary>How to record R1, R2 and quality</summary>
      <p>{TARDIEU_ANGLES_HELP}</p>
      <ol start={0} className="definitions">
        {TARDIEU_QUALITY.map((q, i) => (
          <li key={q}>
            {i}: {q}
          </li>
        ))}
      </ol>
      <p className="source">Source: {SCALE_SOURCES.tardieu}.</p>
    </details>
    <table className="mts-table">
      <caption className="visually-hidden">Tardieu angles and quality per muscle group and side</caption>
      <thead>
        <tr>
          <th scope="col">Muscle group</th>
          <th scope="col">R1 (degrees)</th>
          <th scope="col">R2 (degrees)</th>
          <th scope="col">Quality (0–5)</th>
          <th scope="col">R2 − R1</th>
        </tr>
      </thead>
      <tbody>
        {MUSCLE_GROUPS.flatMap((m) =>
          SIDES.map((side) => {
            const k = sideKey(m.id, side);
            const row = tardieu[k] ?? { r1: '', r2: '', quality: '' };
            const read = readTardieu(row);
            const error = errors[`tardieu.${k}`];
            const label = `${m.label}, ${side}`;
            const set = (field: keyof TardieuInput, v: string) => update((f) => ({ ...f, tardieu: { ...f.tardieu, [k]: { ...row, [field]: v } } }));
            return (
              <tr key={k}>
                <th scope="row">
                  {label}
                  {error !== undefined && (
                    <span className="error" id={`${ids}-mts-err-${k}`}>
                      {' '}
                      {error}
                    </span>
                  )}
                </th>
                {(['r1', 'r2'] as const).map((field) => (
                  <td key={field}>
                    <span className="with-unit">
                      <input
                        aria-label={`${label}: ${field.toUpperCase()} in degrees`}
                        inputMode="numeric"
                        value={row[field]}
                        aria-invalid={error !== undefined ? true : undefined}
                        aria-describedby={error !== undefined ? `${ids}-mts-err-${k}` : undefined}
                        onChange={(e) => set(field, e.target.value)}
                      />
                      <span className="unit">°</span>
                    </span>
                  </td>
                ))}
                <td>
                  <select aria-label={`${label}: quality`} value={row.quality} onChange={(e) => set('quality', e.target.value)}>
                    <option value="">–</option>
                    {TARDIEU_QUALITY.map((q, i) => (
                      <option key={q} value={String(i)}>
                        {i}: {q}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="num">{read.value === undefined ? <span className="muted">–</span> : `${read.value.r2 - read.value.r1}°`}</td>
              </tr>
            );
          }),
        )}
      </tbody>
    </table>
  </section>
  );
});

function setRegion(bads: Form['bads'], region: BadsRegion, value: number | undefined): Form['bads'] {
  const next = { ...bads };
  if (value === undefined) delete next[region];
  else next[region] = value;
  return next;
}

function setMas(mas: Form['mas'], k: string, v: string): Form['mas'] {
  const next: Record<string, MasGrade> = { ...mas };
  const grade = MAS_GRADES.find((g) => g === v);
  if (grade === undefined) delete next[k];
  else next[k] = grade;
  return next;
}

const NOTE_FIELDS: readonly { field: Exclude<TextField, 'goals'>; label: string; example: string }[] = [
  { field: 'rom', label: 'Range of movement', example: 'E.g. passive joint ranges in degrees, end-feel, contractures.' },
  { field: 'transfers', label: 'Transfers', example: 'E.g. bed to chair, sit to stand, help and equipment needed.' },
];

/** The note recorded at this test dose's baseline, to compare against while writing a later one. */
function baselineNote(records: TherapyRecords, field: Exclude<TextField, 'goals'>, editing: string | undefined): string | undefined {
  const baseline = selectEpisode(records).baseline;
  return baseline === undefined || baseline.groupId === editing ? undefined : baseline[field]?.value;
}

function latestGoals(records: TherapyRecords, timeZone: string): string | undefined {
  const withGoals = records.assessments.filter((a) => a.goals !== undefined);
  const last = withGoals.at(-1);
  return last?.goals === undefined ? undefined : `Recorded ${when(last.effective, timeZone)}: “${last.goals.value.replace(/[.\s]+$/, '')}”.`;
}
