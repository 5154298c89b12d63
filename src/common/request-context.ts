import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config';
import type { Principal } from '../auth/principal';
import type { Loaders } from './loaders';

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
}

/** Runs `work` in one database transaction with a context whose `em` is bound to it. */
export function inTransaction<T>(ctx: RequestContext, work: (tx: RequestContext) => Promise<T>): Promise<T> {
  if (ctx.em.queryRunner?.isTransactionActive) return work(ctx);
  return ctx.dataSource.transaction((em) => work({ ...ctx, em }));
}
