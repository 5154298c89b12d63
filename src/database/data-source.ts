import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

/**
 * The TypeORM data source for a PostgreSQL URL. `synchronize` stays off: the schema is whatever the
 * migrations in `migrations/` build, and nothing else.
 */
/** How long an idle pooled connection stays open. */
export const POOL_IDLE_MS = 600_000;

export function createDataSource(url: string, options: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension needs installing.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'mirrorfit',
    // pg closes a connection idle for 10 s; the first requests after a quiet spell then waited for new
    // connections (20-40 ms each here) and re-prepared their statements: in bench runs that follow a
    // 15 s pause the first 100-400 ms of answers were all over 20 ms. A shop's mirrors are quiet that
    // long all the time; idle connections are kept for 10 minutes.
    extra: { idleTimeoutMillis: POOL_IDLE_MS },
  });
}

/** Opens the connection and applies pending migrations; returns the names of those it applied. */
export async function connectAndMigrate(dataSource: DataSource): Promise<string[]> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
