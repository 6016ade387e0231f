import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import GraphQLJSON from '../../common/json.scalar';

export enum KpiGroupByEnum {
  OVERALL = 'OVERALL',
  ABC_CLASS = 'ABC_CLASS',
  SKU = 'SKU',
}
registerEnumType(KpiGroupByEnum, { name: 'KpiGroupBy' });

export enum RolloutPhaseEnum {
  shadow = 'shadow',
  notify = 'notify',
  draft = 'draft',
  auto = 'auto',
}
registerEnumType(RolloutPhaseEnum, { name: 'RolloutPhase' });

export enum FvaGroupByEnum {
  APPROVER = 'APPROVER',
}
registerEnumType(FvaGroupByEnum, { name: 'FvaGroupBy' });

@ObjectType({ description: 'Quantile coverage: share (0–1) of actuals at or under each forecast quantile.' })
export class QuantileCoverage {
  @Field(() => Float, { nullable: true }) p50!: number | null;
  @Field(() => Float, { nullable: true }) p90!: number | null;
  @Field(() => Float, { nullable: true }) p95!: number | null;
  @Field(() => Float, { nullable: true }) p99!: number | null;
}

@ObjectType({ description: 'Realized accuracy of a group (one-week-ahead forecasts); percentages 0–100.' })
export class AccuracyKpi {
  @Field({ description: 'OVERALL, the ABC class, the SKU, or the model name.' }) key!: string;
  @Field(() => Int) n!: number;
  @Field(() => Int, { description: 'Stock-out weeks left out.' }) censoredExcluded!: number;
  @Field(() => Float, { nullable: true }) mapePct!: number | null;
  @Field(() => Int, { description: 'Weeks with actual 0, left out of MAPE.' }) mapeSkipped!: number;
  @Field(() => Float, { nullable: true }) wapePct!: number | null;
  @Field(() => Float, { nullable: true, description: 'Scale: in-sample seasonal-naive MAE (naive MAE on histories shorter than 56 weeks).' }) mase!: number | null;
  @Field(() => Float, { nullable: true }) biasUnits!: number | null;
  @Field(() => Float, { nullable: true }) biasPct!: number | null;
  @Field(() => QuantileCoverage) coverage!: QuantileCoverage;
  @Field(() => Float, { nullable: true, description: '100 · (1 − MAE / MAE of seasonal naive) on the same weeks.' }) improvementOverSeasonalNaivePct!: number | null;
}

@ObjectType()
export class BusinessKpi {
  @Field(() => Int) stockoutWeeks!: number;
  @Field(() => Float) excessStockValue!: number;
  @Field(() => Float, { nullable: true }) approvalTimeMeanHours!: number | null;
  @Field(() => Float, { nullable: true }) approvalTimeMedianHours!: number | null;
  @Field(() => Float, { nullable: true, description: 'Decided share of recommendations that asked for a decision (plan: > 70 %).' }) feedbackCompletenessPct!: number | null;
  @Field(() => Float, { nullable: true }) approvalRatePct!: number | null;
  @Field(() => Float, { nullable: true }) forecastToOrderConversionPct!: number | null;
  @Field(() => Float, { nullable: true }) automatedPoSharePct!: number | null;
  @Field(() => Float, { nullable: true }) forecastCompletionPct!: number | null;
}

@ObjectType()
export class Kpis {
  @Field(() => Int) windowWeeks!: number;
  @Field(() => [AccuracyKpi]) accuracy!: AccuracyKpi[];
  @Field(() => BusinessKpi) business!: BusinessKpi;
}

@ObjectType()
export class AccuracyWeek {
  @Field() weekStart!: string;
  @Field(() => Int) horizonStep!: number;
  @Field(() => Float) forecast!: number;
  @Field(() => Float) actual!: number;
  @Field(() => Float, { nullable: true }) p90!: number | null;
  @Field() censored!: boolean;
}

@ObjectType()
export class SkuAccuracy {
  @Field() sku!: string;
  @Field(() => [AccuracyKpi], { description: 'Per model over the last 13 weeks.' }) models!: AccuracyKpi[];
  @Field(() => [AccuracyWeek], { description: 'The ensemble, every horizon step.' }) weeks!: AccuracyWeek[];
}

@ObjectType()
export class ForecastValueAdded {
  @Field({ description: 'The approver, or * for everyone.' }) key!: string;
  @Field(() => Int) overriddenWeeks!: number;
  @Field(() => Float, { nullable: true }) systemWapePct!: number | null;
  @Field(() => Float, { nullable: true }) plannerWapePct!: number | null;
  @Field(() => Float, { nullable: true, description: 'System WAPE − planner WAPE (points); positive: the overrides helped.' }) fvaPoints!: number | null;
  @Field(() => Float, { nullable: true }) improvedShare!: number | null;
}

@ObjectType()
export class ForecastValueAddedReport {
  @Field(() => [ForecastValueAdded]) byApprover!: ForecastValueAdded[];
  @Field(() => ForecastValueAdded) overall!: ForecastValueAdded;
}

@ObjectType()
export class RolloutCriterion {
  @Field(() => RolloutPhaseEnum) phase!: string;
  @Field() metric!: string;
  @Field() comparator!: string;
  @Field(() => Float) threshold!: number;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field() met!: boolean;
}

@ObjectType()
export class RolloutReadinessReport {
  @Field(() => RolloutPhaseEnum) phase!: string;
  @Field({ description: 'advance, hold or step_back' }) verdict!: string;
  @Field(() => RolloutPhaseEnum) suggestedPhase!: string;
  @Field(() => [RolloutCriterion]) criteria!: RolloutCriterion[];
}

@ObjectType()
export class RegisteredModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => Int) version!: number;
  @Field() artifactRef!: string;
  @Field(() => String, { nullable: true }) trainingFrom!: string | null;
  @Field(() => String, { nullable: true }) trainingTo!: string | null;
  @Field(() => GraphQLJSON) backtestMetrics!: unknown;
  @Field() isProduction!: boolean;
  @Field(() => ID, { nullable: true, description: 'The version this one replaced in production (the rollback target).' }) replacedId!: string | null;
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
  @Field(() => String, { nullable: true }) promotedBy!: string | null;
  @Field(() => Date, { nullable: true }) promotedAt!: Date | null;
}

@ObjectType()
export class RetrainVerdict {
  @Field() retrain!: boolean;
  @Field(() => [String]) reasons!: string[];
  @Field(() => Float, { nullable: true }) lastWeekMapePct!: number | null;
  @Field(() => Int) driftEvents!: number;
  @Field(() => Float, { nullable: true }) modelAgeDays!: number | null;
  @Field({ nullable: true, description: 'The retraining job enqueued (retrainNow); its result is audited (model.retrained) and notified.' })
  jobId?: string;
}
