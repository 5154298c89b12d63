import 'reflect-metadata';
import path from 'node:path';
import { hashSecret, newKioskToken, tokenHint } from '../auth/token-hash';
import { profileFromTyped } from '../body/body-profile.mapper';
import { BodyProfileSource, BodyScanEntity } from '../body/body-scan.entity';
import { connectAndMigrate, createDataSource } from '../database/data-source';
import { seedDemoData } from '../demo/demo-seeder';
import { KioskSessionEntity, KioskSessionStatus } from '../kiosk/kiosk-session.entity';
import { KioskEntity } from '../kiosk/kiosk.entity';
import { initTensorflow } from '../ml/backend';
import { RecConfigEntity, RecConfigStatus } from '../recommend/config/rec-config.entity';
import { Placement, RuleTargetKind, StockPolicy } from '../recommend/config/recommendation-rules';
import { RecModelEntity, RecModelStatus } from '../recommend/training/rec-model.entity';
import { trainRecommender } from '../recommend/training/train-recommender';
import { loadTrainingData } from '../recommend/training/training-data';
import { StoreEntity } from '../store/store.entity';
import { driveBareApollo, productionServerEnv, benchDatabase, drive, freePort, LoadResult, numberArg, startChild, stopChild } from './bench/bench-support';

const QUERY = `query($s: ID!) { recommendations(placement: MIRROR_HOME, sessionId: $s, limit: 12) {
  __typename ... on RecommendationList { modelVersion items { position score reason explanation suggestedSize product { id name brand price { formatted } } } } } }`;

/**
 * bench:recs: a 12-item MIRROR_HOME list with every constraint on (trained model, session signals,
 * body profile -> sizes in stock in this store, owned items, diversity caps, a boost and a pin,
 * impressions recorded) through GraphQL under load, beside a bare Apollo Server 5 answering
 * `{ __typename }` with the same connections in the same run.
 */
async function main(): Promise<void> {
  const connections = numberArg('--connections', 16);
  const seconds = numberArg('--seconds', 10);
  const sessions = numberArg('--sessions', 32);
  const db = await benchDatabase();
  const children = [];
  try {
    const ds = createDataSource(db.url, { poolSize: 2 });
    await connectAndMigrate(ds);
    await seedDemoData(ds);
    await initTensorflow();
    const data = await loadTrainingData(ds.manager);
    const trained = trainRecommender(data);
    await ds.getRepository(RecModelEntity).save({ version: 1, status: RecModelStatus.READY, serving: true, progress: 1, stage: 'ready', artifact: trained.artifact, itemProductIds: data.productIds, metrics: trained.metrics, startedBy: null, error: null, finishedAt: new Date() });
    const store = await ds.getRepository(StoreEntity).findOneByOrFail({ code: 'BER-01' });
    const [pin] = await ds.query(`SELECT id FROM product WHERE sport = 'RUNNING' ORDER BY sku LIMIT 1`);
    await ds.getRepository(RecConfigEntity).save({
      version: 1,
      status: RecConfigStatus.PUBLISHED,
      rules: { boosts: [{ target: { kind: RuleTargetKind.BRAND, value: 'Stridex' }, weight: 0.2 }], pins: [{ placement: Placement.MIRROR_HOME, storeId: null, productId: pin.id, position: 3 }], exclusions: [{ kind: RuleTargetKind.TAG, value: 'discontinued' }], maxPerBrand: 3, maxPerCategory: 3, personalWeight: 0.8, stockPolicy: StockPolicy.IN_STOCK_ANYWHERE },
      createdBy: null,
      publishedAt: new Date(),
      publishedBy: null,
    });
    const members: { id: string }[] = await ds.query(`SELECT id FROM customer ORDER BY external_id LIMIT $1`, [sessions]);
    const tryOns: { id: string }[] = await ds.query(`SELECT id FROM product ORDER BY sku LIMIT 64`);
    const bodies: { token: string; session: string }[] = [];
    for (let i = 0; i < sessions; i++) {
      const token = newKioskToken();
      const kiosk = await ds.getRepository(KioskEntity).save({ storeId: store.id, label: `bench mirror ${i}`, tokenHash: hashSecret(token), tokenHint: tokenHint(token), lastSeenAt: null, revokedAt: null });
      // Half the sessions have a signed-in member (purchase history), all have a body profile and two try-ons.
      const session = await ds.getRepository(KioskSessionEntity).save({ kioskId: kiosk.id, storeId: store.id, customerId: i % 2 === 0 ? members[i].id : null, status: KioskSessionStatus.ACTIVE, endReason: null, endedAt: null });
      const { profile } = profileFromTyped({ heightCm: 165 + (i % 25), sex: i % 3 === 0 ? 'F' : 'M', chestCm: 88 + (i % 20), waistCm: 74 + (i % 20), hipCm: 94 + (i % 16), inseamCm: 78 + (i % 8), footLengthCm: 24 + (i % 5) });
      await ds.getRepository(BodyScanEntity).save({ sessionId: session.id, source: BodyProfileSource.MANUAL, observables: null, profile, quality: 0.9, notes: [], modelVersion: null, purgeAfter: null });
      for (const k of [i, i + 17]) await ds.query(`INSERT INTO interaction_event (session_id, customer_id, store_id, product_id, kind) VALUES ($1, $2, $3, $4, 'TRY_ON')`, [session.id, session.customerId, store.id, tryOns[k % tryOns.length].id]);
      bodies.push({ token, session: session.id });
    }
    await ds.destroy();

    const bareResult = await driveBareApollo({ connections, seconds });

    const port = await freePort();
    const server = (await startChild(
      path.join(__dirname, '..', 'main.js'),
      productionServerEnv(db.url, port, { KIOSK_SESSION_IDLE_SECONDS: '3600' }),
      /serving GraphQL/,
    )).process;
    children.push(server);
    const requests = bodies.map((b) => ({ body: JSON.stringify({ query: QUERY, variables: { s: b.session } }), headers: { authorization: `Bearer ${b.token}` } }));
    // Warm-up (JIT, pool, caches), then the measured run.
    await drive(`http://127.0.0.1:${port}/graphql`, requests.map((r) => r.body), {}, { connections: 2, seconds: 2, perRequestHeaders: requests.map((r) => r.headers) });
    const appResult = await drive(`http://127.0.0.1:${port}/graphql`, requests.map((r) => r.body), {}, { connections, seconds, perRequestHeaders: requests.map((r) => r.headers) });
    await stopChild(server);

    const row = (name: string, r: LoadResult) =>
      `${name.padEnd(40)} ${String(r.requestsPerSecond).padStart(8)} ${r.p50Ms.toFixed(1).padStart(8)} ${r.p99Ms.toFixed(1).padStart(8)} ${String(r.errors + r.non2xx).padStart(7)}`;
    console.log(`autocannon, ${connections} connections, ${seconds} s each, same machine, same run; ${sessions} sessions (half signed in), all with a body profile and try-ons`);
    console.log(`${'server'.padEnd(40)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`);
    console.log(row('bare Apollo Server 5 {__typename}', bareResult));
    console.log(row('Mirrorfit 12-item MIRROR_HOME (all rules)', appResult));
    console.log(`p99 target 20 ms: ${appResult.p99Ms <= 20 ? 'met' : 'NOT met'} (${appResult.p99Ms} ms)`);
    console.log(JSON.stringify({ bench: 'recs', connections, seconds, sessions, bare: bareResult, recommendations: appResult, p99TargetMs: 20, p99TargetMet: appResult.p99Ms <= 20 }));
  } finally {
    for (const c of children) await stopChild(c);
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
