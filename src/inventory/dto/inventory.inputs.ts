import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { DecimalScalar } from '../../common/decimal.scalar';
import { AbcClassEnum, InventoryItem } from '../inventory-item.entity';

// Inputs are checked by the service (same rules as CSV imports), so errors name row and field.

@InputType()
export class SupplierInput {
  @Field() name!: string;
  @Field({ nullable: true }) contactEmail?: string;
  @Field(() => Int) defaultLeadTimeDays!: number;
  @Field(() => DecimalScalar, { nullable: true, description: 'Standard deviation of the lead time in days (default 0).' }) leadTimeStdDays?: string;
  @Field(() => Int, { nullable: true, description: 'Days between order opportunities: 1 daily (default), 7 weekly.' }) reviewPeriodDays?: number;
}

@InputType()
export class ItemInput {
  @Field() sku!: string;
  @Field() name!: string;
  @Field(() => DecimalScalar) unitCost!: string;
  @Field(() => DecimalScalar, { nullable: true }) onHand?: string;
  @Field(() => Int, { nullable: true, description: 'Null: the supplier default.' }) leadTimeDays?: number;
  @Field(() => DecimalScalar, { nullable: true }) leadTimeStdDays?: string;
  @Field({ nullable: true, description: 'Supplier name (must exist).' }) supplier?: string;
  @Field(() => DecimalScalar, { nullable: true }) minOrderQty?: string;
  @Field(() => DecimalScalar, { nullable: true }) lotSize?: string;
  @Field({ nullable: true }) active?: boolean;
  @Field(() => DecimalScalar, { nullable: true, description: 'Cycle service level overriding the ABC class target, 0.5–0.99999; null: the class target.' })
  serviceLevelTarget?: string;
  @Field(() => Int, { nullable: true, description: "Days between order opportunities for this item (1–90); null: the supplier's." }) reviewPeriodDays?: number;
}

@InputType()
export class UsageInput {
  @Field() sku!: string;
  @Field({ description: 'Monday of the ISO week, YYYY-MM-DD (UTC).' }) weekStart!: string;
  @Field(() => DecimalScalar) quantity!: string;
}

@InputType()
export class ItemFilterInput {
  @Field({ nullable: true }) active?: boolean;
  @Field(() => AbcClassEnum, { nullable: true }) abcClass?: AbcClassEnum;
  @Field({ nullable: true }) supplierId?: string;
  @Field({ nullable: true, description: 'Case-insensitive match on SKU or name.' }) search?: string;
}

@ObjectType()
export class UpsertResult {
  @Field(() => Int) inserted!: number;
  @Field(() => Int, { description: 'Existing rows whose values changed (unchanged rows count in neither).' }) updated!: number;
}

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field() hasNextPage!: boolean;
}

@ObjectType()
export class ItemConnection {
  @Field(() => [InventoryItem]) nodes!: InventoryItem[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@ObjectType()
export class WeeklyUsage {
  @Field() weekStart!: string;
  @Field(() => DecimalScalar) quantity!: string;
}
