import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config';
import type { Principal } from '../auth/principal';
import type { Loaders } from './loaders';
import { ErrorResult } from './error-result.type';
import type { Deliveries } from './deliveries';

/**
 * Everything a service needs about the current request. Services take it first; repositories come
 * from `ctx.em`, which is bound to the request's transaction inside a mutation.
 */
export interface RequestContext {
  principal: Principal;
  dataSource: DataSource;
  em: EntityManager;
  loaders: Loaders;
  config: AppConfig;
  log: Logger;
  /** The client's address as the socket saw it (rate limits); proxies are not trusted. */
  clientIp?: string;
  /** Work to do once the answer is known to carry a root field's value (HTTP requests; see deliveriesPlugin). */
  deliveries?: Deliveries;
}

/**
 * A request's context as the server makes it. The DataLoaders and the request's logger (a child with
 * a request id) are made when a resolver first asks for them: most requests need neither (a
 * recommendation list needs no loader and logs nothing). They are getters of the class, not of the
 * object: Apollo hands each operation a shallow copy of the context (Object.assign onto an object
 * of the same prototype), which calls every getter that is an object's own property, and so made
 * both for every request while the context was an object literal.
 */
export class LazyRequestContext implements RequestContext {
  private madeLoaders: Loaders | undefined = undefined;
  private madeLog: Logger | undefined = undefined;
  deliveries?: Deliveries = undefined;

  constructor(
    readonly principal: Principal,
    readonly dataSource: DataSource,
    readonly em: EntityManager,
    readonly config: AppConfig,
    private readonly serverLog: Logger,
    private readonly makeLoaders: (dataSource: DataSource) => Loaders,
    readonly clientIp?: string,
    private readonly logBindings: Record<string, unknown> = {},
  ) {}

  get loaders(): Loaders {
    return (this.madeLoaders ??= this.makeLoaders(this.dataSource));
  }

  get log(): Logger {
    return (this.madeLog ??= this.serverLog.child({ requestId: randomUUID(), ...this.logBindings }));
  }
}

/**
 * The same request with another entity manager (a transaction's). The result inherits everything
 * else from `ctx` (its prototype is `ctx`), so loaders and logger stay lazy, are shared when `ctx`
 * already made them, and work the same for a plain-object context; spreading `{ ...ctx, em }` would
 * call the getters, or drop them when they belong to a class.
 */
export function withEntityManager(ctx: RequestContext, em: EntityManager): RequestContext {
  return Object.create(ctx, { em: { value: em, enumerable: true } }) as RequestContext;
}

/** Carries an expected failure out of a transaction that must be rolled back. */
class RollbackWith {
  constructor(readonly result: unknown) {}
}

/**
 * Runs `work` in one database transaction with a context whose `em` is bound to it. When the work
 * answers with an expected failure (an `ErrorResult`), the transaction is rolled back: a refused
 * request changes nothing, even if it had begun to write.
 */
export async function inTransaction<T>(ctx: RequestContext, work: (tx: RequestContext) => Promise<T>): Promise<T> {
  if (ctx.em.queryRunner?.isTransactionActive) return work(ctx);
  try {
    return await ctx.dataSource.transaction(async (em) => {
      const result = await work(withEntityManager(ctx, em));
      if (result instanceof ErrorResult) throw new RollbackWith(result);
      return result;
    });
  } catch (error) {
    if (error instanceof RollbackWith) return error.result as T;
    throw error;
  }
}
