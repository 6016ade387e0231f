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
import { newRefreshToken, refreshTokenHash, refusalOf } from './refresh-tokens';
import { RefreshTokensRepository } from './refresh-tokens.repository';
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
  /** Opaque, single use: `refreshSession` trades it for a new pair. */
  refreshToken: string;
  refreshExpiresAt: Date;
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
    private readonly refreshTokens: RefreshTokensRepository,
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
    const token = await this.issue({ sub: user.id, username: user.username, role: user.role, ver: user.tokenVersion }, null);
    await this.audit.append({ actor: user.username, action: 'user.login', entityType: 'user', entityId: user.id, payload: { role: user.role } });
    return token;
  }

  /**
   * Trades a refresh token for a new access token and a new refresh token of the same family; the
   * old one is used up (atomically: of two concurrent refreshes with one token exactly one wins).
   * A used token presented again after REFRESH_REUSE_GRACE_SECONDS is read as theft: the family
   * and all the user's sessions end (token version), it is audited, and the answer is
   * UNAUTHENTICATED like every other refusal. No access token is needed.
   */
  async refresh(refreshToken: string, clientIp = 'unknown'): Promise<IssuedToken> {
    const refused = () => new UnauthorizedException('invalid, used or expired refresh token; log in again');
    const hash = refreshTokenHash(refreshToken);
    if (!hash) throw refused();
    const now = this.clock.now();
    const claimed = await this.refreshTokens.claim(hash, now);
    if (claimed) {
      const state = await this.accounts.sessionState(claimed.userId);
      if (!state || state.disabled || state.tokenVersion !== claimed.tokenVersion) {
        await this.refreshTokens.revokeFamily(claimed.familyId, now, 'session ended');
        throw refused();
      }
      return this.issue({ sub: claimed.userId, username: state.username, role: state.role, ver: state.tokenVersion }, claimed.familyId);
    }
    const row = await this.refreshTokens.find(hash);
    if (row && refusalOf(row, now.getTime(), this.config.REFRESH_REUSE_GRACE_SECONDS * 1000) === 'reuse') {
      const revoked = await this.refreshTokens.revokeFamily(row.familyId, now, 'reuse');
      const state = await this.accounts.sessionState(row.userId);
      if (state) {
        await this.audit.append({ actor: 'security', action: 'user.refresh-token-reused', entityType: 'user', entityId: state.username, payload: { familyId: row.familyId, revokedTokens: revoked, clientIp } });
        await this.accounts.revokeSessions(state.username, 'security');
      }
    }
    throw refused();
  }

  /** Ends the refresh token's family (logout). True when there was a live family to end. */
  async logout(refreshToken: string): Promise<boolean> {
    const hash = refreshTokenHash(refreshToken);
    const row = hash && (await this.refreshTokens.find(hash));
    if (!row) return false;
    const revoked = await this.refreshTokens.revokeFamily(row.familyId, this.clock.now(), 'logout');
    if (revoked > 0) {
      const state = await this.accounts.sessionState(row.userId);
      await this.audit.append({ actor: state?.username ?? 'unknown', action: 'user.logout', entityType: 'user', entityId: state?.username ?? row.userId, payload: { familyId: row.familyId } });
    }
    return revoked > 0;
  }

  /** A short access token (JWT_EXPIRES_IN_SECONDS) and a refresh token (REFRESH_TOKEN_TTL_SECONDS) in `familyId`, or a new family. */
  private async issue(claims: TokenClaims, familyId: string | null): Promise<IssuedToken> {
    const { kid, secret } = await this.keys.signingKey();
    const expiresInSeconds = this.config.JWT_EXPIRES_IN_SECONDS;
    const accessToken = await this.jwt.signAsync({ ...claims }, { secret, keyid: kid, algorithm: 'HS256', expiresIn: expiresInSeconds });
    const refreshToken = newRefreshToken();
    const now = this.clock.now();
    const refreshExpiresAt = new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
    await this.refreshTokens.insert({ familyId, userId: claims.sub, tokenHash: refreshTokenHash(refreshToken)!, tokenVersion: claims.ver, createdAt: now, expiresAt: refreshExpiresAt });
    return { accessToken, expiresAt: new Date(Date.now() + expiresInSeconds * 1000), role: claims.role, refreshToken, refreshExpiresAt };
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
