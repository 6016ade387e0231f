import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BadInputError, NotFoundError } from '../common/errors';
import { textArg } from '../common/input-checks';
import { AuthUser } from '../security/auth-user';
import { CurrentUser } from '../security/current-user.decorator';
import { Roles } from '../security/roles.decorator';
import { Forecast, ForecastRun } from './dto/forecast.types';
import { PipelineService } from './pipeline/pipeline.service';

const RUN_COLUMNS = `r.id, r.run_key AS "runKey", r.trigger, r.triggered_by AS "triggeredBy", r.rollout_phase AS "rolloutPhase", r.status,
  r.last_week_start AS "lastWeekStart", r.started_at AS "startedAt", r.finished_at AS "finishedAt", r.stats,
  json_build_object('total', r.total_skus, 'processed', r.processed,
    'succeeded', (SELECT count(*) FROM forecast_run_items x WHERE x.run_id = r.id AND x.outcome = 'succeeded'),
    'insufficientHistory', (SELECT count(*) FROM forecast_run_items x WHERE x.run_id = r.id AND x.outcome = 'insufficient_history'),
    'failed', (SELECT count(*) FROM forecast_run_items x WHERE x.run_id = r.id AND x.outcome = 'failed'),
    'urgent', (SELECT count(*) FROM forecast_run_items x WHERE x.run_id = r.id AND x.priority = 'urgent'),
    'high', (SELECT count(*) FROM forecast_run_items x WHERE x.run_id = r.id AND x.priority = 'high')) AS progress`;

@Resolver()
export class ForecastResolver {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly pipeline: PipelineService,
  ) {}

  @Query(() => [ForecastRun], { description: 'Newest first.' })
  forecastRuns(@Args('first', { type: () => Int, defaultValue: 20 }) first: number): Promise<ForecastRun[]> {
    if (first < 1 || first > 200) throw BadInputError.field('first', 'must be between 1 and 200');
    return this.db.query(`SELECT ${RUN_COLUMNS} FROM forecast_runs r ORDER BY r.started_at DESC LIMIT $1`, [first]);
  }

  @Query(() => ForecastRun, { description: 'One run, with live progress while it is running.' })
  async forecastRun(@Args('id', { type: () => ID }) id: string): Promise<ForecastRun> {
    const [run] = await this.db.query(`SELECT ${RUN_COLUMNS} FROM forecast_runs r WHERE r.id = $1::uuid`, [checkUuid(id)]);
    if (!run) throw new NotFoundError('forecast run', id);
    return run;
  }

  @Query(() => Forecast, { nullable: true, description: 'The newest forecast of a SKU (null when it has none yet).' })
  async forecast(@Args('sku') sku: string): Promise<Forecast | null> {
    textArg(sku, 'sku', 200);
    const [row] = await this.db.query(
      `SELECT f.id, f.run_id AS "runId", i.sku, f.model, f.demand_pattern AS "demandPattern", f.history_weeks AS "historyWeeks", f.weeks,
              f.total_mean AS "totalMean", f.total_sd AS "totalSd", f.total_p50 AS "totalP50", f.total_p90 AS "totalP90", f.total_p95 AS "totalP95",
              f.total_p99 AS "totalP99", f.weights, f.created_at AS "createdAt"
         FROM forecasts f JOIN inventory_items i ON i.id = f.item_id WHERE i.sku = $1 ORDER BY f.created_at DESC LIMIT 1`,
      [sku],
    );
    if (!row) {
      const [item] = await this.db.query(`SELECT 1 FROM inventory_items WHERE sku = $1`, [sku]);
      if (!item) throw new NotFoundError('item', sku);
      return null;
    }
    return row;
  }

  @Roles('admin')
  @Mutation(() => ForecastRun, { description: 'Starts the daily pipeline now. A run key runs once; the default key is unique per call.' })
  async runForecastNow(@CurrentUser() user: AuthUser, @Args('runKey', { nullable: true }) runKey?: string): Promise<ForecastRun> {
    if (runKey !== undefined && !/^[A-Za-z0-9._:-]{1,100}$/.test(runKey)) throw BadInputError.field('runKey', '1–100 characters of letters, digits, . _ : -');
    const id = await this.pipeline.startRun('manual', user.username, runKey);
    return this.forecastRun(id);
  }
}

export function checkUuid(id: string, field = 'id'): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw BadInputError.field(field, 'must be a UUID');
  return id;
}
