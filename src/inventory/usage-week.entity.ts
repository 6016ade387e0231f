import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Usage of one item in one ISO week (week_start is the Monday, UTC). */
@Entity('usage_history')
export class UsageWeek {
  @PrimaryColumn('uuid', { name: 'item_id' }) itemId!: string;
  /** 'YYYY-MM-DD' of the Monday */
  @PrimaryColumn('date', { name: 'week_start' }) weekStart!: string;
  @Column('numeric') quantity!: string;
}
