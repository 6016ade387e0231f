import { Args, Field, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
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
  @Mutation(() => AuthToken, { description: 'Exchanges a username and password for a bearer token.' })
  login(@Args('username') username: string, @Args('password') password: string): Promise<AuthToken> {
    return this.auth.login(username, password);
  }
}
