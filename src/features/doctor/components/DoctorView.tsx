import { Suspense, useEffect } from 'react';
import { CodeBoundary, lazyCode } from '../../../components/ui/lazy-code';
import { useSession } from '../../../session/session-context';
import { useDoctorData } from '../api/doctor-queries';

/** The summary's reads, sent by main.tsx as soon as the session is ready (RoleView's prefetchView). */
export { prefetchDoctorFirstWave } from '../api/doctor-queries';
import { formatWhen } from '../../../components/ui/clinical-format';
import { useDoctorModel } from './doctor-model';
import { DoctorSummary } from './DoctorSummary';
import { DoseHistory } from './DoseHistory';
import { DoctorAlteredCriteria, loadAlteredCriteriaPanel } from './DoctorAlteredCriteria';
import { ReadError, ReadState } from '../../../components/ui/read-state';
import './doctor.css';

/**
 * A child shows one of the two: the titration check with a pump, test-dose planning without one.
 * Each is its own chunk (issue 16), fetched once the first screen is drawn (below), so a launch
 * loads neither before the summary and the one it draws is in by the time the pump read answers.
 */
const loadTitration = () => import('./TitrationCheck');
const loadTestDosePlanning = () => import('./TestDosePlanning');
const TitrationCheck = lazyCode(() => loadTitration().then((m) => m.TitrationCheck));
const TestDosePlanning = lazyCode(() => loadTestDosePlanning().then((m) => m.TestDosePlanning));
const loadingSection = (what: string) => (
  <p role="status" className="muted">
    Loading the {what}…
  </p>
);

/**
 * Doctor: dose and refill. The summary first (current dose, refill due, dates, pump, weight),
 * then the titration check or, for a child without a pump, test-dose planning, then the dose
 * history. Guidance only: orders are placed in the EHR.
 */
export function DoctorView() {
  const { site } = useSession();
  const data = useDoctorData();
  const timeZone = site.site.timeZone;
  const clinical = site.clinical;
  const model = useDoctorModel(data, {
    stabilityDays: clinical.drugStabilityDays,
    dueSoonDays: clinical.refillWarningDays,
    staleWeightDays: clinical.staleWeightDays,
    timeZone,
  });
  const { medications, pump, patient, weight, now } = data;
  // The below-the-fold sections' code (the Altered Calling Criteria panel, titration, test-dose
  // planning), once the first screen is drawn: in before their sections mount.
  useEffect(() => {
    for (const load of [loadAlteredCriteriaPanel, loadTitration, loadTestDosePlanning]) void load().catch(() => undefined);
  }, []);
  const titration = (
    <section aria-labelledby="titration-heading" className="card">
      <h2 id="titration-heading">Titration check</h2>
      <ReadState query={medications} what="medication records">
        {() =>
          model.current === undefined ? (
            <p className="muted">No active intrathecal dose: there is nothing to titrate from.</p>
          ) : (
            <CodeBoundary what="The titration check">
              <Suspense fallback={loadingSection('titration check')}>
                <TitrationCheck
                  current={model.current}
                  implantDate={pump.data?.implantDate}
                  weight={model.weight}
                  now={now}
                  alertAbove={clinical.dailyDoseAlertMicrogramsPerDay}
                  reductionWarnPercent={clinical.doseReductionWarnPercent}
                  timeZone={timeZone}
                />
              </Suspense>
            </CodeBoundary>
          )
        }
      </ReadState>
    </section>
  );

  return (
    <div className="doctor-view">
      <div className="doctor-view__head">
        <h1 className="doctor-title">Doctor: dose and refill</h1>
        <p className="muted">
          As of {formatWhen(now, timeZone)} ({timeZone}). Guidance only: orders are placed in the EHR.
        </p>
      </div>
      {model.hasPump === true && (
        <p className="card">
          <a href="#/refill">Pump refill visit</a>: document a refill, reconcile the reservoir and set the next date.
        </p>
      )}
      <DoctorSummary data={data} model={model} timeZone={timeZone} />
      {!patient.isPending && !medications.isPending && <DoctorAlteredCriteria birthDate={patient.data?.birthDate?.slice(0, 10)} />}
      {model.hasPump === true && titration}
      <section aria-labelledby="testdose-heading" className="card">
        <h2 id="testdose-heading">Test-dose planning</h2>
        <ReadState query={pump} what="pump records">
          {() =>
            model.hasPump === true ? (
              <p className="muted">This child has a pump recorded: test-dose planning is for children without one.</p>
            ) : patient.isError ? (
              <ReadError what="patient record" error={patient.error} onRetry={() => void patient.refetch()} />
            ) : weight.isError && weight.data?.latest === undefined ? (
              <ReadError what="weight records" error={weight.error} onRetry={() => void weight.refetch()} />
            ) : patient.data === undefined || weight.data === undefined ? (
              <p role="status" className="muted">
                Loading the weight and birth date…
              </p>
            ) : (
              <CodeBoundary what="The test-dose planning">
                <Suspense fallback={loadingSection('test-dose planning')}>
                  <TestDosePlanning
                    patient={patient.data}
                    weight={weight.data.latest}
                    now={now}
                    staleWeightDays={clinical.staleWeightDays}
                    timeZone={timeZone}
                    planned={data.plannedTestDoses}
                  />
                </Suspense>
              </CodeBoundary>
            )
          }
        </ReadState>
      </section>

      {/* Placed once the pump read has answered (it decides the place), so it never moves under typing. */}
      {model.hasPump !== true && !pump.isPending && titration}
      <DoseHistory data={data} model={model} timeZone={timeZone} />
    </div>
  );
}
