import type { DoseChange, ItbMedications } from '../../../fhir';
import { formatDate, formatWhen } from '../../../components/ui/clinical-format';
import { startOf } from '../model/dose-timeline';
import { hhmm, num, perDay, perMl } from '../model/format';
import { PartialNotice, Source } from '../../../components/ui/read-state';
import { MedicationOrderWarnings } from '../../../components/ui/MedicationOrderWarnings';

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
      {change.status !== 'active' && (
        <p className="banner banner--warning">
          Prescription status: <strong>{change.status}</strong>
        </p>
      )}
      <dl className="doctor-dl">
        <dt>Mode</dt>
        <dd>{change.flex ? `Flex schedule, ${change.steps.length} steps (24-hour total above)` : 'Simple continuous'}</dd>
        <dt>Concentration</dt>
        <dd>{change.concentration === undefined ? 'not recorded on the prescription' : perMl(change.concentration)}</dd>
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
            </tr>
          </thead>
          <tbody>
            {change.steps.map((s, i) => (
              <tr key={`${s.startsAt ?? i}`}>
                <td>{hhmm(s.startsAt)}</td>
                <td className="num">{num(s.dailyRate / 24, 2)} micrograms/hour</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {change.dailyDose === undefined && change.text !== undefined && <p>As written: “{change.text}”</p>}
      <Source>
        MedicationRequest, authored {formatDate(change.authoredOn, timeZone)}
      </Source>
    </>
  );
}
