/**
 * The dose history chart: a step line of micrograms/day with event markers. This file is the
 * only one that imports recharts and is loaded with React.lazy, so the chart library stays out of
 * the startup bundle until a doctor opens the chart.
 */
import { memo } from 'react';
import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDate } from '../../../components/ui/clinical-format';
import { MARKER_LABEL, type ChartData, type MarkerKind } from '../model/dose-timeline';
import { num } from '../model/format';

const MARKER_STYLE: Record<MarkerKind, { fill: string; shape: 'triangle' | 'star' | 'circle' | 'diamond' }> = {
  'test-dose': { fill: '#6a1b9a', shape: 'triangle' },
  implant: { fill: '#1b1f24', shape: 'star' },
  refill: { fill: '#1e7d32', shape: 'circle' },
  concentration: { fill: '#b35c00', shape: 'diamond' },
};

const KINDS: readonly MarkerKind[] = ['test-dose', 'implant', 'refill', 'concentration'];

function DoseHistoryChart({ data, timeZone }: { data: ChartData; timeZone: string }) {
  const markerY = 0;
  const byKind = KINDS.map((kind) => ({ kind, points: data.markers.filter((m) => m.kind === kind).map((m) => ({ t: m.t, dose: markerY, label: m.label })) })).filter(
    (k) => k.points.length > 0,
  );
  const tick = (t: number) => formatDate(new Date(t), timeZone);
  const summary =
    data.points.length === 0
      ? 'No continuous doses in this range.'
      : `Step chart of the daily dose from ${tick(data.domain[0])} to ${tick(data.domain[1])}, between ${num(Math.min(...data.points.map((p) => p.dose)))} and ${num(data.maxDose)} micrograms/day, with ${data.markers.length} event markers. The table below lists the same changes.`;
  return (
    <figure className="doctor-chart">
      <figcaption className="visually-hidden">{summary}</figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart margin={{ top: 10, right: 20, bottom: 5, left: 10 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e1e4e8" />
            <XAxis dataKey="t" type="number" scale="time" domain={[data.domain[0], data.domain[1]]} tickFormatter={tick} tickCount={6} allowDuplicatedCategory={false} />
            <YAxis
              dataKey="dose"
              type="number"
              domain={[0, Math.ceil((data.maxDose * 1.1) / 50) * 50 || 100]}
              label={{ value: 'micrograms/day', angle: -90, position: 'insideLeft', offset: 0 }}
              width={70}
            />
            <Tooltip
              labelFormatter={(t) => (typeof t === 'number' ? tick(t) : '')}
              formatter={(value, name, item) => {
                const payload: unknown = item.payload;
                const label = typeof payload === 'object' && payload !== null && 'label' in payload && typeof payload.label === 'string' ? payload.label : undefined;
                return label === undefined ? [`${String(value)} micrograms/day`, 'Daily dose'] : [label, String(name)];
              }}
            />
            <Legend />
            <Line data={[...data.points]} dataKey="dose" name="Daily dose (micrograms/day)" type="stepAfter" stroke="#0b57d0" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
            {byKind.map((k) => (
              <Scatter key={k.kind} data={k.points} dataKey="dose" name={MARKER_LABEL[k.kind]} fill={MARKER_STYLE[k.kind].fill} shape={MARKER_STYLE[k.kind].shape} isAnimationActive={false} />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <p className="source">
        Markers sit on the time axis: ▲ test dose, ★ implant, ● refill, ◆ concentration change. The table lists every change with its values.
      </p>
    </figure>
  );
}

export default memo(DoseHistoryChart);
