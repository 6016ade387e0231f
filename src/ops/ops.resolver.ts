import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { checkUuid } from '../common/check-uuid';
import { BadInputError } from '../common/errors';
import { AuthUser } from '../security/auth-user';
import { CurrentUser } from '../security/current-user.decorator';
import { Roles } from '../security/roles.decorator';
import { AnomalyService } from './anomaly.service';
import { AnomalyConnection, Incident, IncidentStatusEnum } from './dto/ops.types';
import { IncidentService } from './incident.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkFirst(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > 500) throw BadInputError.field('first', 'must be between 1 and 500');
  return first;
}

/** Incidents and anomalies: read by anyone signed in; acknowledged by approvers and admins. */
@Resolver()
export class OpsResolver {
  constructor(
    private readonly incidentService: IncidentService,
    private readonly anomalyService: AnomalyService,
  ) {}

  @Query(() => [Incident], { name: 'incidents', description: 'Newest first, optionally of one status.' })
  async listIncidents(
    @Args('status', { type: () => IncidentStatusEnum, nullable: true }) status?: IncidentStatusEnum,
    @Args('first', { type: () => Int, defaultValue: 50 }) first = 50,
  ): Promise<Incident[]> {
    return (await this.incidentService.list(status ?? null, checkFirst(first))) as unknown as Incident[];
  }

  @Roles('approver')
  @Mutation(() => Incident, { description: 'Marks an open incident as being handled (approver or admin).' })
  async acknowledgeIncident(@Args('id', { type: () => ID }) id: string, @CurrentUser() user: AuthUser): Promise<Incident> {
    return (await this.incidentService.acknowledge(checkUuid(id), user.username)) as unknown as Incident;
  }

  @Query(() => AnomalyConnection, { name: 'anomalies', description: 'Detected anomalies, newest first.' })
  async listAnomalies(@Args('first', { type: () => Int, defaultValue: 50 }) first = 50, @Args('after', { nullable: true }) after?: string): Promise<AnomalyConnection> {
    checkFirst(first);
    let cursor: { detectedAt: string; id: string } | null = null;
    if (after) {
      try {
        const [detectedAt, id] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as [string, string];
        if (Number.isNaN(Date.parse(detectedAt)) || !UUID.test(id)) throw new Error('bad cursor');
        cursor = { detectedAt, id };
      } catch {
        throw BadInputError.field('after', 'is not a cursor from this query');
      }
    }
    const rows = await this.anomalyService.list(first + 1, cursor);
    const nodes = rows.slice(0, first);
    const last = nodes[nodes.length - 1];
    return {
      nodes,
      pageInfo: { hasNextPage: rows.length > first, endCursor: last ? Buffer.from(JSON.stringify([new Date(last.detectedAt).toISOString(), last.id])).toString('base64url') : null },
    };
  }
}
