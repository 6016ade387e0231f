import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DecimalScalar } from '../common/decimal.scalar';
import { requestLoader } from '../common/request-loader';
import { AuthUser } from '../security/auth-user';
import { CurrentUser } from '../security/current-user.decorator';
import { Roles } from '../security/roles.decorator';
import { ItemConnection, ItemFilterInput, ItemInput, SupplierInput, UpsertResult, UsageInput, WeeklyUsage } from './dto/inventory.inputs';
import { InventoryItem } from './inventory-item.entity';
import { InventoryService } from './inventory.service';
import { Supplier } from './supplier.entity';

type Ctx = { req: object };

@Resolver(() => InventoryItem)
export class InventoryResolver {
  constructor(private readonly inventory: InventoryService) {}

  @Query(() => ItemConnection, { description: 'Items ordered by SKU, cursor-paginated.' })
  async items(
    @Args('filter', { nullable: true }) filter?: ItemFilterInput,
    @Args('first', { type: () => Int, defaultValue: 50 }) first = 50,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<ItemConnection> {
    const page = await this.inventory.listItems(filter ?? {}, first, after);
    return { nodes: page.nodes, totalCount: page.totalCount, pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage } };
  }

  @Query(() => InventoryItem)
  item(@Args('sku') sku: string): Promise<InventoryItem> {
    return this.inventory.itemBySku(sku);
  }

  @Query(() => [Supplier])
  suppliers(): Promise<Supplier[]> {
    return this.inventory.listSuppliers();
  }

  @ResolveField(() => Supplier, { nullable: true })
  supplier(@Parent() item: InventoryItem, @Context() ctx: Ctx): Promise<Supplier | null> | null {
    if (!item.supplierId) return null;
    return requestLoader<string, Supplier | null>(ctx.req, 'supplier', (ids) => this.inventory.suppliersByIds(ids)).load(item.supplierId);
  }

  @ResolveField(() => [WeeklyUsage], { description: 'The most recent weeks of usage, oldest first.' })
  async recentUsage(@Parent() item: InventoryItem, @Context() ctx: Ctx, @Args('weeks', { type: () => Int, defaultValue: 12 }) weeks: number): Promise<WeeklyUsage[]> {
    const capped = Math.min(Math.max(weeks, 1), 156);
    const loader = requestLoader<string, WeeklyUsage[]>(ctx.req, `usage:${capped}`, async (ids) => {
      const byItem = await this.inventory.recentUsage(ids, capped);
      return ids.map((id) => byItem.get(id) ?? []);
    });
    return loader.load(item.id);
  }

  @Roles('admin')
  @Mutation(() => [Supplier], { description: 'Creates or updates suppliers by name; one transaction.' })
  upsertSuppliers(@Args('suppliers', { type: () => [SupplierInput] }) suppliers: SupplierInput[], @CurrentUser() user: AuthUser): Promise<Supplier[]> {
    return this.inventory.upsertSuppliers(suppliers as unknown as Record<string, unknown>[], user.username);
  }

  @Roles('admin')
  @Mutation(() => UpsertResult, { description: 'Creates or updates items by SKU; all or nothing.' })
  upsertItems(@Args('items', { type: () => [ItemInput] }) items: ItemInput[], @CurrentUser() user: AuthUser): Promise<UpsertResult> {
    return this.inventory.upsertItems(
      items.map(({ supplier, ...rest }) => ({ ...rest, supplierName: supplier })),
      user.username,
    );
  }

  @Roles('admin')
  @Mutation(() => UpsertResult, { description: "Sets the weekly total of each (SKU, week), replacing that week's daily rows; re-sending the same rows changes nothing." })
  recordUsage(@Args('usage', { type: () => [UsageInput] }) usage: UsageInput[], @CurrentUser() user: AuthUser): Promise<UpsertResult> {
    return this.inventory.recordUsage(usage, user.username);
  }

  @Roles('approver')
  @Mutation(() => InventoryItem, { description: 'Sets on-hand stock (onHand) or changes it (delta), with a reason for the audit log.' })
  adjustStock(
    @Args('sku') sku: string,
    @Args('reason') reason: string,
    @CurrentUser() user: AuthUser,
    @Args('onHand', { type: () => DecimalScalar, nullable: true }) onHand?: string,
    @Args('delta', { type: () => DecimalScalar, nullable: true }) delta?: string,
  ): Promise<InventoryItem> {
    return this.inventory.adjustStock({ sku, onHand, delta, reason }, user.username);
  }
}
