import { useMemo } from 'react';
import { forecastPumpReplacement, scheduleMriInterrogation, toSiteInstantIso, type PumpReplacementStatus } from '../../../domain';
import type { PumpInfo } from '../../../fhir';
import { formatDate, formatWhen, timeOf } from '../../../components/ui/clinical-format';
import { ml } from '../model/format';
import { PartialNotice, Source } from '../../../components/ui/read-state';

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
  const replacement = useMemo(() => {
    if (implantDate === undefined) return undefined;
    // Implant and ERI dates are often recorded as dates only: that day at the site, not 00:00 UTC.
    const atSite = (v: string) => toSiteInstantIso(v, timeZone);
    return forecastPumpReplacement({ implantDate: atSite(implantDate), ...(eriDate === undefined ? {} : { eriDate: atSite(eriDate) }), now });
  }, [implantDate, eriDate, now, timeZone]);

  if (device === undefined && pump.implantDate === undefined) {
    return (
      <>
        <PartialNotice issues={pump.issues} what="pump" />
        <p>
          <strong>No implanted pump recorded</strong> (no Device and no implant Procedure).
        </p>
      </>
    );
  }
  return (
    <>
      <PartialNotice issues={pump.issues} what="pump" />
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
        <dd>{pump.implantDate === undefined ? 'implant not recorded' : formatDate(pump.implantDate, timeZone)}</dd>
      </dl>
      {device !== undefined && <Source>Device{pump.implantDate === undefined ? '' : `; Procedure pump-implant, performed ${formatDate(pump.implantDate, timeZone)}`}</Source>}
      <h4 className="doctor-subhead">Replacement</h4>
      {replacement === undefined ? (
        <p>
          Replacement window not calculated: the implant date is not recorded.
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
  if (mri === undefined) return <p className="muted">No MRI among the recent pump procedures.</p>;
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
        Procedure MRI{task.interrogation === undefined ? '' : ' and Procedure pump-interrogation'}; {task.result.value.source}
      </Source>
    </>
  );
}
