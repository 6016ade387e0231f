import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `recommendations(first: N)` reads a run's recommendations most urgent first, then by SKU (bytes,
 * COLLATE "C") and id — the cursor's order (reorder.repository.ts, PRIORITY_RANK). Without an index
 * in that order PostgreSQL read and sorted every recommendation of the run for each page:
 * 220 ms for a 9,000-SKU run (EXPLAIN ANALYZE, docs/BENCHMARKS.md "Load"); with it, an index scan
 * that stops after N + 1 rows.
 */
export class RecommendationsPageIndex1764500200000 implements MigrationInterface {
  name = 'RecommendationsPageIndex1764500200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX reorder_recommendations_run_rank_idx ON reorder_recommendations
         (run_id, (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END), sku COLLATE "C", id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reorder_recommendations_run_rank_idx`);
  }
}
