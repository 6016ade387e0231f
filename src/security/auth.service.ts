import { HttpException, HttpStatus, Inject, Injectable, Optional, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Redis } from 'ioredis';
import { availableParallelism } from 'node:os';
import { ConcurrencyGate, GateFullError } from '../common/concurrency-gate';
import { AuditService } from '../audit/audit.service';
import { Clock, CLOCK } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { REDIS_CONNECTION } from '../jobs/redis-connection';
import { AttemptStore, MemoryAttemptStore, PER_IP, PER_IP_AND_USER } from './login-throttle';
import { hashPassword, needsRehash, verifyPassword } from './password-hash';
import { RedisAttemptStore } from './redis-attempt-store';
import { SigningKeysService } from './signing-keys.service';
import { Role } from './user.entity';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

let dummy: Promise<string> | undefined;
/** Verified against when the name is unknown, so timing does not reveal which names exist. */
const dummyHash = () => (dummy ??= hashPassword('no such user, no such password'));

/**
 * Password checks at once per process: one core fewer than the machine has (at least one), so a
 * burst of logins cannot take every core from the reads (bench/load); a few more wait, the rest
 * are refused with TOO_MANY_REQUESTS before any hashing.
 */
const HASHES_AT_ONCE = Math.max(1, availableParallelism() - 1);
const hashGate = new ConcurrencyGate(HASHES_AT_ONCE, 4 * HASHES_AT_ONCE);

export interface IssuedToken {
  accessToken: string;
  expiresAt: Date;
  role: Role;
}

/** What a token carries: who, which session generation, and the role at issue (informational; the database's role counts). */
export interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  ver: number;
}

@Injectable()
export class AuthService {
  private readonly attempts: AttemptStore;

  constructor(
    private readonly users: UsersRepository,
    private readonly accounts: UsersService,
    private readonly keys: SigningKeysService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(REDIS_CONNECTION) redis?: Redis,
  ) {
    this.attempts = redis ? new RedisAttemptStore(redis, config.QUEUE_PREFIX) : new MemoryAttemptStore();
  }

  /**
   * Checks the throttle (per IP + name, and per IP) before the password, so every attempt is
   * counted atomically; then the password off the event loop (scrypt, a bounded number at once),
   * then issues a token.
   */
  async login(username: string, password: string, clientIp = 'unknown'): Promise<IssuedToken> {
    const now = this.clock.now().getTime();
    const name = username.slice(0, 128).toLowerCase();
    for (const [key, policy] of [[`ip:${clientIp}`, PER_IP], [`ipu:${clientIp}|${name}`, PER_IP_AND_USER]] as const) {
      const verdict = await this.attempts.attempt(key, now, policy);
      if (!verdict.allowed) throw new HttpException(`too many login attempts; try again in ${Math.ceil(verdict.waitMs / 1000)} s`, HttpStatus.TOO_MANY_REQUESTS);
    }
    const user = await this.users.findByUsername(username);
    const ok = await hashGate
      .run(async () => verifyPassword(password, user?.passwordHash ?? (await dummyHash())))
      .catch((error: unknown) => {
        if (error instanceof GateFullError) throw new HttpException('too many logins at once; try again in a moment', HttpStatus.TOO_MANY_REQUESTS);
        throw error;
      });
    if (!user || !ok || user.disabledAt) throw new UnauthorizedException('invalid username or password');
    await this.attempts.clear(`ipu:${clientIp}|${name}`);
    if (needsRehash(user.passwordHash)) await this.users.rehash(user.id, await hashPassword(password));
    const token = await this.issue({ sub: user.id, username: user.username, role: user.role, ver: user.tokenVersion });
    await this.audit.append({ actor: user.username, action: 'user.login', entityType: 'user', entityId: user.id, payload: { role: user.role } });
    return token;
  }

  private async issue(claims: TokenClaims): Promise<IssuedToken> {
    const { kid, secret } = await this.keys.signingKey();
    const expiresInSeconds = this.config.JWT_EXPIRES_IN_SECONDS;
    const accessToken = await this.jwt.signAsync({ ...claims }, { secret, keyid: kid, algorithm: 'HS256', expiresIn: expiresInSeconds });
    return { accessToken, expiresAt: new Date(Date.now() + expiresInSeconds * 1000), role: claims.role };
  }

  /** Creates the user, or sets a new password and role when the name exists (CLI, demo, tests). */
  async createUser(username: string, password: string, role: Role): Promise<{ created: boolean }> {
    const { created } = await this.accounts.create(username, password, role, 'cli', true);
    return { created };
  }

  async userExists(username: string): Promise<boolean> {
    return this.accounts.exists(username);
  }
}
