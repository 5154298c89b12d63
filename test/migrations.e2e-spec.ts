import { DataSource } from 'typeorm';
import { connectAndMigrate, createDataSource } from '../src/database/data-source';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { MIGRATIONS } from '../migrations';

/** Every migration has a real `down`: the whole schema can be taken down step by step and built again. */
describe('migrations', () => {
  let ds: DataSource;
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, { poolSize: 2 });
  });
  afterAll(async () => {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  });

  const tables = async (): Promise<string[]> =>
    (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`)).map((r: { table_name: string }) => r.table_name);
  const indexes = async (): Promise<string[]> =>
    (await ds.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migration' ORDER BY indexname`)).map((r: { indexname: string }) => r.indexname);
  const columns = async (): Promise<string[]> =>
    (
      await ds.query(
        `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision, numeric_scale
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`,
      )
    ).map((r: Record<string, unknown>) => Object.values(r).join(' '));
  const functions = async (): Promise<string[]> =>
    (await ds.query(`SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY proname`)).map((r: { proname: string }) => r.proname);

  it('applies every migration, reverts each one, and applies them again to the same schema', async () => {
    const applied = await connectAndMigrate(ds);
    expect(applied).toHaveLength(MIGRATIONS.length);
    const builtTables = await tables();
    const builtFunctions = await functions();
    const builtIndexes = await indexes();
    const builtColumns = await columns();
    expect(builtColumns).toContain('saved_body_profile sex character varying varchar YES  1  ');
    expect(builtColumns).toContain('saved_body_profile previous_profile jsonb jsonb YES    ');
    expect(builtColumns).toContain('saved_body_profile replaced_by_kiosk_id uuid uuid YES    ');
    expect(builtTables).toContain('stock_change');
    expect(builtIndexes).toContain('idx_rec_impression_customer');
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['schema_migration']);
    expect(await functions()).toEqual([]);
    expect(await indexes()).toEqual([]);
    expect(await connectAndMigrate(ds)).toHaveLength(MIGRATIONS.length);
    expect(await tables()).toEqual(builtTables);
    expect(await functions()).toEqual(builtFunctions);
    expect(await indexes()).toEqual(builtIndexes);
    expect(await columns()).toEqual(builtColumns);
  });

  it('builds the schema the entities describe: TypeORM finds nothing to change', async () => {
    // After the round trip above: migrations applied, reverted and applied again.
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
