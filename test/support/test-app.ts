import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../src/common/repo-root';
import { createTestDatabase } from './test-database';
import { DataSource } from 'typeorm';
import { hashSecret, newKioskToken, tokenHint } from '../../src/auth/token-hash';
import { signDevJwt } from '../../src/auth/token.service';
import { AppConfig, loadConfig } from '../../src/config';
import { StaffRole } from '../../src/common/enums';
import { connectAndMigrate, createDataSource } from '../../src/database/data-source';
import { KioskEntity } from '../../src/kiosk/kiosk.entity';
import { createLogger } from '../../src/logger';
import { RunningServer, startServer } from '../../src/server';
import { startChild, stopChild } from '../../src/common/child-process';

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown }; path?: (string | number)[] }[];
}

export interface TestApp {
  config: AppConfig;
  dataSource: DataSource;
  server: RunningServer;
  url: string;
  databaseUrl: string;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResponse<T>>;
  customerToken(sub: string, extra?: { name?: string; email?: string; expiresIn?: string }): Promise<string>;
  staffToken(sub: string, role?: StaffRole, expiresIn?: string): Promise<string>;
  /** Provisions a kiosk directly in the database and returns its token. */
  kioskToken(storeId: string, label?: string): Promise<{ id: string; token: string }>;
  /** A second server as a separate OS process (the built `dist/src/main.js`) on the same database and secrets. */
  startProcess(env?: Record<string, string>): Promise<{ url: string; gql: TestApp['gql']; stop(): Promise<void> }>;
  /** Another server on the same database (as a second process would be), with its own settings. */
  startAnotherServer(env?: Record<string, string>): Promise<{ url: string; server: RunningServer; gql: TestApp['gql']; stop(): Promise<void> }>;
  close(): Promise<void>;
}

/**
 * The test secrets are set explicitly, which leaves the development sign-in off unless asked for: it
 * is asked for outside production (where it is refused), unless the test says otherwise.
 */
function withDevSignIn(env: Record<string, string>): Record<string, string> {
  return env.NODE_ENV === 'production' ? env : { DEV_SIGN_IN: 'true', ...env };
}

const SECRET_A = 'test-customer-secret-0123456789-abcdefghij';
const SECRET_B = 'test-staff-secret-0123456789-abcdefghijklmn';

/** Creates a fresh database (built by the migrations) for one test file and starts the server on it. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const databaseUrl = database.url;
  // Each test app gets its own Redis namespace and code key, so counters never leak between runs.
  const baseEnv: Record<string, string> = {
    REDIS_KEY_PREFIX: `mft-${randomBytes(6).toString('hex')}:`,
    HANDOFF_CODE_KEY: randomBytes(32).toString('hex'),
    FACE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    RENDER_URL_KEY: randomBytes(32).toString('hex'),
    ...env,
  };
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    CUSTOMER_JWT_SECRET: SECRET_A,
    STAFF_JWT_SECRET: SECRET_B,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...withDevSignIn(baseEnv),
  });
  const dataSource = createDataSource(databaseUrl, { poolSize: 5 });
  await connectAndMigrate(dataSource);
  const server = await startServer({ config, dataSource, log: createLogger(config.logLevel), port: 0 });
  const endpoint = `http://127.0.0.1:${server.port}/graphql`;
  const gqlAt = (at: string) => async <T,>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResponse<T>> => {
    const res = await fetch(at, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlResponse<T>;
    return { ...body, status: res.status };
  };
  const extra: { stop(): Promise<void> }[] = [];

  return {
    config,
    dataSource,
    server,
    url: endpoint,
    databaseUrl,
    gql: gqlAt(endpoint),
    async startProcess(more = {}) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorfit-proc-'));
      const child = await startChild(
        path.join(repoRoot(), 'dist', 'src', 'main.js'),
        {
          NODE_ENV: 'test',
          HOST: '127.0.0.1',
          PORT: '0',
          LOG_LEVEL: 'info',
          SEED_DEMO_DATA: 'false',
          MIRRORFIT_DATA_DIR: dir,
          DATABASE_URL: databaseUrl,
          CUSTOMER_JWT_SECRET: SECRET_A,
          STAFF_JWT_SECRET: SECRET_B,
          REC_RETRAIN_INTERVAL_HOURS: '0',
          ...withDevSignIn({ ...baseEnv, ...more }),
        },
        /serving GraphQL/,
      );
      const url = /"url":"([^"]+)"/.exec(child.output)![1].replace('localhost', '127.0.0.1');
      const handle = {
        url,
        gql: gqlAt(url),
        stop: async () => {
          await stopChild(child.process);
          rmSync(dir, { recursive: true, force: true });
        },
      };
      extra.push(handle);
      return handle;
    },
    async startAnotherServer(more = {}) {
      const otherConfig = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATABASE_URL: databaseUrl, CUSTOMER_JWT_SECRET: SECRET_A, STAFF_JWT_SECRET: SECRET_B, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...withDevSignIn({ ...baseEnv, ...more }) });
      const ds = createDataSource(databaseUrl, { poolSize: 5 });
      await ds.initialize();
      const other = await startServer({ config: otherConfig, dataSource: ds, log: createLogger(otherConfig.logLevel), port: 0 });
      const url = `http://127.0.0.1:${other.port}/graphql`;
      const handle = {
        url,
        server: other,
        gql: gqlAt(url),
        stop: async () => {
          await other.stop();
          await ds.destroy();
        },
      };
      extra.push(handle);
      return handle;
    },
    customerToken: (sub, extra = {}) => signDevJwt(config.customerAuth, { sub, name: extra.name, email: extra.email }, extra.expiresIn ?? '1h'),
    staffToken: (sub, role = StaffRole.MERCHANDISER, expiresIn = '1h') => signDevJwt(config.staffAuth, { sub, role, name: sub }, expiresIn),
    async kioskToken(storeId, label = 'Test mirror') {
      const token = newKioskToken();
      const kiosk = await dataSource.getRepository(KioskEntity).save({ storeId, label, tokenHash: hashSecret(token), tokenHint: tokenHint(token), lastSeenAt: null, revokedAt: null });
      return { id: kiosk.id, token };
    },
    async close() {
      for (const e of extra) await e.stop().catch(() => undefined);
      await server.stop();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
