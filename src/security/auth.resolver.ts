import { Args, Context, Field, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { Request } from 'express';
import { AuthService } from './auth.service';
import { Public } from './roles.decorator';

@ObjectType()
export class AuthToken {
  @Field() accessToken!: string;
  @Field() expiresAt!: Date;
  @Field() role!: string;
}

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => AuthToken, { description: 'Exchanges a username and password for a bearer token. Repeated attempts from one address are slowed (TOO_MANY_REQUESTS).' })
  login(@Args('username') username: string, @Args('password') password: string, @Context() ctx: { req: Request }): Promise<AuthToken> {
    return this.auth.login(username, password, ctx.req.ip ?? ctx.req.socket.remoteAddress ?? 'unknown');
  }
}
