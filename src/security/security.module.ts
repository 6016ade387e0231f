import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuthGuard } from './auth.guard';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { BearerAuthService } from './bearer-auth.service';
import { JwtStrategy } from './jwt.strategy';
import { masterKeyBytes } from './key-encryption';
import { IntrospectionAuthPlugin } from './introspection-auth.plugin';
import { TextInputsPlugin } from './text-inputs.plugin';
import { MutationThrottle } from './mutation-throttle.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SecurityScanRepository } from './security-scan.repository';
import { SecurityScanResolver } from './security-scan.resolver';
import { SecurityScanScheduler } from './security-scan.scheduler';
import { SecurityScanService } from './security-scan.service';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningKeysScheduler } from './signing-keys.scheduler';
import { SIGNING_MASTER_KEY, SigningKeysService } from './signing-keys.service';
import { UsersRepository } from './users.repository';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';

export interface SecurityModuleOptions {
  /** SIGNING_KEYS_MASTER_KEY, or (unset) the JWT secret: what the signing keys are sealed under. */
  masterKey: string;
  /** Register the monthly signing-key rotation (the API process, when SCHEDULER_ENABLED). */
  schedule: boolean;
}

@Module({})
export class SecurityModule {
  static forRoot(options: SecurityModuleOptions): DynamicModule {
    return {
      module: SecurityModule,
      // Secrets are passed per call (the current signing key); HS256 only.
      imports: [PassportModule, JwtModule.register({ signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } })],
      providers: [
        { provide: SIGNING_MASTER_KEY, useValue: masterKeyBytes(options.masterKey) },
        UsersRepository,
        RefreshTokensRepository,
        MutationThrottle,
        BearerAuthService,
        IntrospectionAuthPlugin,
        TextInputsPlugin,
        UsersService,
        SigningKeysRepository,
        SigningKeysService,
        JwtStrategy,
        AuthService,
        AuthResolver,
        UsersResolver,
        SecurityScanRepository,
        SecurityScanService,
        SecurityScanResolver,
        ...(options.schedule ? [SigningKeysScheduler, SecurityScanScheduler] : []),
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AuthService, BearerAuthService, UsersService, SigningKeysService, SecurityScanService],
    };
  }
}
