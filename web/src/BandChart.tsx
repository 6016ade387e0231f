import { qty } from './format';

export interface HistoryPoint {
  weekStart: string;
  quantity: number;
}
export interface ForecastPoint {
  weekStart: string;
  p50: number;
  p90: number;
  p99: number;
}

const W = 720;
const H = 260;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

/**
 * Weekly history and the forecast in one hand-drawn SVG: the p50–p99 band (light), the p50–p90
 * band (darker) and the p50 line. No chart library, so the bundle stays small.
 */
export function BandChart({ history, forecast, title }: { history: HistoryPoint[]; forecast: ForecastPoint[]; title: string }) {
  const n = history.length + forecast.length;
  if (n === 0) return <p>No history and no forecast to draw.</p>;
  const top = Math.max(1, ...history.map((h) => h.quantity), ...forecast.map((f) => f.p99));
  const x = (i: number) => PAD.left + (n === 1 ? 0 : (i / (n - 1)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - v / top) * (H - PAD.top - PAD.bottom);
  const f0 = history.length;
  // Start the forecast shapes at the last observed week so the lines join up.
  const anchor = history.length ? [{ i: f0 - 1, p50: history[f0 - 1].quantity, p90: history[f0 - 1].quantity, p99: history[f0 - 1].quantity }] : [];
  const fc = [...anchor, ...forecast.map((f, k) => ({ i: f0 + k, ...f }))];
  const line = (pts: { i: number; v: number }[]) => pts.map((p, k) => `${k ? 'L' : 'M'}${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
  const band = (lo: 'p50' | 'p90', hi: 'p90' | 'p99') =>
    line(fc.map((p) => ({ i: p.i, v: p[hi] }))) + ' ' + [...fc].reverse().map((p) => `L${x(p.i).toFixed(1)},${y(p[lo]).toFixed(1)}`).join(' ') + ' Z';
  const ticks = [0, top / 2, top];
  const last = forecast[forecast.length - 1];
  const summary = `${title}: ${history.length} weeks of history${history.length ? ` (last week ${qty(history[f0 - 1].quantity)})` : ''}; ${forecast.length}-week forecast${last ? `, final week p50 ${qty(last.p50)}, p90 ${qty(last.p90)}, p99 ${qty(last.p99)}` : ''}.`;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} data-testid="band-chart">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="tick">{qty(t, 0)}</text>
          </g>
        ))}
        {history.length > 0 && <text x={PAD.left} y={H - 8} className="tick">{history[0].weekStart}</text>}
        {forecast.length > 0 && <text x={W - PAD.right} y={H - 8} textAnchor="end" className="tick">{forecast[forecast.length - 1].weekStart}</text>}
        {forecast.length > 0 && (
          <>
            <line x1={x(f0 - 0.5)} x2={x(f0 - 0.5)} y1={PAD.top} y2={H - PAD.bottom} className="now" />
            <path d={band('p90', 'p99')} className="band-outer" data-testid="band-p90-p99" />
            <path d={band('p50', 'p90')} className="band-inner" data-testid="band-p50-p90" />
            <path d={line(fc.map((p) => ({ i: p.i, v: p.p50 })))} className="p50" />
          </>
        )}
        {history.length > 0 && <path d={line(history.map((h, i) => ({ i, v: h.quantity })))} className="history" />}
      </svg>
      <figcaption>
        <span className="key key-history" aria-hidden="true" /> history · <span className="key key-p50" aria-hidden="true" /> forecast p50 ·{' '}
        <span className="key key-inner" aria-hidden="true" /> p50–p90 · <span className="key key-outer" aria-hidden="true" /> p90–p99 (units per week)
      </figcaption>
    </figure>
  );
}
