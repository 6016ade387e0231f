import { Args, Field, GraphQLISODateTime, ID, Mutation, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { AuthUser } from './auth-user';
import { CurrentUser } from './current-user.decorator';
import { Roles } from './roles.decorator';
import { SigningKeysService } from './signing-keys.service';
import { Role, roles } from './user.entity';
import { UsersService } from './users.service';

export const RoleEnum = Object.fromEntries(roles.map((r) => [r, r])) as { [K in Role]: K };
registerEnumType(RoleEnum, { name: 'Role' });

@ObjectType()
export class UserAccount {
  @Field(() => ID) id!: string;
  @Field() username!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field({ description: 'Disabled users cannot log in and their tokens are refused.' }) disabled!: boolean;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType()
export class SigningKeyRotation {
  @Field({ description: 'The key that signs from now on.' }) kid!: string;
  @Field(() => [String], { description: 'Keys that stopped signing; they verify until their tokens expire.' }) retired!: string[];
}

/** User administration (admin only). Every change ends the user's sessions on their next request. */
@Roles('admin')
@Resolver()
export class UsersResolver {
  constructor(
    private readonly users: UsersService,
    private readonly keys: SigningKeysService,
  ) {}

  @Query(() => [UserAccount], { name: 'users', description: 'Every user, by name.' })
  listUsers(): Promise<UserAccount[]> {
    return this.users.list();
  }

  @Mutation(() => UserAccount, { description: 'Creates a user; the password needs 12+ characters of two kinds (or 16+), not well known, not containing the name.' })
  async createUser(@Args('username') username: string, @Args('password') password: string, @Args('role', { type: () => RoleEnum }) role: Role, @CurrentUser() user: AuthUser): Promise<UserAccount> {
    return (await this.users.create(username, password, role, user.username)).account;
  }

  @Mutation(() => UserAccount, { description: 'Changes a role; the user’s current tokens stop working.' })
  setUserRole(@Args('username') username: string, @Args('role', { type: () => RoleEnum }) role: Role, @CurrentUser() user: AuthUser): Promise<UserAccount> {
    return this.users.setRole(username, role, user.username);
  }

  @Mutation(() => UserAccount, { description: 'Disables (or with enabled: true re-enables) a user; tokens stop working.' })
  disableUser(@Args('username') username: string, @CurrentUser() user: AuthUser, @Args('enabled', { defaultValue: false }) enabled: boolean): Promise<UserAccount> {
    return enabled ? this.users.enable(username, user.username) : this.users.disable(username, user.username);
  }

  @Mutation(() => UserAccount, { description: 'Sets a new password; the user’s current tokens stop working.' })
  resetPassword(@Args('username') username: string, @Args('password') password: string, @CurrentUser() user: AuthUser): Promise<UserAccount> {
    return this.users.resetPassword(username, password, user.username);
  }

  @Mutation(() => UserAccount, { description: 'Ends every session of the user: tokens issued before now are refused on their next request.' })
  revokeSessions(@Args('username') username: string, @CurrentUser() user: AuthUser): Promise<UserAccount> {
    return this.users.revokeSessions(username, user.username);
  }

  @Mutation(() => SigningKeyRotation, { description: 'A new token-signing key signs from now; the old ones verify until their tokens expire.' })
  rotateSigningKey(@CurrentUser() user: AuthUser): Promise<SigningKeyRotation> {
    return this.keys.rotate(user.username, 'rotateSigningKey');
  }
}
