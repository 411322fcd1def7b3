import { useMemo } from 'react';
import { forecastPumpReplacement, scheduleMriInterrogation, toSiteInstantIso, type PumpReplacementStatus } from '../../../domain';
import type { PumpInfo } from '../../../fhir';
import { formatDate, formatWhen, timeOf } from '../../../components/ui/clinical-format';
import { ml } from '../model/format';
import { PartialNotice, Source } from '../../../components/ui/read-state';
import { describeProcedure, KIND_NAMES, SearchedFor } from '../../../components/ui/pump-provenance';

/** Records left out of the pump reading, each named: wrong units, other devices, ambiguous procedures. */
function LeftOut({ pump }: { pump: PumpInfo }) {
  const notes = [
    ...(pump.device?.refused ?? []),
    ...(pump.ignoredDevices ?? []),
    ...(pump.ambiguous ?? []).map((a) => `Procedure/${a.id} '${a.text}' could be a ${a.kinds.map((k) => KIND_NAMES[k]).join(' or ')}: not used`),
  ];
  if (notes.length === 0) return null;
  return (
    <ul className="doctor-list muted" aria-label="Pump records left out">
      {notes.map((n) => (
        <li key={n}>{n}.</li>
      ))}
    </ul>
  );
}

const REPLACEMENT_TEXT: Record<PumpReplacementStatus, { text: string; className: string }> = {
  'before-window': { text: 'Before the 5–7 year window', className: 'zone-normal' },
  'in-window': { text: 'In the 5–7 year window', className: 'zone-yellow' },
  'past-window': { text: 'Past 7 years', className: 'zone-red' },
  'before-eri': { text: 'ERI not reached', className: 'zone-normal' },
  'eri-reached': { text: 'ERI REACHED', className: 'zone-red' },
};

/** Pump model, reservoir, implant and the replacement window (ERI preferred, A13). */
export function PumpSummary({ pump, now, timeZone }: { pump: PumpInfo; now: Date; timeZone: string }) {
  const device = pump.device;
  const implantDate = pump.implantDate;
  const eriDate = device?.replacementDate;
  // An implant dated only by year or month is shown as written, never as the 1st of January.
  const implantPartial = implantDate !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(implantDate);
  const replacement = useMemo(() => {
    if (implantDate === undefined || implantPartial) return undefined;
    // Implant and ERI dates are often recorded as dates only: that day at the site, not 00:00 UTC.
    const atSite = (v: string) => toSiteInstantIso(v, timeZone);
    return forecastPumpReplacement({ implantDate: atSite(implantDate), ...(eriDate === undefined ? {} : { eriDate: atSite(eriDate) }), now });
  }, [implantDate, implantPartial, eriDate, now, timeZone]);

  if (device === undefined && pump.implantDate === undefined) {
    return (
      <>
        <PartialNotice issues={pump.issues} what="pump" />
        <p>
          <strong>No implanted pump found</strong> (no intrathecal pump Device and no implant or replacement Procedure).
        </p>
        <LeftOut pump={pump} />
        <SearchedFor searched={pump.searched} kind="pump-implant" implant />
      </>
    );
  }
  return (
    <>
      <PartialNotice issues={pump.issues} what="pump" />
      {device?.notActive !== undefined && (
        <p className="banner banner--warning" role="note">
          The pump Device is recorded as {device.notActive === 'inactive' ? '“inactive” (no longer in use)' : `“${device.notActive}”, not active`}: check whether the pump is still implanted and
          running before relying on the figures below.
        </p>
      )}
      <dl className="doctor-dl">
        <dt>Pump</dt>
        <dd>
          {device === undefined ? 'Device not recorded' : `${device.name ?? 'Name not recorded'} ${device.model ?? '(model not recorded)'}`}
        </dd>
        <dt>Reservoir</dt>
        <dd>{device?.reservoirVolume === undefined ? 'not recorded' : ml(device.reservoirVolume, 0)}</dd>
        <dt>Alarm volume</dt>
        <dd>{device?.lowReservoirAlarmVolume === undefined ? 'not recorded (forecast uses the default 2 mL)' : ml(device.lowReservoirAlarmVolume, 1)}</dd>
        <dt>Implanted</dt>
        <dd>
          {pump.implantDate === undefined ? 'implant not found' : implantPartial ? `${pump.implantDate} (recorded without a day)` : formatDate(pump.implantDate, timeZone)}
          {pump.implant?.kind === 'pump-replacement' ? ' (pump replaced)' : ''}
        </dd>
      </dl>
      <Source>
        {device === undefined ? 'No pump Device' : `Device/${device.id}`}
        {pump.implant === undefined ? '' : `; ${describeProcedure(pump.implant.id, pump.implant.match)}, performed ${implantPartial ? (implantDate ?? '') : formatDate(pump.implant.performed, timeZone)}`}
      </Source>
      <LeftOut pump={pump} />
      {pump.implantDate === undefined && <SearchedFor searched={pump.searched} kind="pump-implant" implant />}
      <h4 className="doctor-subhead">Replacement</h4>
      {replacement === undefined ? (
        <p>
          Replacement window not calculated: {implantPartial ? `the implant is dated only "${implantDate ?? ''}".` : 'the implant date is not recorded.'}
          {device?.replacementDate === undefined ? '' : ` ERI date on the Device: ${formatDate(device.replacementDate, timeZone)}.`}
        </p>
      ) : !replacement.ok ? (
        <p className="banner banner--error">Replacement window not calculated: {replacement.error.message}</p>
      ) : (
        <>
          <p>
            <span className={`status-pill ${REPLACEMENT_TEXT[replacement.value.value.status].className}`}>{REPLACEMENT_TEXT[replacement.value.value.status].text}</span>{' '}
            {replacement.value.value.basis === 'eri' && replacement.value.value.eriDate !== undefined ? (
              <>
                ERI {formatDate(replacement.value.value.eriDate, timeZone)}; the pump stops by about {formatDate(replacement.value.value.pumpStopsBy ?? replacement.value.value.eriDate, timeZone)}.{' '}
                <span className="source">(Device expirationDate)</span>
              </>
            ) : (
              <>
                Estimated window {formatDate(replacement.value.value.windowStart, timeZone)} – {formatDate(replacement.value.value.windowEnd, timeZone)} (5–7 years from implant; no ERI recorded).
              </>
            )}
          </p>
          {replacement.value.warnings.map((w) => (
            <p key={w.code} className="banner banner--warning">
              {w.message}
            </p>
          ))}
          <p className="source">{replacement.value.source}</p>
        </>
      )}
    </>
  );
}

/** The latest MRI and the 2-hour interrogation rule (§2, A14). */
export function MriSummary({ pump, now, timeZone }: { pump: PumpInfo; now: Date; timeZone: string }) {
  const mri = pump.procedures.find((p) => p.kind === 'mri');
  const task = useMemo(() => {
    if (mri?.performed === undefined) return undefined;
    const mriAt = timeOf(mri.performed) ?? 0;
    const interrogation = pump.procedures.find((p) => p.kind === 'pump-interrogation' && (timeOf(p.performed) ?? -Infinity) >= mriAt);
    return {
      interrogation,
      result: scheduleMriInterrogation({
        mriEndedAt: mri.performed,
        now,
        ...(interrogation?.performed === undefined ? {} : { interrogatedAt: interrogation.performed }),
      }),
    };
  }, [mri, pump.procedures, now]);
  if (mri === undefined) {
    return (
      <>
        <p className="muted">No MRI among the recent procedures.</p>
        <SearchedFor searched={pump.searched} kind="mri" />
      </>
    );
  }
  if (task === undefined) return <p>MRI recorded without a date (Procedure/{mri.id}).</p>;
  if (!task.result.ok) return <p className="banner banner--error">MRI interrogation rule not applied: {task.result.error.message}</p>;
  const t = task.result.value.value;
  const done = task.interrogation?.performed;
  const withinTwoHours = done !== undefined && (timeOf(done) ?? Infinity) <= t.dueBy.getTime();
  return (
    <>
      <p>
        MRI {formatWhen(mri.performed, timeZone)}.{' '}
        {t.status === 'done' ? (
          <>
            <span className={`status-pill ${withinTwoHours ? 'zone-normal' : 'zone-yellow'}`}>{withinTwoHours ? 'Interrogated within 2 h' : 'Interrogated after 2 h'}</span> at{' '}
            {formatWhen(done, timeZone)}.
          </>
        ) : (
          <>
            <span className={`status-pill ${t.status === 'overdue' ? 'zone-red' : 'zone-yellow'}`}>{t.status === 'overdue' ? 'INTERROGATION OVERDUE' : 'Interrogation due'}</span> no later than{' '}
            {formatWhen(t.dueBy, timeZone)}: no interrogation recorded after the MRI.
          </>
        )}
      </p>
      <p className="muted">{t.text} The MRI end time is not recorded, so its start is used: the deadline shown is the earliest possible.</p>
      <Source>
        {describeProcedure(mri.id, mri.match)}
        {task.interrogation === undefined ? '' : `; interrogation ${describeProcedure(task.interrogation.id, task.interrogation.match)}`}; {task.result.value.source}
      </Source>
    </>
  );
}
