import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { scheduleTestDoseDay, toSiteLocalInput, type SlotStatus } from '../../../domain';
import { useTherapyRecords, WINDOW_DAYS } from '../api/therapy';
import { buildComparison } from '../comparison';
import { defaultTimePoint, formFromAssessment, selectEpisode, type AssessmentForm as Form, type Episode, type RecordedAssessment } from '../model';
import { TIME_POINT_LABELS } from '../scales';
import { AssessmentForm } from './AssessmentForm';
import { ComparisonPanel } from './ComparisonPanel';
import { when } from './format';
import { useSession } from '../../../session/session-context';
import { VerdictPanel } from './VerdictPanel';
import { useWriteGrant } from '../../../session/use-write-setup';
import { WriteAccessNotice } from '../../../components/ui/WriteAccessNotice';
import '../assessments.css';

type Tab = 'record' | 'compare';
const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'record', label: 'Record an assessment' },
  { id: 'compare', label: 'Compare and verdict' },
];

const STATUS_WORDS: Record<SlotStatus, string> = {
  done: 'done',
  due: 'due now',
  overdue: 'overdue',
  upcoming: 'upcoming',
  'not-required': 'not required (discharged)',
};
const statusClass = (s: SlotStatus) => (s === 'done' ? 'zone-normal' : s === 'overdue' ? 'zone-yellow' : 'pill-neutral');

/**
 * The day's header. Whether a time point is done comes from the episode, the same source as the
 * comparison table (issue 13: the header said "1 hour: done" from a 2-hour record's time while the
 * table said "not assessed"); the schedule gives only the due times and due/overdue from the clock.
 */
function DoseDay({ episode, timeZone }: { episode: Episode; timeZone: string }) {
  // Now at each render: an assessment saved a moment ago is never "in the future".
  const now = new Date();
  const injection = episode.injection;
  if (injection === undefined) {
    return (
      <section className="card" aria-label="Test-dose day">
        <p>
          <strong>No test-dose injection is recorded</strong> for this patient in the last {WINDOW_DAYS} days. Record the baseline now; the 1, 2, 4 and 6 hour times start from the
          injection time once the team documents it. Until then choose the time point yourself.
        </p>
      </section>
    );
  }
  const schedule = scheduleTestDoseDay({ injectionAt: injection.at, now });
  return (
    <section className="card" aria-label="Test-dose day">
      <p>
        <strong>Test dose{injection.doseMicrograms === undefined ? '' : ` ${injection.doseMicrograms} micrograms`}</strong> injected {when(injection.at, timeZone)}. Baseline:{' '}
        {episode.baseline === undefined ? <span className="not-assessed">not assessed</span> : `assessed ${when(episode.baseline.effective, timeZone)}`}.
      </p>
      {schedule.ok ? (
        <>
          <ul className="slots" aria-label="Assessments after the dose">
            {schedule.value.value.assessments.map((slot, i) => {
              const tp = (['1h', '2h', '4h', '6h'] as const)[i];
              const assessed = tp === undefined ? undefined : episode.timePoints[tp];
              const status: SlotStatus = assessed !== undefined ? 'done' : slot.status;
              return (
                <li key={slot.due.toISOString()} data-testid={tp === undefined ? undefined : `slot-${tp}`}>
                  {tp === undefined ? '' : TIME_POINT_LABELS[tp]}: due {when(slot.due, timeZone)}{' '}
                  <span className={`status-pill ${statusClass(status)}`}>{STATUS_WORDS[status]}</span>
                  {assessed !== undefined && <span className="muted"> assessed {when(assessed.effective, timeZone)}</span>}
                </li>
              );
            })}
          </ul>
          <p className="source">
            Effect peaks 2–4 hours after the injection and wears off by 8 hours. Source: {schedule.value.source}.
          </p>
        </>
      ) : (
        <p className="banner banner--warning">The assessment times could not be worked out: {schedule.error.message}</p>
      )}
    </section>
  );
}

/** Therapists on test-dose day: BADS, MAS and Tardieu at baseline and 1/2/4/6 h, the comparison and the verdict. */
export function TherapistView() {
  const { records, verdicts, amenders } = useTherapyRecords();
  const timeZone = useSession().site.site.timeZone;
  const grant = useWriteGrant();
  const [tab, setTab] = useState<Tab>('record');
  const [startFrom, setStartFrom] = useState<Form | undefined>(undefined);
  const [formKey, setFormKey] = useState(0);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ record: null, compare: null });

  const data = records.data;
  const episode = useMemo(() => (data === undefined ? undefined : selectEpisode(data)), [data]);
  const comparison = useMemo(() => (episode === undefined ? undefined : buildComparison(episode)), [episode]);

  if (records.isPending) return <p role="status">Loading assessments from the EHR…</p>;
  if (data === undefined) {
    return (
      <div role="alert" className="banner banner--error">
        <h2>Assessments could not be read</h2>
        <p>{records.error?.message ?? 'The EHR did not answer.'} Nothing is shown rather than an empty record.</p>
        <button type="button" onClick={() => void records.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (episode === undefined || comparison === undefined) return null;
  // A read again after a save (or a colleague's entry) failed: what was read before stays, said as
  // such, and the form stays mounted. Unmounting it mid-save lost the save's own answer: the
  // therapist saw only "could not be read" while the assessment was being written.
  const staleSince = records.isError ? when(new Date(records.dataUpdatedAt), timeZone) : undefined;

  const issues = [...data.readIssues, ...data.issues, ...(verdicts.data?.issues ?? [])];
  // This test dose's latest verdict (as the verdict panel lists them): a baseline changed after it needs a reason.
  const sinceDose = episode.injection === undefined ? Number.NEGATIVE_INFINITY : Date.parse(episode.injection.at);
  const verdictAt = verdicts.data?.items.find((v) => v.effective !== undefined && Date.parse(v.effective) >= sinceDose)?.effective;
  const edit = (a: RecordedAssessment) => {
    setNotice(undefined);
    const at = a.effective === undefined ? Number.NaN : Date.parse(a.effective);
    setStartFrom(formFromAssessment(a, Number.isNaN(at) ? '' : toSiteLocalInput(new Date(at), timeZone)));
    setFormKey((k) => k + 1);
    setTab('record');
    tabRefs.current.record?.focus();
  };
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const i = TABS.findIndex((t) => t.id === tab);
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : (i + (e.key === 'ArrowRight' ? 1 : -1) + TABS.length) % TABS.length;
    const id = TABS[next]?.id ?? 'record';
    setTab(id);
    tabRefs.current[id]?.focus();
  };

  return (
    <section className="therapist" aria-labelledby="therapist-title">
      <h2 id="therapist-title">Tone assessments: test-dose day</h2>
      <WriteAccessNotice grant={grant} what="assessments and the verdict" />
      {staleSince !== undefined && (
        <div role="alert" className="banner banner--warning">
          The assessments could not be read again: {records.error?.message ?? 'the EHR did not answer.'} The record list and comparison below are as read at {staleSince}; a save
          still says on its own whether the EHR confirmed it.{' '}
          <button type="button" onClick={() => void records.refetch()}>
            Read again
          </button>
        </div>
      )}
      {(issues.length > 0 || data.hasMore) && (
        <div className="banner banner--warning" role="status">
          <strong>Partial record.</strong>
          {issues.length > 0 && ` ${issues.length} record${issues.length === 1 ? '' : 's'} could not be read and ${issues.length === 1 ? 'is' : 'are'} left out:`}
          {data.hasMore && ` Only the most recent records of the last ${WINDOW_DAYS} days were loaded.`}
          {issues.length > 0 && (
            <ul>
              {issues.slice(0, 6).map((i, n) => (
                <li key={`${i.id ?? ''}-${i.path}-${n}`}>
                  {i.resourceType} {i.id ?? ''}: {i.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <DoseDay episode={episode} timeZone={timeZone} />

      <div role="tablist" aria-label="Therapist view" className="tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-controls={`panel-${t.id}`}
            aria-selected={tab === t.id}
            tabIndex={tab === t.id ? 0 : -1}
            className="tabs__tab"
            onClick={() => setTab(t.id)}
            onKeyDown={onTabKey}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="panel-record" aria-labelledby="tab-record" hidden={tab !== 'record'}>
        <AssessmentForm
          key={formKey}
          records={data}
          suggestedTimePoint={defaultTimePoint(episode.injection?.at, new Date())}
          verdictAt={verdictAt}
          startFrom={startFrom}
          onDoneEditing={(message) => {
            setStartFrom(undefined);
            setNotice(message);
            setTab('compare');
          }}
        />
      </div>
      <div role="tabpanel" id="panel-compare" aria-labelledby="tab-compare" hidden={tab !== 'compare'}>
        {notice !== undefined && (
          <p role="status" className="banner banner--ok">
            {notice}
          </p>
        )}
        <ComparisonPanel
          episode={episode}
          comparison={comparison}
          onEdit={edit}
          amenders={amenders.isPending && amenders.fetchStatus === 'idle' ? { status: 'ready', names: new Map() } : amenders.isPending ? { status: 'pending' } : amenders.isError ? { status: 'error' } : { status: 'ready', names: amenders.data.names }}
        />
        <VerdictPanel
          since={episode.injection?.at}
          verdicts={
            verdicts.isPending
              ? { status: 'pending' }
              : verdicts.isError
                ? { status: 'error', message: verdicts.error.message, retry: () => void verdicts.refetch() }
                : { status: 'ready', items: verdicts.data.items, partial: verdicts.data.issues.length > 0 }
          }
        />
      </div>
    </section>
  );
}
