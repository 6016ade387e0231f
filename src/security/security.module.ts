import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuthGuard } from './auth.guard';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { JWT_SECRET } from './jwt-secret';
import { JwtStrategy } from './jwt.strategy';

@Module({})
export class SecurityModule {
  static forRoot(jwtSecret: string): DynamicModule {
    return {
      module: SecurityModule,
      imports: [PassportModule, JwtModule.register({ secret: jwtSecret, signOptions: { algorithm: 'HS256' } })],
      providers: [
        { provide: JWT_SECRET, useValue: jwtSecret },
        JwtStrategy,
        AuthService,
        AuthResolver,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AuthService],
    };
  }
}
