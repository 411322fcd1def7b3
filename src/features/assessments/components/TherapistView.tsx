import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { scheduleTestDoseDay, type SlotStatus } from '../../../domain';
import { useTherapyRecords, WINDOW_DAYS } from '../api/therapy';
import { buildComparison } from '../comparison';
import { defaultTimePoint, formFromAssessment, selectEpisode, type AssessmentForm as Form, type Episode, type RecordedAssessment } from '../model';
import { TIME_POINT_LABELS } from '../scales';
import { AssessmentForm } from './AssessmentForm';
import { ComparisonPanel } from './ComparisonPanel';
import { offsetOf, when } from './format';
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

function DoseDay({ episode }: { episode: Episode }) {
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
  const offset = offsetOf(injection.at);
  const done = (['1h', '2h', '4h', '6h'] as const).flatMap((tp) => {
    const e = episode.timePoints[tp]?.effective;
    return e === undefined ? [] : [e];
  });
  const schedule = scheduleTestDoseDay({ injectionAt: injection.at, now, recordedAssessments: done });
  return (
    <section className="card" aria-label="Test-dose day">
      <p>
        <strong>Test dose{injection.doseMicrograms === undefined ? '' : ` ${injection.doseMicrograms} micrograms`}</strong> injected {when(injection.at)}. Baseline:{' '}
        {episode.baseline === undefined ? <span className="not-assessed">not assessed</span> : when(episode.baseline.effective)}.
      </p>
      {schedule.ok ? (
        <>
          <ul className="slots" aria-label="Assessments after the dose">
            {schedule.value.value.assessments.map((slot, i) => {
              const tp = (['1h', '2h', '4h', '6h'] as const)[i];
              return (
                <li key={slot.due.toISOString()}>
                  {tp === undefined ? '' : TIME_POINT_LABELS[tp]}: {when(slot.due, offset)}{' '}
                  <span className={`status-pill ${statusClass(slot.status)}`}>{STATUS_WORDS[slot.status]}</span>
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
  const { records, verdicts } = useTherapyRecords();
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
  if (records.isError) {
    return (
      <div role="alert" className="banner banner--error">
        <h2>Assessments could not be read</h2>
        <p>{records.error.message} Nothing is shown rather than an empty record.</p>
        <button type="button" onClick={() => void records.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (episode === undefined || comparison === undefined) return null;

  const issues = [...records.data.readIssues, ...records.data.issues, ...(verdicts.data?.issues ?? [])];
  const edit = (a: RecordedAssessment) => {
    setNotice(undefined);
    setStartFrom(formFromAssessment(a));
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
      {(issues.length > 0 || records.data.hasMore) && (
        <div className="banner banner--warning" role="status">
          <strong>Partial record.</strong>
          {issues.length > 0 && ` ${issues.length} record${issues.length === 1 ? '' : 's'} could not be read and ${issues.length === 1 ? 'is' : 'are'} left out:`}
          {records.data.hasMore && ` Only the most recent records of the last ${WINDOW_DAYS} days were loaded.`}
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
      <DoseDay episode={episode} />

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
          records={records.data}
          suggestedTimePoint={defaultTimePoint(episode.injection?.at, new Date())}
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
        <ComparisonPanel episode={episode} comparison={comparison} onEdit={edit} />
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
