import { Role } from './user.entity';

/** The caller as the JWT says: attached to the request by the auth guard. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
}
