import { addWeeks } from '../../src/common/iso-week';
import { InventoryService } from '../../src/inventory/inventory.service';

/**
 * A small catalog for the learning specs: one supplier, the given SKUs, and `weeks` weeks of usage
 * ending with `lastWeek` from `demand(sku, weekIndex)` (week index 0 = `lastWeek`, negative before).
 * Returns each SKU's item id.
 */
export async function loadWeeklyCatalog<S extends string>(
  inventory: InventoryService,
  options: { supplier: string; skus: readonly S[]; weeks: number; lastWeek: string; demand: (sku: S, weekIndex: number) => number },
): Promise<Map<S, string>> {
  const { supplier, skus, weeks, lastWeek, demand } = options;
  await inventory.upsertSuppliers([{ name: supplier, defaultLeadTimeDays: 7 }], 'test');
  await inventory.upsertItems(skus.map((sku) => ({ sku, name: sku, unitCost: '2', onHand: '0', supplierName: supplier })), 'test');
  const usage = skus.flatMap((sku) => Array.from({ length: weeks }, (_, i) => ({ sku, weekStart: addWeeks(lastWeek, i - weeks + 1), quantity: String(demand(sku, i - weeks + 1)) })));
  await inventory.recordUsage(usage, 'test');
  const ids = new Map<S, string>();
  for (const sku of skus) ids.set(sku, (await inventory.itemIdBySku(sku))!);
  return ids;
}

/** `hours` hours into the UTC day `weekStart` (a Monday): the set clock of the learning specs. */
export const hoursInto = (weekStart: string, hours: number): Date => new Date(Date.parse(`${weekStart}T00:00:00Z`) + hours * 3_600_000);
