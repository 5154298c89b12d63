import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** An empty database of its own for one test file, on the test PostgreSQL server (see global-setup). */
export interface TestDatabase {
  url: string;
  /** Drops it (connections still open are closed). */
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.MIRRORFIT_TEST_PG_URL;
  if (!serverUrl) throw new Error('MIRRORFIT_TEST_PG_URL is not set: run the tests through jest (global setup)');
  const name = `mf_test_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
