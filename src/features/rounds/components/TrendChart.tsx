/**
 * The day's heart rate, respiratory rate, SpO2 and systolic BP as a small line chart. Loaded
 * lazily (React.lazy) so recharts stays out of the main bundle. The table beside it carries the
 * same numbers for screen readers; each line is also told apart by its dash and marker shape.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type TrendPoint = {
  readonly t: number;
  readonly heartRate?: number | undefined;
  readonly respiratoryRate?: number | undefined;
  readonly spo2?: number | undefined;
  readonly systolicBp?: number | undefined;
};

const SERIES = [
  { key: 'heartRate', name: 'Heart rate (beats/min)', color: '#b00020', dash: undefined, shape: 'circle' },
  { key: 'respiratoryRate', name: 'Respiratory rate (breaths/min)', color: '#0b57d0', dash: '6 3', shape: 'square' },
  { key: 'spo2', name: 'SpO2 (%)', color: '#1e7d32', dash: '2 2', shape: 'triangle' },
  { key: 'systolicBp', name: 'Systolic BP (mmHg)', color: '#6a1b9a', dash: '10 4', shape: 'diamond' },
] as const;

export default function TrendChart({ points, formatTime, summary }: { points: readonly TrendPoint[]; formatTime: (t: number) => string; summary: string }) {
  return (
    <figure className="trend-chart" role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={[...points]} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#e0e3e8" />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={formatTime} fontSize={12} />
          <YAxis fontSize={12} domain={[0, 'auto']} />
          <Tooltip labelFormatter={(t) => (typeof t === 'number' ? formatTime(t) : '')} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {SERIES.map((s) => (
            <Line key={s.key} type="linear" dataKey={s.key} name={s.name} stroke={s.color} strokeDasharray={s.dash} dot={{ r: 3 }} legendType={s.shape} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
