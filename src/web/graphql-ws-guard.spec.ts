import { ASTVisitor, GraphQLError, GraphQLFormattedError, ValidationContext, buildSchema } from 'graphql';
import type { ExecutionArgs } from 'graphql';
import { wsGuard } from './graphql-ws-guard';

const schema = buildSchema(`
  type Query { hello: String, nested: Node }
  type Node { child: Node, name: String }
  type Mutation { wipe: Boolean }
  type Subscription { ticks: Int, node: Node }
`);

const masked: { formatted: GraphQLFormattedError; error: unknown }[] = [];
const formatError = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
  masked.push({ formatted, error });
  const code = formatted.extensions?.code;
  return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' ? formatted : { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
};

/** Stands in for graphql-armor's rules: selections nested deeper than `max` are refused. */
const depthLimitRule =
  (max: number) =>
  (context: ValidationContext): ASTVisitor => {
    let depth = 0;
    return {
      SelectionSet: {
        enter(node) {
          if (++depth > max) context.reportError(new GraphQLError('too deep', { nodes: [node] }));
        },
        leave() {
          depth--;
        },
      },
    };
  };

function guard() {
  return wsGuard({ schema, validationRules: [depthLimitRule(3)], formatError });
}

// The hooks ignore the socket context and the id.
const subscribe = (g: ReturnType<typeof guard>, query: string, operationName?: string) => g.onSubscribe!({} as never, '1', { query, operationName });
const errorsOf = (r: unknown) => r as readonly GraphQLError[];

describe('wsGuard (graphql-ws hooks for the WebSocket endpoint)', () => {
  it('lets a valid subscription through with its document and variables', async () => {
    const r = (await guard().onSubscribe!({} as never, '1', { query: 'subscription S { ticks }', variables: { x: 1 }, operationName: 'S' })) as ExecutionArgs;
    expect(r.schema).toBe(schema);
    expect(r.operationName).toBe('S');
    expect(r.variableValues).toEqual({ x: 1 });
    expect(r.document.kind).toBe('Document');
  });

  it('refuses queries and mutations: only subscriptions are served over the socket', async () => {
    for (const [query, kind] of [
      ['{ hello }', 'query'],
      ['mutation { wipe }', 'mutation'],
    ]) {
      const r = errorsOf(await subscribe(guard(), query));
      expect(r).toHaveLength(1);
      expect(r[0].message).toBe(`Only subscriptions are served over WebSocket: send this ${kind} as POST /graphql`);
      expect(r[0].extensions.code).toBe('BAD_REQUEST');
    }
    // A document with several operations and no name cannot be resolved to one.
    const ambiguous = errorsOf(await subscribe(guard(), 'subscription A { ticks } query B { hello }'));
    expect(ambiguous[0].extensions.code).toBe('BAD_REQUEST');
    // Named, the mutation in a mixed document is still refused.
    const named = errorsOf(await subscribe(guard(), 'subscription A { ticks } mutation B { wipe }', 'B'));
    expect(named[0].message).toMatch(/send this mutation as POST/);
  });

  it('reports a syntax error, and a document over the token limit, as GRAPHQL_PARSE_FAILED', async () => {
    const syntax = errorsOf(await subscribe(guard(), 'subscription { ticks'));
    expect(syntax[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const long = `subscription { ticks ${'@a '.repeat(2100)} }`;
    const tooLong = errorsOf(await subscribe(guard(), long));
    expect(tooLong[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(tooLong[0].message).toMatch(/more that 2000 tokens/);
  });

  it("applies the HTTP validation rules besides graphql's own", async () => {
    const deep = errorsOf(await subscribe(guard(), 'subscription { node { child { child { child { name } } } } }'));
    expect(deep.map((e) => e.message)).toContain('too deep');
    expect(deep[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const shallow = await subscribe(guard(), 'subscription { node { child { name } } }');
    expect(Array.isArray(shallow)).toBe(false);
    const unknown = errorsOf(await subscribe(guard(), 'subscription { tick }'));
    expect(unknown[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('has no introspection to offer: __schema is a field of the query root only', async () => {
    const r = errorsOf(await subscribe(guard(), 'subscription { __schema { types { name } } }'));
    expect(r[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('sends every error through the HTTP formatter: internal ones masked, no field suggestions', async () => {
    masked.length = 0;
    const g = guard();
    const internal = new GraphQLError('invalid input syntax for type uuid: "x"', { originalError: new Error('invalid input syntax for type uuid: "x"') });
    const coded = new GraphQLError('You are not allowed to do this', { extensions: { code: 'FORBIDDEN' } });
    const next = (await g.onNext!({} as never, '1', { query: '' }, {} as ExecutionArgs, { data: null, errors: [internal, coded] })) as { errors: GraphQLFormattedError[]; data: unknown };
    expect(next.data).toBeNull();
    expect(next.errors.map((e) => e.message)).toEqual(['Internal server error', 'You are not allowed to do this']);
    expect(masked.map((m) => m.error)).toEqual([internal, coded]);
    // A result without errors goes out as it is.
    expect(await g.onNext!({} as never, '1', { query: '' }, {} as ExecutionArgs, { data: { ticks: 1 } })).toBeUndefined();
    const suggestion = new GraphQLError('Cannot query field "tick" on type "Subscription". Did you mean "ticks"?', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const sent = (await g.onError!({} as never, '1', { query: '' }, [suggestion])) as GraphQLFormattedError[];
    expect(sent[0].message).toBe('Cannot query field "tick" on type "Subscription".');
  });
});
