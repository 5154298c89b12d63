import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __mirrorfitPg?: { stop(): Promise<void>; dir: string } }).__mirrorfitPg;
  if (pg) {
    await pg.stop();
    rmSync(pg.dir, { recursive: true, force: true });
  }
}
