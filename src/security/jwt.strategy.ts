import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createSecretKey, KeyObject } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthUser } from './auth-user';
import { SigningKeysService } from './signing-keys.service';
import { roles } from './user.entity';
import { UsersService } from './users.service';

/** The `kid` in a token's header, without trusting anything else in it yet. */
export function tokenKid(rawJwt: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(rawJwt.split('.')[0], 'base64url').toString('utf8'));
    return typeof header.kid === 'string' && header.kid.length <= 100 ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The secret as a KeyObject, made once per loaded key: jsonwebtoken's `verify` given a Buffer first
 * tries `createPublicKey` on it (which throws) and only then `createSecretKey`, about 2.6 ms of CPU
 * per request under load (bench/load, docs/BENCHMARKS.md). Keyed on the Buffer the signing-keys
 * service holds, so a reloaded key set gets new KeyObjects and the old ones go with their Buffers.
 */
const keyObjects = new WeakMap<Buffer, KeyObject>();
export function secretKeyObject(secret: Buffer): KeyObject {
  let key = keyObjects.get(secret);
  if (!key) keyObjects.set(secret, (key = createSecretKey(secret)));
  return key;
}

/**
 * passport-jwt: a bearer token signed (HS256 only, so `alg: none` and key-confusion tricks fail)
 * by one of our signing keys named by its `kid`, with an `exp` in the future, whose user still
 * exists, is not disabled and has not had its sessions ended since (token_version). The role is
 * the user's current one, not the one in the token.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    keys: SigningKeysService,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      algorithms: ['HS256'],
      // passport-jwt hands the key to jsonwebtoken's verify as it is; its types predate KeyObject.
      secretOrKeyProvider: (_request: unknown, rawJwt: string, done: (error: Error | null, secret?: Buffer) => void) => {
        const kid = tokenKid(rawJwt);
        if (!kid) return done(new Error('token has no kid'));
        keys.verificationKey(kid).then(
          (secret) => (secret ? done(null, secretKeyObject(secret) as unknown as Buffer) : done(new Error('unknown or expired signing key'))),
          (error: Error) => done(error),
        );
      },
    });
  }

  validate(payload: Record<string, unknown>): Promise<AuthUser | false> {
    return sessionUser(payload, this.users);
  }
}

/** The user a verified token's claims stand for, as the database has them now; false when the session ended. */
export async function sessionUser(payload: Record<string, unknown>, users: UsersService): Promise<AuthUser | false> {
  const { sub, ver, exp } = payload;
  if (typeof sub !== 'string' || typeof ver !== 'number' || typeof exp !== 'number') return false;
  const state = await users.sessionState(sub);
  if (!state || state.disabled || state.tokenVersion !== ver || !roles.includes(state.role)) return false;
  return { id: sub, username: state.username, role: state.role };
}
