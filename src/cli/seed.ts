import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../database/database';
import { seedDemoData } from '../demo/demo-seeder';
import { createLogger } from '../logger';

/** `npm run seed`: seeds the demo retailer into an empty database (the server also does this on first start). */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config, createLogger('warn'));
  try {
    const summary = await seedDemoData(db.dataSource);
    console.log(summary ? `seeded: ${JSON.stringify(summary)}` : 'the database already holds data: nothing seeded');
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
