import { Args, Field, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { textArg } from '../common/input-checks';
import GraphQLJSON from '../common/json.scalar';
import { Roles } from '../security/roles.decorator';
import { AuditService, EXPORT_MAX_ENTRIES } from './audit.service';

@ObjectType()
export class AuditChainVerdict {
  @Field() valid!: boolean;
  @Field(() => Int, { description: 'Entries verified before the first bad one (all of them when valid).' }) entries!: number;
  @Field(() => Int, { nullable: true, description: 'Sequence number of the first entry that does not fit.' }) firstBadSeq?: number;
  @Field({ nullable: true }) reason?: string;
  @Field(() => Int, { nullable: true, description: 'The newest anchored entry the chain was checked against (audit_anchors / checkpoint file).' }) anchoredSeq?: number;
  @Field(() => GraphQLISODateTime, { nullable: true }) anchoredAt?: Date;
}

@ObjectType()
export class AuditAnchorInfo {
  @Field(() => Int) seq!: number;
  @Field() hash!: string;
  @Field(() => Int) entries!: number;
  // Nest's DateTime scalar serialises Date objects only (a string becomes a null-value error).
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType()
export class AuditEntry {
  @Field(() => Int) seq!: number;
  @Field() actor!: string;
  @Field() action!: string;
  @Field() entityType!: string;
  @Field(() => ID, { nullable: true }) entityId!: string | null;
  @Field(() => GraphQLJSON) payload!: unknown;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
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
    return verdict.valid ? { valid: true, entries: verdict.entries, anchoredSeq: verdict.anchor?.seq, anchoredAt: verdict.anchor ? new Date(verdict.anchor.createdAt) : undefined } : verdict;
  }

  @Roles('admin')
  @Mutation(() => AuditAnchorInfo, { nullable: true, description: 'Anchors the newest entry now (also done every AUDIT_ANCHOR_CRON); null when the chain is empty or broken.' })
  async anchorAuditChain(): Promise<AuditAnchorInfo | undefined> {
    const anchor = await this.audit.anchor();
    return anchor && { ...anchor, createdAt: new Date(anchor.createdAt) };
  }

  @Roles('admin')
  @Query(() => String, { description: `Entries created in [from, to) as JSON Lines, oldest first (at most ${EXPORT_MAX_ENTRIES}); check offline with neuronexus verify-audit --file.` })
  async exportAudit(@Args('from', { type: () => GraphQLISODateTime }) from: Date, @Args('to', { type: () => GraphQLISODateTime }) to: Date): Promise<string> {
    let text = '';
    for await (const line of this.audit.exportLines(from, to, EXPORT_MAX_ENTRIES)) text += line;
    return text;
  }

  @Roles('admin')
  @Query(() => [AuditEntry], { description: 'Newest first; page with beforeSeq.' })
  async auditLog(
    @Args('entityType', { nullable: true }) entityType?: string,
    @Args('entityId', { nullable: true }) entityId?: string,
    @Args('beforeSeq', { type: () => Int, nullable: true }) beforeSeq?: number,
    @Args('first', { type: () => Int, defaultValue: 50 }) first = 50,
  ): Promise<AuditEntry[]> {
    const entries = await this.audit.list({ entityType: textArg(entityType, 'entityType'), entityId: textArg(entityId, 'entityId'), beforeSeq, limit: Math.min(Math.max(first, 1), 500) });
    return entries.map((e) => ({ ...e, createdAt: new Date(e.createdAt) }));
  }
}
