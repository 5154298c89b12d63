import 'reflect-metadata';
import { issueDevTokens } from './auth/dev-tokens';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './database/database';
import { seedDemoData } from './demo/demo-seeder';
import { createLogger } from './logger';
import { startServer } from './server';

/** Boot: config -> database (+ migrations, + demo data on first start) -> server; drain on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const started = Date.now();
  const db = await openDatabase(config, log);
  log.info({ database: db.description }, 'database ready');
  if (config.seedDemoData) await seedDemoData(db.dataSource, log);
  const server = await startServer({ config, dataSource: db.dataSource, log });
  log.info({ url: server.url, ms: Date.now() - started }, 'Mirrorfit is serving GraphQL');
  // A first model in the background, so that the demo recommends personally from the start.
  if (!server.services.recommender.serving && !(await db.dataSource.query(`SELECT 1 FROM rec_model LIMIT 1`)).length) {
    server.services
      .training()
      .start(null)
      .then(({ done }) => done)
      .catch((error: unknown) => log.warn({ err: error }, 'first recommendation model not trained'));
  }

  if (config.nodeEnv === 'development') {
    const tokens = await issueDevTokens(db.dataSource, config);
    const origin = server.url.replace(/\/graphql$/, '');
    const lines = [
      '',
      `Mirrorfit is ready at ${server.url}  (sandbox: open it in a browser)`,
      'Development tokens (send as "Authorization: Bearer <token>"):',
      tokens.kiosk && `  kiosk        ${tokens.kiosk.label}: ${tokens.kiosk.token}`,
      tokens.customer && `  customer     ${tokens.customer.name}: ${tokens.customer.token}`,
      tokens.merchandiser && `  merchandiser ${tokens.merchandiser.name}: ${tokens.merchandiser.token}`,
      'Front-ends (npm run build puts them in kiosk-client/dist):',
      // The kiosk front-end reads the token from the fragment (never sent to a server) and keeps it.
      tokens.kiosk && `  pair the demo mirror: ${origin}/kiosk#pair=${tokens.kiosk.token}`,
      `  console:              ${origin}/merch`,
      `  phone app:            ${origin}/app`,
      config.devSignIn && `  sign in without an identity provider: ${origin}/dev-sign-in/accounts`,
      '',
    ].filter(Boolean);
    // Printed to the terminal, not to the structured log: tokens never belong in log storage.
    process.stdout.write(lines.join('\n') + '\n');
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining in-flight requests');
    let clean = true;
    try {
      await server.stop();
    } catch (error) {
      clean = false;
      log.error({ err: error }, 'error during shutdown');
    }
    // The pool is closed and an embedded PostgreSQL stopped whatever happened above: one left running
    // would hold its port and data directory against the next start.
    try {
      await db.close();
    } catch (error) {
      clean = false;
      log.error({ err: error }, 'could not close the database');
    }
    if (clean) log.info('stopped cleanly');
    process.exit(clean ? 0 : 1);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('Mirrorfit failed to start:', error instanceof Error ? error.message : error);
  if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) console.error(error.stack);
  process.exit(1);
});
