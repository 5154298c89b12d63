import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { hashSecret, newKioskToken, tokenHint } from '../../src/auth/token-hash';
import { signDevJwt } from '../../src/auth/token.service';
import { AppConfig, loadConfig } from '../../src/config';
import { StaffRole } from '../../src/common/enums';
import { connectAndMigrate, createDataSource } from '../../src/database/data-source';
import { KioskEntity } from '../../src/kiosk/kiosk.entity';
import { createLogger } from '../../src/logger';
import { RunningServer, startServer } from '../../src/server';

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
  close(): Promise<void>;
}

const SECRET_A = 'test-customer-secret-0123456789-abcdefghij';
const SECRET_B = 'test-staff-secret-0123456789-abcdefghijklmn';

/** Creates a fresh database (built by the migrations) for one test file and starts the server on it. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const serverUrl = process.env.MIRRORFIT_TEST_PG_URL;
  if (!serverUrl) throw new Error('MIRRORFIT_TEST_PG_URL is not set: run the tests through jest (global setup)');
  const name = `mf_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    CUSTOMER_JWT_SECRET: SECRET_A,
    STAFF_JWT_SECRET: SECRET_B,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const dataSource = createDataSource(databaseUrl, { poolSize: 5 });
  await connectAndMigrate(dataSource);
  const server = await startServer({ config, dataSource, log: createLogger(config.logLevel), port: 0 });
  const endpoint = `http://127.0.0.1:${server.port}/graphql`;

  return {
    config,
    dataSource,
    server,
    url: endpoint,
    databaseUrl,
    async gql<T>(query: string, variables?: Record<string, unknown>, token?: string) {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResponse<T>;
      return { ...body, status: res.status };
    },
    customerToken: (sub, extra = {}) => signDevJwt(config.customerAuth, { sub, name: extra.name, email: extra.email }, extra.expiresIn ?? '1h'),
    staffToken: (sub, role = StaffRole.MERCHANDISER, expiresIn = '1h') => signDevJwt(config.staffAuth, { sub, role, name: sub }, expiresIn),
    async kioskToken(storeId, label = 'Test mirror') {
      const token = newKioskToken();
      const kiosk = await dataSource.getRepository(KioskEntity).save({ storeId, label, tokenHash: hashSecret(token), tokenHint: tokenHint(token), lastSeenAt: null, revokedAt: null });
      return { id: kiosk.id, token };
    },
    async close() {
      await server.stop();
      await dataSource.destroy();
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
