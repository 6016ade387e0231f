import { Field, Float, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DecimalScalar } from '../../common/decimal.scalar';
import GraphQLJSON from '../../common/json.scalar';
import { AbcClassEnum } from '../../inventory/inventory-item.entity';

export enum PriorityEnum {
  urgent = 'urgent',
  high = 'high',
  medium = 'medium',
  low = 'low',
}
registerEnumType(PriorityEnum, { name: 'Priority' });

export enum RecommendationStatusEnum {
  open = 'open',
  approved = 'approved',
  adjusted = 'adjusted',
  rejected = 'rejected',
  no_action = 'no_action',
  superseded = 'superseded',
}
registerEnumType(RecommendationStatusEnum, { name: 'RecommendationStatus' });

export enum PurchaseOrderStatusEnum {
  pending_approval = 'pending_approval',
  approved = 'approved',
  rejected = 'rejected',
  received = 'received',
  /** A pending draft replaced by a newer run's drafts; it can no longer be approved. */
  superseded = 'superseded',
}
registerEnumType(PurchaseOrderStatusEnum, { name: 'PurchaseOrderStatus' });

@ObjectType()
export class Recommendation {
  @Field(() => ID) id!: string;
  @Field(() => ID) runId!: string;
  @Field() sku!: string;
  @Field() itemName!: string;
  @Field(() => AbcClassEnum) abcClass!: string;
  @Field(() => Float, { description: 'Target cycle service level (0–1).' }) serviceLevel!: number;
  @Field(() => DecimalScalar) safetyStock!: string;
  @Field(() => DecimalScalar) reorderPoint!: string;
  @Field(() => DecimalScalar) orderUpTo!: string;
  @Field(() => DecimalScalar) stockPosition!: string;
  @Field(() => DecimalScalar) recommendedQty!: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Null when demand is zero (no stockout in sight).' }) daysToStockout!: string | null;
  @Field(() => PriorityEnum) priority!: string;
  @Field(() => RecommendationStatusEnum) status!: string;
  @Field(() => DecimalScalar, { nullable: true }) decidedQty!: string | null;
  @Field(() => String, { nullable: true }) decidedBy!: string | null;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) decisionReason!: string | null;
  @Field(() => ID, { nullable: true }) purchaseOrderId!: string | null;
  @Field(() => GraphQLJSON, { description: 'Every number the policy used and produced, to recompute the recommendation.' }) inputs!: unknown;
  @Field() createdAt!: Date;
}

@InputType()
export class RecommendationFilter {
  @Field(() => PriorityEnum, { nullable: true }) priority?: PriorityEnum;
  @Field(() => RecommendationStatusEnum, { nullable: true }) status?: RecommendationStatusEnum;
  @Field(() => AbcClassEnum, { nullable: true }) abcClass?: AbcClassEnum;
  @Field(() => ID, { nullable: true }) runId?: string;
}

@ObjectType()
export class RecommendationPageInfo {
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field() hasNextPage!: boolean;
}

@ObjectType()
export class RecommendationConnection {
  @Field(() => [Recommendation]) nodes!: Recommendation[];
  @Field(() => RecommendationPageInfo) pageInfo!: RecommendationPageInfo;
}

@ObjectType()
export class PurchaseOrderLine {
  @Field(() => ID) id!: string;
  @Field() sku!: string;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => DecimalScalar) unitCost!: string;
  @Field(() => DecimalScalar) lineTotal!: string;
  @Field() expectedDelivery!: string;
  @Field() notes!: string;
  @Field(() => ID, { nullable: true }) recommendationId!: string | null;
}

@ObjectType()
export class PurchaseOrder {
  @Field(() => ID) id!: string;
  @Field() poNumber!: string;
  @Field() supplierName!: string;
  @Field(() => ID, { nullable: true }) runId!: string | null;
  @Field(() => PurchaseOrderStatusEnum) status!: string;
  @Field(() => DecimalScalar) totalCost!: string;
  @Field() createdAt!: Date;
  @Field(() => String, { nullable: true }) decidedBy!: string | null;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) decisionReason!: string | null;
  @Field(() => Date, { nullable: true }) receivedAt!: Date | null;
  @Field(() => [PurchaseOrderLine]) lines!: PurchaseOrderLine[];
}
