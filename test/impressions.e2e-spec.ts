import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { connectAndMigrate, createDataSource } from '../src/database/data-source';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { ImpressionBuffer } from '../src/recommend/serving/impression-buffer';
import { MIGRATIONS } from '../migrations';
import { ImpressionLists1795340800000 } from '../migrations/1795340800000-ImpressionLists';

/** Impressions: one row per list shown, written in batches, kept and retried when the write fails. */
describe('recommendation impressions', () => {
  let ds: DataSource;
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, { poolSize: 2 });
    await connectAndMigrate(ds);
  });
  afterAll(async () => {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  });
  beforeEach(() => ds.query(`DELETE FROM rec_impression`));

  const lists = async () =>
    (await ds.query(`SELECT session_id, placement, arm, product_ids FROM rec_impression ORDER BY id`)) as { session_id: string | null; placement: string; arm: string | null; product_ids: string[] }[];

  it('stores each list as one row with its products in order, whatever the lengths in one batch', async () => {
    const buffer = new ImpressionBuffer(ds, undefined, 60_000);
    const a = [randomUUID(), randomUUID(), randomUUID()];
    const b = [randomUUID()];
    const c = Array.from({ length: 12 }, () => randomUUID());
    const session = randomUUID();
    buffer.add({ sessionId: session, customerId: null, storeId: null, productIds: a, placement: 'MIRROR_HOME', experimentId: null, arm: null });
    buffer.add({ sessionId: null, customerId: null, storeId: null, productIds: [], placement: 'APP_HOME', experimentId: null, arm: null });
    buffer.add({ sessionId: null, customerId: randomUUID(), storeId: null, productIds: b, placement: 'APP_HOME', experimentId: randomUUID(), arm: 'B, "quoted"' });
    buffer.add({ sessionId: session, customerId: null, storeId: null, productIds: c, placement: 'AFTER_TRY_ON', experimentId: null, arm: null });
    await buffer.flush();
    expect(await lists()).toEqual([
      { session_id: session, placement: 'MIRROR_HOME', arm: null, product_ids: a },
      { session_id: null, placement: 'APP_HOME', arm: 'B, "quoted"', product_ids: b },
      { session_id: session, placement: 'AFTER_TRY_ON', arm: null, product_ids: c },
    ]);
  });

  it('keeps a batch it could not write and writes it with the next one, oldest first', async () => {
    const buffer = new ImpressionBuffer(ds, undefined, 60_000);
    const first = [randomUUID(), randomUUID()];
    const second = [randomUUID()];
    await ds.query(`ALTER TABLE rec_impression RENAME TO rec_impression_away`);
    try {
      buffer.add({ sessionId: null, customerId: null, storeId: null, productIds: first, placement: 'MIRROR_HOME', experimentId: null, arm: null });
      await buffer.flush();
      expect(buffer.size).toBe(1);
    } finally {
      await ds.query(`ALTER TABLE rec_impression_away RENAME TO rec_impression`);
    }
    buffer.add({ sessionId: null, customerId: null, storeId: null, productIds: second, placement: 'MIRROR_HOME', experimentId: null, arm: null });
    await buffer.flush();
    expect(buffer.size).toBe(0);
    expect((await lists()).map((l) => l.product_ids)).toEqual([first, second]);
  });

  it('keeps what it holds when the pool is already closed, for the server stopping to count', async () => {
    const closed = createDataSource(db.url, { poolSize: 1 });
    const buffer = new ImpressionBuffer(closed, undefined, 60_000);
    buffer.add({ sessionId: null, customerId: null, storeId: null, productIds: [randomUUID()], placement: 'MIRROR_HOME', experimentId: null, arm: null });
    await buffer.flush();
    expect(buffer.size).toBe(1);
  });

  it('on close writes what it holds, then counts nothing more (a request that outlived the drain had lost its connection)', async () => {
    const warnings: unknown[] = [];
    const log = { warn: (...args: unknown[]) => warnings.push(args), error: () => undefined } as unknown as ConstructorParameters<typeof ImpressionBuffer>[1];
    const buffer = new ImpressionBuffer(ds, log, 60_000);
    const shown = [randomUUID()];
    buffer.add({ sessionId: null, customerId: null, storeId: null, productIds: shown, placement: 'MIRROR_HOME', experimentId: null, arm: null });
    await buffer.close();
    buffer.add({ sessionId: null, customerId: null, storeId: null, productIds: [randomUUID()], placement: 'MIRROR_HOME', experimentId: null, arm: null });
    expect(buffer.size).toBe(0);
    expect(warnings).toHaveLength(1);
    await buffer.flush();
    expect((await lists()).map((l) => l.product_ids)).toEqual([shown]);
  });

  it('drops only the oldest lists beyond its limit while the database is away', async () => {
    const buffer = new ImpressionBuffer(ds, undefined, 60_000, 2);
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    await ds.query(`ALTER TABLE rec_impression RENAME TO rec_impression_away`);
    try {
      for (const id of ids) buffer.add({ sessionId: null, customerId: null, storeId: null, productIds: [id], placement: 'MIRROR_HOME', experimentId: null, arm: null });
      await buffer.flush();
      expect(buffer.size).toBe(2);
    } finally {
      await ds.query(`ALTER TABLE rec_impression_away RENAME TO rec_impression`);
    }
    await buffer.flush();
    expect((await lists()).map((l) => l.product_ids)).toEqual([[ids[1]], [ids[2]]]);
  });

  it('migrates per-product rows to one row per list and back', async () => {
    // Back to just before ImpressionLists (and the migrations after it).
    const undo = async () => {
      for (let i = MIGRATIONS.indexOf(ImpressionLists1795340800000); i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    };
    await undo();
    const [p1, p2, p3, s] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await ds.query(
      `INSERT INTO rec_impression (session_id, product_id, placement, created_at) VALUES
         ($1, $2, 'MIRROR_HOME', '2026-12-01T10:00:00Z'), ($1, $3, 'MIRROR_HOME', '2026-12-01T10:00:00Z'),
         ($1, $4, 'MIRROR_HOME', '2026-12-01T10:05:00Z')`,
      [s, p1, p2, p3],
    );
    await connectAndMigrate(ds);
    expect((await lists()).map((l) => l.product_ids)).toEqual([[p1, p2], [p3]]);
    await undo();
    expect((await ds.query(`SELECT product_id FROM rec_impression ORDER BY id`)).map((r: { product_id: string }) => r.product_id)).toEqual([p1, p2, p3]);
    await ds.query(`DELETE FROM rec_impression`);
    await connectAndMigrate(ds);
  });
});
