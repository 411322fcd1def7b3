import { useState } from 'react';
import { proposeCloserInterval, scheduleTestDoseDay, type ItbSituation, type ObservationSlot, type SlotStatus, type Zone } from '../../../domain';
import type { FhirClient } from '../../../fhir';
import type { WriteSetup } from '../../../session/use-write-setup';
import type { DayRoundsState } from '../api/day-rounds';
import { formatDuration, formatTime, formatWhen } from '../../../components/ui/clinical-format';
import { InjectionForm } from './InjectionForm';
import { InjectionRecordPanel } from './InjectionRecordPanel';

type Props = {
  state: DayRoundsState;
  /** The latest round's zone and time (the higher of the rules' zone and the zone charted). */
  escalation: { zone: Zone; at: Date } | undefined;
  /** Whether the child has a pump: the injection form asks first when one is recorded. */
  situation: ItbSituation;
  now: Date;
  timeZone: string;
  client: FhirClient;
  setup: WriteSetup;
  onRecorded: () => void;
  /** The encounter read: a documented discharge ends the hourly prompts (A6). */
  discharge: DischargeState;
};

export type DischargeState =
  | { status: 'no-encounter' }
  | { status: 'pending' }
  | { status: 'error'; message: string; retry: () => void }
  | { status: 'ready'; dischargedAt: string | undefined };

const STATUS_WORDS: Readonly<Record<SlotStatus, string>> = {
  done: 'Done',
  due: 'Due now',
  overdue: 'Overdue',
  upcoming: 'Upcoming',
  'not-required': 'Not required',
};

const statusClass = (s: SlotStatus): string => {
  switch (s) {
    case 'done':
      return 'slot--done';
    case 'due':
      return 'slot--due';
    case 'overdue':
      return 'slot--overdue';
    case 'upcoming':
      return 'slot--upcoming';
    case 'not-required':
      return 'slot--not-required';
    default:
      return s satisfies never;
  }
};

const afterDose = (minutes: number): string => (minutes < 60 ? `+${minutes} min` : minutes % 60 === 0 ? `+${minutes / 60} h` : `+${formatDuration(minutes * 60_000)}`);

/** The test-dose day: every round with its due time and status, time since the dose, the peak window. */
export function ScheduleCard({ state, escalation, situation, now, timeZone, client, setup, onRecorded, discharge }: Props) {
  const [recording, setRecording] = useState(false);
  const [correcting, setCorrecting] = useState(false);

  if (state.status === 'pending') {
    return (
      <section className="card" aria-labelledby="schedule-heading" aria-busy="true">
        <h2 id="schedule-heading">Test-dose day schedule</h2>
        <p role="status">Reading today's observations and the test-dose time…</p>
      </section>
    );
  }
  if (state.status === 'error') {
    return (
      <section className="card" aria-labelledby="schedule-heading">
        <h2 id="schedule-heading">Test-dose day schedule</h2>
        <div className="banner banner--error" role="alert">
          Today's observations could not be read, so the schedule is not shown (this does not mean nothing is recorded): {state.error.message}{' '}
          <button type="button" onClick={state.retry}>
            Retry
          </button>
        </div>
      </section>
    );
  }
  const { injection, rounds, voidedAt } = state.data;
  if (injection === undefined) {
    return (
      <section className="card" aria-labelledby="schedule-heading">
        <h2 id="schedule-heading">Test-dose day schedule</h2>
        <p>
          <strong>No test-dose injection time is documented</strong> in the last 24 hours, so there is no round schedule. The observation clock starts at the documented injection time (Guideline §3.4.2).
        </p>
        <p className="muted">For a child with a pump who may be in withdrawal or overdose, enter rounds below without a test dose: the escalation works the same.</p>
        <CloserInterval escalation={escalation} scheduledNextDue={undefined} now={now} timeZone={timeZone} />
        {recording ? (
          <InjectionForm client={client} setup={setup} timeZone={timeZone} now={now} situation={situation} onCancel={() => setRecording(false)} onRecorded={() => { setRecording(false); onRecorded(); }} />
        ) : (
          <button type="button" onClick={() => setRecording(true)}>
            Record the test-dose injection time
          </button>
        )}
      </section>
    );
  }

  const recorded = rounds.flatMap((r) => (r.at !== undefined && r.at.getTime() <= now.getTime() ? [r.at] : []));
  // A discharge before this injection closed an earlier stay (e.g. a finished pre-admission
  // visit): it cannot end this day's prompts, so the prompts continue.
  const documented = discharge.status === 'ready' ? discharge.dischargedAt : undefined;
  const dischargedAt = documented !== undefined && Date.parse(documented) >= injection.at.getTime() ? documented : undefined;
  const schedule = scheduleTestDoseDay({
    injectionAt: injection.at,
    now,
    recordedRounds: recorded,
    ...(voidedAt === undefined ? {} : { voidedAt }),
    ...(dischargedAt === undefined ? {} : { dischargedAt }),
  });
  if (!schedule.ok) {
    return (
      <section className="card" aria-labelledby="schedule-heading">
        <h2 id="schedule-heading">Test-dose day schedule</h2>
        <p className="banner banner--error" role="alert">
          The schedule cannot be worked out: {schedule.error.message}
        </p>
      </section>
    );
  }
  const s = schedule.value.value;
  const sinceDose = now.getTime() - s.injectionAt.getTime();
  const inPeak = now >= s.peakEffect.from && now <= s.peakEffect.to;
  const peakWords = inPeak ? 'in the peak window now' : now < s.peakEffect.from ? `starts in ${formatDuration(s.peakEffect.from.getTime() - now.getTime())}` : 'peak window passed';
  const next = s.nextObservation;
  const inPeakSlot = (o: ObservationSlot) => o.due >= s.peakEffect.from && o.due <= s.peakEffect.to;
  const overdue = s.observations.filter((o) => o.status === 'overdue');
  const latest = rounds.at(-1);

  return (
    <section className="card schedule" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">Test-dose day schedule</h2>
      <div className="schedule__facts">
        <p>
          Test dose{injection.doseMicrograms === undefined ? '' : ` ${injection.doseMicrograms} micrograms`} given <strong>{formatWhen(injection.effective, timeZone, false, 'time not recorded')}</strong>
          <br />
          <span className="figure" data-testid="time-since-dose">{formatDuration(sinceDose)}</span> since the dose
          {injection.note !== undefined && (
            <>
              <br />
              <span className="muted">Note: {injection.note}</span>
            </>
          )}
          {setup.status === 'ready' && !correcting && (
            <>
              <br />
              <button type="button" className="small" onClick={() => setCorrecting(true)}>
                Correct the injection record
              </button>
            </>
          )}
        </p>
        <p>
          Peak effect 2–4 h: <strong>{formatTime(s.peakEffect.from, timeZone)}–{formatTime(s.peakEffect.to, timeZone)}</strong>
          <br />
          <span className={inPeak ? 'status-pill zone-yellow' : 'muted'}>{peakWords}</span> · worn off by {formatTime(s.effectWornOffBy, timeZone)}
        </p>
        <p>
          Next round:{' '}
          {next === undefined ? (
            <strong>none scheduled</strong>
          ) : (
            <>
              <strong>{formatTime(next.due, timeZone)}</strong> <span className={`status-pill ${statusClass(next.status)}`}>{STATUS_WORDS[next.status]}</span>
              {next.status === 'upcoming' && <span className="muted"> in {formatDuration(next.due.getTime() - now.getTime())}</span>}
            </>
          )}
          {latest?.at !== undefined && (
            <>
              <br />
              <span data-testid="latest-round">Latest round recorded {formatTime(latest.at, timeZone)}</span>
            </>
          )}
          <br />
          <span className={s.voiding.status === 'voided' ? 'muted' : 'status-pill zone-yellow'}>
            {s.voiding.status === 'voided' ? `Voided since the dose (${formatTime(voidedAt ?? s.injectionAt, timeZone)})` : 'Voiding since the dose not documented'}
          </span>
        </p>
      </div>
      {correcting && (
        <InjectionRecordPanel injection={injection} client={client} setup={setup} timeZone={timeZone} now={now} onClose={() => setCorrecting(false)} onChanged={onRecorded} />
      )}
      <CloserInterval escalation={escalation} scheduledNextDue={next?.due} now={now} timeZone={timeZone} />
      <DischargeNote discharge={documented !== undefined && dischargedAt === undefined ? { status: 'earlier-stay', endedAt: documented } : discharge} timeZone={timeZone} />
      {overdue.length > 0 && (
        <p className="banner banner--warning" role="alert">
          {overdue.length} round{overdue.length === 1 ? '' : 's'} overdue (first due {formatTime(overdue[0]?.due ?? now, timeZone)}).
        </p>
      )}
      {s.voiding.status !== 'voided' && <p className="hint">{s.voiding.reminder}</p>}
      <ol className="slots" aria-label="Observation rounds">
        {s.observations.map((o) => (
          <li key={o.due.toISOString()} className={`slot ${statusClass(o.status)}${inPeakSlot(o) ? ' slot--peak' : ''}`}>
            <span className="slot__time">{formatTime(o.due, timeZone)}</span>
            <span className="slot__after">{afterDose(o.minutesAfterInjection)}</span>
            <span className="slot__status">
              {o.status === 'done' ? '✓ ' : o.status === 'overdue' ? '! ' : ''}
              {STATUS_WORDS[o.status]}
              {o.status === 'done' && o.doneAt !== undefined ? ` ${formatTime(o.doneAt, timeZone)}` : ''}
            </span>
            {inPeakSlot(o) && <span className="slot__peak">peak</span>}
          </li>
        ))}
      </ol>
      <p className="source">{schedule.value.source}. {schedule.value.notes[0]}</p>
    </section>
  );
}

/** After a yellow or red round: the closer interval proposed, and why (Guideline §3.4.3–5). */
function CloserInterval({ escalation, scheduledNextDue, now, timeZone }: { escalation: Props['escalation']; scheduledNextDue: Date | undefined; now: Date; timeZone: string }) {
  if (escalation === undefined) return null;
  const p = proposeCloserInterval({ latestZone: escalation.zone, roundAt: escalation.at, scheduledNextDue });
  if (p === undefined) return null;
  const overdue = p.nextDue.getTime() < now.getTime();
  return (
    <div className={`banner ${p.zone === 'red' ? 'banner--error' : 'banner--warning'} closer-interval`} role="status" data-testid="closer-interval">
      <strong>
        Next round proposed {formatTime(p.nextDue, timeZone)}
        {overdue ? ' (now overdue)' : ''}: every {p.intervalMinutes} minutes after the {p.zone === 'red' ? 'RED ZONE' : 'YELLOW ZONE'} round at {formatTime(p.roundAt, timeZone)}
        {p.closerThanSchedule ? (scheduledNextDue === undefined ? '.' : `, sooner than the schedule's ${formatTime(scheduledNextDue, timeZone)}.`) : '; the schedule is already this close.'}
      </strong>{' '}
      {p.reason} <span className="source">{p.source}</span>
    </div>
  );
}

/** Whether the hourly prompts still run: they stop only at a documented discharge (A6). */
function DischargeNote({ discharge, timeZone }: { discharge: DischargeState | { status: 'earlier-stay'; endedAt: string }; timeZone: string }) {
  switch (discharge.status) {
    case 'earlier-stay':
      return (
        <p className="hint">
          The encounter this launch came with ended {formatWhen(discharge.endedAt, timeZone, false, 'time not recorded')}, before this injection: that is not a discharge from this stay, so
          hourly prompts continue until discharge is documented.
        </p>
      );
    case 'no-encounter':
      return <p className="hint">No encounter came with this launch, so discharge cannot be read: hourly prompts continue until you stop them in the EHR.</p>;
    case 'pending':
      return (
        <p className="hint" role="status">
          Reading the admission…
        </p>
      );
    case 'error':
      return (
        <p className="banner banner--warning" role="alert">
          Whether the child has been discharged could not be read ({discharge.message}), so hourly prompts continue.{' '}
          <button type="button" onClick={discharge.retry}>
            Retry
          </button>
        </p>
      );
    case 'ready':
      return discharge.dischargedAt === undefined ? (
        <p className="hint">Still admitted: hourly prompts continue after 7 hours until discharge is documented.</p>
      ) : (
        <p className="banner banner--info" data-testid="discharged">
          Discharged {formatTime(new Date(discharge.dischargedAt), timeZone)}: no rounds are due after discharge.
        </p>
      );
    default:
      return discharge satisfies never;
  }
}
