import { Client } from 'pg';

/**
 * What every fault spec checks after the run: it completed, every SKU of the run has exactly one
 * outcome, every succeeded SKU exactly one forecast and one recommendation, every open
 * recommendation that orders something is on exactly one PO line (except the urgent and high ones
 * the draft/auto phase rules hold for a person's decision: on none), and nothing is pending.
 */
export async function expectExactlyOnce(pg: Client, runId: string): Promise<{ total: number; succeeded: number }> {
  const [run] = (await pg.query(`SELECT status, total_skus, processed FROM forecast_runs WHERE id = $1`, [runId])).rows;
  expect(run.status).toBe('completed');
  expect(run.processed).toBe(run.total_skus);
  const [counts] = (
    await pg.query(
      `SELECT (SELECT count(*)::int FROM forecast_run_items WHERE run_id = $1) AS items,
              (SELECT count(*)::int FROM forecast_run_items WHERE run_id = $1 AND outcome = 'pending') AS pending,
              (SELECT count(*)::int FROM forecast_run_items WHERE run_id = $1 AND outcome = 'succeeded') AS succeeded,
              (SELECT count(*)::int FROM forecasts WHERE run_id = $1) AS forecasts,
              (SELECT count(DISTINCT item_id)::int FROM forecasts WHERE run_id = $1) AS forecast_items,
              (SELECT count(*)::int FROM reorder_recommendations WHERE run_id = $1) AS recs`,
      [runId],
    )
  ).rows;
  expect(counts).toEqual({ items: run.total_skus, pending: 0, succeeded: counts.succeeded, forecasts: counts.succeeded, forecast_items: counts.succeeded, recs: counts.succeeded });
  expect(counts.succeeded).toBeGreaterThan(0);
  const lines = await pg.query(
    `SELECT r.id, count(l.id)::int AS n FROM reorder_recommendations r LEFT JOIN purchase_order_lines l ON l.recommendation_id = r.id
      WHERE r.run_id = $1 AND r.status = 'open' AND r.recommended_qty > 0 AND NOT r.awaiting_decision GROUP BY r.id HAVING count(l.id) <> 1`,
    [runId],
  );
  expect(lines.rows).toEqual([]);
  const held = await pg.query(`SELECT count(*)::int AS n FROM reorder_recommendations r WHERE r.run_id = $1 AND r.awaiting_decision AND r.purchase_order_id IS NOT NULL AND r.status = 'open'`, [runId]);
  expect(held.rows[0].n).toBe(0);
  return { total: run.total_skus, succeeded: counts.succeeded };
}
