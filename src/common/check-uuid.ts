import { BadInputError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id argument that must be a UUID: BAD_USER_INPUT naming the field otherwise (never a database error). */
export function checkUuid(id: string, field = 'id'): string {
  if (!UUID.test(id)) throw BadInputError.field(field, 'must be a UUID');
  return id;
}
