/**
 * Condensed tables of a service-level run: one row per method and review mode, the classes side
 * by side. `run.ts` prints them first; standalone on a saved run:
 *   node dist/bench/service-level/summary.js out.json [subset]
 */
import { readFileSync } from 'node:fs';
import type { AbcClass } from '../../src/reorder/abc';

export interface GroupResult {
  variant: string;
  reviewPeriodDays: number;
  abcClass: AbcClass;
  subset: string;
  target: number;
  achieved: number;
  fillRate: number;
  inventoryDays: number;
  cycles: number;
  skuRuns: number;
  skusSignificantlyBelow: number;
}

function signed(points: number): string {
  const rounded = Math.round(points * 10) / 10 || 0; // || 0 turns −0 into 0
  return `${rounded >= 0 ? '+' : ''}${rounded.toFixed(1)}`;
}

/** Markdown: method | review | A, B, C achieved CSL (Δ vs target) | fill rate A/B/C | on hand days A/B/C. */
export function summaryTable(groups: readonly GroupResult[], subset = 'all'): string {
  const rows = groups.filter((g) => g.subset === subset);
  const keys = [...new Set(rows.map((g) => `${g.variant}|${g.reviewPeriodDays}`))];
  const lines = [
    `| method | review | A (target 99 %) | B (target 95 %) | C (target 90 %) | fill rate % A / B / C | on hand, days of demand A / B / C |`,
    `| --- | --- | --- | --- | --- | --- | --- |`,
  ];
  for (const key of keys) {
    const [variant, review] = key.split('|');
    const byClass = (c: string) => rows.find((g) => `${g.variant}|${g.reviewPeriodDays}` === key && g.abcClass === c)!;
    const classes = ['A', 'B', 'C'].map(byClass);
    const csl = classes.map((g) => `${(100 * g.achieved).toFixed(1)} (${signed(100 * (g.achieved - g.target))})`);
    lines.push(
      `| ${variant} | ${review === '1' ? 'nightly' : 'weekly'} | ${csl.join(' | ')} | ${classes.map((g) => (100 * g.fillRate).toFixed(1)).join(' / ')} | ${classes.map((g) => g.inventoryDays.toFixed(1)).join(' / ')} |`,
    );
  }
  return lines.join('\n');
}

if (require.main === module) {
  const [file, subset] = process.argv.slice(2);
  if (!file) throw new Error('usage: summary.js <run.json> [subset]');
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { groups: GroupResult[] };
  console.log(summaryTable(parsed.groups, subset ?? 'all'));
}
