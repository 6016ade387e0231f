import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import GraphQLJSON from '../../common/json.scalar';

@ObjectType()
export class RunProgress {
  @Field(() => Int) total!: number;
  @Field(() => Int) processed!: number;
  @Field(() => Int) succeeded!: number;
  @Field(() => Int) insufficientHistory!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Int) urgent!: number;
  @Field(() => Int) high!: number;
}

@ObjectType()
export class ForecastRun {
  @Field(() => ID) id!: string;
  @Field() runKey!: string;
  @Field() trigger!: string;
  @Field() triggeredBy!: string;
  @Field() rolloutPhase!: string;
  @Field({ description: 'running, finalizing, completed or failed' }) status!: string;
  @Field(() => String, { nullable: true, description: 'Why the run failed (failed runs), or the last finalisation error.' }) error!: string | null;
  @Field({ description: 'Started with force while another run was active.' }) forced!: boolean;
  @Field() lastWeekStart!: string;
  @Field() startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => RunProgress) progress!: RunProgress;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Final statistics (completed runs).' }) stats!: unknown;
}
