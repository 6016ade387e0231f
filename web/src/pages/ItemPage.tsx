import { useQuery } from 'urql';
import { BandChart } from '../BandChart';
import { graphql } from '../graphql';
import { money, qty, when } from '../format';
import { Link } from '../router';
import { describeError } from '../session';
import { explainQuantity } from '../why';

const ITEM = graphql(`
  query Item($sku: String!) {
    item(sku: $sku) {
      sku name unitCost onHand backorders leadTimeDays leadTimeStdDays lotSize minOrderQty abcClass active
      supplier { name }
      recentUsage(weeks: 52) { weekStart quantity }
    }
    forecast(sku: $sku) { model demandPattern historyWeeks weights createdAt totalP50 totalP90 totalP99 weeks { weekStart mean p50 p90 p99 } }
    latestRecommendation(sku: $sku) { id priority status recommendedQty daysToStockout decidedQty decidedBy decisionReason inputs createdAt }
  }
`);

export function ItemPage({ sku }: { sku: string }) {
  const [{ data, error, fetching }] = useQuery({ query: ITEM, variables: { sku } });
  const problem = describeError(error);
  const item = data?.item;
  const forecast = data?.forecast;
  const rec = data?.latestRecommendation;
  const weights = Object.entries((forecast?.weights ?? {}) as Record<string, number>).sort((a, b) => b[1] - a[1]);
  return (
    <>
      <p><Link to="/recommendations">← Recommendations</Link></p>
      <h1>{item ? `${item.sku} — ${item.name}` : sku}</h1>
      {problem && <p role="alert" className="error">{problem.message}</p>}
      {fetching && !data && <p>Loading…</p>}
      {item && (
        <dl className="facts">
          <dt>Supplier</dt><dd>{item.supplier?.name ?? '—'}</dd>
          <dt>Class</dt><dd>{item.abcClass ?? '—'}</dd>
          <dt>On hand</dt><dd>{qty(item.onHand, 3)}</dd>
          <dt>Unit cost</dt><dd>{money(item.unitCost)}</dd>
          <dt>Lead time</dt><dd>{item.leadTimeDays ?? '—'} days (sd {qty(item.leadTimeStdDays)})</dd>
          <dt>Lot size / MOQ</dt><dd>{qty(item.lotSize, 3)} / {qty(item.minOrderQty, 3)}</dd>
        </dl>
      )}
      {item && (
        <section aria-labelledby="chart-h" className="card">
          <h2 id="chart-h">History and forecast</h2>
          <BandChart
            title={`${item.sku} weekly demand`}
            history={item.recentUsage.map((u) => ({ weekStart: u.weekStart, quantity: Number(u.quantity) }))}
            forecast={(forecast?.weeks ?? []).map((w) => ({ weekStart: w.weekStart, p50: w.p50, p90: w.p90, p99: w.p99 }))}
          />
          {forecast ? (
            <p>
              Model <strong>{forecast.model}</strong> for a <strong>{forecast.demandPattern}</strong> pattern, from {forecast.historyWeeks} weeks of history ({when(forecast.createdAt)}). Next{' '}
              {forecast.weeks.length} weeks in total: p50 {qty(forecast.totalP50)}, p90 {qty(forecast.totalP90)}, p99 {qty(forecast.totalP99)}.
            </p>
          ) : (
            <p>No forecast yet (too little history, or no run since the item was added).</p>
          )}
        </section>
      )}
      {forecast && (
        <section aria-labelledby="members-h" className="card">
          <h2 id="members-h">Forecast members and weights</h2>
          {weights.length === 0 ? (
            <p>A single model, no ensemble weights.</p>
          ) : (
            <table data-testid="members">
              <thead><tr><th scope="col">Member</th><th scope="col" className="num">Weight</th><th scope="col"><span className="sr-only">Share</span></th></tr></thead>
              <tbody>
                {weights.map(([name, w]) => (
                  <tr key={name}>
                    <td>{name}</td>
                    <td className="num">{(w * 100).toFixed(1)} %</td>
                    <td><span className="bar" style={{ width: `${Math.round(w * 200)}px` }} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {data && (
        <section aria-labelledby="why-h" className="card">
          <h2 id="why-h">Why this quantity</h2>
          {!rec ? (
            <p>No recommendation for this item yet.</p>
          ) : (
            <>
              <p>
                Newest recommendation ({when(rec.createdAt)}): <span className={`badge prio-${rec.priority}`}>{rec.priority}</span> order <strong>{qty(rec.recommendedQty, 3)}</strong>,{' '}
                {rec.daysToStockout === null ? 'no stockout in sight' : `${qty(rec.daysToStockout)} days to stockout`}; status {rec.status}
                {rec.decidedBy ? ` (by ${rec.decidedBy}${rec.decidedQty !== null ? `, ${qty(rec.decidedQty, 3)}` : ''}${rec.decisionReason ? `: ${rec.decisionReason}` : ''})` : ''}.
              </p>
              <table className="why" data-testid="why">
                <thead><tr><th scope="col">What</th><th scope="col" className="num">Number</th><th scope="col">How</th></tr></thead>
                <tbody>
                  {explainQuantity(rec.inputs).map((l) => (
                    <tr key={l.label}><th scope="row">{l.label}</th><td className="num">{l.value}</td><td>{l.words}</td></tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}
    </>
  );
}
