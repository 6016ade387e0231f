import { Args, Field, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ForecastRun } from './dto/forecast.types';

@ObjectType()
export class RunFailure {
  @Field() sku!: string;
  @Field() error!: string;
  @Field(() => Int) attempts!: number;
  @Field() finishedAt!: Date;
}

/** The SKUs of a run whose forecast failed, with their errors (the console's Today page). */
@Resolver(() => ForecastRun)
export class RunFailuresResolver {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @ResolveField(() => [RunFailure], { description: 'SKUs whose last attempt failed, with the error (at most `first`).' })
  failures(@Parent() run: ForecastRun, @Args('first', { type: () => Int, defaultValue: 50 }) first: number): Promise<RunFailure[]> {
    return this.db.query(
      `SELECT i.sku, COALESCE(x.error, '') AS error, x.attempts, x.finished_at AS "finishedAt"
         FROM forecast_run_items x JOIN inventory_items i ON i.id = x.item_id
        WHERE x.run_id = $1 AND x.outcome = 'failed' ORDER BY i.sku COLLATE "C" LIMIT $2`,
      [run.id, Math.min(Math.max(first, 1), 500)],
    );
  }
}
