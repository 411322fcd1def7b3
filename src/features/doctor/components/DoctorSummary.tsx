import { useEffect } from 'react';
import { latestTestDoseInjection, type ObservationList } from '../../../fhir';
import type { DoctorData } from '../api/doctor-queries';
import { ASSESSMENT_WINDOW_DAYS } from '../api/doctor-queries';
import { formatDate, formatWhen } from '../../../components/ui/clinical-format';
import { startOf } from '../model/dose-timeline';
import type { RefillPlan } from '../model/refill-plan';
import type { DoctorModel } from './doctor-model';
import { DoseSummary } from './DoseSummary';
import { MriSummary, PumpSummary } from './PumpSummary';
import { PartialNotice, ReadError, ReadState, Source } from '../../../components/ui/read-state';
import { RefillForecastCard } from './RefillForecastCard';
import { EnteredNotice, SessionRefillForm } from './SessionRefillForm';
import { describeProcedure, KIND_NAMES, SearchedFor } from '../../../components/ui/pump-provenance';
import { enteredFacts } from '../../../session/session-refill';
import type { PumpInfo } from '../../../fhir';
import { WeightSummary } from './WeightSummary';
import { SessionWeightPanel } from '../../../components/ui/SessionWeight';

/** The summary, first on screen: every figure with where it came from. */
export function DoctorSummary({ data, model, timeZone }: { data: DoctorData; model: DoctorModel; timeZone: string }) {
  const { medications, pump, weight, patient, assessments, now } = data;
  return (
    <section aria-labelledby="doctor-summary-heading" className="doctor-summary">
      <h2 id="doctor-summary-heading">Summary</h2>
      <div className="doctor-grid">
        <article className="card" aria-labelledby="dose-heading">
          <h3 id="dose-heading">Current intrathecal dose</h3>
          <ReadState query={medications} what="medication records">
            {(meds) => <DoseSummary meds={meds} current={model.current} timeZone={timeZone} />}
          </ReadState>
        </article>

        <article className="card" aria-labelledby="refill-heading">
          <h3 id="refill-heading">Refill due</h3>
          <RefillSection data={data} plan={model.refillPlan} pumpInfo={model.pump} timeZone={timeZone} />
        </article>

        <article className="card" aria-labelledby="weight-heading">
          <h3 id="weight-heading">Weight and age</h3>
          {weight.isError ? (
            <>
              {/* A failed read stays named as failed, also when a weight was entered for this session. */}
              <ReadError what="weight records" error={weight.error} onRetry={() => void weight.refetch()} />
              {weight.data !== undefined && <WeightSummary weight={weight.data} assessed={model.weight} patient={patient.data} timeZone={timeZone} />}
            </>
          ) : (
            <ReadState query={weight} what="weight records">
              {(w) => <WeightSummary weight={w} assessed={model.weight} patient={patient.data} timeZone={timeZone} />}
            </ReadState>
          )}
          <SessionWeightPanel session={data.sessionWeight} patient={patient.data} timeZone={timeZone} uses="the weight-based figures (titration check, test-dose planning, the action plan's and emergency mode's rescue dose)" />
          {patient.isError && <ReadError what="patient record" error={patient.error} onRetry={() => void patient.refetch()} />}
        </article>

        <article className="card" aria-labelledby="pump-heading">
          <h3 id="pump-heading">Pump</h3>
          <ReadState query={pump} what="pump records">
            {(p) => <PumpSummary pump={p} now={now} timeZone={timeZone} />}
          </ReadState>
        </article>

        <article className="card" aria-labelledby="dates-heading">
          <h3 id="dates-heading">Key dates</h3>
          <KeyDates data={data} model={model} timeZone={timeZone} />
        </article>



        <article className="card" aria-labelledby="response-heading">
          <h3 id="response-heading">Test dose response and MRI</h3>
          <h4 className="doctor-subhead">Test-dose response</h4>
          <ReadState query={assessments} what="assessment records">
            {(list) => <TestResponse list={list} timeZone={timeZone} />}
          </ReadState>
          <h4 className="doctor-subhead">MRI</h4>
          <ReadState query={pump} what="pump records">
            {(p) => <MriSummary pump={p} now={now} timeZone={timeZone} />}
          </ReadState>
        </article>
      </div>
    </section>
  );
}

function RefillSection({ data, plan, pumpInfo, timeZone }: { data: DoctorData; plan: RefillPlan | undefined; pumpInfo: PumpInfo | undefined; timeZone: string }) {
  const { pump, medications, doseHistory, setSessionRefill, now } = data;
  const latest = pumpInfo?.refills[0];
  const entered = enteredFacts(latest);
  const needsOlder = plan?.kind === 'needs-older-history';
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isError } = doseHistory;
  // The dose in effect at the fill is older than the loaded history: load the next page.
  useEffect(() => {
    if (needsOlder && hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [needsOlder, hasNextPage, isFetchingNextPage, isError, fetchNextPage]);

  if (pump.isError) return <ReadError what="pump records" error={pump.error} onRetry={() => void pump.refetch()} />;
  if (medications.isError) return <ReadError what="medication records" error={medications.error} onRetry={() => void medications.refetch()} />;
  if (plan === undefined) {
    return (
      <p className="muted" role="status">
        Loading refill records…
      </p>
    );
  }
  switch (plan.kind) {
    case 'ready':
      return (
        <>
          <RefillForecastCard plan={plan} timeZone={timeZone} />
          <EnteredNotice facts={entered} onClear={() => setSessionRefill(undefined)} />
        </>
      );
    case 'needs-older-history':
      if (doseHistory.isError) return <ReadError what="dose history" error={doseHistory.error} onRetry={() => void doseHistory.refetch()} />;
      return (
        <p className="muted" role="status">
          Loading the dose history back to the last refill…
        </p>
      );
    case 'unavailable': {
      const refillAmbiguous = (pumpInfo?.ambiguous ?? []).filter((a) => a.kinds.includes('pump-refill'));
      return (
        <>
          <p>
            <strong>Not calculated.</strong> {plan.reason}
          </p>
          {latest !== undefined && latest.procedureId !== undefined && (
            <p className="source">Last refill: {describeProcedure(latest.procedureId, latest.match)}.</p>
          )}
          {(latest?.refused ?? []).map((r) => (
            <p key={r} className="banner banner--warning">
              {r}
            </p>
          ))}
          {refillAmbiguous.map((a) => (
            <p key={a.id} className="banner banner--warning">
              Procedure/{a.id} &lsquo;{a.text}&rsquo; could be a {a.kinds.map((k) => KIND_NAMES[k]).join(' or ')}: not used. Check the record.
            </p>
          ))}
          {pumpInfo !== undefined && pumpInfo.refills.length === 0 && <SearchedFor searched={pumpInfo.searched} kind="pump-refill" />}
          {plan.missing !== undefined && plan.missing.length > 0 && (
            <SessionRefillForm
              missing={plan.missing}
              forProcedureId={latest?.procedureId}
              reservoir={pumpInfo?.device?.reservoirVolume}
              now={now}
              timeZone={timeZone}
              onSave={setSessionRefill}
            />
          )}
          <EnteredNotice facts={entered} onClear={() => setSessionRefill(undefined)} />
        </>
      );
    }
    default:
      return plan satisfies never;
  }
}

/** A date as recorded: a year or month alone ("2002", "2026-08") is shown as written, never as the 1st. */
const dayOrAsWritten = (value: string | undefined, timeZone: string) =>
  value !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(value) ? `${value} (recorded without a day)` : formatDate(value, timeZone);

function KeyDates({ data, model, timeZone }: { data: DoctorData; model: DoctorModel; timeZone: string }) {
  const { medications } = data;
  // The read's state from the query; the facts from the model (with this session's entries).
  const pump = { isPending: data.pump.isPending, isError: data.pump.isError, data: model.pump };
  const refill = model.pump?.refills[0];
  const lastChange = model.lastDoseChange;
  const wardInjection = data.assessments.isSuccess ? latestTestDoseInjection(data.assessments.data.items) : undefined;
  return (
    <dl className="doctor-dl">
      <dt>Last refill</dt>
      <dd>
        {pump.isPending ? 'Loading…' : pump.isError || pump.data === undefined ? 'could not be read' : refill === undefined ? 'not found (see Refill due for what was searched)' : (
          <>
            {dayOrAsWritten(refill.performed, timeZone)}{' '}
            <span className="source">{refill.performedFrom?.from === 'entered' ? 'entered by you for this session, not saved to the EHR' : describeProcedure(refill.procedureId, refill.match)}</span>
          </>
        )}
      </dd>
      <dt>Implant</dt>
      <dd>
        {pump.isPending ? 'Loading…' : pump.isError || pump.data === undefined ? 'could not be read' : pump.data.implantDate === undefined ? 'not found (see Pump for what was searched)' : (
          <>
            {dayOrAsWritten(pump.data.implantDate, timeZone)}{' '}
            <span className="source">
              {pump.data.implant === undefined ? 'Procedure pump-implant' : `${describeProcedure(pump.data.implant.id, pump.data.implant.match)}${pump.data.implant.kind === 'pump-replacement' ? ' (replacement)' : ''}`}
            </span>
          </>
        )}
      </dd>
      <dt>Last dose change</dt>
      <dd>
        {medications.isPending ? 'Loading…' : medications.isError ? 'could not be read' : lastChange === undefined ? 'not recorded' : (
          <>
            {formatDate(startOf(lastChange), timeZone)} <span className="source">MedicationRequest, authored {formatDate(lastChange.authoredOn, timeZone)}</span>
          </>
        )}
      </dd>
      <dt>Test dose</dt>
      <dd>
        {pump.isPending ? 'Loading…' : pump.isError ? 'could not be read' : model.testDoseProcedure === undefined ? (data.procedureHistory.isError ? 'procedure history could not be read' : data.procedureHistory.isSuccess && !data.procedureHistory.hasNextPage ? (wardInjection === undefined ? 'not recorded' : 'no test-dose procedure recorded') : 'not among the procedures read so far') : (
          <>
            {formatWhen(model.testDoseProcedure.performed, timeZone)} <span className="source">{describeProcedure(model.testDoseProcedure.id, model.testDoseProcedure.match)}</span>
          </>
        )}
        <TestDoseInjectionLine data={data} timeZone={timeZone} />
      </dd>
    </dl>
  );
}

/**
 * The nurse's record of the test-dose injection (the one the rounds schedule runs from), read the
 * same way as there, so the doctor view never says "not recorded" beside a documented injection.
 */
function TestDoseInjectionLine({ data, timeZone }: { data: DoctorData; timeZone: string }) {
  const { assessments } = data;
  if (assessments.isPending) return <span className="muted"> · injection records: loading…</span>;
  if (assessments.isError) return <span className="muted"> · the ward's injection records could not be read</span>;
  const injection = latestTestDoseInjection(assessments.data.items);
  if (injection === undefined) return null;
  return (
    <span className="injection-line" data-testid="doctor-test-dose-injection">
      Injection recorded on the ward: {injection.doseMicrograms === undefined ? 'dose not in micrograms' : `${injection.doseMicrograms} micrograms`} at {formatWhen(injection.effective, timeZone)}{' '}
      <span className="source">Observation/{injection.id} (test-dose-injection{injection.status === 'amended' ? ', amended' : ''})</span>
    </span>
  );
}

const VERDICT_CLASS: Record<string, string> = { 'response-positive': 'zone-normal', 'response-negative': 'zone-red', 'response-equivocal': 'zone-yellow' };

function TestResponse({ list, timeZone }: { list: ObservationList; timeZone: string }) {
  const verdict = list.items.find((o) => o.key === 'itb-test-response');
  return (
    <>
      <PartialNotice issues={list.issues} what="assessment" />
      {verdict === undefined ? (
        <p className="muted">No test-dose response verdict recorded in the last {ASSESSMENT_WINDOW_DAYS} days{list.hasMore ? ' among the records read' : ''}.</p>
      ) : (
        <>
          <p>
            <span className={`status-pill ${verdict.value.kind === 'codeable' ? (VERDICT_CLASS[verdict.value.code ?? ''] ?? '') : ''}`}>
              {verdict.value.kind === 'codeable' ? (verdict.value.display ?? verdict.value.code ?? 'verdict') : 'verdict recorded'}
            </span>{' '}
            {formatWhen(verdict.effective, timeZone)}
          </p>
          {verdict.note !== undefined && <p>“{verdict.note}”</p>}
          <Source>Observation itb-test-response, {formatDate(verdict.effective, timeZone)}</Source>
        </>
      )}
    </>
  );
}
