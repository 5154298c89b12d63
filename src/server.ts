import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { CompiledExecution, compiledExecutionGateway } from './web/compiled-execution';
import { deliveriesPlugin } from './common/deliveries';
import express from 'express';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { TokenService } from './auth/token.service';
import { BodyMeasurementModel } from './body/model/body-model';
import { initTensorflow } from './ml/backend';
import { PUBLIC_ERROR_CODES, ThrownErrorCode } from './common/errors';
import { createLoaders } from './common/loaders';
import { LazyRequestContext, RequestContext } from './common/request-context';
import type { AppConfig } from './config';
import { createSchema } from './schema';
import { createServices, Services } from './services';
import { createAppPubSub } from './common/pubsub';
import { MemoryRateLimiter, RedisRateLimiter } from './common/rate-limiter';
import { createRedis } from './common/redis';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { tryOnRoutes } from './tryon/tryon.routes';
import { devSignInRoutes } from './auth/dev-sign-in.routes';
import { clientRoutes } from './web/client.routes';
import { graphqlHttp, requestBodyError } from './web/graphql-http';
import { wsGuard } from './web/graphql-ws-guard';
import { clientAddress } from './web/client-address';
import { pruneStockChanges } from './recommend/serving/stock-availability';
import { retrainIfDue } from './recommend/training/retrain-schedule';
import { sqlStateOf } from './database/pg-errors';

/** Largest GraphQL request body (JSON). */
const GRAPHQL_BODY_LIMIT_BYTES = 256 * 1024;

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

/** Flattens class-validator failures to "path: reason" lines, so validation errors name the field. */
function describeValidation(failures: ValidationFailure[], prefix = ''): { field: string; reasons: string[] }[] {
  return failures.flatMap((f) => {
    const field = prefix ? `${prefix}.${f.property}` : f.property;
    const own = f.constraints ? [{ field, reasons: Object.values(f.constraints) }] : [];
    return [...own, ...describeValidation(f.children ?? [], field)];
  });
}

/**
 * What clients see of an error: coded errors pass through, validation errors name their fields, and
 * anything unexpected is masked (and logged with a reference the client can quote).
 */
export function formatError(log: Logger, exposeDetails: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    const validationErrors = (original as { extensions?: { validationErrors?: ValidationFailure[] } } | undefined)?.extensions?.validationErrors;
    if (code === ThrownErrorCode.BAD_USER_INPUT && Array.isArray(validationErrors)) {
      const fields = describeValidation(validationErrors);
      return {
        message: 'Invalid input: ' + fields.map((f) => `${f.field}: ${f.reasons.join('; ')}`).join(' | '),
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code, fields },
      };
    }
    if (typeof code === 'string' && PUBLIC_ERROR_CODES.has(code) && code !== ThrownErrorCode.INTERNAL_SERVER_ERROR) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const dataException = postgresDataException(original);
    if (dataException) {
      // A value the database could not take (a malformed id, a NUL character, a date out of range)
      // that no validation caught: the client's input, so BAD_USER_INPUT, never a masked 500. Logged
      // as a warning: each one is a missing check in front of the database.
      const reference = randomUUID();
      log.warn({ err: original, reference, path: formatted.path, sqlState: dataException.code }, 'input refused by the database');
      return { message: `Invalid input: ${dataException.message}`, locations: formatted.locations, path: formatted.path, extensions: { code: ThrownErrorCode.BAD_USER_INPUT, reference } };
    }
    const reference = randomUUID();
    log.error({ err: original, reference, path: formatted.path }, 'unexpected error');
    return {
      message: exposeDetails && original instanceof Error ? `Internal server error: ${original.message}` : 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ThrownErrorCode.INTERNAL_SERVER_ERROR, reference },
    };
  };
}

/**
 * PostgreSQL's data exceptions (SQLSTATE class 22) that only a value sent to it can cause: text that
 * is not a valid uuid, number or date (22P02, 22007, 22008), a NUL or otherwise invalid character
 * (22021, 22P05), a number or string beyond its column (22003, 22001), a negative LIMIT or OFFSET
 * (2201W, 2201X).
 */
const INPUT_DATA_EXCEPTIONS = new Set(['22P02', '22007', '22008', '22021', '22P05', '22003', '22001', '2201W', '2201X']);

function postgresDataException(error: unknown): { code: string; message: string } | null {
  if (!(error instanceof Error)) return null;
  const code = sqlStateOf(error);
  return code && INPUT_DATA_EXCEPTIONS.has(code) ? { code, message: error.message } : null;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
  services: Services;
  /** Stops accepting, drains in-flight requests, then resolves. Does not close the database. */
  stop(): Promise<void>;
}

/** Abuse limits on every operation: depth, cost, aliases, directives and tokens (GraphQL Armor). */
function armor() {
  return new ApolloArmor({
    maxDepth: { n: 10 },
    costLimit: { maxCost: 5000, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 },
    maxAliases: { n: 15 },
    maxDirectives: { n: 20 },
    maxTokens: { n: 2000 },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

/** Apollo Server on Express: `/graphql`, `/healthz`; HTTP only (subscriptions come with their features). */
let sharedModel: Promise<BodyMeasurementModel> | undefined;

/** The body model is loaded once per process (TF.js backend first) and shared by every server in it. */
function loadBodyModel(): Promise<BodyMeasurementModel> {
  if (!sharedModel) sharedModel = initTensorflow().then(() => BodyMeasurementModel.load());
  return sharedModel;
}

export async function startServer(options: { config: AppConfig; dataSource: DataSource; log: Logger; port?: number; bodyModel?: BodyMeasurementModel }): Promise<RunningServer> {
  const { config, dataSource, log } = options;
  const bodyModel = options.bodyModel ?? (await loadBodyModel());
  // With REDIS_URL, subscriptions and rate limits are shared by every server process.
  const redis = config.redisUrl
    ? {
        // ioredis prefixes keys (the rate-limit counters); pub/sub channels are the topic names.
        publish: createRedis(config.redisUrl, 'pub', config.redisKeyPrefix),
        subscribe: createRedis(config.redisUrl, 'sub', config.redisKeyPrefix),
        counters: createRedis(config.redisUrl, 'counters', config.redisKeyPrefix),
      }
    : null;
  const pubSub = createAppPubSub(redis ? { publish: redis.publish, subscribe: redis.subscribe } : undefined);
  const databaseUrl = (dataSource.options as { url?: string }).url;
  if (!databaseUrl) throw new Error('the data source must be configured by URL');
  const services = createServices({
    kioskSessionIdleSeconds: config.kioskSessionIdleSeconds,
    bodyDataGraceSeconds: config.bodyDataGraceSeconds,
    bodyModel,
    runtime: { dataSource, databaseUrl, pubSub, log },
    rateLimiter: redis ? new RedisRateLimiter(redis.counters) : new MemoryRateLimiter(),
    tryOnCacheBytes: config.tryOn.cacheMb * 1024 * 1024,
  });
  const schema = await createSchema(services, pubSub);
  await services.recommender.loadServing(dataSource);
  // Enrolled faces are decrypted into memory once, here, not on the first identification.
  await services.face.start(dataSource, config.face, log);
  if (config.nodeEnv === 'production') log.warn('payments use the built-in test provider: plug a real PaymentStrategy in before taking real orders');
  const tokens = new TokenService(dataSource, config.customerAuth, config.staffAuth, services.principals);
  const app = express();
  app.disable('x-powered-by');
  // No ETag on GraphQL answers (POSTs, never revalidated): express hashed every response body for one.
  app.set('etag', false);
  // The express app until Apollo has started, then graphqlHttp in front of it.
  let handleRequest: http.RequestListener = app;
  const httpServer = http.createServer((req, res) => handleRequest(req, res));
  const protection = armor();
  // Subscriptions over WebSocket (graphql-ws) on the same path; the token comes in connectionParams.
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const errorFormatter = formatError(log, config.nodeEnv === 'development');
  const wsCleanup = useServer(
    {
      schema,
      // Subscriptions only, with the validation rules and error masking of HTTP.
      ...wsGuard({ schema, validationRules: protection.validationRules, formatError: errorFormatter }),
      context: async (wsCtx): Promise<RequestContext> => {
        const params = (wsCtx.connectionParams ?? {}) as { authorization?: string; Authorization?: string };
        const principal = await tokens.authenticate(params.authorization ?? params.Authorization);
        // The socket's peer, as for HTTP requests (rate limits are kept per client address).
        return new LazyRequestContext(principal, dataSource, dataSource.manager, config, log, createLoaders, clientAddress(wsCtx.extra.request, config.trustedProxyHops), { ws: true });
      },
      onConnect: async (wsCtx) => {
        // Refuse the socket at once when the token is bad, rather than on the first subscription.
        const params = (wsCtx.connectionParams ?? {}) as { authorization?: string; Authorization?: string };
        try {
          const principal = await tokens.authenticate(params.authorization ?? params.Authorization);
          return principal.kind !== 'anonymous';
        } catch {
          return false;
        }
      },
    },
    wsServer,
  );
  const plugins: ApolloServerPlugin<RequestContext>[] = [
    ...(protection.plugins as ApolloServerPlugin<RequestContext>[]),
    ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
    // No type has cache hints, so Apollo's cache-control plugin only ever said "no-store", at the price
    // of a hook on every resolved field (a 12-item list resolves over a hundred); the header stays.
    ApolloServerPluginCacheControlDisabled(),
    // Impressions are recorded once the list is known to be in the answer (see Deliveries).
    deliveriesPlugin<RequestContext>(),
    {
      async requestDidStart() {
        return {
          async willSendResponse({ response }) {
            if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
          },
        };
      },
    },
    {
      async serverWillStart() {
        return {
          async drainServer() {
            await wsCleanup.dispose();
          },
        };
      },
    },
    config.exposeDevTools ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageProductionDefault({ footer: false }),
  ];
  // Only signed-in callers' documents are compiled (each costs a few ms once and stays in memory);
  // the front-ends have 63 operations.
  const execution = new CompiledExecution(schema, {
    compileAfter: config.graphqlCompileAfter,
    maxCompiled: 200,
    maxCounted: 2000,
    maxSourceLength: 4000,
    mayCompile: (context) => (context as RequestContext).principal.kind !== 'anonymous',
  });
  const apollo = new ApolloServer<RequestContext>({
    // A gateway only in name: the local schema, executed by compiled documents once they are hot.
    gateway: compiledExecutionGateway(schema, execution),
    plugins,
    validationRules: protection.validationRules,
    allowBatchedHttpRequests: false,
    introspection: config.exposeDevTools,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // main.ts owns shutdown: drain HTTP, then close the pool, then stop embedded PostgreSQL.
    stopOnTerminationSignals: false,
    formatError: errorFormatter,
  });
  await apollo.start();

  const graphqlContext = async (req: http.IncomingMessage): Promise<RequestContext> => {
    let principal;
    try {
      principal = await tokens.authenticate(req.headers.authorization);
    } catch (error) {
      if (error instanceof GraphQLError) {
        throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 401 } } });
      }
      throw error;
    }
    return new LazyRequestContext(principal, dataSource, dataSource.manager, config, log, createLoaders, clientAddress(req, config.trustedProxyHops));
  };
  // JSON POSTs to /graphql go from the HTTP server straight to Apollo (graphqlHttp); GETs and other
  // bodies come here.
  app.use('/graphql', express.json({ limit: GRAPHQL_BODY_LIMIT_BYTES }), expressMiddleware(apollo, { context: ({ req }) => graphqlContext(req) }));
  handleRequest = graphqlHttp(apollo, { path: '/graphql', limitBytes: GRAPHQL_BODY_LIMIT_BYTES, context: graphqlContext, log }, app);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Try-on images: signed, expiring render URLs and staged uploads of large images.
  app.use(tryOnRoutes({ tryOn: services.tryOn, tokens, config, dataSource, log }));
  // A stand-in identity provider for the front-ends, never in production (config refuses DEV_SIGN_IN there).
  if (config.devSignIn && config.nodeEnv !== 'production') {
    app.use(devSignInRoutes({ config, dataSource, log }));
    log.info('development sign-in is on: GET /dev-sign-in/accounts, POST /dev-sign-in/token');
  }
  // The front-ends' build: /kiosk, /merch, /app and their /assets.
  app.use(clientRoutes({ distDir: config.clientDistDir }));
  // Body parser failures (too large, malformed JSON) as GraphQL-shaped errors rather than HTML pages.
  app.use((error: { status?: number; type?: string; message?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!error || !error.status) return next(error);
    const tooLarge = error.type === 'entity.too.large';
    res.status(error.status).type('application/json').send(requestBodyError(tooLarge ? 413 : 400, GRAPHQL_BODY_LIMIT_BYTES));
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  // Housekeeping: end idle kiosk sessions and delete body data past its grace period.
  const sweeper = setInterval(() => {
    services.sessions.sweep(dataSource).then(
      (r) => (r.ended || r.purged ? log.info(r, 'session housekeeping') : undefined),
      (error: unknown) => log.error({ err: error }, 'session housekeeping failed'),
    );
    services.handoffs.sweep(dataSource).catch((error: unknown) => log.error({ err: error }, 'hand-off expiry failed'));
    services.signIn.sweep(dataSource).catch((error: unknown) => log.error({ err: error }, 'sign-in expiry failed'));
    // The availability change log keeps a day: no process holds a copy of availability that long.
    pruneStockChanges(dataSource.manager).catch((error: unknown) => log.error({ err: error }, 'stock change pruning failed'));
    // Camera frames and renders of ended sessions are forgotten.
    services.tryOn.sweep(dataSource).catch((error: unknown) => log.error({ err: error }, 'try-on housekeeping failed'));
    // Another process may have trained and activated a model: follow it without a restart.
    services.recommender.loadServing(dataSource).catch((error: unknown) => log.error({ err: error }, 'loading the serving model failed'));
  }, Math.min(15_000, config.kioskSessionIdleSeconds * 500));
  sweeper.unref();
  // Retraining schedule: checked every few minutes; one process wins the training lock.
  const retrainEveryMs = config.recRetrainIntervalHours * 3_600_000;
  const retrainer = retrainEveryMs
    ? setInterval(() => {
        retrainIfDue(dataSource, services.training(), retrainEveryMs).then(
          (outcome) => {
            if (outcome.ran) log.info({ version: outcome.model.version, status: outcome.model.status }, 'scheduled recommendation training finished');
            else if (outcome.why === 'training elsewhere') log.debug('scheduled recommendation training: another process is training');
          },
          (error: unknown) => log.warn({ err: error }, 'scheduled recommendation training did not run'),
        );
      }, Math.min(retrainEveryMs, 5 * 60_000))
    : null;
  retrainer?.unref();
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    httpServer,
    apollo,
    services,
    stop: async () => {
      clearInterval(sweeper);
      if (retrainer) clearInterval(retrainer);
      // Every step runs even when one before it fails: a drain that throws must not keep buffered
      // impressions and session activity from being written.
      const failed: string[] = [];
      const step = async (name: string, work: () => Promise<unknown>) => {
        try {
          await work();
        } catch (error) {
          failed.push(name);
          log.error({ err: error, step: name }, 'shutdown step failed');
        }
      };
      await step('drain requests', () => apollo.stop());
      // After a drain no answer can reach a client (it ends by closing every connection), so nothing
      // later was shown; if the drain failed, connections may still be open and later lists still count.
      const drained = !failed.includes('drain requests');
      await step('write impressions', () => (drained ? services.impressions.close() : services.impressions.flush()));
      if (services.impressions.size) {
        // The database refused them (they are kept for the next try, and there is none after this).
        failed.push('write impressions');
        log.error({ lists: services.impressions.size }, 'recommendation impressions could not be stored before the server stopped');
      }
      await step('write session activity', () => services.sessions.activityWriter.stop());
      await step('stop training', () => services.training().shutdown());
      await step('stop draft evaluations', () => services.draftReview.shutdown());
      await step('stop face recognition', () => services.face.stop());
      if (redis) await step('close Redis', () => Promise.all([redis.publish.quit(), redis.subscribe.quit(), redis.counters.quit()]));
      if (failed.length) throw new Error(`shutdown did not complete: ${[...new Set(failed)].join(', ')}`);
    },
  };
}
