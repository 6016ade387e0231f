import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { requestLoader } from '../common/request-loader';
import { InventoryService } from '../inventory/inventory.service';
import { Recommendation } from './dto/reorder.types';
import { ReorderRepository } from './reorder.repository';
import { ReorderService } from './reorder.service';

type Ctx = { req: object };

/** What the console needs beside the recommendation list: its supplier, and one SKU's newest recommendation. */
@Resolver(() => Recommendation)
export class RecommendationLookupResolver {
  constructor(
    private readonly repository: ReorderRepository,
    private readonly reorder: ReorderService,
    private readonly inventory: InventoryService,
  ) {}

  @Query(() => Recommendation, { nullable: true, description: 'The newest recommendation of a SKU (null when it has none; NOT_FOUND for an unknown SKU).' })
  async latestRecommendation(@Args('sku') sku: string): Promise<Recommendation | null> {
    const id = await this.repository.latestRecommendationId(sku);
    if (id) return this.reorder.recommendation(id);
    await this.inventory.itemBySku(sku);
    return null;
  }

  @ResolveField(() => String, { nullable: true, description: "The item's supplier." })
  supplierName(@Parent() rec: Recommendation, @Context() ctx: Ctx): Promise<string | null> {
    // One query for the page's recommendations, one for their suppliers' names.
    return requestLoader<string, string | null>(ctx.req, 'recommendation-supplier', async (ids) => {
      const supplierIds = await this.repository.supplierIdsOfRecommendations(ids);
      const names = await this.inventory.supplierNames([...new Set([...supplierIds.values()].filter((s): s is string => !!s))]);
      return ids.map((id) => names.get(supplierIds.get(id) ?? '') ?? null);
    }).load(rec.id);
  }
}
