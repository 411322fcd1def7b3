import { useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import {
  checkEnteredDailyDose,
  checkConcentration,
  checkFillVolume,
  checkProgrammedDose,
  checkResidual,
  DEFAULT_RESERVOIR_LIMIT_ML,
  DEFAULT_RESIDUAL_TOLERANCE_ML,
  forecastRefill,
  fromSiteLocalInput,
  microgramsPerDay,
  microgramsPerMl,
  millilitres,
  refillVisitBlockers,
  SUPPLIED_CONCENTRATIONS_MICROGRAMS_PER_ML,
  toSiteIso,
  toSiteLocalInput,
  type ConcentrationCheck,
  type ProgrammedDoseCheck,
  type ResidualCheck,
} from '../../../domain';
import { newEntryId, saveRefillVisit, type RefillVisitRecord, type RefillVisitResult } from '../../../fhir';
import { formatDate, formatWhen } from '../../../components/ui/clinical-format';
import { ReadError, Source } from '../../../components/ui/read-state';
import { WriteAccessNotice } from '../../../components/ui/WriteAccessNotice';
import { useSession } from '../../../session/session-context';
import { useWriteGrant, useWriteSetup } from '../../../session/use-write-setup';
import { grantsCreate } from '../../../fhir/scopes';
import { useDoctorData } from '../api/doctor-queries';
import { ml, num, perDay, perMl } from '../model/format';
import { startOf } from '../model/dose-timeline';
import { useDoctorModel, type DoctorModel } from './doctor-model';
import { SiteTimeField } from '../../../components/ui/SiteTimeField';
import { clearRefillDraft, loadRefillDraft, refillDraftWorthKeeping, saveRefillDraft, type RefillForm } from '../api/refill-draft';
import './doctor.css';

type Form = RefillForm;

const positive = (s: string): number | undefined => {
  const t = s.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return n > 0 ? n : undefined;
};
const nonNegative = (s: string): number | undefined => {
  const t = s.trim();
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : undefined;
};

/** The wall clock, ticking, so a refill time typed after the view opened is not "in the future". */
function useClock(intervalMs: number): Date {
  const [clock, setClock] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setClock(new Date()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return clock;
}

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'incomplete'; result: RefillVisitResult } | { kind: 'failed'; message: string } | { kind: 'saved'; result: RefillVisitResult; record: RefillVisitRecord };

/**
 * Pump refill visit (Guideline §4.1.1, §4.1.6): the expected residual before, the entry with its
 * checks while typing, a review, and the write — a completed refill Procedure and its
 * Observations, exactly once — after which the forecast, action plan and emergency mode read the
 * new fill. For a child with a pump; from the doctor view and the nurse view.
 */
export function RefillVisitView() {
  const { site, client, patientId } = useSession();
  const timeZone = site.site.timeZone;
  const clinical = site.clinical;
  const data = useDoctorData();
  const model = useDoctorModel(data, { stabilityDays: clinical.drugStabilityDays, dueSoonDays: clinical.refillWarningDays, staleWeightDays: clinical.staleWeightDays, timeZone });
  const { pump, medications } = data;

  let body;
  if (pump.isPending || medications.isPending) {
    body = (
      <p role="status" className="muted">
        Loading the pump and dose records…
      </p>
    );
  } else if (pump.isError) {
    body = <ReadError what="pump records" error={pump.error} onRetry={() => void pump.refetch()} />;
  } else if (medications.isError) {
    body = <ReadError what="medication records" error={medications.error} onRetry={() => void medications.refetch()} />;
  } else if (model.hasPump !== true) {
    body = <p className="banner banner--info">No implanted pump is recorded for this child: a refill visit is for a child with a pump. For a test dose, use the doctor view&apos;s test-dose planning.</p>;
  } else {
    body = <RefillVisit model={model} timeZone={timeZone} now={data.now} toleranceSetting={clinical.refillResidualToleranceMl} reductionWarnPercent={clinical.doseReductionWarnPercent} stabilityDays={clinical.drugStabilityDays} dueSoonDays={clinical.refillWarningDays} />;
  }
  return (
    <div className="doctor-view">
      <div className="doctor-view__head">
        <h1 className="doctor-title">Pump refill visit</h1>
        <p className="muted">
          Document the refill, reconcile the reservoir and set the next date. The Clinician Programmer&apos;s refill date is authoritative (§4.1.6). <a href="#/doctor">Back to the doctor view</a>
          {' · '}
          <span data-testid="patient-ref">Patient/{patientId}</span> on {client.state.serverUrl.replace(/^https?:\/\//, '')}
        </p>
      </div>
      {body}
    </div>
  );
}

function RefillVisit(props: {
  model: DoctorModel;
  timeZone: string;
  now: Date;
  toleranceSetting: number | undefined;
  reductionWarnPercent: number | undefined;
  stabilityDays: number;
  dueSoonDays: number;
}) {
  const { model, timeZone, now } = props;
  const { client, patientId } = useSession();
  const setup = useWriteSetup();
  const grant = useWriteGrant();
  const canWriteProcedure = grantsCreate(grant.granted.join(' '), 'Procedure');
  const queryClient = useQueryClient();
  // A visit being entered before a reload comes back as it was (locked in review if a save was started).
  const [restored] = useState(() => loadRefillDraft(window.sessionStorage, patientId));
  const [visitId, setVisitId] = useState(() => restored?.visitId ?? newEntryId());
  const [attempted, setAttempted] = useState(restored?.attempted ?? false);
  /** The Procedure an earlier attempt confirmed, reused on retry. */
  const [procedureId, setProcedureId] = useState<string | undefined>(restored?.procedureId);
  const [phase, setPhase] = useState<'entry' | 'review'>(restored?.phase ?? 'entry');
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const reviewHeading = useRef<HTMLHeadingElement>(null);
  const savedRef = useRef<HTMLDivElement>(null);
  const clock = useClock(15_000);
  const order = model.current;
  const [opened] = useState<Form>(() => ({
    time: toSiteLocalInput(now, timeZone),
    residual: '',
    fill: '',
    concentrationChoice: order?.concentration !== undefined && SUPPLIED_CONCENTRATIONS_MICROGRAMS_PER_ML.includes(order.concentration) ? String(order.concentration) : '',
    otherConcentration: '',
    otherConfirmed: false,
    dose: order?.dailyDose === undefined ? '' : String(order.dailyDose),
    lowDoseConfirmedFor: undefined,
    mode: order?.flex === true ? 'flex' : 'simple-continuous',
    flexSteps: '',
    programmerDate: '',
    performedBy: '',
  }));
  const [form, setForm] = useState<Form>(() => restored?.form ?? opened);
  useEffect(() => {
    if (save.kind === 'saved') return;
    const draft = { version: 1 as const, patientId, visitId, attempted, ...(procedureId === undefined ? {} : { procedureId }), phase, form };
    if (refillDraftWorthKeeping(draft, opened)) saveRefillDraft(window.sessionStorage, draft);
    else clearRefillDraft(window.sessionStorage, patientId);
  }, [patientId, visitId, attempted, procedureId, phase, form, opened, save.kind]);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  const tolerance = props.toleranceSetting ?? DEFAULT_RESIDUAL_TOLERANCE_ML;
  const reservoir = model.pump?.device?.reservoirVolume ?? millilitres(DEFAULT_RESERVOIR_LIMIT_ML);
  const plan = model.refillPlan;

  // --- Time ---
  const instant = fromSiteLocalInput(form.time, timeZone);
  const timeError =
    instant === undefined ? 'Enter the time of the refill as HH:MM (24-hour).' : instant.getTime() > clock.getTime() + 60_000 ? 'The refill time cannot be in the future.' : undefined;
  const at = timeError === undefined ? instant : undefined;

  // --- Before: expected residual now, and at the refill time ---
  const before = useMemo(() => (plan?.kind === 'ready' ? forecastRefill(plan.input) : undefined), [plan]);
  const expectedAt = useMemo(() => {
    if (plan?.kind !== 'ready' || at === undefined) return undefined;
    const r = forecastRefill({ ...plan.input, now: at });
    return r.ok ? r.value.value.estimatedVolumeNow : undefined;
  }, [plan, at]);
  const unavailable =
    plan === undefined
      ? 'The records are still loading.'
      : plan.kind === 'unavailable'
        ? plan.reason
        : plan.kind === 'needs-older-history'
          ? 'The prescription in effect at the last refill is in older dose history (load it in the doctor view).'
          : before?.ok === false
            ? `${before.error.field}: ${before.error.message}`
            : at === undefined
              ? 'Enter the refill time to compare.'
              : undefined;

  // --- Checks while typing ---
  const residual = nonNegative(form.residual);
  const fill = positive(form.fill);
  const concentration = form.concentrationChoice === 'other' ? positive(form.otherConcentration) : positive(form.concentrationChoice);
  const typedDose = positive(form.dose);
  // 0.45 (a milligram figure typed as micrograms) is refused; a very low dose is confirmed first.
  const enteredDose = typedDose === undefined ? undefined : checkEnteredDailyDose(typedDose);
  const lowDoseUnconfirmed = enteredDose?.kind === 'confirm' && form.lowDoseConfirmedFor !== form.dose;
  const dose = enteredDose === undefined || enteredDose.kind === 'refused' || lowDoseUnconfirmed ? undefined : typedDose;
  const residualCheck = checkResidual({ withdrawn: residual === undefined ? undefined : millilitres(residual), expected: expectedAt, expectedUnavailable: unavailable, tolerance });
  const fillCheck = checkFillVolume(fill === undefined ? undefined : millilitres(fill), reservoir);
  const concentrationCheck = checkConcentration({ concentration: concentration === undefined ? undefined : microgramsPerMl(concentration), ordered: order?.concentration, otherConfirmed: form.concentrationChoice === 'other' && form.otherConfirmed });
  const doseCheck = checkProgrammedDose({
    programmed: dose === undefined ? undefined : microgramsPerDay(dose),
    ordered: order?.dailyDose,
    orderStartedAt: order === undefined ? undefined : startOf(order),
    now: at ?? now,
    reductionWarnPercent: props.reductionWarnPercent,
  });
  const programmerDate = form.programmerDate.trim();
  const programmerError = programmerDate !== '' && (!/^\d{4}-\d{2}-\d{2}$/.test(programmerDate) || Number.isNaN(Date.parse(`${programmerDate}T00:00:00Z`))) ? 'Enter the date as YYYY-MM-DD, as the programmer shows it.' : undefined;

  const missing = [
    at === undefined ? 'the refill time' : undefined,
    residual === undefined ? 'the residual volume withdrawn' : undefined,
    fill === undefined ? 'the volume filled' : undefined,
    concentration === undefined ? 'the concentration' : undefined,
    typedDose === undefined ? 'the programmed dose' : undefined,
    form.mode === 'flex' && form.flexSteps.trim() === '' ? 'the flex steps' : undefined,
    form.performedBy.trim() === '' ? 'who did the refill' : undefined,
    programmerError === undefined ? undefined : 'a readable programmer date',
  ].filter((m): m is string => m !== undefined);
  const blockers = [
    ...refillVisitBlockers({ fill: fillCheck, concentration: concentrationCheck }),
    ...(enteredDose?.kind === 'refused' ? [enteredDose.message] : []),
    ...(lowDoseUnconfirmed ? ['Confirm the programmed dose before the review.'] : []),
  ];
  const flags = flagsFor(residualCheck, concentrationCheck, doseCheck);
  const canReview = missing.length === 0 && blockers.length === 0;

  const record: RefillVisitRecord | undefined =
    canReview && at !== undefined && residual !== undefined && fill !== undefined && concentration !== undefined && dose !== undefined
      ? {
          performedAt: toSiteIso(at, timeZone),
          residualWithdrawnMl: residual,
          fillVolumeMl: fill,
          concentrationMicrogramsPerMl: concentration,
          programmedDailyDoseMicrograms: dose,
          mode: form.mode,
          ...(form.mode === 'flex' ? { flexSteps: form.flexSteps.trim() } : {}),
          ...(programmerDate === '' ? {} : { programmerNextRefillDate: programmerDate }),
          performedBy: form.performedBy.trim(),
          ...(model.pump?.device === undefined ? {} : { pumpReference: `Device/${model.pump.device.id}` }),
          flags,
        }
      : undefined;

  // The forecast from the new fill, at the programmed dose (a cross-check of the programmer's date).
  const after = (() => {
    if (record === undefined || at === undefined) return undefined;
    const r = forecastRefill({
      fillDate: at,
      fillVolume: millilitres(record.fillVolumeMl),
      concentration: microgramsPerMl(record.concentrationMicrogramsPerMl),
      doseSchedule: [{ effectiveFrom: at, dailyDose: microgramsPerDay(record.programmedDailyDoseMicrograms) }],
      now: new Date(Math.max(clock.getTime(), at.getTime())),
      ...(model.pump?.device?.lowReservoirAlarmVolume === undefined ? {} : { alarmVolume: model.pump.device.lowReservoirAlarmVolume }),
      stabilityDays: props.stabilityDays,
      dueSoonDays: props.dueSoonDays,
    });
    return r.ok ? r.value : undefined;
  })();

  /** The one place the visit is written (adopts the session write journal at merge). */
  const runSave = async () => {
    if (setup.status !== 'ready' || !canWriteProcedure || record === undefined) return;
    const retry = attempted;
    setAttempted(true);
    setSave({ kind: 'saving' });
    try {
      const result = await saveRefillVisit(client, { visitId, record, context: setup.context, strategy: setup.strategy, retry, procedureId });
      if (result.procedure.status === 'saved') setProcedureId(result.procedure.id);
      if (!result.complete) {
        setSave({ kind: 'incomplete', result });
        return;
      }
      setSave({ kind: 'saved', result, record });
      clearRefillDraft(window.sessionStorage, patientId);
      // Forecast, action plan, emergency mode and the dose history read the new fill at once.
      void queryClient.invalidateQueries({ queryKey: ['patient', patientId] });
      requestAnimationFrame(() => savedRef.current?.focus());
    } catch (e) {
      setSave({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  };

  if (save.kind === 'saved') {
    const r = save.record;
    return (
      <section className="card" aria-labelledby="refill-saved-heading">
        <div ref={savedRef} tabIndex={-1} data-testid="refill-saved" className="banner banner--ok" role="status">
          <h2 id="refill-saved-heading">Refill saved to the chart</h2>
          <p>
            {formatWhen(r.performedAt, timeZone)}: {ml(r.fillVolumeMl, 1)} of {perMl(r.concentrationMicrogramsPerMl)} filled, residual {ml(r.residualWithdrawnMl, 1)} withdrawn; programmed {perDay(r.programmedDailyDoseMicrograms)}. Procedure/
            {save.result.procedure.status === 'saved' ? save.result.procedure.id : '?'} and {save.result.observations?.items.length ?? 0} observations.
          </p>
        </div>
        {save.result.duplicates !== undefined && (
          <p className={`banner ${save.result.duplicates.failed.length > 0 ? 'banner--error' : 'banner--info'}`} data-testid="refill-duplicate-check">
            {save.result.duplicates.failed.length > 0
              ? `The chart may hold an extra copy that could not be marked entered-in-error: ${save.result.duplicates.failed.join(', ')}. Mark it in the EHR.`
              : save.result.duplicates.retired > 0
                ? `Checked for copies left by a network resend: ${save.result.duplicates.retired} marked entered-in-error; the chart holds one copy of each.`
                : 'Checked for copies left by a network resend: the chart holds one copy of each.'}
          </p>
        )}
        <NextDates after={after} programmerDate={r.programmerNextRefillDate} timeZone={timeZone} />
        <p>
          <a href="#/doctor">Doctor view</a> · <a href="#/action-plan">ITB action plan</a> · <a href="#/emergency">Emergency</a> now use this fill.
        </p>
        <button
          type="button"
          onClick={() => {
            setVisitId(newEntryId());
            setAttempted(false);
            setProcedureId(undefined);
            setSave({ kind: 'idle' });
            setPhase('entry');
          }}
        >
          Document another refill
        </button>
      </section>
    );
  }

  const locked = phase === 'review';
  return (
    <>
      <section className="card" aria-labelledby="refill-before-heading">
        <h2 id="refill-before-heading">Before the refill: expected residual</h2>
        {before?.ok === true && plan?.kind === 'ready' ? (
          <>
            <p className="figure">
              <span data-testid="expected-residual">{ml(before.value.value.estimatedVolumeNow, 1)}</span> expected in the reservoir now ({formatWhen(now, timeZone)})
            </p>
            <p className="doctor-inputs-line" data-testid="expected-inputs">
              From the last fill on {formatWhen(plan.refill.performed, timeZone)}: {ml(plan.input.fillVolume, 1)} of {perMl(plan.input.concentration)}; {plan.orders.length === 1 ? '' : `${plan.orders.length} dose periods, now `}
              {perDay(before.value.value.currentDailyDose)} ({num(before.value.value.currentDailyVolume, 3)} mL/day); low-reservoir alarm at {ml(plan.input.alarmVolume ?? 0, 1)}
              {plan.alarmFrom === 'default' ? ' (default)' : ''}, expected {formatDate(before.value.value.alarmDate, timeZone)}.
            </p>
            <Source>Guideline §4.1.1, §4.1.6. The Clinician Programmer&apos;s reservoir volume is authoritative.</Source>
          </>
        ) : (
          <p className="banner banner--warning" data-testid="expected-unavailable">
            No expected residual: {unavailable ?? 'the forecast could not be calculated.'} The residual cannot be checked against the doses; interrogate the pump and compare with the programmer&apos;s reservoir volume.
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="refill-entry-heading">
        <h2 id="refill-entry-heading">The refill</h2>
        {restored !== undefined && (
          <p className="banner banner--info" role="status" data-testid="refill-restored">
            Restored the refill visit you were entering before the page reloaded{restored.attempted ? ' (a save was started: finish saving it)' : ''}.
          </p>
        )}
        {setup.status === 'read-only' && <WriteAccessNotice grant={setup.grant} what="the refill" />}
        {setup.status !== 'read-only' && !canWriteProcedure && (
          <p className="banner banner--error" role="alert" data-testid="refill-no-procedure-grant">
            The EHR did not grant this session permission to create Procedures (granted: {grant.granted.join(' ')}): the refill can be checked here but not saved. Document it in the EHR, and ask for a Procedure write scope.
          </p>
        )}
        <div className="refill-form">
          <SiteTimeField id="refill-time" legend="Time of the refill" value={form.time} timeZone={timeZone} now={now} error={timeError} hint={`Site time (${timeZone}).`} disabled={locked} onChange={(v) => set('time', v)} />

          <p>
            <label htmlFor="refill-residual">Residual volume withdrawn (mL)</label>{' '}
            <input id="refill-residual" inputMode="decimal" autoComplete="off" value={form.residual} disabled={locked} onChange={(e) => set('residual', e.target.value)} aria-describedby="refill-residual-check" />
          </p>
          <div id="refill-residual-check" data-testid="residual-check" aria-live="polite">
            <ResidualLine check={residualCheck} tolerance={tolerance} fromSite={props.toleranceSetting !== undefined} />
          </div>

          <p>
            <label htmlFor="refill-fill">Volume filled (mL)</label>{' '}
            <input id="refill-fill" inputMode="decimal" autoComplete="off" value={form.fill} disabled={locked} onChange={(e) => set('fill', e.target.value)} aria-describedby="refill-fill-check" />{' '}
            <span className="muted">
              Reservoir {ml(reservoir, 0)} {model.pump?.device?.reservoirVolume === undefined ? '(largest pump: not recorded on the Device)' : '(Device)'}
            </span>
          </p>
          <div id="refill-fill-check" aria-live="polite">
            {fillCheck.kind === 'above-reservoir' && (
              <p className="banner banner--error" role="alert" data-testid="fill-check">
                Refused: {ml(fill ?? 0, 1)} is more than the {ml(fillCheck.reservoir, 0)} reservoir can hold. Check the volume; drug that does not go into the reservoir goes into the pocket (§5.1.1.2).
              </p>
            )}
          </div>

          <fieldset disabled={locked}>
            <legend>Concentration in the syringe</legend>
            {SUPPLIED_CONCENTRATIONS_MICROGRAMS_PER_ML.map((c) => (
              <label key={c} className="choice">
                <input type="radio" name="refill-concentration" value={String(c)} checked={form.concentrationChoice === String(c)} onChange={() => set('concentrationChoice', String(c))} /> {perMl(c)}
              </label>
            ))}
            <label className="choice">
              <input type="radio" name="refill-concentration" value="other" checked={form.concentrationChoice === 'other'} onChange={() => set('concentrationChoice', 'other')} /> Another concentration
            </label>
            {form.concentrationChoice === 'other' && (
              <p>
                <label htmlFor="refill-other-concentration">Other concentration (micrograms/mL)</label>{' '}
                <input id="refill-other-concentration" inputMode="decimal" autoComplete="off" value={form.otherConcentration} onChange={(e) => set('otherConcentration', e.target.value)} />{' '}
                <label className="choice">
                  <input type="checkbox" checked={form.otherConfirmed} onChange={(e) => set('otherConfirmed', e.target.checked)} /> I confirm this concentration against the pharmacy label
                </label>
              </p>
            )}
          </fieldset>
          <div aria-live="polite" data-testid="concentration-check">
            <ConcentrationLine check={concentrationCheck} />
          </div>

          <fieldset disabled={locked}>
            <legend>Programmed after the refill</legend>
            <p>
              <label htmlFor="refill-dose">Daily dose (micrograms/day)</label>{' '}
              <input id="refill-dose" inputMode="decimal" autoComplete="off" value={form.dose} onChange={(e) => set('dose', e.target.value)} />{' '}
              <span className="muted">{order?.dailyDose === undefined ? 'No active order with a readable dose.' : `Active order: ${perDay(order.dailyDose)} (MedicationRequest/${order.id}).`}</span>
            </p>
            {enteredDose?.kind === 'confirm' && (
              <div className="banner banner--warning" role="alert" data-testid="low-dose-check">
                <p>{enteredDose.message}</p>
                <label>
                  <input type="checkbox" checked={!lowDoseUnconfirmed} onChange={(e) => set('lowDoseConfirmedFor', e.target.checked ? form.dose : undefined)} /> I confirm {form.dose} micrograms/day is
                  the dose programmed
                </label>
              </div>
            )}
            <label className="choice">
              <input type="radio" name="refill-mode" checked={form.mode === 'simple-continuous'} onChange={() => set('mode', 'simple-continuous')} /> Simple continuous
            </label>
            <label className="choice">
              <input type="radio" name="refill-mode" checked={form.mode === 'flex'} onChange={() => set('mode', 'flex')} /> Flex
            </label>
            {form.mode === 'flex' && (
              <p>
                <label htmlFor="refill-flex">Flex steps as programmed (times and rates)</label>{' '}
                <input id="refill-flex" autoComplete="off" size={50} value={form.flexSteps} onChange={(e) => set('flexSteps', e.target.value)} />
              </p>
            )}
          </fieldset>
          <div aria-live="polite" data-testid="dose-check">
            <DoseLine check={doseCheck} />
          </div>

          <p>
            <label htmlFor="refill-programmer-date">Next refill or alarm date on the Clinician Programmer (optional, YYYY-MM-DD)</label>{' '}
            <input id="refill-programmer-date" autoComplete="off" placeholder="YYYY-MM-DD" value={form.programmerDate} disabled={locked} onChange={(e) => set('programmerDate', e.target.value)} aria-invalid={programmerError === undefined ? undefined : 'true'} />{' '}
            {programmerError !== undefined ? <span className="field-error">{programmerError}</span> : programmerDate !== '' ? <span className="muted">{formatDate(programmerDate, timeZone)} (authoritative, §4.1.6)</span> : null}
          </p>
          <p>
            <label htmlFor="refill-by">Refill done by</label>{' '}
            <input id="refill-by" autoComplete="off" value={form.performedBy} disabled={locked} onChange={(e) => set('performedBy', e.target.value)} />
          </p>
        </div>

        {phase === 'entry' && (
          <>
            {missing.length > 0 && <p className="muted" data-testid="refill-missing">Still to enter: {missing.join(', ')}.</p>}
            {blockers.map((b) => (
              <p key={b} className="banner banner--error">
                {b}
              </p>
            ))}
            <button
              type="button"
              disabled={!canReview}
              onClick={() => {
                setPhase('review');
                requestAnimationFrame(() => reviewHeading.current?.focus());
              }}
            >
              Review refill
            </button>
          </>
        )}
      </section>

      {phase === 'review' && record !== undefined && (
        <section className="card" aria-labelledby="refill-review-heading">
          <h2 id="refill-review-heading" ref={reviewHeading} tabIndex={-1}>
            Review before saving
          </h2>
          <dl className="doctor-dl" data-testid="refill-review">
            <dt>Time</dt>
            <dd>{formatWhen(record.performedAt, timeZone)}</dd>
            <dt>Residual withdrawn</dt>
            <dd>{ml(record.residualWithdrawnMl, 1)}</dd>
            <dt>Filled</dt>
            <dd>
              {ml(record.fillVolumeMl, 1)} of {perMl(record.concentrationMicrogramsPerMl)}
            </dd>
            <dt>Programmed</dt>
            <dd>
              {perDay(record.programmedDailyDoseMicrograms)}, {record.mode === 'flex' ? `flex (${record.flexSteps ?? ''})` : 'simple continuous'}
            </dd>
            <dt>Programmer&apos;s next date</dt>
            <dd>{record.programmerNextRefillDate === undefined ? 'not entered' : formatDate(record.programmerNextRefillDate, timeZone)}</dd>
            <dt>Done by</dt>
            <dd>{record.performedBy}</dd>
          </dl>
          {flags.length > 0 && (
            <div className="banner banner--warning" data-testid="refill-flags">
              <p>Flagged, and written on the refill&apos;s note:</p>
              <ul>
                {flags.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            </div>
          )}
          <NextDates after={after} programmerDate={record.programmerNextRefillDate} timeZone={timeZone} />
          <p className="muted">
            Written as a completed Procedure{record.pumpReference === undefined ? '' : ` on ${record.pumpReference}`} with {record.programmerNextRefillDate === undefined ? 3 : 4} Observations (residual, fill volume, concentration{record.programmerNextRefillDate === undefined ? '' : ', programmer date'}).
          </p>
          {save.kind === 'incomplete' && (
            <p className="banner banner--error" role="alert" data-testid="refill-save-incomplete">
              Not saved yet: {save.result.procedure.status === 'failed' ? 'the refill Procedure was not confirmed' : `${save.result.observations?.items.filter((i) => i.status !== 'saved').length ?? 0} of the observations were not confirmed`}
              {save.result.error === undefined ? '' : ` (${save.result.error.message})`}. Retry: nothing already written is written twice.
            </p>
          )}
          {save.kind === 'failed' && (
            <p className="banner banner--error" role="alert" data-testid="refill-save-incomplete">
              Not saved yet: {save.message}. Retry: nothing already written is written twice.
            </p>
          )}
          {setup.status === 'error' && <ReadError what="EHR write settings" error={setup.error} onRetry={() => void setup.retry()} />}
          <p>
            <button type="button" disabled={setup.status !== 'ready' || !canWriteProcedure || save.kind === 'saving'} onClick={() => void runSave()}>
              {save.kind === 'saving' ? 'Saving…' : attempted ? 'Retry save' : 'Save refill to chart'}
            </button>{' '}
            <button type="button" disabled={save.kind === 'saving' || attempted} onClick={() => setPhase('entry')}>
              Back to edit
            </button>
          </p>
        </section>
      )}
    </>
  );
}

/** The flags written on the note, in words without volumes in mL (the note's text is read for the fill volume). */
function flagsFor(residual: ResidualCheck, concentration: ConcentrationCheck, dose: ProgrammedDoseCheck): string[] {
  const out: string[] = [];
  if (residual.kind === 'more-than-expected') out.push('residual more than expected, outside the tolerance: check for under-delivery and withdrawal (§5.1.1, §5.1.2)');
  if (residual.kind === 'less-than-expected') out.push('residual less than expected, outside the tolerance: check for over-delivery, a pocket fill and overdose (§5.2.1, §5.2.2)');
  if (concentration.kind === 'differs-from-order') out.push(`concentration differs from the order (${concentration.ordered} micrograms per millilitre ordered)`);
  if ((concentration.kind === 'unsupplied' || (concentration.kind === 'differs-from-order' && concentration.unsupplied)) && concentration.confirmed) out.push('a concentration that is not a supplied strength, confirmed by the clinician');
  if (dose.kind === 'differs-from-order') out.push(`programmed dose differs from the active order (${dose.ordered} micrograms/day)${dose.warnings.length > 0 ? ': outside the titration limits (§4.1.3–4.1.4)' : ''}`);
  return out;
}

function ResidualLine({ check, tolerance, fromSite }: { check: ResidualCheck; tolerance: number; fromSite: boolean }) {
  const tol = `±${num(tolerance, 1)} mL (${fromSite ? 'site setting' : 'app default, pending clinical sign-off'})`;
  switch (check.kind) {
    case 'not-entered':
      return <p className="muted">Tolerance {tol}.</p>;
    case 'no-expected':
      return <p className="banner banner--warning">Not checked: {check.reason}</p>;
    case 'within':
      return (
        <p className="banner banner--ok">
          Within tolerance: {check.difference >= 0 ? '+' : '−'}
          {ml(Math.abs(check.difference), 2)} against {ml(check.expected, 2)} expected, tolerance {tol}.
        </p>
      );
    case 'more-than-expected':
    case 'less-than-expected':
      return (
        <div className="banner banner--error" role="alert">
          <p>
            <strong>Outside tolerance:</strong> {check.difference >= 0 ? '+' : '−'}
            {ml(Math.abs(check.difference), 2)} against {ml(check.expected, 2)} expected ({check.kind === 'more-than-expected' ? 'more left than the programmed doses predict' : 'less left than the programmed doses predict'}), tolerance {tol}.
          </p>
          <ul>
            {check.guidance.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        </div>
      );
    default:
      return check satisfies never;
  }
}

function ConcentrationLine({ check }: { check: ConcentrationCheck }) {
  switch (check.kind) {
    case 'not-entered':
    case 'ok':
      return null;
    case 'unsupplied':
      return <p className="banner banner--warning">Not a supplied strength (50, 500, 1000 or 2000 micrograms/mL): check for a dilution or an entry error{check.confirmed ? '; confirmed.' : ', and confirm it.'}</p>;
    case 'differs-from-order':
      return (
        <p className="banner banner--warning">
          Differs from the order ({perMl(check.ordered)}): check the syringe against the prescription before filling. A wrong concentration causes overdose or withdrawal (§5.2.1.5).{check.unsupplied ? ` Not a supplied strength${check.confirmed ? '; confirmed.' : ': confirm it.'}` : ''}
        </p>
      );
    default:
      return check satisfies never;
  }
}

function DoseLine({ check }: { check: ProgrammedDoseCheck }) {
  switch (check.kind) {
    case 'not-entered':
      return null;
    case 'no-order':
      return <p className="banner banner--warning">No active order with a readable dose to compare with: check the programmed dose against the prescription.</p>;
    case 'matches-order':
      return <p className="muted">Matches the active order ({perDay(check.ordered)}).</p>;
    case 'differs-from-order':
      return (
        <div className={`banner ${check.warnings.length > 0 ? 'banner--error' : 'banner--warning'}`}>
          <p>
            Differs from the active order ({perDay(check.ordered)}){Number.isNaN(check.percentChange) ? '' : `: ${check.percentChange > 0 ? '+' : ''}${num(check.percentChange, 1)}%`}. Human error in reprogramming causes withdrawal or overdose (§5.1.1.3, §5.2.1.1): check against the prescription.
          </p>
          {check.warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
        </div>
      );
    default:
      return check satisfies never;
  }
}

type AfterForecast = Extract<ReturnType<typeof forecastRefill>, { ok: true }>['value'];

function NextDates({ after, programmerDate, timeZone }: { after: AfterForecast | undefined; programmerDate: string | undefined; timeZone: string }) {
  return (
    <div data-testid="refill-next">
      {programmerDate !== undefined && (
        <p>
          Next refill (Clinician Programmer, authoritative): <strong>{formatDate(programmerDate, timeZone)}</strong>
        </p>
      )}
      {after !== undefined && (
        <p>
          Forecast from this fill at the programmed dose: due <strong data-testid="refill-next-due">{formatDate(after.value.dueDate, timeZone)}</strong> ({after.value.governingLimit === 'reservoir-volume' ? `low-reservoir alarm, ${num(after.value.daysToAlarm, 1)} days` : `drug stability, ${after.inputs.stabilityDays} days`}
          ). {programmerDate === undefined ? 'Enter the programmer\'s date: the forecast is a cross-check.' : 'A cross-check of the programmer\'s date.'}
        </p>
      )}
    </div>
  );
}
