import { startTransition, Suspense, useEffect, useMemo, useState } from 'react';
import { CodeBoundary, lazyCode } from '../../../components/ui/lazy-code';
import type { DoctorData } from '../api/doctor-queries';
import { formatDate, timeOf } from '../../../components/ui/clinical-format';
import {
  buildChartData,
  buildDoseHistoryRows,
  HISTORY_RANGES,
  historyCovers,
  rangeStartOf,
  rowsInRange,
  type DoseHistoryRow,
  type HistoryRange,
} from '../model/dose-timeline';
import { hhmm, num, perDay, perMl, signedChange } from '../model/format';
import type { DoctorModel } from './doctor-model';
import { PartialNotice, ReadError } from '../../../components/ui/read-state';

/** The chart is its own chunk, fetched when the browser is idle after the view has drawn. */
const loadChart = () => import('./DoseHistoryChart');
const DoseHistoryChart = lazyCode(() => loadChart().then((m) => m.default));

/** Fetch the chart's code once the browser is idle, so opening it is not a request away. */
function usePrefetchChart(): void {
  useEffect(() => {
    const prefetch = () => void loadChart().catch(() => undefined);
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(prefetch, { timeout: 5_000 });
      return () => window.cancelIdleCallback(id);
    }
    const id = window.setTimeout(prefetch, 2_000);
    return () => window.clearTimeout(id);
  }, []);
}

const STATUS_TEXT: Record<string, string> = { active: 'Active', completed: 'Completed', stopped: 'Stopped', 'on-hold': 'On hold', cancelled: 'Cancelled', unknown: 'Unknown' };

export function DoseHistory({ data, model, timeZone }: { data: DoctorData; model: DoctorModel; timeZone: string }) {
  const { doseHistory, procedureHistory, now } = data;
  const [range, setRange] = useState<HistoryRange>('1-year');
  const [chartOpen, setChartOpen] = useState(false);
  usePrefetchChart();
  const start = rangeStartOf(range, now);

  // Load older pages only as far as the chosen range needs ("all time" loads everything).
  const doseCovered = historyCovers(model.timeline, start);
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isError } = doseHistory;
  useEffect(() => {
    if (!doseCovered && hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [doseCovered, hasNextPage, isFetchingNextPage, isError, fetchNextPage]);
  const procedures = useMemo(() => (procedureHistory.data?.pages ?? []).flatMap((p) => p.items), [procedureHistory.data]);
  const oldestProcedure = timeOf(procedures.at(-1)?.performed);
  const procCovered = start !== undefined && oldestProcedure !== undefined && oldestProcedure <= start;
  const { hasNextPage: procMore, isFetchingNextPage: procFetching, isError: procError, fetchNextPage: fetchProcedures } = procedureHistory;
  useEffect(() => {
    if (chartOpen && !procCovered && procMore && !procFetching && !procError) void fetchProcedures();
  }, [chartOpen, procCovered, procMore, procFetching, procError, fetchProcedures]);

  const allRows = useMemo(() => buildDoseHistoryRows(model.timeline), [model.timeline]);
  const shown = useMemo(() => rowsInRange(allRows, start), [allRows, start]);
  const chartData = useMemo(
    () => (chartOpen ? buildChartData(model.schedule, allRows, procedures, start, now) : undefined),
    [chartOpen, model.schedule, allRows, procedures, start, now],
  );
  const issues = useMemo(() => (doseHistory.data?.pages ?? []).flatMap((p) => p.issues), [doseHistory.data]);

  return (
    <section aria-labelledby="history-heading" className="card doctor-history">
      <h2 id="history-heading">Dose history</h2>
      <div className="doctor-history__controls">
        <div role="group" aria-label="Range" className="doctor-ranges">
          {HISTORY_RANGES.map((r) => (
            <button key={r.id} type="button" aria-pressed={range === r.id} className={range === r.id ? 'primary' : undefined} onClick={() => startTransition(() => setRange(r.id))}>
              {r.label}
            </button>
          ))}
        </div>
        <button type="button" aria-expanded={chartOpen} aria-controls="dose-chart-region" onClick={() => startTransition(() => setChartOpen((o) => !o))}>
          {chartOpen ? 'Hide chart' : 'Show chart'}
        </button>
      </div>
      {doseHistory.isError && <ReadError what="dose history" error={doseHistory.error} onRetry={() => void doseHistory.refetch()} />}
      <PartialNotice issues={issues} what="prescription" />
      <div id="dose-chart-region">
        {chartOpen && chartData !== undefined && (
          <CodeBoundary what="The dose chart">
            <Suspense fallback={<p role="status" className="muted">Loading chart…</p>}>
              {procedureHistory.isError && <ReadError what="procedure history (chart markers)" error={procedureHistory.error} onRetry={() => void procedureHistory.refetch()} />}
              <DoseHistoryChart data={chartData} timeZone={timeZone} />
            </Suspense>
          </CodeBoundary>
        )}
      </div>
      {doseHistory.isPending ? (
        <p role="status" className="muted">
          Loading dose history…
        </p>
      ) : (
        <>
          {isFetchingNextPage && (
            <p role="status" className="muted">
              Loading older prescriptions…
            </p>
          )}
          {!doseHistory.isError && shown.rows.length === 0 && !isFetchingNextPage && <p>No intrathecal baclofen prescriptions recorded.</p>}
          {shown.rows.length > 0 && <HistoryTable rows={shown.rows} inEffect={shown.inEffectAtStart} timeZone={timeZone} rangeLabel={HISTORY_RANGES.find((r) => r.id === range)?.label ?? ''} />}
          {hasNextPage && !isFetchingNextPage && range === 'all' && (
            <button type="button" onClick={() => void fetchNextPage()}>
              Load older prescriptions
            </button>
          )}
        </>
      )}
    </section>
  );
}

function HistoryTable({ rows, inEffect, timeZone, rangeLabel }: { rows: readonly DoseHistoryRow[]; inEffect: DoseHistoryRow | undefined; timeZone: string; rangeLabel: string }) {
  return (
    <div className="doctor-table-scroll">
      <table data-testid="dose-history-table">
        <caption>
          Intrathecal dose changes, newest first ({rangeLabel}, {rows.length} {rows.length === 1 ? 'prescription' : 'prescriptions'})
        </caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col" className="num">
              Daily dose
            </th>
            <th scope="col">Change</th>
            <th scope="col" className="num">
              Concentration
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.change.id} data-request-id={r.change.id}>
              <th scope="row">
                {formatDate(r.start, timeZone)}
                {r === inEffect && <span className="muted"> (in effect at the range start)</span>}
              </th>
              <td className="num">
                {doseCell(r)}
                {r.kind !== 'test-dose' && r.change.dailyDose !== undefined && r.change.source !== undefined && (
                  <span className="source doctor-history__source" title={r.change.sourceDetail}>
                    {r.change.source}
                  </span>
                )}
              </td>
              <td>{changeCell(r)}</td>
              <td className="num">
                {r.change.concentration === undefined ? 'not recorded' : perMl(r.change.concentration)}
                {r.concentrationChanged && <strong> (changed)</strong>}
              </td>
              <td>{STATUS_TEXT[r.change.status] ?? r.change.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function doseCell(r: DoseHistoryRow): string {
  if (r.kind === 'test-dose') return 'Test dose (bolus, not a daily dose)';
  if (r.change.dailyDose === undefined) return 'could not be read';
  if (!r.change.flex) return perDay(r.change.dailyDose);
  const steps = r.change.steps.map((s) => `${hhmm(s.startsAt)} ${num(s.dailyRate / 24, 2)} micrograms/hour`).join(', ');
  return `${perDay(r.change.dailyDose)} (flex: ${steps})`;
}

function changeCell(r: DoseHistoryRow): string {
  switch (r.kind) {
    case 'start':
      return 'First dose on record';
    case 'increase':
    case 'decrease':
    case 'same':
      return r.absoluteChange === undefined ? 'Change not known: the dose before could not be read' : signedChange(r.absoluteChange, r.percentChange);
    case 'test-dose':
      return r.change.text ?? 'Test dose';
    case 'not-readable':
      return r.change.text === undefined ? 'Dose not readable' : `As written: “${r.change.text}”`;
    case 'not-delivered':
      return 'Not given (order not active)';
    default:
      return r.kind satisfies never;
  }
}
