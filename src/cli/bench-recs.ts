import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
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
import { GC_TRACE_FLAG, GcSummary, GcTrace } from './bench/gc-trace';
import { driveAtRate, driveBareApollo, productionServerEnv, benchDatabase, drive, freePort, LoadResult, numberArg, startServer, stopChild } from './bench/bench-support';

const QUERY = `query($s: ID!) { recommendations(placement: MIRROR_HOME, sessionId: $s, limit: 12) {
  __typename ... on RecommendationList { modelVersion items { position score reason explanation suggestedSize product { id name brand price { formatted } } } } } }`;

/**
 * bench:recs: a 12-item MIRROR_HOME list with every constraint on (trained model, session signals,
 * body profile -> sizes in stock in this store, owned items, diversity caps, a boost and a pin,
 * impressions recorded) through GraphQL under load, beside a bare Apollo Server 5 answering
 * `{ __typename }` with the same connections in the same run: first as fast as answers come back
 * (closed loop, `--connections`, the saturation throughput), then at fixed offered rates below it
 * (open loop, `--rates`, shares of that throughput), with the server's CPU per request. The closed loop
 * also runs against a server executing every request with graphql-js instead of compiled documents
 * (GRAPHQL_COMPILE_AFTER=never; `--no-interpreted` skips it).
 */
/** The open loop's first seconds at each rate, not counted in its latencies (see open-loop.ts). */
const OPEN_LOOP_WARMUP_SECONDS = 2;

async function main(): Promise<void> {
  const connections = numberArg('--connections', 16);
  const seconds = numberArg('--seconds', 10);
  const sessions = numberArg('--sessions', 32);
  const rateArg = process.argv.indexOf('--rates');
  // Offered loads as shares of the closed-loop throughput, or requests per second ("900/s": the same
  // load for two builds whose saturation differs); "--rates none" skips them.
  const rateSpecs = rateArg >= 0 ? (process.argv[rateArg + 1] === 'none' ? [] : process.argv[rateArg + 1].split(',')) : ['0.25', '0.5', '0.75'];
  const rates: ({ share: number } | { perSecond: number })[] = rateSpecs.map((r) => (r.endsWith('/s') ? { perSecond: Number(r.slice(0, -2)) } : { share: Number(r) }));
  if (rates.some((r) => ('share' in r ? !(r.share > 0 && r.share <= 1) : !(Number.isInteger(r.perSecond) && r.perSecond > 0))))
    throw new Error('--rates takes shares of saturation in (0, 1] or whole requests per second, e.g. 0.25,0.5,900/s, or none');
  const db = await benchDatabase();
  const children: ChildProcess[] = [];
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
      const sex = i % 3 === 0 ? 'F' : 'M';
      const { profile } = profileFromTyped({ heightCm: 165 + (i % 25), sex, chestCm: 88 + (i % 20), waistCm: 74 + (i % 20), hipCm: 94 + (i % 16), inseamCm: 78 + (i % 8), footLengthCm: 24 + (i % 5) });
      await ds.getRepository(BodyScanEntity).save({ sessionId: session.id, source: BodyProfileSource.MANUAL, observables: null, profile, sex, quality: 0.9, notes: [], modelVersion: null, purgeAfter: null });
      for (const k of [i, i + 17]) await ds.query(`INSERT INTO interaction_event (session_id, customer_id, store_id, product_id, kind) VALUES ($1, $2, $3, $4, 'TRY_ON')`, [session.id, session.customerId, store.id, tryOns[k % tryOns.length].id]);
      bodies.push({ token, session: session.id });
    }
    await ds.destroy();

    const bareResult = await driveBareApollo({ connections, seconds });

    const requests = bodies.map((b) => ({ body: JSON.stringify({ query: QUERY, variables: { s: b.session } }), headers: { authorization: `Bearer ${b.token}` } }));
    const payloads = requests.map((r) => r.body);
    const perRequestHeaders = requests.map((r) => r.headers);
    // The production server (documents compiled once hot), and the same server executing every request
    // with graphql-js (GRAPHQL_COMPILE_AFTER=never) as the reference of that choice.
    // Each server reports its garbage collections (--trace-gc-nvp), summed up per measured run: the
    // young-generation pauses are what every request in flight waits through.
    const startMirrorfit = async (extra: Record<string, string>) => {
      const port = await freePort();
      const server = (await startServer(productionServerEnv(db.url, port, { KIOSK_SESSION_IDLE_SECONDS: '3600', ...extra }), [GC_TRACE_FLAG])).process;
      children.push(server);
      const gc = new GcTrace(server);
      const target = `http://127.0.0.1:${port}/graphql`;
      // Warm-up (JIT, pool, caches, compiled documents), then the measured runs.
      await drive(target, payloads, {}, { connections: 2, seconds: 2, perRequestHeaders });
      return { server, target, gc };
    };
    // `window`: the seconds the run loads the server (an open-loop run first sends 2 s at its rate,
    // not counted in its latencies but in its collections, which happen at the same rate).
    const withGc = async <R>(gc: GcTrace, run: () => Promise<R>, window = seconds): Promise<R & { gc: GcSummary }> => {
      const mark = gc.mark();
      const result = await run();
      return { ...result, gc: gc.since(mark, window) };
    };
    let interpretedResult: (LoadResult & { gc: GcSummary }) | null = null;
    if (!process.argv.includes('--no-interpreted')) {
      const interpreted = await startMirrorfit({ GRAPHQL_COMPILE_AFTER: 'never' });
      interpretedResult = await withGc(interpreted.gc, () => drive(interpreted.target, payloads, {}, { connections, seconds, perRequestHeaders, serverPid: interpreted.server.pid }));
      await stopChild(interpreted.server);
    }
    const { server, target, gc } = await startMirrorfit({});
    const appResult = await withGc(gc, () => drive(target, payloads, {}, { connections, seconds, perRequestHeaders, serverPid: server.pid }));
    // Latency at offered loads below saturation: requests sent at a fixed rate (open loop, with idle
    // connections to spare), as a fleet of mirrors would send them, rather than as fast as answers come.
    const offered: (LoadResult & { gc: GcSummary; offeredPerSecond: number; shareOfSaturation: number })[] = [];
    for (const r of rates) {
      const rate = 'share' in r ? Math.max(1, Math.round(r.share * appResult.requestsPerSecond)) : r.perSecond;
      const share = rate / appResult.requestsPerSecond;
      const result = await withGc(gc, () => driveAtRate(target, payloads, { rate, seconds, connections: 64, perRequestHeaders, serverPid: server.pid, warmupSeconds: OPEN_LOOP_WARMUP_SECONDS }), seconds + OPEN_LOOP_WARMUP_SECONDS);
      offered.push(Object.assign(result, { offeredPerSecond: rate, shareOfSaturation: share }));
    }
    await stopChild(server);

    const cpu = (r: LoadResult) => (r.serverCpuMsPerRequest === undefined ? '' : `${r.serverCpuMsPerRequest.toFixed(2).padStart(8)} ms CPU/request (${r.serverCores} cores)`);
    const row = (name: string, r: LoadResult) =>
      `${name.padEnd(44)} ${String(r.requestsPerSecond).padStart(8)} ${r.p50Ms.toFixed(1).padStart(8)} ${r.p99Ms.toFixed(1).padStart(8)} ${String(r.errors + r.non2xx).padStart(7)} ${cpu(r)}`;
    console.log(`autocannon, ${seconds} s each, same machine, same run; ${sessions} sessions (half signed in), all with a body profile and try-ons`);
    console.log(`${'closed loop, ' + connections + ' connections'.padEnd(31)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`);
    console.log(row('bare Apollo Server 5 {__typename}', bareResult));
    console.log(row('Mirrorfit 12-item MIRROR_HOME (all rules)', appResult));
    if (interpretedResult) console.log(row('  the same, graphql-js executing every request', interpretedResult));
    if (offered.length) {
      console.log(`open loop, requests sent at evenly spaced moments (up to 64 connections; latency from when each was due; 2 s at the rate first, not counted), Mirrorfit 12-item MIRROR_HOME:`);
      for (const r of offered) console.log(row(`  offered ${r.offeredPerSecond}/s (${Math.round(r.shareOfSaturation * 100)}% of saturation)`, r));
    }
    const gcRow = (name: string, g: GcSummary) =>
      `${name.padEnd(44)} ${g.youngCollections ? `young collection every ${g.youngEveryMs} ms, pause p50 ${g.youngPauseP50Ms} / p90 ${g.youngPauseP90Ms} / max ${g.youngPauseMaxMs} ms, ${g.promotedKbPerYoung} KB promoted each` : 'no young collection'}; ${g.fullCollections} full${g.fullCollections ? ` (max pause ${g.fullPauseMaxMs} ms)` : ''}`;
    console.log(`server garbage collection during each run (--trace-gc-nvp; open loop: with its ${OPEN_LOOP_WARMUP_SECONDS} s at the rate first):`);
    console.log(gcRow('  Mirrorfit, closed loop', appResult.gc));
    if (interpretedResult) console.log(gcRow('  graphql-js executing every request', interpretedResult.gc));
    for (const r of offered) console.log(gcRow(`  offered ${r.offeredPerSecond}/s`, r.gc));
    const met = appResult.p99Ms <= 20;
    console.log(`p99 target 20 ms with ${connections} connections as fast as answers come: ${met ? 'met' : 'NOT met'} (${appResult.p99Ms} ms)`);
    for (const r of offered) console.log(`p99 target 20 ms at ${r.offeredPerSecond} requests/s offered: ${r.p99Ms <= 20 ? 'met' : 'NOT met'} (${r.p99Ms} ms)`);
    console.log(JSON.stringify({ bench: 'recs', connections, seconds, sessions, bare: bareResult, recommendations: appResult, recommendationsGraphqlJs: interpretedResult, offered, p99TargetMs: 20, p99TargetMet: met, p99TargetMetAtOffered: offered.map((r) => ({ offeredPerSecond: r.offeredPerSecond, met: r.p99Ms <= 20 })) }));
  } finally {
    for (const c of children) await stopChild(c);
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
