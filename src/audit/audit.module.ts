import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { resolveGeneratedSecret } from '../security/jwt-secret';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { AuditScheduler } from './audit.scheduler';
import { AUDIT_KEYS, AuditKeys, AuditService } from './audit.service';

/** Global: every module records what it does through AuditService. */
@Global()
@Module({})
export class AuditModule {
  static forRoot(options: { schedule: boolean }): DynamicModule {
    return {
      module: AuditModule,
      providers: [
        {
          provide: AUDIT_KEYS,
          inject: [APP_CONFIG],
          // Generated into DATA_DIR when not configured, even outside the embedded mode: a lost key would make every entry unverifiable.
          useFactory: (config: AppConfig): AuditKeys => ({
            hmacKey: resolveGeneratedSecret({ configured: config.AUDIT_HMAC_KEY, persist: true, dataDir: config.DATA_DIR, file: 'audit-hmac-key' }).secret,
            anchorFile: config.AUDIT_ANCHOR_FILE,
            dataDir: config.DATA_DIR,
          }),
        },
        AuditRepository,
        AuditService,
        AuditResolver,
        ...(options.schedule ? [AuditScheduler] : []),
      ],
      exports: [AuditService],
    };
  }
}
