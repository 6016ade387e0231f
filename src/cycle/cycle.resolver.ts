import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { checkUuid } from '../common/check-uuid';
import { BadInputError } from '../common/errors';
import { AuthUser } from '../security/auth-user';
import { CurrentUser } from '../security/current-user.decorator';
import { Roles } from '../security/roles.decorator';
import { CycleService } from './cycle.service';
import { ForecastRun } from './dto/cycle.types';

@Resolver()
export class CycleResolver {
  constructor(private readonly cycle: CycleService) {}

  @Query(() => [ForecastRun], { description: 'Newest first.' })
  forecastRuns(@Args('first', { type: () => Int, defaultValue: 20 }) first: number): Promise<ForecastRun[]> {
    if (first < 1 || first > 200) throw BadInputError.field('first', 'must be between 1 and 200');
    return this.cycle.runs(first) as Promise<ForecastRun[]>;
  }

  @Query(() => ForecastRun, { description: 'One run, with live progress while it is running.' })
  forecastRun(@Args('id', { type: () => ID }) id: string): Promise<ForecastRun> {
    return this.cycle.runView(checkUuid(id)) as Promise<ForecastRun>;
  }

  @Roles('admin')
  @Mutation(() => ForecastRun, {
    description: 'Starts the daily cycle now. A run key runs once (default: unique per call); CONFLICT while another run is active unless force is true.',
  })
  async runForecastNow(
    @CurrentUser() user: AuthUser,
    @Args('runKey', { nullable: true }) runKey?: string,
    @Args('force', { nullable: true, defaultValue: false }) force?: boolean,
  ): Promise<ForecastRun> {
    if (runKey !== undefined && runKey !== null && !/^[A-Za-z0-9._:-]{1,100}$/.test(runKey)) throw BadInputError.field('runKey', '1–100 characters of letters, digits, . _ : -');
    const id = await this.cycle.startRun('manual', user.username, { runKey: runKey ?? undefined, force: force ?? false });
    return this.forecastRun(id);
  }

  @Roles('admin')
  @Mutation(() => ForecastRun, { description: 'Resumes a failed run: SKUs without an outcome run again, a run whose SKUs are done is finalised again.' })
  async retryRun(@Args('id', { type: () => ID }) id: string, @CurrentUser() user: AuthUser): Promise<ForecastRun> {
    await this.cycle.retryRun(checkUuid(id), user.username);
    return this.forecastRun(id);
  }
}
