/**
 * The dose history chart: a step line of micrograms/day with event markers, drawn by the app as
 * SVG. A step line of at most a few hundred points needs no chart library: drawing it is one
 * path, and hovering finds the nearest change by binary search, so no interaction is a long task
 * on a slow machine. Still its own chunk (React.lazy), prefetched when the view is idle.
 * The SVG is hidden from assistive technology: the caption summarises it and the table beside it
 * lists every change with its values.
 */
import { memo, useMemo, useState, type PointerEvent } from 'react';
import { formatDate } from '../../../components/ui/clinical-format';
import { MARKER_LABEL, type ChartData, type ChartMarker, type MarkerKind } from '../model/dose-timeline';
import { num } from '../model/format';

const MARKER_FILL: Record<MarkerKind, string> = {
  'test-dose': '#6a1b9a',
  implant: '#1b1f24',
  refill: '#1e7d32',
  concentration: '#b35c00',
};

const KINDS: readonly MarkerKind[] = ['test-dose', 'implant', 'refill', 'concentration'];

// Drawing box, in SVG user units; the SVG scales to its container's width.
const W = 720;
const H = 260;
const M = { top: 12, right: 20, bottom: 28, left: 64 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = H - M.top - M.bottom;
const TICKS = 6;

/** The marker's shape, centred on (x, y): its kind is told by shape as well as colour. */
function markerPath(kind: MarkerKind, x: number, y: number): string {
  const r = 5;
  switch (kind) {
    case 'test-dose':
      return `M${x},${y - r}L${x + r},${y + r}L${x - r},${y + r}Z`;
    case 'concentration':
      return `M${x},${y - r}L${x + r},${y}L${x},${y + r}L${x - r},${y}Z`;
    case 'refill':
      return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
    case 'implant': {
      const pts: string[] = [];
      for (let i = 0; i < 10; i++) {
        const a = (Math.PI / 5) * i - Math.PI / 2;
        const rr = i % 2 === 0 ? r + 1 : (r + 1) / 2.4;
        pts.push(`${(x + rr * Math.cos(a)).toFixed(1)},${(y + rr * Math.sin(a)).toFixed(1)}`);
      }
      return `M${pts.join('L')}Z`;
    }
    default:
      kind satisfies never;
      return '';
  }
}

/** Index of the last item with t ≤ at (or 0): items are sorted by t. */
function lastAtOrBefore<T extends { readonly t: number }>(items: readonly T[], at: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid];
    if (item !== undefined && item.t <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

type Hover = { readonly t: number; readonly dose?: number; readonly marker?: ChartMarker };

function DoseHistoryChart({ data, timeZone }: { data: ChartData; timeZone: string }) {
  const [hover, setHover] = useState<Hover | undefined>(undefined);
  const tick = (t: number) => formatDate(new Date(t), timeZone);
  const [t0, t1] = data.domain;
  const yMax = Math.ceil((data.maxDose * 1.1) / 50) * 50 || 100;
  const span = t1 - t0 || 1;
  const x = (t: number) => M.left + ((t - t0) / span) * PLOT_W;
  const y = (dose: number) => M.top + PLOT_H - (dose / yMax) * PLOT_H;

  const drawn = useMemo(() => {
    let line = '';
    data.points.forEach((p, i) => {
      const px = x(p.t).toFixed(1);
      const py = y(p.dose).toFixed(1);
      line += i === 0 ? `M${px},${py}` : `H${px}V${py}`;
    });
    const markers = [...data.markers].sort((a, b) => a.t - b.t);
    return { line, markers };
    // x and y are pure functions of the data's domain and maxDose, which are in `data`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);

  const xTicks = Array.from({ length: TICKS }, (_, i) => t0 + (span * i) / (TICKS - 1));
  const yTicks = Array.from({ length: 6 }, (_, i) => (yMax * i) / 5);
  const kindsShown = KINDS.filter((k) => data.markers.some((m) => m.kind === k));

  const onMove = (e: PointerEvent<SVGRectElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    if (box.width === 0) return;
    const t = t0 + ((e.clientX - box.left) / box.width) * span;
    const point = data.points.length > 0 ? data.points[lastAtOrBefore(data.points, t)] : undefined;
    // A marker within 6 px (in drawing units) of the pointer is named instead of the dose.
    const near = drawn.markers.length > 0 ? [drawn.markers[lastAtOrBefore(drawn.markers, t)], drawn.markers[lastAtOrBefore(drawn.markers, t) + 1]] : [];
    const marker = near.find((m) => m !== undefined && Math.abs(x(m.t) - x(t)) <= 6);
    setHover({ t, ...(point !== undefined && point.t <= t ? { dose: point.dose } : {}), ...(marker ? { marker } : {}) });
  };

  const summary =
    data.points.length === 0
      ? 'No continuous doses in this range.'
      : `Step chart of the daily dose from ${tick(t0)} to ${tick(t1)}, between ${num(Math.min(...data.points.map((p) => p.dose)))} and ${num(data.maxDose)} micrograms/day, with ${data.markers.length} event markers. The table below lists the same changes.`;

  const hoverX = hover === undefined ? 0 : x(hover.marker?.t ?? hover.t);
  const hoverText = hover === undefined ? [] : hover.marker ? [tick(hover.marker.t), `${MARKER_LABEL[hover.marker.kind]}: ${hover.marker.label}`] : [tick(hover.t), hover.dose === undefined ? 'No dose' : `${num(hover.dose)} micrograms/day`];
  const boxW = Math.max(...hoverText.map((s) => s.length), 1) * 6.6 + 12;
  const boxX = hoverX + boxW + 8 > W - M.right ? hoverX - boxW - 8 : hoverX + 8;

  // The drawing does not change while the pointer moves: made once per data, so a hover re-renders
  // only the hover box, not every point and marker.
  const drawing = useMemo(
    () => (
      <>
        <g stroke="#e1e4e8">
          {yTicks.map((v) => (
            <line key={`y${v}`} x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} />
          ))}
          {xTicks.map((t) => (
            <line key={`x${t}`} x1={x(t)} x2={x(t)} y1={M.top} y2={M.top + PLOT_H} />
          ))}
        </g>
        <g fontSize="11" fill="#444">
          {yTicks.map((v) => (
            <text key={`yl${v}`} x={M.left - 6} y={y(v) + 4} textAnchor="end">
              {num(v)}
            </text>
          ))}
          {xTicks.map((t, i) => (
            <text key={`xl${t}`} x={x(t)} y={H - 8} textAnchor={i === 0 ? 'start' : i === TICKS - 1 ? 'end' : 'middle'}>
              {tick(t)}
            </text>
          ))}
          <text transform={`translate(14 ${M.top + PLOT_H / 2}) rotate(-90)`} textAnchor="middle">
            micrograms/day
          </text>
        </g>
        <path d={drawn.line} fill="none" stroke="#0b57d0" strokeWidth={2} />
        <g>
          {data.points.map((p) => (
            <circle key={p.t} cx={x(p.t)} cy={y(p.dose)} r={2} fill="#0b57d0" />
          ))}
        </g>
        <g stroke="#fff" strokeWidth={0.75}>
          {drawn.markers.map((m) => (
            <path key={`${m.kind}${m.t}`} d={markerPath(m.kind, x(m.t), y(0))} fill={MARKER_FILL[m.kind]} />
          ))}
        </g>
      </>
    ),
    // Everything drawn is a function of the data and the zone (x, y, the ticks).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data, drawn, timeZone],
  );

  return (
    <figure className="doctor-chart">
      <figcaption className="visually-hidden">{summary}</figcaption>
      <div aria-hidden="true">
        <svg className="dose-chart" viewBox={`0 0 ${W} ${H}`} width="100%" role="presentation" data-testid="dose-chart-svg">
          {drawing}
          {hover !== undefined && (
              <g pointerEvents="none" data-testid="dose-chart-hover">
                <line x1={hoverX} x2={hoverX} y1={M.top} y2={M.top + PLOT_H} stroke="#666" strokeDasharray="3 3" />
                <rect x={boxX} y={M.top + 4} width={boxW} height={hoverText.length * 15 + 8} fill="#fff" stroke="#999" rx={3} />
                {hoverText.map((s, i) => (
                  <text key={s} x={boxX + 6} y={M.top + 18 + i * 15} fontSize="11" fill="#1b1f24">
                    {s}
                  </text>
                ))}
              </g>
            )}
          <rect x={M.left} y={M.top} width={PLOT_W} height={PLOT_H} fill="transparent" onPointerMove={onMove} onPointerLeave={() => setHover(undefined)} />
        </svg>
        <ul className="dose-chart__legend">
          <li>
            <svg viewBox="0 0 20 10" width="20" height="10">
              <path d="M0,5H20" stroke="#0b57d0" strokeWidth={2} />
            </svg>{' '}
            Daily dose (micrograms/day)
          </li>
          {kindsShown.map((k) => (
            <li key={k}>
              <svg viewBox="0 0 12 12" width="12" height="12">
                <path d={markerPath(k, 6, 6)} fill={MARKER_FILL[k]} />
              </svg>{' '}
              {MARKER_LABEL[k]}
            </li>
          ))}
        </ul>
      </div>
      <p className="source">
        Markers sit on the time axis: ▲ test dose, ★ implant, ● refill, ◆ concentration change. The table lists every change with its values.
      </p>
    </figure>
  );
}

export default memo(DoseHistoryChart);
