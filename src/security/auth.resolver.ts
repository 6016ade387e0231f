import { Args, Context, Field, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { Request } from 'express';
import { AuthService } from './auth.service';
import { Public } from './roles.decorator';

@ObjectType()
export class AuthToken {
  @Field({ description: 'Bearer token for every other request; short-lived (JWT_EXPIRES_IN_SECONDS).' }) accessToken!: string;
  @Field() expiresAt!: Date;
  @Field() role!: string;
  @Field({ description: 'Opaque and single use: refreshSession trades it for a new pair before expiresAt. Presenting a used one again ends the session.' }) refreshToken!: string;
  @Field() refreshExpiresAt!: Date;
}

const clientIp = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => AuthToken, { description: 'Exchanges a username and password for an access token and a refresh token. Repeated attempts from one address are slowed (TOO_MANY_REQUESTS).' })
  login(@Args('username') username: string, @Args('password') password: string, @Context() ctx: { req: Request }): Promise<AuthToken> {
    return this.auth.login(username, password, clientIp(ctx.req));
  }

  @Public()
  @Mutation(() => AuthToken, { description: 'Trades a refresh token (no access token needed) for a new access token and refresh token; the old refresh token is used up. A used one presented again ends all the user’s sessions (UNAUTHENTICATED).' })
  refreshSession(@Args('refreshToken') refreshToken: string, @Context() ctx: { req: Request }): Promise<AuthToken> {
    return this.auth.refresh(refreshToken, clientIp(ctx.req));
  }

  @Public()
  @Mutation(() => Boolean, { description: 'Ends the session the refresh token belongs to (its whole family). False when it was already over.' })
  logout(@Args('refreshToken') refreshToken: string): Promise<boolean> {
    return this.auth.logout(refreshToken);
  }
}
