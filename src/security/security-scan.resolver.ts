import { Args, Field, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { BadInputError } from '../common/errors';
import { AuthUser } from './auth-user';
import { CurrentUser } from './current-user.decorator';
import { Roles } from './roles.decorator';
import { SecurityScanService } from './security-scan.service';

@ObjectType()
export class SecurityScan {
  @Field(() => ID) id!: string;
  @Field() trigger!: string;
  @Field(() => GraphQLISODateTime) startedAt!: Date;
  @Field(() => GraphQLISODateTime) finishedAt!: Date;
  @Field({ description: '"ran" or "not_run" (the registry did not answer): not_run is never clean.' }) dependencyAudit!: string;
  @Field(() => String, { nullable: true }) dependencyAuditNote!: string | null;
  @Field(() => Int) filesScanned!: number;
  @Field(() => Int) findings!: number;
  @Field(() => Int) highOrCritical!: number;
}

@ObjectType()
export class SecurityFinding {
  @Field(() => ID) id!: string;
  @Field() kind!: string;
  @Field() severity!: string;
  @Field() rule!: string;
  @Field() location!: string;
  @Field() detail!: string;
}

@Roles('admin')
@Resolver()
export class SecurityScanResolver {
  constructor(private readonly scans: SecurityScanService) {}

  @Query(() => [SecurityScan], { description: 'Newest first.' })
  securityScans(@Args('first', { type: () => Int, defaultValue: 10 }) first: number): Promise<SecurityScan[]> {
    if (first < 1 || first > 100) throw BadInputError.field('first', 'must be between 1 and 100');
    return this.scans.latestScans(first);
  }

  @Query(() => [SecurityFinding], { description: 'Most severe first.' })
  securityFindings(@Args('scanId', { type: () => ID }) scanId: string, @Args('first', { type: () => Int, defaultValue: 100 }) first: number): Promise<SecurityFinding[]> {
    if (!/^[0-9a-f-]{36}$/i.test(scanId)) throw BadInputError.field('scanId', 'expected a scan id (uuid)');
    if (first < 1 || first > 500) throw BadInputError.field('first', 'must be between 1 and 500');
    return this.scans.findings(scanId, first);
  }

  @Mutation(() => SecurityScan, { description: 'Runs the security scan now (dependency audit, secret patterns, configuration).' })
  runSecurityScan(@CurrentUser() user: AuthUser): Promise<SecurityScan> {
    return this.scans.scan('manual', user.username);
  }
}
