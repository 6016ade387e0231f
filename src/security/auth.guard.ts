import { ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import { AuthUser } from './auth-user';
import { MutationThrottle } from './mutation-throttle.service';
import { roleAllows } from './role-rank';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { Role } from './user.entity';

/**
 * Guards every GraphQL resolver: a valid bearer token (passport-jwt) unless the resolver is
 * @Public(), and a role that allows the resolver's @Roles() (viewer when none is named); a
 * mutation also takes one from the user's MUTATION_RATE_PER_MINUTE bucket.
 * Plain HTTP routes (health, metrics) are not GraphQL and pass through.
 */
@Injectable()
export class AuthGuard extends PassportAuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly throttle: MutationThrottle,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    await super.canActivate(context);
    const user = this.getRequest(context).user as AuthUser;
    const required = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? ['viewer'];
    if (!roleAllows(user.role, required)) {
      throw new ForbiddenException(`role ${user.role} may not do this (needs ${required.join(' or ')})`);
    }
    // Every signed-in mutation counts against the user's MUTATION_RATE_PER_MINUTE (the @Public ones — login with its own throttle, refreshSession, logout — do not).
    if (GqlExecutionContext.create(context).getInfo()?.parentType?.name === 'Mutation') await this.throttle.take(user.id, this.getRequest(context).res);
    return true;
  }

  override getRequest(context: ExecutionContext) {
    return GqlExecutionContext.create(context).getContext().req;
  }

  override handleRequest<T>(error: unknown, user: T | false): T {
    if (error || !user) throw new UnauthorizedException('missing, invalid or expired bearer token');
    return user;
  }
}
