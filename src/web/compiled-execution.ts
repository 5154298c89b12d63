import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { execute, ExecutionResult, GraphQLError, GraphQLSchema, parse, printSchema, SourceLocation } from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

export interface CompiledExecutionOptions {
  /**
   * A document is compiled once it has been executed this many times (0: at its first execution;
   * null: never, every request is executed by graphql-js). Until then graphql-js executes it, so that
   * a stream of one-off documents costs no compilation.
   */
  compileAfter: number | null;
  /** Compiled documents kept (least recently used dropped first). */
  maxCompiled: number;
  /** Documents whose executions are being counted towards compileAfter (least recently seen dropped first). */
  maxCounted: number;
  /**
   * Longest document text compiled (characters); longer ones always run on graphql-js. Compiling
   * is synchronous and its function stays in memory: the front-ends' operations are at most ~1,300
   * characters with their fragments and compile in 1-14 ms, but a large document of many fields can
   * take ~50 ms and ~1 MB.
   */
  maxSourceLength: number;
  /** Whether the caller may make the server compile (e.g. signed in); others always run on graphql-js. */
  mayCompile?: (context: unknown) => boolean;
}

/** What happened to one document: counted (graphql-js runs it), compiled, or refused by the compiler. */
type Entry = { kind: 'counting'; runs: number } | { kind: 'compiled'; query: CompiledQuery } | { kind: 'interpreted' };

/**
 * Executes GraphQL operations with graphql-jit once they are hot. A 12-item recommendation list
 * resolves ~130 fields; graphql-js walks the document for each of them on every request (field
 * collection, argument coercion, a result object per level), graphql-jit turns a document into a
 * function once and then only calls the resolvers.
 *
 * Everything before execution is Apollo's and unchanged: parsing, the document cache, validation
 * (with the armor rules), the plugins, error formatting. Subscriptions are executed by graphql-ws
 * (see server.ts) and never come here; a subscription sent over HTTP still goes to graphql-js.
 *
 * A request whose variables cannot be coerced is answered by graphql-js (nothing has run by then), so
 * that its errors read as graphql-js words them: Apollo recognises those to answer 400 BAD_USER_INPUT.
 */
export class CompiledExecution {
  /** Compiled documents (Map order: least recently used first). */
  private readonly compiled = new Map<string, Entry>();
  /** Documents not compiled yet, with their execution count (Map order: least recently seen first). */
  private readonly counting = new Map<string, Entry & { kind: 'counting' }>();
  private compilations = 0;
  private refusals = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly options: CompiledExecutionOptions,
  ) {}

  /** Compilations, refusals and cache sizes so far (tests, diagnostics). */
  stats(): { compiled: number; counting: number; compilations: number; refusals: number } {
    return { compiled: this.compiled.size, counting: this.counting.size, compilations: this.compilations, refusals: this.refusals };
  }

  readonly executor: GatewayExecutor = async (request: GatewayGraphQLRequestContext) => this.run(request);

  async run(request: Pick<GatewayGraphQLRequestContext, 'document' | 'operation' | 'queryHash' | 'request' | 'context' | 'source'>): Promise<ExecutionResult> {
    const variables = request.request.variables ?? {};
    // No operation: Apollo could not pick one (several and no name, or an unknown name); graphql-js
    // answers that as it always did (400 OPERATION_RESOLUTION_FAILURE).
    const compilable =
      request.operation !== undefined &&
      request.operation.operation !== 'subscription' &&
      request.source.length <= this.options.maxSourceLength &&
      (this.options.mayCompile?.(request.context) ?? true);
    const query = compilable ? this.compiledFor(request.queryHash, request.request.operationName ?? null, request) : null;
    if (query) {
      const result = await query.query(undefined, request.context, variables);
      // Variables that could not be coerced: nothing ran; graphql-js words the errors (see above).
      if (!('data' in result) && result.errors?.length) return this.interpret(request);
      return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : (result as ExecutionResult);
    }
    return this.interpret(request);
  }

  private interpret(request: Pick<GatewayGraphQLRequestContext, 'document' | 'request' | 'context'>): Promise<ExecutionResult> | ExecutionResult {
    return execute({
      schema: this.schema,
      document: request.document,
      contextValue: request.context,
      variableValues: request.request.variables,
      operationName: request.request.operationName,
    });
  }

  /** The compiled query for this document and operation, compiling it when it has become hot; null: graphql-js runs it. */
  private compiledFor(queryHash: string, operationName: string | null, request: Pick<GatewayGraphQLRequestContext, 'source'>): CompiledQuery | null {
    const { compileAfter } = this.options;
    if (compileAfter === null) return null;
    const key = operationName === null ? queryHash : `${queryHash}:${operationName}`;
    const known = this.compiled.get(key);
    if (known) {
      this.compiled.delete(key);
      this.compiled.set(key, known);
      return known.kind === 'compiled' ? known.query : null;
    }
    let counted = this.counting.get(key);
    if (counted) this.counting.delete(key);
    else counted = { kind: 'counting', runs: 0 };
    if (counted.runs < compileAfter) {
      counted.runs++;
      this.counting.set(key, counted);
      evictOldest(this.counting, this.options.maxCounted);
      return null;
    }
    const entry = this.compile(request.source, operationName);
    this.compiled.set(key, entry);
    evictOldest(this.compiled, this.options.maxCompiled);
    return entry.kind === 'compiled' ? entry.query : null;
  }

  /**
   * Compiles a private parse of the text, never Apollo's cached document: graphql-jit annotates the
   * AST it compiles (@skip/@include conditions on fragment nodes), and on a shared document those
   * notes leaked into the document's other operations and repeated fragment spreads, dropping fields
   * there. The path-based mode keeps conditions per spread within one operation.
   */
  private compile(source: string, operationName: string | null): Entry {
    try {
      const result = compileQuery(this.schema, parse(source), operationName ?? undefined, { useExperimentalPathBasedSkipInclude: true });
      if (isCompiledQuery(result)) {
        this.compilations++;
        return { kind: 'compiled', query: result };
      }
    } catch {
      // graphql-jit does not handle this document: graphql-js executes it, as it would anyway.
    }
    this.refusals++;
    return { kind: 'interpreted' };
  }
}

/**
 * graphql-jit's errors inherit from graphql-js's GraphQLError but their message is read-only, and
 * plugins rewrite messages (graphql-armor removes field suggestions): each becomes a plain
 * graphql-js GraphQLError with the same message, locations, path, extensions and original error.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  if (error.constructor === GraphQLError) return error;
  const plain = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
  if (error.locations) (plain as { locations?: readonly SourceLocation[] }).locations = error.locations;
  return plain;
}

function evictOldest<V>(map: Map<string, V>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}

/**
 * Apollo Server 5 takes a custom executor only from a gateway: this one serves a fixed, local schema
 * (no federation, no updates) and executes with {@link CompiledExecution}.
 */
export function compiledExecutionGateway(schema: GraphQLSchema, execution: CompiledExecution): GatewayInterface {
  let listener: GatewaySchemaLoadOrUpdateCallback | null = null;
  return {
    onSchemaLoadOrUpdate(callback) {
      listener = callback;
      return () => {
        listener = null;
      };
    },
    async load() {
      listener?.({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return { executor: execution.executor };
    },
    async stop() {
      listener = null;
    },
  };
}
