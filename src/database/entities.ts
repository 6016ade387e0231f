import { InventoryItem } from '../inventory/inventory-item.entity';
import { Supplier } from '../inventory/supplier.entity';
import { UsageWeek } from '../inventory/usage-week.entity';
import { User } from '../security/user.entity';

/** Every entity, listed once for the app and the migration CLI. */
export const entities = [Supplier, InventoryItem, UsageWeek, User];
