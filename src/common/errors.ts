import { GraphQLError } from 'graphql';

/**
 * Codes of thrown errors (`extensions.code`). Expected business outcomes are not thrown: they are
 * members of `<Verb><Noun>Result` unions implementing `ErrorResult`.
 */
export enum ThrownErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** Codes the server lets through to clients unmasked. Everything else is reported as an internal error. */
export const PUBLIC_ERROR_CODES = new Set<string>([
  ...Object.values(ThrownErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function unauthenticated(message = 'Authentication required: send a bearer token'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ThrownErrorCode.UNAUTHENTICATED } });
}

export function forbidden(message = 'You are not allowed to do this'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ThrownErrorCode.FORBIDDEN } });
}

/** Bad input; `field` names the argument or input field at fault (dot path). */
export function badInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ThrownErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}) } });
}

export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ThrownErrorCode.NOT_FOUND } });
}

export function conflict(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ThrownErrorCode.CONFLICT } });
}
