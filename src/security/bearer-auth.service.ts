import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthUser } from './auth-user';
import { secretKeyObject, sessionUser, tokenKid } from './jwt.strategy';
import { SigningKeysService } from './signing-keys.service';
import { UsersService } from './users.service';

/**
 * The signed-in user of a request's bearer token, checked the way the auth guard's passport-jwt
 * strategy checks it (HS256 by one of our keys named by `kid`, not expired, the session not ended,
 * the user's current role), for plugins that answer before any resolver (and so the guard) runs:
 * introspection, and the read cache's stored answers.
 */
@Injectable()
export class BearerAuthService {
  constructor(
    private readonly jwt: JwtService,
    private readonly keys: SigningKeysService,
    private readonly users: UsersService,
  ) {}

  async user(authorization: string | undefined): Promise<AuthUser | false> {
    const raw = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? '')?.[1];
    const kid = raw && tokenKid(raw);
    if (!raw || !kid) return false;
    try {
      const secret = await this.keys.verificationKey(kid);
      if (!secret) return false;
      // A KeyObject, as the strategy passes it: given the Buffer, jsonwebtoken first tries it as a public key (0.8 ms a request).
      const payload = await this.jwt.verifyAsync<Record<string, unknown>>(raw, { secret: secretKeyObject(secret) as unknown as Buffer, algorithms: ['HS256'] });
      return await sessionUser(payload, this.users);
    } catch {
      return false;
    }
  }
}
