import { Suspense, useState } from 'react';
import { CodeBoundary, lazyCode } from '../../../components/ui/lazy-code';
import type { AlteredCallingCriteria, CallingCriteriaTable, ItbSituation, ZoneResult } from '../../../domain';
import type { FhirClient, ItemKey } from '../../../fhir';
import type { WriteSetup } from '../../../session/use-write-setup';
import { roundSignsRecorded, type DayRoundsState, type RecordedRound } from '../api/day-rounds';
import { zoneFor, zoneView, type Contact } from '../escalation';
import { ITB_CHECKS, ZONE_SHOWN_LABELS } from '../round-form';
import { formatTime, formatWhen } from '../../../components/ui/clinical-format';
import { AmendPanel } from './AmendPanel';
import { recordText } from '../record-text';
import { recordWords, technicalName } from '../../../components/ui/read-state';

const TrendChart = lazyCode(() => import('./TrendChart').then((m) => m.default));

type Props = {
  state: DayRoundsState;
  timeZone: string;
  birthDate: string | undefined;
  criteria: CallingCriteriaTable;
  /** The patient's newest Altered Calling Criteria (applied by the domain only while in force). */
  altered?: AlteredCallingCriteria | undefined;
  client: FhirClient;
  setup: WriteSetup;
  contacts: readonly Contact[];
  situation: ItbSituation;
  onAmended: () => void;
};

function signsText(round: RecordedRound): string {
  const answered = ITB_CHECKS.filter((c) => round.items[c.key] !== undefined);
  if (answered.length === 0) return '—';
  const yes = answered.filter((c) => {
    const v = round.items[c.key]?.value;
    return v?.kind === 'boolean' && v.value;
  });
  return yes.length === 0 ? 'None' : yes.map((c) => c.label).join(', ');
}

const cell = (round: RecordedRound, key: ItemKey) => {
  const text = recordText(round.items[key]);
  return round.unreadable.includes(key) ? `${text} (unit not read)` : text;
};

const CONCERN_WORDS: Readonly<Record<NonNullable<RecordedRound['concern']>, string>> = {
  none: 'None',
  concern: 'Concerned',
  'serious-concern': 'Serious concern',
};

/** The zone in the day's table: "Normal" only for a full round with the age known (issue 12). */
function TrendZone({ result, signsRecorded: signs }: { result: ZoneResult; signsRecorded: boolean }) {
  const view = zoneView(result, { signsRecorded: signs });
  const words = view.tone === 'normal' ? 'Normal' : view.words === 'PARTIAL ROUND' ? 'Partial' : view.words;
  return (
    <span className={`status-pill zone-${view.tone}`} title={view.caveats.join(' ')}>
      {words}
    </span>
  );
}

/** The day's rounds: a table (every value, zone in words) and a small chart; amend from here. */
export function TrendView({ state, timeZone, birthDate, criteria, altered, client, setup, contacts, situation, onAmended }: Props) {
  const [amending, setAmending] = useState<string | undefined>();

  if (state.status === 'pending') {
    return (
      <section className="card" aria-labelledby="trend-heading" aria-busy="true">
        <h2 id="trend-heading">Today's rounds</h2>
        <p role="status">Reading today's rounds…</p>
      </section>
    );
  }
  if (state.status === 'error') {
    return (
      <section className="card" aria-labelledby="trend-heading">
        <h2 id="trend-heading">Today's rounds</h2>
        <div className="banner banner--error" role="alert">
          Today's rounds could not be read (this does not mean none are recorded): {state.error.message}{' '}
          <button type="button" onClick={state.retry}>
            Retry
          </button>
        </div>
      </section>
    );
  }
  const { rounds, issues, hasMore } = state.data;
  const points = rounds.flatMap((r) => (r.at === undefined ? [] : [{ t: r.at.getTime(), heartRate: r.round.heartRate, respiratoryRate: r.round.respiratoryRate, spo2: r.round.spo2, systolicBp: r.round.systolicBp }]));
  const amendRound = rounds.find((r) => r.key === amending);
  const last = rounds.at(-1);

  return (
    <section className="card trend" aria-labelledby="trend-heading">
      <h2 id="trend-heading">Today's rounds</h2>
      {(issues.length > 0 || hasMore) && (
        <p className="banner banner--warning" role="status" data-testid="trend-partial" title={issues.slice(0, 3).map(technicalName).join('; ')}>
          Partial: {issues.length > 0 ? `${issues.length} observation${issues.length === 1 ? '' : 's'} could not be read and ${issues.length === 1 ? 'is' : 'are'} not shown (${issues.slice(0, 3).map((i) => `${recordWords(i.resourceType)} ${i.id ?? '(no id)'}: ${i.message}`).join('; ')}). ` : ''}
          {hasMore ? 'More observations exist than were loaded; the oldest of the last 24 hours may be missing.' : ''} Check the EHR flowsheet.
        </p>
      )}
      {rounds.length === 0 ? (
        <p>No rounds are recorded in the last 24 hours.</p>
      ) : (
        <>
          {points.length > 1 && (
            <CodeBoundary what="The trend chart">
              <Suspense fallback={<p className="muted">Loading the chart…</p>}>
                <TrendChart
                  points={points}
                  formatTime={(t) => formatTime(new Date(t), timeZone)}
                  summary={`Chart of ${points.length} rounds from ${formatWhen(new Date(points[0]?.t ?? 0), timeZone)} to ${formatWhen(new Date(points.at(-1)?.t ?? 0), timeZone)}: heart rate, respiratory rate, SpO2 and systolic blood pressure. The same values are in the table below.`}
                />
              </Suspense>
            </CodeBoundary>
          )}
          <div className="table-scroll">
            <table className="trend-table" data-testid="trend-table">
              <caption>
                {rounds.length} round{rounds.length === 1 ? '' : 's'} in the last 24 hours{last?.effective === undefined ? '' : `, latest ${formatWhen(last.effective, timeZone, false, 'time not recorded')}`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col" className="num">HR /min</th>
                  <th scope="col" className="num">RR /min</th>
                  <th scope="col" className="num">SpO2 %</th>
                  <th scope="col" className="num">O2 %</th>
                  <th scope="col" className="num">BP mmHg</th>
                  <th scope="col" className="num">Temp °C</th>
                  <th scope="col">AVPU</th>
                  <th scope="col" className="num">Pain /10</th>
                  <th scope="col">ITB signs</th>
                  <th scope="col">Concern</th>
                  <th scope="col">Zone</th>
                  <th scope="col"><span className="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {rounds.map((r) => {
                  const z = r.at === undefined ? undefined : zoneFor(r.round, birthDate, r.at, criteria, timeZone, altered);
                  return (
                    <tr key={r.key}>
                      <th scope="row">
                        {r.effective === undefined ? 'time not recorded' : formatWhen(r.effective, timeZone, false, 'time not recorded')}
                        {r.amended && <span className="status-pill amended">amended</span>}
                      </th>
                      <td className="num">{cell(r, 'heart-rate')}</td>
                      <td className="num">{cell(r, 'respiratory-rate')}</td>
                      <td className="num">{cell(r, 'spo2')}</td>
                      <td className="num">{r.inhaledOxygen === undefined ? '—' : r.inhaledOxygen <= 21 ? 'air' : r.inhaledOxygen}</td>
                      <td className="num">{cell(r, 'blood-pressure')}</td>
                      <td className="num">{cell(r, 'temperature')}</td>
                      <td>{cell(r, 'avpu')}</td>
                      <td className="num">{cell(r, 'pain')}</td>
                      <td>{signsText(r)}</td>
                      <td>{r.concern === undefined ? (r.unreadable.includes('escalation-concern') ? `${recordText(r.items['escalation-concern'])} (not read)` : '—') : CONCERN_WORDS[r.concern]}</td>
                      <td>
                        {z === undefined || !z.ok ? <span className="muted">not classified</span> : <TrendZone result={z.result} signsRecorded={roundSignsRecorded(r)} />}
                        {r.zoneShown !== undefined && <span className="zone-shown">Shown when saved: {ZONE_SHOWN_LABELS[r.zoneShown]}</span>}
                      </td>
                      <td>
                        {r.groupId !== undefined && (
                          <button type="button" className="small" aria-expanded={amending === r.key} onClick={() => setAmending(amending === r.key ? undefined : r.key)} aria-label={`Amend the round at ${r.effective === undefined ? 'unknown time' : formatWhen(r.effective, timeZone, false, 'time not recorded')}`}>
                            Amend
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      {amendRound !== undefined && (
        <AmendPanel
          key={amendRound.key}
          round={amendRound}
          client={client}
          setup={setup}
          timeZone={timeZone}
          birthDate={birthDate}
          criteria={criteria}
          altered={altered}
          contacts={contacts}
          situation={situation}
          onClose={() => setAmending(undefined)}
          onAmended={onAmended}
        />
      )}
      <p className="source">Zones per round by the same criteria as the entry (Guideline §3.4.3–5), with the charted staff or family concern; "shown when saved" is the zone the nurse saw, as charted with the round. Values the app could not read are not shown as numbers.</p>
    </section>
  );
}
