import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DecimalScalar } from '../common/decimal.scalar';
import type { AbcClass } from '../reorder/abc';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, UpdateDateColumn } from 'typeorm';
import { Supplier } from './supplier.entity';

/** The GraphQL face of AbcClass (reorder/abc.ts), same values. */
export enum AbcClassEnum {
  A = 'A',
  B = 'B',
  C = 'C',
}
registerEnumType(AbcClassEnum, { name: 'AbcClass' });

/** One stocked item. Numeric columns stay strings (exact decimals from PostgreSQL). */
@ObjectType('Item')
@Entity('inventory_items')
export class InventoryItem {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Field() @Column('text', { unique: true }) sku!: string;
  @Field() @Column('text') name!: string;
  @Field(() => DecimalScalar) @Column('numeric', { name: 'unit_cost' }) unitCost!: string;
  @Field(() => DecimalScalar) @Column('numeric', { name: 'on_hand' }) onHand!: string;
  @Field(() => DecimalScalar) @Column('numeric') backorders!: string;
  /** Null: use the supplier's default lead time. */
  @Field(() => Int, { nullable: true }) @Column('integer', { name: 'lead_time_days', nullable: true }) leadTimeDays!: number | null;
  @Field(() => DecimalScalar, { nullable: true }) @Column('numeric', { name: 'lead_time_std_days', nullable: true }) leadTimeStdDays!: string | null;
  @Column('uuid', { name: 'supplier_id', nullable: true }) supplierId!: string | null;
  @ManyToOne(() => Supplier, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'supplier_id' })
  supplier?: Relation<Supplier> | null;
  @Field(() => DecimalScalar) @Column('numeric', { name: 'min_order_qty' }) minOrderQty!: string;
  @Field(() => DecimalScalar) @Column('numeric', { name: 'lot_size' }) lotSize!: string;
  /** Per-item cycle service level target (0–1); null: the class target. */
  @Field(() => Float, { nullable: true, description: 'Per-item cycle service level (0–1); null: the class target.' }) @Column('numeric', { name: 'service_level_target', nullable: true }) serviceLevelTarget!: string | null;
  @Field() @Column('boolean') active!: boolean;
  @Field(() => AbcClassEnum, { nullable: true }) @Column('char', { name: 'abc_class', length: 1, nullable: true }) abcClass!: AbcClass | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Last 52 weeks of usage × unit cost, from the last ABC classification.' }) @Column('numeric', { name: 'annual_value', nullable: true }) annualValue!: string | null;
  @Field(() => Int, { nullable: true }) @Column('integer', { name: 'usage_rank', nullable: true }) usageRank!: number | null;
  @Field() @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Field() @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
