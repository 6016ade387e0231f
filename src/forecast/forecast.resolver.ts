import { Args, Query, Resolver } from '@nestjs/graphql';
import { NotFoundError } from '../common/errors';
import { InventoryService } from '../inventory/inventory.service';
import { Forecast } from './dto/forecast.types';
import { ForecastService } from './forecast.service';

@Resolver()
export class ForecastResolver {
  constructor(
    private readonly forecasts: ForecastService,
    private readonly inventory: InventoryService,
  ) {}

  @Query(() => Forecast, { nullable: true, description: 'The newest forecast of a SKU (null when it has none yet).' })
  async forecast(@Args('sku') sku: string): Promise<Forecast | null> {
    const itemId = await this.inventory.itemIdBySku(sku);
    if (!itemId) throw new NotFoundError('item', sku);
    const row = await this.forecasts.latestForItem(itemId);
    // Week figures are stored as exact decimal strings; GraphQL serialises them as Float.
    return row ? ({ ...row, sku } as unknown as Forecast) : null;
  }
}
