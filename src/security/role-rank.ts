import { Role } from './user.entity';

/** viewer < approver < admin: a role may do everything the roles below it may. */
const rank: Record<Role, number> = { viewer: 0, approver: 1, admin: 2 };

export function roleAllows(actual: Role, required: readonly Role[]): boolean {
  if (required.length === 0) return true;
  return required.some((role) => rank[actual] >= rank[role]);
}
