import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { generateDemoCatalog } from './demo-generator';
import { addWeeks, isoWeekStart } from '../common/iso-week';
import { InventoryService } from './inventory.service';

const CHUNK = 5000;

export interface DemoOptions {
  skus: number;
  weeks: number;
  seed: number;
  /** Load even when the catalog already has items (upserts: same seed, same rows). */
  force?: boolean;
  /** The Monday of the last generated week; default: the last complete week before today. */
  endWeekStart?: string;
}

/** Loads the deterministic demo catalog (suppliers, items, weekly usage) in one transaction. */
@Injectable()
export class DemoService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly inventory: InventoryService,
    private readonly audit: AuditService,
  ) {}

  async load(options: DemoOptions): Promise<{ loaded: boolean; suppliers: number; items: number; usageRows: number }> {
    const [{ count }]: { count: number }[] = await this.db.query('SELECT count(*)::int AS count FROM inventory_items');
    if (count > 0 && !options.force) return { loaded: false, suppliers: 0, items: count, usageRows: 0 };
    const endWeekStart = options.endWeekStart ?? addWeeks(isoWeekStart(new Date()), -1);
    const catalog = generateDemoCatalog({ skus: options.skus, weeks: options.weeks, seed: options.seed, endWeekStart });
    await this.db.transaction(async (tx) => {
      await this.inventory.upsertSuppliersIn(tx, catalog.suppliers);
      for (let i = 0; i < catalog.items.length; i += CHUNK) {
        const chunk = catalog.items.slice(i, i + CHUNK);
        await this.inventory.writeItems(tx, chunk, chunk.map((_, j) => i + j + 1));
      }
      for (let i = 0; i < catalog.usage.length; i += CHUNK) {
        const chunk = catalog.usage.slice(i, i + CHUNK);
        await this.inventory.writeUsage(tx, chunk, chunk.map((_, j) => i + j + 1));
      }
      await this.audit.append({ actor: 'cli', action: 'demo.loaded', entityType: 'inventory_item', payload: { ...options, endWeekStart } }, tx);
    });
    return { loaded: true, suppliers: catalog.suppliers.length, items: catalog.items.length, usageRows: catalog.usage.length };
  }
}
