import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors';
import { requestLoader } from '../common/request-loader';
import { Recommendation } from './dto/reorder.types';
import { ReorderResolver } from './reorder.resolver';

type Ctx = { req: object };

/** What the console needs beside the recommendation list: its supplier, and one SKU's newest recommendation. */
@Resolver(() => Recommendation)
export class RecommendationLookupResolver {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly recommendations: ReorderResolver,
  ) {}

  @Query(() => Recommendation, { nullable: true, description: 'The newest recommendation of a SKU (null when it has none).' })
  async latestRecommendation(@Args('sku') sku: string): Promise<Recommendation | null> {
    const [row]: { id: string }[] = await this.db.query(
      `SELECT r.id FROM reorder_recommendations r JOIN inventory_items i ON i.id = r.item_id WHERE i.sku = $1 ORDER BY r.created_at DESC, r.id LIMIT 1`,
      [sku],
    );
    if (row) return this.recommendations.recommendation(row.id);
    const [item] = await this.db.query(`SELECT 1 FROM inventory_items WHERE sku = $1`, [sku]);
    if (!item) throw new NotFoundError('item', sku);
    return null;
  }

  @ResolveField(() => String, { nullable: true, description: "The item's supplier." })
  supplierName(@Parent() rec: Recommendation, @Context() ctx: Ctx): Promise<string | null> {
    return requestLoader<string, string | null>(ctx.req, 'recommendation-supplier', async (skus) => {
      const rows: { sku: string; name: string | null }[] = await this.db.query(
        `SELECT i.sku, s.name FROM inventory_items i LEFT JOIN suppliers s ON s.id = i.supplier_id WHERE i.sku = ANY($1)`,
        [[...skus]],
      );
      const bySku = new Map(rows.map((r) => [r.sku, r.name]));
      return skus.map((s) => bySku.get(s) ?? null);
    }).load(rec.sku);
  }
}
