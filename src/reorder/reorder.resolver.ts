import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CursorPart, decodeCursor, encodeCursor } from '../common/cursor';
import { DecimalScalar } from '../common/decimal.scalar';
import { BadInputError } from '../common/errors';
import { checkUuid } from '../common/check-uuid';
import { AuthUser } from '../security/auth-user';
import { CurrentUser } from '../security/current-user.decorator';
import { Roles } from '../security/roles.decorator';
import { PurchaseOrder, PurchaseOrderStatusEnum, Recommendation, RecommendationConnection, RecommendationFilter } from './dto/reorder.types';
import { ReorderService } from './reorder.service';

@Resolver()
export class ReorderResolver {
  constructor(private readonly reorder: ReorderService) {}

  @Query(() => RecommendationConnection, { description: 'Recommendations of one run (default: the newest run), most urgent first.' })
  async recommendations(
    @Args('filter', { nullable: true }) filter?: RecommendationFilter,
    @Args('first', { type: () => Int, defaultValue: 50 }) first = 50,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<RecommendationConnection> {
    if (first < 1 || first > 500) throw BadInputError.field('first', 'must be between 1 and 500');
    const cursor = after ? (decodeCursor(after, ['number', 'string', 'string'], { accept: isRecommendationKey }) as [number, string, string]) : null;
    const runId = filter?.runId ? checkUuid(filter.runId, 'filter.runId') : null;
    const rows = await this.reorder.listRecommendations({
      runId,
      priority: filter?.priority ?? null,
      status: filter?.status ?? null,
      abcClass: filter?.abcClass ?? null,
      after: cursor,
      limit: first + 1,
    });
    const nodes = rows.slice(0, first);
    const last = nodes[nodes.length - 1];
    return {
      nodes,
      pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor([last.rank, last.sku, last.id]) : null },
    };
  }

  @Query(() => [PurchaseOrder], { description: 'Newest first, with their lines.' })
  async purchaseOrders(
    @Args('status', { type: () => PurchaseOrderStatusEnum, nullable: true }) status?: PurchaseOrderStatusEnum,
    @Args('first', { type: () => Int, defaultValue: 50 }) first = 50,
  ): Promise<PurchaseOrder[]> {
    if (first < 1 || first > 500) throw BadInputError.field('first', 'must be between 1 and 500');
    return this.reorder.purchaseOrders(status ?? null, first);
  }

  @Roles('approver')
  @Mutation(() => Recommendation, { description: 'Approves a recommendation, optionally with another quantity.' })
  async approveRecommendation(
    @Args('id', { type: () => ID }) id: string,
    @CurrentUser() user: AuthUser,
    @Args('quantity', { type: () => DecimalScalar, nullable: true }) quantity?: string,
  ): Promise<Recommendation> {
    return this.recommendation(await this.reorder.decideRecommendation(checkUuid(id), 'approve', user.username, { quantity }));
  }

  @Roles('approver')
  @Mutation(() => Recommendation)
  async rejectRecommendation(@Args('id', { type: () => ID }) id: string, @Args('reason') reason: string, @CurrentUser() user: AuthUser): Promise<Recommendation> {
    return this.recommendation(await this.reorder.decideRecommendation(checkUuid(id), 'reject', user.username, { reason }));
  }

  @Roles('approver')
  @Mutation(() => Recommendation)
  async adjustRecommendation(
    @Args('id', { type: () => ID }) id: string,
    @Args('quantity', { type: () => DecimalScalar }) quantity: string,
    @Args('reason') reason: string,
    @CurrentUser() user: AuthUser,
  ): Promise<Recommendation> {
    return this.recommendation(await this.reorder.decideRecommendation(checkUuid(id), 'adjust', user.username, { quantity, reason }));
  }

  @Roles('approver')
  @Mutation(() => PurchaseOrder)
  async approvePurchaseOrder(@Args('id', { type: () => ID }) id: string, @CurrentUser() user: AuthUser): Promise<PurchaseOrder> {
    return this.purchaseOrder(await this.reorder.decidePurchaseOrder(checkUuid(id), 'approve', user.username));
  }

  @Roles('approver')
  @Mutation(() => PurchaseOrder)
  async rejectPurchaseOrder(@Args('id', { type: () => ID }) id: string, @Args('reason') reason: string, @CurrentUser() user: AuthUser): Promise<PurchaseOrder> {
    return this.purchaseOrder(await this.reorder.decidePurchaseOrder(checkUuid(id), 'reject', user.username, reason));
  }

  @Roles('approver')
  @Mutation(() => PurchaseOrder, { description: 'Marks an approved PO received: adds its lines to on-hand stock and clears them from on order.' })
  async receivePurchaseOrder(@Args('id', { type: () => ID }) id: string, @CurrentUser() user: AuthUser): Promise<PurchaseOrder> {
    return this.purchaseOrder(await this.reorder.decidePurchaseOrder(checkUuid(id), 'receive', user.username));
  }

  private recommendation(id: string): Promise<Recommendation> {
    return this.reorder.recommendation(id);
  }

  private purchaseOrder(id: string): Promise<PurchaseOrder> {
    return this.reorder.purchaseOrder(id);
  }
}

/** A recommendations cursor is [priority rank 0–3, sku, recommendation id (uuid)]. */
function isRecommendationKey([rank, , id]: CursorPart[]): boolean {
  return Number.isInteger(rank) && (rank as number) >= 0 && (rank as number) <= 3 && /^[0-9a-f-]{36}$/i.test(id as string);
}
