import { randomBytes } from 'node:crypto';
import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startEmbeddedPostgres } from '../../database/embedded-postgres';
import { startChild, stopChild } from '../../common/child-process';
import { LoadResult, serverCpuMeter } from './load-result';
import { driveAtRate } from './open-loop';

export { startChild, stopChild, driveAtRate };
export type { LoadResult };

/**
 * Node flags the server runs with in production (`npm start` passes the same; a spec keeps them in
 * step). --max-semi-space-size=64: a list allocates a few hundred KB (GraphQL execution, the response),
 * and with the default 16 MB semi-space the young generation was collected every ~30 ms, promoting
 * short-lived objects; in bench:recs (interleaved, 2 rounds) 64 MB gave 1330-1364 vs 1195-1258 req/s,
 * 0.77-0.80 vs 0.83-0.88 ms CPU/request, p99 24-26 vs 27-29 ms, for up to ~200 MB more young space.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];

/** Starts the production server (dist/src/main.js) with its production Node flags (and `extraNodeFlags`, e.g. a GC trace); resolves once it serves. */
export function startServer(env: Record<string, string>, extraNodeFlags: readonly string[] = []): Promise<{ process: ChildProcess; output: string }> {
  return startChild(path.join(__dirname, '..', '..', 'main.js'), env, /serving GraphQL/, 60_000, [...SERVER_NODE_FLAGS, ...extraNodeFlags]);
}

/**
 * The environment of a production server for a benchmark: fresh random secrets, the bench database,
 * no demo seeding, info logs (its "serving" line tells the bench it is ready).
 */
export function productionServerEnv(databaseUrl: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    SEED_DEMO_DATA: 'false',
    REC_RETRAIN_INTERVAL_HOURS: '0',
    CUSTOMER_JWT_SECRET: randomBytes(32).toString('hex'),
    STAFF_JWT_SECRET: randomBytes(32).toString('hex'),
    HANDOFF_CODE_KEY: randomBytes(32).toString('hex'),
    FACE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    RENDER_URL_KEY: randomBytes(32).toString('hex'),
    ...extra,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A database for a benchmark: a fresh database on DATABASE_URL's server, or a throw-away embedded cluster. */
export async function benchDatabase(): Promise<{ url: string; close(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const { Client } = await import('pg');
    const name = `mf_bench_${Date.now()}`;
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      close: async () => {
        const c = new Client({ connectionString: process.env.DATABASE_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorfit-bench-pg-'));
  const db = await startEmbeddedPostgres({ dir, port: await freePort(), database: 'mirrorfit', ephemeral: true });
  return {
    url: db.url,
    close: async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Drives a GraphQL endpoint with autocannon, cycling through the given request bodies. */
export async function drive(
  url: string,
  bodies: string[],
  headers: Record<string, string>,
  options: { connections: number; seconds: number; perRequestHeaders?: Record<string, string>[]; serverPid?: number },
): Promise<LoadResult> {
  const cpu = serverCpuMeter(options.serverPid);
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    requests: bodies.map((body, i) => ({ method: 'POST', path: new URL(url).pathname, body, headers: { 'content-type': 'application/json', ...headers, ...(options.perRequestHeaders?.[i] ?? {}) } })),
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
    ...cpu(result.requests.total, options.seconds),
  };
}

export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The reference of every API benchmark: a bare Apollo Server 5 answering `{ __typename }`, driven the same way. */
export async function driveBareApollo(options: { connections: number; seconds: number }): Promise<LoadResult> {
  const port = await freePort();
  const bare = (await startChild(path.join(__dirname, 'bare-apollo.js'), { PORT: String(port) }, /ready/, 60_000, SERVER_NODE_FLAGS)).process;
  try {
    return await drive(`http://127.0.0.1:${port}/`, [JSON.stringify({ query: '{ __typename }' })], {}, options);
  } finally {
    await stopChild(bare);
  }
}
