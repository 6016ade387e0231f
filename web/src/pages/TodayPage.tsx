import { useEffect } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../graphql';
import { duration, money, PRIORITIES, PRIORITY_RANK, qty, when } from '../format';
import { Link } from '../router';
import { describeError } from '../session';

const TODAY = graphql(`
  query Today {
    forecastRuns(first: 1) {
      id runKey status error rolloutPhase startedAt finishedAt
      progress { total processed succeeded insufficientHistory failed urgent high }
      failures(first: 50) { sku error attempts }
    }
    recommendations(filter: { status: open }, first: 500) {
      nodes { id sku itemName priority daysToStockout recommendedQty }
      pageInfo { hasNextPage }
    }
    purchaseOrders(status: pending_approval, first: 100) { id poNumber supplierName totalCost lines { id } }
  }
`);

export function TodayPage() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: TODAY });
  const run = data?.forecastRuns[0];
  const running = run && (run.status === 'running' || run.status === 'finalizing');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), 2000);
    return () => clearInterval(timer);
  }, [running, refetch]);
  const problem = describeError(error);
  const open = data?.recommendations.nodes ?? [];
  const byPriority = new Map(PRIORITIES.map((p) => [p, open.filter((r) => r.priority === p)]));
  const needs = [...open].filter((r) => r.priority === 'urgent' || r.priority === 'high').sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || Number(a.daysToStockout ?? Infinity) - Number(b.daysToStockout ?? Infinity));
  return (
    <>
      <h1>Today</h1>
      {problem && <p role="alert" className="error">{problem.message}</p>}
      {fetching && !data && <p>Loading…</p>}
      {data && !run && <p>No forecast run yet.</p>}
      {run && (
        <section aria-labelledby="run-h" className="card" data-testid="newest-run">
          <h2 id="run-h">Newest run</h2>
          <dl className="facts">
            <dt>Status</dt>
            <dd><span className={`status status-${run.status}`}>{run.status}</span></dd>
            {run.error && (
              <>
                <dt>Error</dt>
                <dd className="error">{run.error}</dd>
              </>
            )}
            <dt>Rollout phase</dt>
            <dd>{run.rolloutPhase}</dd>
            <dt>Run</dt>
            <dd>{run.runKey}</dd>
            <dt>Started</dt>
            <dd>{when(run.startedAt)}</dd>
            <dt>Duration</dt>
            <dd>{duration(run.startedAt, run.finishedAt)}{running ? ' so far' : ''}</dd>
            <dt>SKUs</dt>
            <dd>
              {run.progress.processed} of {run.progress.total} processed: {run.progress.succeeded} forecast, {run.progress.insufficientHistory} with too little history, {run.progress.failed} failed
            </dd>
          </dl>
          {running && <progress max={run.progress.total} value={run.progress.processed} aria-label="Run progress" />}
          {run.failures.length > 0 && (
            <>
              <h3>Failed SKUs</h3>
              <table>
                <thead><tr><th scope="col">SKU</th><th scope="col">Error</th><th scope="col">Attempts</th></tr></thead>
                <tbody>
                  {run.failures.map((f) => (
                    <tr key={f.sku}><td><Link to={`/items/${encodeURIComponent(f.sku)}`}>{f.sku}</Link></td><td>{f.error}</td><td>{f.attempts}</td></tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}
      {data && (
        <section aria-labelledby="decide-h" className="card">
          <h2 id="decide-h">Needs a decision</h2>
          <ul className="counts" data-testid="open-counts">
            {PRIORITIES.map((p) => (
              <li key={p}><span className={`badge prio-${p}`}>{p}</span> {byPriority.get(p)!.length}{data.recommendations.pageInfo.hasNextPage && p === 'low' ? '+' : ''}</li>
            ))}
          </ul>
          <p><Link to="/recommendations">Review the recommendations</Link> · {data.purchaseOrders.length} purchase orders pending approval (<Link to="/purchase-orders">review</Link>)</p>
          {needs.length > 0 && (
            <table>
              <caption>Urgent and high priority, soonest stockout first</caption>
              <thead><tr><th scope="col">Priority</th><th scope="col">SKU</th><th scope="col">Item</th><th scope="col" className="num">Days to stockout</th><th scope="col" className="num">Order</th></tr></thead>
              <tbody>
                {needs.slice(0, 15).map((r) => (
                  <tr key={r.id}>
                    <td><span className={`badge prio-${r.priority}`}>{r.priority}</span></td>
                    <td><Link to={`/items/${encodeURIComponent(r.sku)}`}>{r.sku}</Link></td>
                    <td>{r.itemName}</td>
                    <td className="num">{qty(r.daysToStockout)}</td>
                    <td className="num">{qty(r.recommendedQty, 3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {data.purchaseOrders.length > 0 && (
            <p className="muted">Pending value: {money(data.purchaseOrders.reduce((s, p) => s + Number(p.totalCost), 0))}</p>
          )}
        </section>
      )}
    </>
  );
}
