import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DecimalScalar } from '../../common/decimal.scalar';
import GraphQLJSON from '../../common/json.scalar';

@ObjectType()
export class ForecastWeek {
  @Field() weekStart!: string;
  @Field(() => Float) mean!: number;
  @Field(() => Float) sd!: number;
  @Field(() => Float) p50!: number;
  @Field(() => Float) p90!: number;
  @Field(() => Float) p95!: number;
  @Field(() => Float) p99!: number;
}

@ObjectType()
export class Forecast {
  @Field(() => ID) id!: string;
  @Field(() => ID) runId!: string;
  @Field() sku!: string;
  @Field() model!: string;
  @Field() demandPattern!: string;
  @Field(() => Int) historyWeeks!: number;
  @Field(() => [ForecastWeek]) weeks!: ForecastWeek[];
  @Field(() => DecimalScalar) totalMean!: string;
  @Field(() => DecimalScalar) totalSd!: string;
  @Field(() => DecimalScalar) totalP50!: string;
  @Field(() => DecimalScalar) totalP90!: string;
  @Field(() => DecimalScalar) totalP95!: string;
  @Field(() => DecimalScalar) totalP99!: string;
  @Field(() => GraphQLJSON) weights!: unknown;
  @Field({ description: 'Made from similar items (the same supplier’s SKUs, scaled by its own short history) for a SKU with fewer than 12 weeks of history; its interval is wide.' })
  coldStart!: boolean;
  @Field() createdAt!: Date;
}
