import { MigrationInterface, QueryRunner } from 'typeorm';

/** Suppliers, items, weekly usage and users: the catalog the rest of the system reads. */
export class InventoryCatalog1764300000000 implements MigrationInterface {
  name = 'InventoryCatalog1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE suppliers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        contact_email text,
        default_lead_time_days integer NOT NULL CHECK (default_lead_time_days BETWEEN 0 AND 365),
        lead_time_std_days numeric(10,3) NOT NULL DEFAULT 0 CHECK (lead_time_std_days >= 0),
        review_period_days integer NOT NULL DEFAULT 1 CHECK (review_period_days BETWEEN 1 AND 90),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE inventory_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sku text NOT NULL UNIQUE,
        name text NOT NULL,
        unit_cost numeric(14,4) NOT NULL CHECK (unit_cost >= 0),
        on_hand numeric(14,3) NOT NULL DEFAULT 0,
        backorders numeric(14,3) NOT NULL DEFAULT 0 CHECK (backorders >= 0),
        lead_time_days integer CHECK (lead_time_days BETWEEN 0 AND 365),
        lead_time_std_days numeric(10,3) CHECK (lead_time_std_days >= 0),
        supplier_id uuid REFERENCES suppliers(id) ON DELETE SET NULL,
        min_order_qty numeric(14,3) NOT NULL DEFAULT 0 CHECK (min_order_qty >= 0),
        lot_size numeric(14,3) NOT NULL DEFAULT 1 CHECK (lot_size > 0),
        service_level_target numeric(6,5) CHECK (service_level_target > 0 AND service_level_target < 1),
        active boolean NOT NULL DEFAULT true,
        abc_class char(1) CHECK (abc_class IN ('A','B','C')),
        annual_value numeric(16,2),
        usage_rank integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX inventory_items_supplier_idx ON inventory_items (supplier_id)`);
    await q.query(`CREATE INDEX inventory_items_active_abc_idx ON inventory_items (active, abc_class, sku)`);
    // Weekly buckets keyed by item and ISO week start (Monday, UTC). A location column joins the key later.
    await q.query(`
      CREATE TABLE usage_history (
        item_id uuid NOT NULL REFERENCES inventory_items(id) ON DELETE CASCADE,
        week_start date NOT NULL CHECK (extract(isodow FROM week_start) = 1),
        quantity numeric(14,3) NOT NULL CHECK (quantity >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (item_id, week_start)
      )`);
    await q.query(`CREATE INDEX usage_history_week_idx ON usage_history (week_start)`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer','approver','admin')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE usage_history`);
    await q.query(`DROP TABLE inventory_items`);
    await q.query(`DROP TABLE suppliers`);
  }
}
