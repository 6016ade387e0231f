import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Usage of one item in one ISO week (week_start is the Monday, UTC): quantity = weeklyQuantity
 * (recorded as a weekly total) + the week's rows in usage_daily (see usage.repository.ts).
 */
@Entity('usage_history')
export class UsageWeek {
  @PrimaryColumn('uuid', { name: 'item_id' }) itemId!: string;
  /** 'YYYY-MM-DD' of the Monday */
  @PrimaryColumn('date', { name: 'week_start' }) weekStart!: string;
  @Column('numeric') quantity!: string;
  @Column('numeric', { name: 'weekly_quantity' }) weeklyQuantity!: string;
}
