import { badInput } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is written as a UUID (what PostgreSQL's uuid type takes). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Throws BAD_USER_INPUT naming `field` unless `value` (when given) is a UUID. Ids reach PostgreSQL as
 * uuid parameters, where a malformed one fails the whole statement: for a batched statement (the
 * audience look-up) other requests' too. A regex on a few strings: cheap enough for the serving path.
 */
export function requireUuid(value: string | null | undefined, field: string, what: string): void {
  if (value != null && !UUID.test(value)) throw badInput(`${field} must be a ${what} id (UUID)`, field);
}
