import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config';
import type { Principal } from '../auth/principal';
import type { Loaders } from './loaders';
import { ErrorResult } from './error-result.type';

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
      const result = await work({ ...ctx, em });
      if (result instanceof ErrorResult) throw new RollbackWith(result);
      return result;
    });
  } catch (error) {
    if (error instanceof RollbackWith) return error.result as T;
    throw error;
  }
}
