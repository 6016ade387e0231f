import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum LevelAdjustmentStatusEnum {
  active = 'active',
  dropped = 'dropped',
}
registerEnumType(LevelAdjustmentStatusEnum, { name: 'LevelAdjustmentStatus' });

@ObjectType({ description: 'A level adjustment after a drift event: the nightly forecast re-fits the SKU on its history with the weeks before the change scaled by the ratio, while active.' })
export class LevelAdjustment {
  @Field(() => ID) id!: string;
  @Field() sku!: string;
  @Field({ description: 'The week whose drift event led to it (Monday).' }) driftWeek!: string;
  @Field({ description: 'The first week at the new level (Monday).' }) changeWeek!: string;
  @Field(() => Float, { description: 'New level / the forecast made just before the change (Σ actual / Σ forecast).' }) ratio!: number;
  @Field(() => Float, { description: 'How many standard deviations the actuals since the change lay from that forecast.' }) z!: number;
  @Field(() => LevelAdjustmentStatusEnum) status!: LevelAdjustmentStatusEnum;
  @Field(() => String, { nullable: true, description: 'Why it was dropped.' }) reason!: string | null;
  @Field(() => Int, { description: 'Realized weeks the weekly review compared.' }) weeksMeasured!: number;
  @Field(() => Float, { nullable: true, description: 'Σ |adjusted one-week forecast − actual| over those weeks.' }) adjustedError!: number | null;
  @Field(() => Float, { nullable: true, description: 'Σ |unadjusted one-week forecast − actual| over those weeks.' }) unadjustedError!: number | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
}

@ObjectType({ description: 'One demand pattern’s quantile levels (steps and horizon totals): learned from realized coverage with enough samples, the offline defaults otherwise.' })
export class PatternCalibrationLevels {
  @Field() pattern!: string;
  @Field() family!: string;
  @Field(() => Int, { description: 'Realized forecasts (8 weeks, every step) the levels were refitted on.' }) samples!: number;
  @Field({ description: 'True when the samples reached the minimum and the levels are learned.' }) learned!: boolean;
  @Field(() => Float) p90!: number;
  @Field(() => Float) p95!: number;
  @Field(() => Float) p99!: number;
  @Field(() => Float) defaultP90!: number;
  @Field(() => Float) defaultP95!: number;
  @Field(() => Float) defaultP99!: number;
  @Field(() => Int, { description: 'Realized horizon totals (forecasts whose every week has arrived, 8 weeks) the total levels were refitted on.' }) totalSamples!: number;
  @Field({ description: 'True when the realized totals reached the minimum and the total levels are learned.' }) totalLearned!: boolean;
  @Field(() => Float) totalP90!: number;
  @Field(() => Float) totalP95!: number;
  @Field(() => Float) totalP99!: number;
}

@ObjectType({ description: 'The calibration table the nightly forecast uses (the newest learned version; the defaults before any).' })
export class LearnedCalibration {
  @Field(() => Int, { nullable: true }) version!: number | null;
  @Field(() => String, { nullable: true, description: 'The complete week it was learned after.' }) weekStart!: string | null;
  @Field(() => Date, { nullable: true }) createdAt!: Date | null;
  @Field(() => Int, { description: 'Samples a pattern needs before its levels are learned.' }) minSamples!: number;
  @Field(() => [PatternCalibrationLevels]) patterns!: PatternCalibrationLevels[];
}
