import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Clock, CLOCK } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { openSecret, sealSecret } from './key-encryption';
import { SigningKeysRepository } from './signing-keys.repository';

export const SIGNING_MASTER_KEY = Symbol('SIGNING_MASTER_KEY');

interface LoadedKey {
  kid: string;
  secret: Buffer;
  retired: boolean;
  verifyUntil: Date | null;
}

/** Reload the key set at most this often when a token names a kid we do not know (another process rotated). */
const UNKNOWN_KID_RELOAD_MS = 1000;
/** And anyway this often, so every process starts signing with a new key soon after a rotation. */
const RELOAD_MS = 60_000;
/** Clock skew allowed between processes when a retired key stops verifying. */
const SKEW_MS = 60_000;

/**
 * Token signing keys: HMAC-SHA256 secrets kept in `signing_keys`, sealed with the master key.
 * The newest unretired key signs (its id is the token's `kid`); `rotate()` makes a new one and
 * retires the old ones, which keep verifying for one token lifetime so nobody is logged out.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly logger = new Logger(SigningKeysService.name);
  private keys = new Map<string, LoadedKey>();
  private current?: LoadedKey;
  private loadedAtMs = 0;
  private loading?: Promise<void>;

  constructor(
    private readonly repository: SigningKeysRepository,
    private readonly audit: AuditService,
    @Inject(SIGNING_MASTER_KEY) private readonly masterKey: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Loads the keys; the first one is made by the first login (so workers and the CLI never make keys). */
  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  /** The key new tokens are signed with. */
  async signingKey(): Promise<{ kid: string; secret: Buffer }> {
    if (Date.now() - this.loadedAtMs > RELOAD_MS) await this.reload();
    if (!this.current) await this.rotate('system', 'no usable key');
    return { kid: this.current!.kid, secret: this.current!.secret };
  }

  /** The secret that verifies tokens with this kid, or undefined (unknown, undecryptable or expired key). */
  async verificationKey(kid: string): Promise<Buffer | undefined> {
    let key = this.keys.get(kid);
    if (!key) {
      // Another process may have rotated since our last load: load again — at most once per
      // UNKNOWN_KID_RELOAD_MS, however many unknown kids arrive (made-up ones included), and
      // waiting for that reload rather than refusing a token signed a moment ago.
      await this.reloadForUnknownKid();
      key = this.keys.get(kid);
    }
    if (!key) return undefined;
    if (key.verifyUntil && key.verifyUntil.getTime() <= this.clock.now().getTime()) return undefined;
    return key.secret;
  }

  /** Makes a new signing key; the previous ones verify for one more token lifetime (+1 minute of skew). */
  async rotate(actor: string, reason: string): Promise<{ kid: string; retired: string[] }> {
    const now = this.clock.now();
    const kid = `k${now.toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(4).toString('hex')}`;
    const secretSealed = sealSecret(this.masterKey, randomBytes(32), kid);
    const verifyUntil = new Date(now.getTime() + this.config.JWT_EXPIRES_IN_SECONDS * 1000 + SKEW_MS);
    const retired = await this.repository.transaction(async (tx) => {
      const retired = await this.repository.rotate(tx, { kid, secretSealed }, now, verifyUntil);
      await this.audit.append({ actor, action: 'signing-key.rotated', entityType: 'signing_key', entityId: kid, payload: { reason, retired, retiredVerifyUntil: verifyUntil.toISOString() } }, tx);
      return retired;
    });
    this.logger.log(`signing key rotated: ${kid} signs now${retired.length ? `; ${retired.join(', ')} verify until ${verifyUntil.toISOString()}` : ''}`);
    await this.reload(true);
    return { kid, retired };
  }

  private unknownKidReload?: Promise<void>;

  /** One shared reload, started no sooner than UNKNOWN_KID_RELOAD_MS after the previous load. */
  private reloadForUnknownKid(): Promise<void> {
    this.unknownKidReload ??= (async () => {
      const wait = UNKNOWN_KID_RELOAD_MS - (Date.now() - this.loadedAtMs);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await this.reload(true);
    })().finally(() => (this.unknownKidReload = undefined));
    return this.unknownKidReload;
  }

  private async reload(force = false): Promise<void> {
    if (this.loading && !force) return this.loading;
    const load = (async () => {
      const rows = await this.repository.usable(this.clock.now());
      const keys = new Map<string, LoadedKey>();
      let current: LoadedKey | undefined;
      for (const row of rows) {
        let secret: Buffer;
        try {
          secret = openSecret(this.masterKey, row.secretSealed, row.kid);
        } catch {
          // Sealed under another master key (a different environment sharing the database, or a changed key).
          continue;
        }
        const key = { kid: row.kid, secret, retired: row.retiredAt !== null, verifyUntil: row.verifyUntil ? new Date(row.verifyUntil) : null };
        keys.set(row.kid, key);
        if (!key.retired && !current) current = key;
      }
      this.keys = keys;
      this.current = current;
      this.loadedAtMs = Date.now();
    })();
    this.loading = load;
    try {
      await load;
    } finally {
      if (this.loading === load) this.loading = undefined;
    }
  }
}
