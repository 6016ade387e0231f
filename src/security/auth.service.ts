import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { DataSource } from 'typeorm';
import { BadInputError } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { AuditService } from '../audit/audit.service';
import { LoginThrottle } from './login-throttle';
import { Role, roles, User } from './user.entity';

const BCRYPT_ROUNDS = 12;
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= bcrypt.hash('no such user', BCRYPT_ROUNDS));

export interface IssuedToken {
  accessToken: string;
  expiresAt: Date;
  role: Role;
}

@Injectable()
export class AuthService {
  private readonly throttle = new LoginThrottle();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<IssuedToken> {
    const waitMs = this.throttle.retryAfterMs(username, Date.now());
    if (waitMs > 0) throw new HttpException(`too many failed logins for ${username}; try again in ${Math.ceil(waitMs / 1000)} s`, HttpStatus.TOO_MANY_REQUESTS);
    const user = await this.db.getRepository(User).findOneBy({ username });
    // Compare against a dummy hash when the user is unknown, so timing does not reveal which names exist.
    const ok = await bcrypt.compare(password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok) {
      this.throttle.recordFailure(username, Date.now());
      throw new UnauthorizedException('invalid username or password');
    }
    this.throttle.recordSuccess(username);
    const expiresInSeconds = this.config.JWT_EXPIRES_IN_SECONDS;
    const accessToken = await this.jwt.signAsync({ sub: user.id, username: user.username, role: user.role }, { expiresIn: expiresInSeconds });
    await this.audit.append({ actor: user.username, action: 'user.login', entityType: 'user', entityId: user.id, payload: { role: user.role } });
    return { accessToken, expiresAt: new Date(Date.now() + expiresInSeconds * 1000), role: user.role };
  }

  /** Creates the user, or sets a new password and role when the name exists. */
  async createUser(username: string, password: string, role: Role): Promise<{ created: boolean }> {
    if (!/^[A-Za-z0-9._@-]{2,64}$/.test(username)) throw BadInputError.field('username', '2–64 characters of letters, digits, . _ @ -');
    if (password.length < 8) throw BadInputError.field('password', 'at least 8 characters');
    if (!roles.includes(role)) throw BadInputError.field('role', `one of ${roles.join(', ')}`);
    const passwordHash = await bcrypt.hash(password, BCRYPT_ROUNDS);
    const rows: { inserted: boolean }[] = await this.db.query(
      `INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role
       RETURNING (xmax = 0) AS inserted`,
      [username, passwordHash, role],
    );
    await this.audit.append({ actor: 'cli', action: rows[0].inserted ? 'user.created' : 'user.updated', entityType: 'user', entityId: username, payload: { role } });
    return { created: rows[0].inserted };
  }

  async userExists(username: string): Promise<boolean> {
    return this.db.getRepository(User).existsBy({ username });
  }
}
