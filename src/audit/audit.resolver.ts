import { Args, Field, GraphQLISODateTime, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { textArg } from '../common/input-checks';
import GraphQLJSON from '../common/json.scalar';
import { Roles } from '../security/roles.decorator';
import { AuditService } from './audit.service';

@ObjectType()
export class AuditChainVerdict {
  @Field() valid!: boolean;
  @Field(() => Int, { description: 'Entries verified before the first bad one (all of them when valid).' }) entries!: number;
  @Field(() => Int, { nullable: true, description: 'Sequence number of the first entry that does not fit.' }) firstBadSeq?: number;
  @Field({ nullable: true }) reason?: string;
}

@ObjectType()
export class AuditEntry {
  @Field(() => Int) seq!: number;
  @Field() actor!: string;
  @Field() action!: string;
  @Field() entityType!: string;
  @Field(() => ID, { nullable: true }) entityId!: string | null;
  @Field(() => GraphQLJSON) payload!: unknown;
  @Field(() => GraphQLISODateTime) createdAt!: string;
  @Field() prevHash!: string;
  @Field() hash!: string;
}

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Roles('admin')
  @Query(() => AuditChainVerdict, { description: 'Walks the whole audit chain and names the first entry that does not fit.' })
  async verifyAuditChain(): Promise<AuditChainVerdict> {
    const verdict = await this.audit.verify();
    return verdict.valid ? { valid: true, entries: verdict.entries } : verdict;
  }

  @Roles('admin')
  @Query(() => [AuditEntry], { description: 'Newest first; page with beforeSeq.' })
  auditLog(
    @Args('entityType', { nullable: true }) entityType?: string,
    @Args('entityId', { nullable: true }) entityId?: string,
    @Args('beforeSeq', { type: () => Int, nullable: true }) beforeSeq?: number,
    @Args('first', { type: () => Int, defaultValue: 50 }) first = 50,
  ): Promise<AuditEntry[]> {
    return this.audit.list({ entityType: textArg(entityType, 'entityType'), entityId: textArg(entityId, 'entityId'), beforeSeq, limit: Math.min(Math.max(first, 1), 500) });
  }
}
