/**
 * The day's heart rate, respiratory rate, SpO2 and systolic BP as a small line chart, drawn by
 * the app as SVG (a day's vitals are a few dozen points: no chart library needed). Loaded lazily
 * (React.lazy). The table beside it carries the same numbers for screen readers; each line is
 * also told apart by its dash and marker shape.
 */
import { useState, type PointerEvent } from 'react';

export type TrendPoint = {
  readonly t: number;
  readonly heartRate?: number | undefined;
  readonly respiratoryRate?: number | undefined;
  readonly spo2?: number | undefined;
  readonly systolicBp?: number | undefined;
};

type Shape = 'circle' | 'square' | 'triangle' | 'diamond';

const SERIES = [
  { key: 'heartRate', name: 'Heart rate (beats/min)', color: '#b00020', dash: undefined, shape: 'circle' },
  { key: 'respiratoryRate', name: 'Respiratory rate (breaths/min)', color: '#0b57d0', dash: '6 3', shape: 'square' },
  { key: 'spo2', name: 'SpO2 (%)', color: '#1e7d32', dash: '2 2', shape: 'triangle' },
  { key: 'systolicBp', name: 'Systolic BP (mmHg)', color: '#6a1b9a', dash: '10 4', shape: 'diamond' },
] as const satisfies readonly { key: keyof TrendPoint; name: string; color: string; dash: string | undefined; shape: Shape }[];

const W = 640;
const H = 220;
const M = { top: 8, right: 16, bottom: 24, left: 40 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;

function shapePath(shape: Shape, x: number, y: number, r = 3): string {
  switch (shape) {
    case 'circle':
      return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
    case 'square':
      return `M${x - r},${y - r}h${2 * r}v${2 * r}h${-2 * r}Z`;
    case 'triangle':
      return `M${x},${y - r - 1}L${x + r + 1},${y + r}L${x - r - 1},${y + r}Z`;
    case 'diamond':
      return `M${x},${y - r - 1}L${x + r + 1},${y}L${x},${y + r + 1}L${x - r - 1},${y}Z`;
    default:
      shape satisfies never;
      return '';
  }
}

/** A round upper bound for the y axis: 1, 2 or 5 × a power of ten, in five ticks. */
function niceMax(max: number): number {
  if (max <= 0) return 10;
  const step = max / 5;
  const p = 10 ** Math.floor(Math.log10(step));
  const nice = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= step) ?? 10 * p;
  return nice * 5;
}

export default function TrendChart({ points, formatTime, summary }: { points: readonly TrendPoint[]; formatTime: (t: number) => string; summary: string }) {
  const [hover, setHover] = useState<TrendPoint | undefined>(undefined);
  const sorted = [...points].sort((a, b) => a.t - b.t);
  const t0 = sorted[0]?.t ?? 0;
  const t1 = sorted.at(-1)?.t ?? t0;
  const span = t1 - t0 || 1;
  const yMax = niceMax(Math.max(0, ...sorted.flatMap((p) => SERIES.map((s) => p[s.key] ?? 0))));
  const x = (t: number) => M.left + ((t - t0) / span) * PLOT_W;
  const y = (v: number) => M.top + PLOT_H - (v / yMax) * PLOT_H;
  const xTicks = Array.from({ length: 5 }, (_, i) => t0 + (span * i) / 4);
  const yTicks = Array.from({ length: 6 }, (_, i) => (yMax * i) / 5);

  const onMove = (e: PointerEvent<SVGRectElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    if (box.width === 0 || sorted.length === 0) return;
    const t = t0 + ((e.clientX - box.left) / box.width) * span;
    let best = sorted[0];
    for (const p of sorted) if (best === undefined || Math.abs(p.t - t) < Math.abs(best.t - t)) best = p;
    setHover(best);
  };
  const hoverLines = hover === undefined ? [] : [formatTime(hover.t), ...SERIES.flatMap((s) => (hover[s.key] === undefined ? [] : [`${s.name}: ${String(hover[s.key])}`]))];
  const boxW = Math.max(1, ...hoverLines.map((l) => l.length)) * 6.2 + 12;
  const hx = hover === undefined ? 0 : x(hover.t);
  const boxX = hx + boxW + 8 > W - M.right ? hx - boxW - 8 : hx + 8;

  return (
    <figure className="trend-chart" role="img" aria-label={summary}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" className="trend-chart__svg">
        <g stroke="#e0e3e8">
          {yTicks.map((v) => (
            <line key={`y${v}`} x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} />
          ))}
          {xTicks.map((t) => (
            <line key={`x${t}`} x1={x(t)} x2={x(t)} y1={M.top} y2={M.top + PLOT_H} />
          ))}
        </g>
        <g fontSize="12" fill="#444">
          {yTicks.map((v) => (
            <text key={`yl${v}`} x={M.left - 4} y={y(v) + 4} textAnchor="end">
              {String(v)}
            </text>
          ))}
          {xTicks.map((t, i) => (
            <text key={`xl${t}`} x={x(t)} y={H - 6} textAnchor={i === 0 ? 'start' : i === 4 ? 'end' : 'middle'}>
              {formatTime(t)}
            </text>
          ))}
        </g>
        {SERIES.map((s) => {
          const pts = sorted.flatMap((p) => {
            const v = p[s.key];
            return v === undefined ? [] : [{ px: x(p.t), py: y(v) }];
          });
          return (
            <g key={s.key}>
              <path d={pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.px.toFixed(1)},${p.py.toFixed(1)}`).join('')} fill="none" stroke={s.color} strokeWidth={1.5} strokeDasharray={s.dash} />
              {pts.map((p) => (
                <path key={`${p.px}`} d={shapePath(s.shape, p.px, p.py)} fill={s.color} />
              ))}
            </g>
          );
        })}
        {hover !== undefined && (
          <g pointerEvents="none">
            <line x1={hx} x2={hx} y1={M.top} y2={M.top + PLOT_H} stroke="#666" strokeDasharray="3 3" />
            <rect x={boxX} y={M.top + 4} width={boxW} height={hoverLines.length * 14 + 8} fill="#fff" stroke="#999" rx={3} />
            {hoverLines.map((l, i) => (
              <text key={l} x={boxX + 6} y={M.top + 17 + i * 14} fontSize="11" fill="#1b1f24">
                {l}
              </text>
            ))}
          </g>
        )}
        <rect x={M.left} y={M.top} width={PLOT_W} height={PLOT_H} fill="transparent" onPointerMove={onMove} onPointerLeave={() => setHover(undefined)} />
      </svg>
      <ul className="trend-chart__legend">
        {SERIES.map((s) => (
          <li key={s.key}>
            <svg viewBox="0 0 24 10" width="24" height="10" aria-hidden="true">
              <path d="M0,5H24" stroke={s.color} strokeWidth={1.5} strokeDasharray={s.dash} />
              <path d={shapePath(s.shape, 12, 5)} fill={s.color} />
            </svg>{' '}
            {s.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}
