import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthUser } from './auth-user';
import { JWT_SECRET } from './jwt-secret';
import { Role, roles } from './user.entity';

interface TokenPayload {
  sub: string;
  username: string;
  role: Role;
}

/** passport-jwt: a bearer token signed with our secret, not expired, with a known role. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(JWT_SECRET) secret: string) {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: secret, ignoreExpiration: false, algorithms: ['HS256'] });
  }

  validate(payload: TokenPayload): AuthUser | false {
    if (!roles.includes(payload.role) || typeof payload.sub !== 'string') return false;
    return { id: payload.sub, username: payload.username, role: payload.role };
  }
}
