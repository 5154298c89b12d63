import 'reflect-metadata';
import path from 'node:path';
import { hashSecret, newKioskToken, tokenHint } from '../auth/token-hash';
import { syntheticScan } from '../body/scan/synthetic-scan';
import { connectAndMigrate, createDataSource } from '../database/data-source';
import { seedDemoData } from '../demo/demo-seeder';
import { KioskSessionEntity, KioskSessionStatus } from '../kiosk/kiosk-session.entity';
import { KioskEntity } from '../kiosk/kiosk.entity';
import { StoreEntity } from '../store/store.entity';
import { productionServerEnv, benchDatabase, freePort, numberArg, startServer, stopChild } from './bench/bench-support';

const SCAN = `mutation($s: ID!, $input: BodyScanInput!) { submitBodyScan(sessionId: $s, input: $input) { __typename ... on BodyProfile { chest { valueCm } } } }`;
const ADVICE = `query($s: ID!, $p: ID!) { sizeAdvice(sessionId: $s, productId: $p) { __typename ... on SizeAdvice { size confidence inStockHere } } }`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * bench:scan: many mirrors at once, each looping "submitBodyScan, then sizeAdvice" through GraphQL
 * against the production server with the demo retailer. Prints completed scan+advice pairs per second
 * and p50/p99 latency of the pair and of each call.
 */
async function main(): Promise<void> {
  const concurrency = numberArg('--concurrency', 32);
  const seconds = numberArg('--seconds', 10);
  const db = await benchDatabase();
  let server;
  try {
    const ds = createDataSource(db.url, { poolSize: 2 });
    await connectAndMigrate(ds);
    await seedDemoData(ds);
    const store = await ds.getRepository(StoreEntity).findOneByOrFail({ code: 'BER-01' });
    const products: string[] = (await ds.query(`SELECT id FROM product WHERE garment_type IN ('TOP','BOTTOM','OUTERWEAR') ORDER BY sku LIMIT 40`)).map((r: { id: string }) => r.id);
    const mirrors: { token: string; session: string }[] = [];
    for (let i = 0; i < concurrency; i++) {
      const token = newKioskToken();
      const kiosk = await ds.getRepository(KioskEntity).save({ storeId: store.id, label: `bench mirror ${i}`, tokenHash: hashSecret(token), tokenHint: tokenHint(token), lastSeenAt: null, revokedAt: null });
      const session = await ds.getRepository(KioskSessionEntity).save({ kioskId: kiosk.id, storeId: store.id, customerId: null, status: KioskSessionStatus.ACTIVE, endReason: null, endedAt: null });
      mirrors.push({ token, session: session.id });
    }
    await ds.destroy();

    const port = await freePort();
    server = (await startServer(productionServerEnv(db.url, port, { KIOSK_SESSION_IDLE_SECONDS: '3600' }))).process;
    const url = `http://127.0.0.1:${port}/graphql`;
    const call = async (token: string, query: string, variables: object) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
      const json = (await res.json()) as { errors?: unknown[]; data?: Record<string, { __typename: string }> };
      if (json.errors || !res.ok) throw new Error(`request failed: ${JSON.stringify(json.errors ?? res.status)}`);
      return json.data!;
    };
    const scans = Array.from({ length: 16 }, (_, i) => syntheticScan({ sex: i % 2 ? 'F' : 'M', statureMm: 1600 + i * 20 }));
    // Warm-up: one pair per mirror (JIT, connection pool, model).
    await Promise.all(mirrors.map((m, i) => call(m.token, SCAN, { s: m.session, input: scans[i % scans.length] })));
    const pair: number[] = [];
    const scanMs: number[] = [];
    const adviceMs: number[] = [];
    let errors = 0;
    const deadline = Date.now() + seconds * 1000;
    await Promise.all(
      mirrors.map(async (m, w) => {
        for (let n = 0; Date.now() < deadline; n++) {
          const t0 = performance.now();
          try {
            const scanned = await call(m.token, SCAN, { s: m.session, input: scans[(w + n) % scans.length] });
            if (scanned.submitBodyScan.__typename !== 'BodyProfile') throw new Error(scanned.submitBodyScan.__typename);
            const t1 = performance.now();
            const advised = await call(m.token, ADVICE, { s: m.session, p: products[(w * 7 + n) % products.length] });
            if (advised.sizeAdvice.__typename !== 'SizeAdvice') throw new Error(advised.sizeAdvice.__typename);
            const t2 = performance.now();
            scanMs.push(t1 - t0);
            adviceMs.push(t2 - t1);
            pair.push(t2 - t0);
          } catch {
            errors++;
          }
        }
      }),
    );
    const sort = (a: number[]) => [...a].sort((x, y) => x - y);
    const [p, s, a] = [sort(pair), sort(scanMs), sort(adviceMs)];
    const result = {
      bench: 'scan',
      concurrency,
      seconds,
      scansPerSecond: Number((pair.length / seconds).toFixed(1)),
      pairs: pair.length,
      errors,
      pairP50Ms: Number(percentile(p, 50).toFixed(1)),
      pairP99Ms: Number(percentile(p, 99).toFixed(1)),
      scanP50Ms: Number(percentile(s, 50).toFixed(1)),
      scanP99Ms: Number(percentile(s, 99).toFixed(1)),
      adviceP50Ms: Number(percentile(a, 50).toFixed(1)),
      adviceP99Ms: Number(percentile(a, 99).toFixed(1)),
    };
    console.log(`submitBodyScan + sizeAdvice through GraphQL, ${concurrency} mirrors at once, ${seconds} s, production server, demo retailer`);
    console.log(`scan+advice pairs/s: ${result.scansPerSecond}   (${result.pairs} pairs, ${errors} errors)`);
    console.log(`pair latency    p50 ${result.pairP50Ms} ms   p99 ${result.pairP99Ms} ms`);
    console.log(`submitBodyScan  p50 ${result.scanP50Ms} ms   p99 ${result.scanP99Ms} ms`);
    console.log(`sizeAdvice      p50 ${result.adviceP50Ms} ms   p99 ${result.adviceP99Ms} ms`);
    console.log(JSON.stringify(result));
  } finally {
    if (server) await stopChild(server);
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
