import { AuthChecker } from 'type-graphql';
import { forbidden, unauthenticated } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { Role, rolesOf } from './principal';

/**
 * Enforces `@Authorized(...roles)` on every operation and field. Anonymous callers get
 * UNAUTHENTICATED; signed-in callers without one of the roles get FORBIDDEN, naming what is needed.
 */
export const authChecker: AuthChecker<RequestContext, Role> = ({ context, info }, required) => {
  const held = rolesOf(context.principal);
  if (held.length === 0) throw unauthenticated();
  if (required.length === 0 || required.some((r) => held.includes(r))) return true;
  throw forbidden(`${info.parentType.name}.${info.fieldName} requires one of: ${required.join(', ')}`);
};
