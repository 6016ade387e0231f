import { Args, Field, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InventoryService } from '../inventory/inventory.service';
import { CycleService } from './cycle.service';
import { ForecastRun } from './dto/cycle.types';

@ObjectType()
export class RunFailure {
  @Field() sku!: string;
  @Field() error!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

/** The SKUs of a run whose forecast failed, with their errors (the console's Today page). */
@Resolver(() => ForecastRun)
export class RunFailuresResolver {
  constructor(
    private readonly cycle: CycleService,
    private readonly inventory: InventoryService,
  ) {}

  @ResolveField(() => [RunFailure], { description: 'SKUs whose last attempt failed, with the error (at most `first`, 1–500).' })
  async failures(@Parent() run: ForecastRun, @Args('first', { type: () => Int, defaultValue: 50 }) first: number): Promise<RunFailure[]> {
    const rows = await this.cycle.runFailures(run.id, Math.min(Math.max(first, 1), 500));
    if (rows.length === 0) return [];
    const skus = await this.inventory.skusByIds(rows.map((r) => r.itemId));
    return rows.map((r) => ({ sku: skus.get(r.itemId)?.sku ?? r.itemId, error: r.error ?? '', attempts: r.attempts, finishedAt: r.finishedAt }));
  }
}
