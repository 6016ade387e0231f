import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock, CLOCK } from '../clock/clock';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors';
import { hashPassword } from './password-hash';
import { passwordProblem } from './password-strength';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { Role, roles } from './user.entity';
import { UserRecord, UsersRepository } from './users.repository';

export interface SessionState {
  username: string;
  role: Role;
  tokenVersion: number;
  disabled: boolean;
}

/**
 * How long a process trusts what it last read about a user's sessions. Changes made in this
 * process drop the entry at once; another API process sees them within this time.
 */
export const SESSION_CACHE_MS = 1000;

export interface UserAccount {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
}

const toAccount = (u: UserRecord): UserAccount => ({ id: u.id, username: u.username, role: u.role, disabled: u.disabledAt !== null, createdAt: u.createdAt });

/** Users and their sessions: creating, changing roles, disabling, resetting passwords, ending sessions. */
@Injectable()
export class UsersService {
  private readonly sessions = new Map<string, { state: SessionState | null; readAtMs: number }>();

  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly refreshTokens: RefreshTokensRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(): Promise<UserAccount[]> {
    return (await this.users.list()).map(toAccount);
  }

  /** The user's current role and token version (null: no such user), cached for SESSION_CACHE_MS. */
  async sessionState(userId: string): Promise<SessionState | null> {
    const cached = this.sessions.get(userId);
    if (cached && Date.now() - cached.readAtMs < SESSION_CACHE_MS) return cached.state;
    const user = await this.users.findById(userId);
    const state = user ? { username: user.username, role: user.role, tokenVersion: user.tokenVersion, disabled: user.disabledAt !== null } : null;
    if (this.sessions.size > 10_000) this.sessions.clear();
    this.sessions.set(userId, { state, readAtMs: Date.now() });
    return state;
  }

  /**
   * Creates a user. `replace` (the CLI's create-user) resets the password and role of an existing
   * name and ends its sessions; without it an existing name is a CONFLICT.
   */
  async create(username: string, password: string, role: Role, actor: string, replace = false): Promise<{ created: boolean; account: UserAccount }> {
    validateUsername(username);
    if (!roles.includes(role)) throw BadInputError.field('role', `one of ${roles.join(', ')}`);
    const weak = passwordProblem(password, username);
    if (weak) throw BadInputError.field('password', weak);
    const passwordHash = await hashPassword(password);
    const result = await this.db.transaction(async (tx) => {
      const row = await this.users.upsert(tx, { username, passwordHash, role }, replace);
      if (!row) throw new ConflictError(`user ${username} already exists`);
      await this.audit.append({ actor, action: row.inserted ? 'user.created' : 'user.updated', entityType: 'user', entityId: username, payload: { role } }, tx);
      const user = (await this.users.findByUsername(username, tx))!;
      if (!row.inserted) await this.refreshTokens.revokeUser(user.id, this.clock.now(), 'user.updated', tx);
      return { created: row.inserted, account: toAccount(user) };
    });
    this.sessions.delete(result.account.id);
    return result;
  }

  setRole(username: string, role: Role, actor: string): Promise<UserAccount> {
    if (!roles.includes(role)) throw BadInputError.field('role', `one of ${roles.join(', ')}`);
    return this.change(username, { role }, actor, 'user.role-changed', { role });
  }

  disable(username: string, actor: string): Promise<UserAccount> {
    if (username === actor) throw BadInputError.field('username', 'you cannot disable yourself');
    return this.change(username, { disabled: true }, actor, 'user.disabled', {});
  }

  enable(username: string, actor: string): Promise<UserAccount> {
    return this.change(username, { disabled: false }, actor, 'user.enabled', {});
  }

  revokeSessions(username: string, actor: string): Promise<UserAccount> {
    return this.change(username, {}, actor, 'user.sessions-revoked', {});
  }

  async resetPassword(username: string, password: string, actor: string): Promise<UserAccount> {
    const weak = passwordProblem(password, username);
    if (weak) throw BadInputError.field('password', weak);
    return this.change(username, { passwordHash: await hashPassword(password) }, actor, 'user.password-reset', {});
  }

  async exists(username: string): Promise<boolean> {
    return this.users.exists(username);
  }

  /**
   * One change in one transaction with its audit entry; it bumps the token version (access tokens
   * stop working on their next request) and revokes the user's refresh tokens (no new ones).
   */
  private async change(username: string, change: { role?: Role; passwordHash?: string; disabled?: boolean }, actor: string, action: string, payload: Record<string, unknown>): Promise<UserAccount> {
    validateUsername(username);
    const account = await this.db.transaction(async (tx) => {
      const user = await this.users.update(tx, username, change);
      if (!user) throw new NotFoundError('user', username);
      await this.refreshTokens.revokeUser(user.id, this.clock.now(), action, tx);
      await this.audit.append({ actor, action, entityType: 'user', entityId: username, payload: { ...payload, tokenVersion: user.tokenVersion } }, tx);
      return toAccount(user);
    });
    // After the commit, so a request in between cannot cache the old state again.
    this.sessions.delete(account.id);
    return account;
  }
}

function validateUsername(username: string): void {
  if (!/^[A-Za-z0-9._@-]{2,64}$/.test(username)) throw BadInputError.field('username', '2–64 characters of letters, digits, . _ @ -');
}
