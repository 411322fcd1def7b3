import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { alteredCriteriaQueryOptions, encounterQueryOptions, patientQueryOptions, procedureRecognitionFrom, pumpQueryOptions, resolveWriteCodes } from '../../../fhir';
import { useSession } from '../../../session/session-context';
import { useWriteSetup } from '../../../session/use-write-setup';
import { WriteAccessNotice } from '../../../components/ui/WriteAccessNotice';
import { invalidateRounds, roundSignsRecorded, useDayRounds } from '../api/day-rounds';
import { useItbSituation } from '../api/use-situation';
import { recordedRoundZone, siteCriteria, zoneFor } from '../escalation';
import { toSiteIso } from '../../../domain';
import { RoundEntry } from './RoundEntry';
import { AlteredCriteriaPanel } from '../../../components/ui/AlteredCriteriaPanel';
import { criteriaForZone } from '../../../components/ui/altered-criteria';
import { ScheduleCard, type DischargeState } from './ScheduleCard';
import { TrendView } from './TrendView';
import { useStickyTop } from './use-sticky-top';
import './rounds.css';

/** "Now", ticking, so due/overdue and the time since the dose move on their own. */
function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * Nurses: the test-dose day (Guideline §3.4). Schedule from the documented injection time, round
 * entry with live escalation for the child's age, review and save, and the day's trend. Works for
 * a pump child in withdrawal or overdose too: without a test dose there is no schedule, only rounds
 * and escalation.
 */
export function NurseRoundsView() {
  const { client, patientId, encounterId, site, ehr } = useSession();
  const queryClient = useQueryClient();
  const timeZone = site.site.timeZone;
  const now = useNow(30_000);
  // Fixed when the view opens, so the query key is stable; a save refetches the same window.
  const [since] = useState(() => toSiteIso(new Date(Date.now() - DAY_MS), timeZone));
  const codes = useMemo(() => resolveWriteCodes(ehr.quirks.writeCodes), [ehr.quirks.writeCodes]);
  const setup = useWriteSetup();
  const patient = useQuery(patientQueryOptions(client, patientId, site.site.timeZone));
  const day = useDayRounds(client, patientId, since, codes);
  const criteria = useMemo(() => siteCriteria(site), [site]);
  const alteredRead = useQuery(alteredCriteriaQueryOptions(client, patientId, codes));
  const altered = criteriaForZone(alteredRead.data, timeZone);
  const situation = useItbSituation(client, patientId, day, now);
  const refresh = () => void invalidateRounds(queryClient, patientId);
  const encounter = useQuery({ ...encounterQueryOptions(client, patientId, encounterId ?? ''), enabled: encounterId !== undefined });
  const discharge: DischargeState =
    encounterId === undefined
      ? { status: 'no-encounter' }
      : encounter.isPending
        ? { status: 'pending' }
        : encounter.isError
          ? { status: 'error', message: encounter.error.message, retry: () => void encounter.refetch() }
          : { status: 'ready', dischargedAt: encounter.data.dischargedAt };
  // The refill visit is for a child with a pump (a Device or an implant recorded), not a test-dose child.
  const [recognition] = useState(() => procedureRecognitionFrom(site.clinical));
  const pump = useQuery(pumpQueryOptions(client, patientId, recognition));
  const hasPump = pump.data !== undefined && (pump.data.device !== undefined || pump.data.implantDate !== undefined);
  const birthDate = patient.data?.birthDate?.slice(0, 10);
  // The latest round's zone, for the closer interval after a yellow or red round (§3.4.5).
  const latest = day.status === 'ready' ? day.data.rounds.at(-1) : undefined;
  const latestZone =
    latest?.at === undefined
      ? undefined
      : recordedRoundZone(patient.isPending ? undefined : zoneFor(latest.round, birthDate, latest.at, criteria.table, timeZone, altered), latest.zoneShown, roundSignsRecorded(latest));
  const escalation = latest?.at !== undefined && latestZone !== undefined ? { zone: latestZone, at: latest.at } : undefined;
  const patientState = patient.isPending ? 'pending' : patient.isError ? 'error' : 'ready';
  const root = useRef<HTMLDivElement>(null);
  useStickyTop(root);

  return (
    <div className="rounds" ref={root}>
      <h1 className="visually-hidden">Nurse observation rounds</h1>
      {setup.status === 'read-only' && <WriteAccessNotice grant={setup.grant} what="rounds and the injection time" />}
      {hasPump && (
        <p className="card">
          <a href="#/refill">Pump refill visit</a>: document a refill, reconcile the reservoir and set the next date.
        </p>
      )}
      <ScheduleCard state={day} escalation={escalation} situation={situation} now={now} timeZone={timeZone} client={client} setup={setup} onRecorded={refresh} discharge={discharge} />
      <AlteredCriteriaPanel
        client={client}
        setup={setup}
        timeZone={timeZone}
        now={now}
        birthDate={birthDate}
        table={criteria.table}
        query={alteredRead}
        onSaved={() => void queryClient.invalidateQueries({ queryKey: ['patient', patientId, 'altered-criteria'] })}
      />
      <RoundEntry
        client={client}
        patientId={patientId}
        timeZone={timeZone}
        now={now}
        setup={setup}
        birthDate={birthDate}
        patientState={patientState}
        criteria={criteria.table}
        altered={altered}
        criteriaProblem={criteria.problem}
        contacts={site.contacts}
        situation={situation}
        onSaved={refresh}
      />
      <TrendView state={day} timeZone={timeZone} birthDate={birthDate} criteria={criteria.table} altered={altered} client={client} setup={setup} contacts={site.contacts} situation={situation} onAmended={refresh} />
    </div>
  );
}
