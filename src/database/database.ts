import path from 'node:path';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import { connectAndMigrate, createDataSource } from './data-source';

export interface Database {
  dataSource: DataSource;
  /** "embedded" or the external server's host. */
  description: string;
  /** Closes the pool, then stops the embedded server if one was started. */
  close(): Promise<void>;
}

/** DATABASE_URL when given, else an embedded PostgreSQL under the data folder; migrations applied either way. */
export async function openDatabase(config: AppConfig, log: Logger): Promise<Database> {
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let description: string;
  if (url) {
    description = new URL(url).host;
  } else {
    const { startEmbeddedPostgres } = await import('./embedded-postgres');
    const dir = path.join(config.dataDir, 'postgres');
    const embedded = await startEmbeddedPostgres({ dir, port: config.embeddedPgPort, database: 'mirrorfit', log });
    url = embedded.url;
    stopEmbedded = embedded.stop;
    description = `embedded PostgreSQL on 127.0.0.1:${config.embeddedPgPort} (${dir})`;
  }
  const dataSource = createDataSource(url);
  try {
    const applied = await connectAndMigrate(dataSource);
    if (applied.length) log.info({ migrations: applied }, 'applied migrations');
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    if (stopEmbedded) await stopEmbedded();
    throw error;
  }
  return {
    dataSource,
    description,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      if (stopEmbedded) await stopEmbedded();
    },
  };
}
