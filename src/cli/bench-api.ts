import 'reflect-metadata';
import path from 'node:path';
import { hashSecret, newKioskToken, tokenHint } from '../auth/token-hash';
import { connectAndMigrate, createDataSource } from '../database/data-source';
import { seedDemoData } from '../demo/demo-seeder';
import { KioskEntity } from '../kiosk/kiosk.entity';
import { StoreEntity } from '../store/store.entity';
import { driveBareApollo, productionServerEnv, benchDatabase, drive, freePort, LoadResult, numberArg, startServer, stopChild } from './bench/bench-support';

/**
 * bench:api: the Mirrorfit server with the demo retailer under a catalogue query mix, beside a bare
 * Apollo Server 5 answering `{ __typename }`, both driven by autocannon with the same connections and
 * duration in the same run. Prints requests/s, p50 and p99 for each and their ratio.
 */
async function main(): Promise<void> {
  const connections = numberArg('--connections', 64);
  const seconds = numberArg('--seconds', 10);
  const db = await benchDatabase();
  const children = [];
  try {
    const ds = createDataSource(db.url, { poolSize: 2 });
    await connectAndMigrate(ds);
    await seedDemoData(ds);
    const store = await ds.getRepository(StoreEntity).findOneByOrFail({ code: 'BER-01' });
    const token = newKioskToken();
    await ds.getRepository(KioskEntity).save({ storeId: store.id, label: 'bench mirror', tokenHash: hashSecret(token), tokenHint: tokenHint(token), lastSeenAt: null, revokedAt: null });
    const barcodes: string[] = (await ds.query(`SELECT barcode FROM variant ORDER BY barcode LIMIT 50`)).map((r: { barcode: string }) => r.barcode);
    await ds.destroy();

    const bareResult = await driveBareApollo({ connections, seconds });

    const port = await freePort();
    const server = (await startServer(productionServerEnv(db.url, port))).process;
    children.push(server);
    const mix = [
      { query: `query($f: ProductFilterInput) { products(first: 20, filter: $f) { totalCount edges { node { id sku name brand price { amountMinor currency } } } pageInfo { hasNextPage endCursor } } }`, variables: { f: { sport: 'RUNNING', gender: 'WOMEN' } } },
      ...barcodes.slice(0, 5).map((barcode) => ({
        query: `query($b: String) { product(barcode: $b) { __typename ... on Product { name price { formatted } scannedVariant { sizeLabel availableHere stock { store { code } available } } } } }`,
        variables: { b: barcode },
      })),
      { query: `query($f: ProductFilterInput) { products(first: 12, filter: $f) { edges { node { name variants { sizeLabel colour availableHere } } } } }`, variables: { f: { text: 'jacket', garmentType: 'OUTERWEAR' } } },
      { query: `{ stores { code name } }` },
    ].map((b) => JSON.stringify(b));
    const appResult = await drive(`http://127.0.0.1:${port}/graphql`, mix, { authorization: `Bearer ${token}` }, { connections, seconds });
    await stopChild(server);

    const row = (name: string, r: LoadResult) =>
      `${name.padEnd(34)} ${String(r.requestsPerSecond).padStart(8)} ${r.p50Ms.toFixed(1).padStart(8)} ${r.p99Ms.toFixed(1).padStart(8)} ${String(r.errors + r.non2xx).padStart(7)}`;
    console.log(`autocannon, ${connections} connections, ${seconds} s each, same machine, same run`);
    console.log(`${'server'.padEnd(34)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`);
    console.log(row('bare Apollo Server 5 {__typename}', bareResult));
    console.log(row('Mirrorfit catalogue mix (kiosk)', appResult));
    const ratio = appResult.requestsPerSecond / bareResult.requestsPerSecond;
    console.log(`throughput ratio Mirrorfit / bare Apollo: ${ratio.toFixed(3)}`);
    console.log(JSON.stringify({ bench: 'api', connections, seconds, bare: bareResult, mirrorfit: appResult, throughputRatio: Number(ratio.toFixed(4)) }));
  } finally {
    for (const c of children) await stopChild(c);
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
