import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import GraphQLJSON from '../../common/json.scalar';
import { PageInfo } from '../../inventory/dto/inventory.inputs';

export enum IncidentStatusEnum {
  open = 'open',
  acknowledged = 'acknowledged',
  resolved = 'resolved',
}
registerEnumType(IncidentStatusEnum, { name: 'IncidentStatus' });

@ObjectType()
export class IncidentEvent {
  @Field(() => GraphQLISODateTime) at!: string;
  @Field({ description: 'opened, alerted, check_failed, rollback, github_issue, acknowledged, resolved, …' }) type!: string;
  @Field() message!: string;
  @Field(() => GraphQLJSON, { nullable: true }) data?: unknown;
}

@ObjectType()
export class Incident {
  @Field(() => ID) id!: string;
  @Field({ description: 'health_check_failed, run_failed, run_unfinished, run_missing, retraining_failed, …' }) kind!: string;
  @Field(() => IncidentStatusEnum) status!: IncidentStatusEnum;
  @Field() summary!: string;
  @Field(() => GraphQLJSON) details!: unknown;
  @Field(() => [IncidentEvent], { description: 'The timeline, oldest first.' }) events!: IncidentEvent[];
  @Field(() => String, { nullable: true, description: 'The GitHub issue filed for it, when one was.' }) externalUrl!: string | null;
  @Field(() => GraphQLISODateTime) openedAt!: Date;
  @Field(() => String, { nullable: true }) acknowledgedBy!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) resolvedAt!: Date | null;
}

@ObjectType()
export class Anomaly {
  @Field(() => ID) id!: string;
  @Field({ description: 'latency or error_rate' }) kind!: string;
  @Field({ description: 'graphql (per operation) or job (per job name)' }) source!: string;
  @Field({ description: 'The operation or job name.' }) subject!: string;
  @Field(() => GraphQLJSON, { description: 'The numbers that decided it (means, σ, threshold; or errors / requests).' }) details!: unknown;
  @Field(() => Int, { description: 'Anomalies of the same series the cooldown suppressed before this one.' }) suppressedBefore!: number;
  @Field(() => GraphQLISODateTime) detectedAt!: Date;
}

@ObjectType()
export class AnomalyConnection {
  @Field(() => [Anomaly]) nodes!: Anomaly[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
