import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, POOL_IDLE_MS } from '../src/database/data-source';
import { createTestDatabase, TestDatabase } from './support/test-database';

describe('database pool', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url);
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('keeps idle connections for 10 minutes, not pg’s 10 s', async () => {
    const pool = (ds.driver as unknown as { master: Pool }).master;
    expect(POOL_IDLE_MS).toBe(600_000);
    expect(pool.options.idleTimeoutMillis).toBe(POOL_IDLE_MS);
    await Promise.all([ds.query('SELECT pg_sleep(0.05)'), ds.query('SELECT pg_sleep(0.05)')]);
    expect(pool.idleCount).toBe(2);
  });
});
