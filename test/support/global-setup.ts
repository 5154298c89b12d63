import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * One PostgreSQL server for the whole run: TEST_DATABASE_URL when given (its database is used only to
 * create and drop per-file databases), else an embedded cluster in a temporary folder.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    process.env.MIRRORFIT_TEST_PG_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const { startEmbeddedPostgres } = await import('../../src/database/embedded-postgres');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mirrorfit-test-pg-'));
  const db = await startEmbeddedPostgres({ dir, port: await freePort(), database: 'postgres', ephemeral: true });
  process.env.MIRRORFIT_TEST_PG_URL = db.serverUrl;
  (globalThis as { __mirrorfitPg?: { stop(): Promise<void>; dir: string } }).__mirrorfitPg = { stop: db.stop, dir };
}
