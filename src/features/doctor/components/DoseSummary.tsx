import type { DoseChange, ItbMedications } from '../../../fhir';
import { formatDate, formatWhen } from '../../../components/ui/clinical-format';
import { startOf } from '../model/dose-timeline';
import { hhmm, num, perDay, perMl } from '../model/format';
import { PartialNotice, Source } from '../../../components/ui/read-state';
import { MedicationOrderWarnings } from '../../../components/ui/MedicationOrderWarnings';
import { useConfirmedDoses } from '../../../session/confirmed-doses';
import { useSession } from '../../../session/session-context';

/** The current intrathecal dose (mode, flex steps, concentration) and oral baclofen. */
export function DoseSummary({ meds, current, timeZone }: { meds: ItbMedications; current: DoseChange | undefined; timeZone: string }) {
  return (
    <>
      <PartialNotice issues={meds.issues} what="medication" />
      <MedicationOrderWarnings activeIntrathecal={meds.activeIntrathecal} unclassified={meds.unclassified} timeZone={timeZone} />
      {current === undefined ? (
        <p>
          <strong>No active intrathecal baclofen prescription recorded.</strong>
        </p>
      ) : (
        <CurrentDose change={current} timeZone={timeZone} />
      )}
      <h4 className="doctor-subhead">Oral baclofen (mg)</h4>
      {meds.oral.length === 0 ? (
        <p className="muted">No active or on-hold oral baclofen recorded.</p>
      ) : (
        <ul className="doctor-list">
          {meds.oral.map((o) => (
            <li key={o.id}>
              {o.dose === undefined ? (o.text ?? 'dose not stated') : `${num(o.dose, 2)} mg`}
              {o.timesPerDay === undefined ? '' : `, ${num(o.timesPerDay, 1)} times a day`}
              {o.status === 'active' ? '' : ` (${o.status})`}
              <span className="source"> — MedicationRequest, authored {formatDate(o.authoredOn, timeZone)}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function CurrentDose({ change, timeZone }: { change: DoseChange; timeZone: string }) {
  return (
    <>
      <p className="figure" data-testid="current-dose">
        {change.dailyDose === undefined ? 'Dose could not be read' : perDay(change.dailyDose)}
      </p>
      {change.dailyDose !== undefined && change.source !== undefined && (
        <p className="source" data-testid="dose-source" title={change.sourceDetail}>
          Daily dose {change.source}
        </p>
      )}
      {change.candidate !== undefined && <ConfirmDose change={change} candidate={change.candidate} />}
      {change.status !== 'active' && (
        <p className="banner banner--warning">
          Prescription status: <strong>{change.status}</strong>
        </p>
      )}
      <dl className="doctor-dl">
        <dt>Mode</dt>
        <dd>{change.flex ? `Flex schedule, ${change.steps.length} steps (24-hour total above)` : 'Simple continuous'}</dd>
        <dt>Concentration</dt>
        <dd>
          {change.concentration === undefined ? 'not recorded on the prescription' : perMl(change.concentration)}
          {change.concentration !== undefined && change.concentrationSource !== undefined && <span className="source" title={change.concentrationSourceDetail}> — from {change.concentrationSource}</span>}
        </dd>
        <dt>Dose since</dt>
        <dd>{formatWhen(startOf(change), timeZone)}</dd>
      </dl>
      {change.flex && (
        <table className="doctor-steps">
          <caption>Flex schedule steps</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col" className="num">
                Rate
              </th>
              <th scope="col">Read from</th>
            </tr>
          </thead>
          <tbody>
            {change.steps.map((s, i) => (
              <tr key={`${s.startsAt ?? i}`}>
                <td>{hhmm(s.startsAt)}</td>
                <td className="num">{num(s.dailyRate / 24, 2)} micrograms/hour</td>
                <td className="source" title={s.sourceDetail}>
                  {s.source ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(change.dailyDose === undefined || change.confirmedByUser === true) && change.text !== undefined && <p>As written: “{change.text}”</p>}
      <Source>
        MedicationRequest, authored {formatDate(change.authoredOn, timeZone)}
      </Source>
    </>
  );
}

/**
 * A dose the order states only in its text (or with a comparator): shown, never used, until the
 * clinician confirms it against the order. The confirmation lasts for this session only.
 */
function ConfirmDose({ change, candidate }: { change: DoseChange; candidate: NonNullable<DoseChange['candidate']> }) {
  const { patientId } = useSession();
  const { confirm, withdraw } = useConfirmedDoses(patientId);
  if (change.confirmedByUser === true) {
    return (
      <p>
        <button type="button" onClick={() => withdraw(change.id)}>
          Withdraw my confirmation of {perDay(candidate.dailyDose)}
        </button>
      </p>
    );
  }
  return (
    <div className="banner banner--warning" role="group" aria-label="Confirm the dose from the order">
      <p>
        The order has no structured daily dose. {capitalise(candidate.basis)}: <strong>{perDay(candidate.dailyDose)}</strong>. No calculation uses this
        figure until you have checked it against the order and confirmed it.
      </p>
      <button type="button" onClick={() => confirm(change.id, candidate.dailyDose)}>
        Confirm {perDay(candidate.dailyDose)} for this session
      </button>
    </div>
  );
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
