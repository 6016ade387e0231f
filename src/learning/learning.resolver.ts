import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { BadInputError } from '../common/errors';
import { checkUuid } from '../common/check-uuid';
import { AuthUser } from '../security/auth-user';
import { CurrentUser } from '../security/current-user.decorator';
import { Roles } from '../security/roles.decorator';
import {
  ForecastValueAddedReport,
  FvaGroupByEnum,
  KpiGroupByEnum,
  Kpis,
  RegisteredModel,
  RetrainVerdict,
  RolloutPhaseEnum,
  RolloutReadinessReport,
  SkuAccuracy,
} from './dto/learning.types';
import { LearningService } from './learning.service';

/** The global tree model is the one the registry versions today. */
const DEFAULT_MODEL = 'global-tree';

@Resolver()
export class LearningResolver {
  constructor(private readonly learning: LearningService) {}

  @Query(() => Kpis, { description: 'Realized accuracy (grouped) and business KPIs over the last 4 or 13 complete weeks.' })
  async kpis(
    @Args('window', { type: () => Int, defaultValue: 4, description: 'Weeks: 4 or 13.' }) window: number,
    @Args('groupBy', { type: () => KpiGroupByEnum, defaultValue: KpiGroupByEnum.OVERALL }) groupBy: KpiGroupByEnum,
  ): Promise<Kpis> {
    if (window !== 4 && window !== 13) throw BadInputError.field('window', 'must be 4 or 13');
    const [accuracy, business] = await Promise.all([this.learning.accuracyKpis(window, groupBy), this.learning.businessKpis(window)]);
    return { windowWeeks: window, accuracy, business };
  }

  @Query(() => SkuAccuracy, { description: 'One SKU’s realized accuracy per model and its weekly record.' })
  accuracy(@Args('sku') sku: string): Promise<SkuAccuracy> {
    return this.learning.accuracy(sku);
  }

  @Query(() => ForecastValueAddedReport, { description: 'Forecast value added of planners’ adjustments, per approver and overall.' })
  forecastValueAdded(@Args('groupBy', { type: () => FvaGroupByEnum, defaultValue: FvaGroupByEnum.APPROVER }) _groupBy: FvaGroupByEnum): Promise<ForecastValueAddedReport> {
    return this.learning.forecastValueAdded();
  }

  @Query(() => RolloutReadinessReport, { description: 'Each phase’s criteria against the KPIs: advance, hold or step back.' })
  rolloutReadiness(): Promise<RolloutReadinessReport> {
    return this.learning.rolloutReadiness();
  }

  @Roles('admin')
  @Mutation(() => RolloutPhaseEnum, { description: 'Sets the rollout phase the next runs use (audited).' })
  setRolloutPhase(@CurrentUser() user: AuthUser, @Args('phase', { type: () => RolloutPhaseEnum }) phase: RolloutPhaseEnum): Promise<string> {
    return this.learning.setRolloutPhase(phase, user.username);
  }

  @Query(() => [RegisteredModel], { description: 'The model registry, newest version first per name.' })
  models(@Args('name', { nullable: true }) name?: string): Promise<RegisteredModel[]> {
    return this.learning.models(name);
  }

  @Roles('admin')
  @Mutation(() => RegisteredModel, { description: 'Puts a registered version into production; the replaced one stays loadable for rollback.' })
  promoteModel(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<RegisteredModel> {
    return this.learning.promoteModel(checkUuid(id), user.username);
  }

  @Roles('admin')
  @Mutation(() => RegisteredModel, { description: 'Restores the version the production one replaced.' })
  rollbackModel(@CurrentUser() user: AuthUser, @Args('name', { defaultValue: DEFAULT_MODEL }) name: string): Promise<RegisteredModel> {
    return this.learning.rollbackModel(name, user.username);
  }

  @Roles('admin')
  @Mutation(() => RetrainVerdict, {
    description: 'Enqueues a retraining of the model on a worker (challenger trained, backtested against the champion, promoted only when better) and says what the weekly rule (last week’s MAPE, drift, model age) would decide.',
  })
  retrainNow(@CurrentUser() user: AuthUser, @Args('name', { defaultValue: DEFAULT_MODEL }) name: string): Promise<RetrainVerdict> {
    return this.learning.retrainNow(name, user.username);
  }
}
