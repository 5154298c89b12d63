import { ExecutionArgs, GraphQLError, GraphQLFormattedError, GraphQLSchema, getOperationAST, parse, specifiedRules, validate, ValidationRule, DocumentNode } from 'graphql';
import type { ExecutionResult, FormattedExecutionResult } from 'graphql';
import type { ServerOptions, SubscribePayload } from 'graphql-ws';

/** The same bound as Apollo's graphql-armor maxTokens on HTTP. */
const MAX_TOKENS = 2000;

export interface WsGuardOptions {
  schema: GraphQLSchema;
  /** The validation rules HTTP requests get (depth, cost, aliases, directives). */
  validationRules: readonly ValidationRule[];
  /** The formatter HTTP errors go through (codes kept, anything unexpected masked and logged). */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

/** graphql-armor's blockFieldSuggestion, for errors that never pass through Apollo. */
function withoutSuggestions(error: GraphQLFormattedError): GraphQLFormattedError {
  return error.message.includes('Did you mean') ? { ...error, message: error.message.replace(/ ?Did you mean .*$/s, '') } : error;
}

/**
 * The graphql-ws hooks that give the WebSocket endpoint the protections of POST /graphql. Left to
 * itself graphql-ws parses, validates with graphql's rules alone and executes any operation, queries
 * and mutations included, and sends errors unformatted: a socket would have skipped the abuse limits
 * and the error masking. Here the socket carries subscriptions only
 * (queries and mutations go over HTTP, where the limits and rate limits were designed), validated
 * with the HTTP rules, and every error goes through the HTTP formatter.
 */
export function wsGuard(options: WsGuardOptions): Pick<ServerOptions, 'onSubscribe' | 'onNext' | 'onError'> {
  // No introspection rule is needed: __schema and __type exist on the query root only.
  const rules = [...specifiedRules, ...options.validationRules];
  const format = (errors: readonly GraphQLError[]) => errors.map((e) => withoutSuggestions(options.formatError(e.toJSON(), e)));
  return {
    onSubscribe: (_ctx, _id, payload: SubscribePayload): ExecutionArgs | readonly GraphQLError[] => {
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: MAX_TOKENS });
      } catch (error) {
        if (error instanceof GraphQLError) return [new GraphQLError(error.message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        throw error;
      }
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return [new GraphQLError('Unable to identify the operation: name it with operationName', { extensions: { code: 'BAD_REQUEST' } })];
      if (operation.operation !== 'subscription') {
        return [new GraphQLError(`Only subscriptions are served over WebSocket: send this ${operation.operation} as POST /graphql`, { extensions: { code: 'BAD_REQUEST' } })];
      }
      const invalid = validate(options.schema, document, rules);
      if (invalid.length) return invalid.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, code: e.extensions.code ?? 'GRAPHQL_VALIDATION_FAILED' } }));
      return { schema: options.schema, document, operationName: payload.operationName, variableValues: payload.variables };
    },
    onNext: (_ctx, _id, _payload, _args, result: ExecutionResult): FormattedExecutionResult | void => {
      if (!result.errors?.length) return;
      const { errors, ...rest } = result;
      return { ...rest, errors: format(errors) };
    },
    onError: (_ctx, _id, _payload, errors) => format(errors),
  };
}
