import { SetMetadata } from '@nestjs/common';
import { Role } from './user.entity';

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/** Who may call a resolver: `admin` may always, `approver` may do what a viewer may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Opens a resolver to callers without a token (login only). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
