import 'reflect-metadata';
import { KioskActivityService } from '../activity/kiosk-activity.service';
import { DataSource } from 'typeorm';
import { createLoaders } from '../common/loaders';
import { RequestContext } from '../common/request-context';
import { FaceRecognitionConfig, loadConfig } from '../config';
import { connectAndMigrate, createDataSource } from '../database/data-source';
import { FaceConsentPurpose } from '../identity/face/face-consent.entity';
import { FaceEmbeddingCipher } from '../identity/face/face-crypto';
import { decideFaceMatch, FaceIndex, FaceMatchStrategy, faceMatchStrategyFor, TfjsFaceMatchStrategy, TypedArrayFaceMatchStrategy } from '../identity/face/face-index';
import { FaceRecognitionService } from '../identity/face/face-recognition.service';
import { FaceMatch } from '../identity/face/face-match.type';
import { KioskSessionService } from '../kiosk/kiosk-session.service';
import { createLogger } from '../logger';
import { initTensorflow } from '../ml/backend';
import { CliArgs, runCli } from './args';
import { benchDatabase } from './bench/bench-support';

const USAGE = 'npm run bench:face -- [--members 100000] [--queries 1000] [--db-queries 200] [--no-db]';

/** Seeded uniform numbers in [0, 1) (mulberry32), so runs compare. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random unit vectors (isotropic: normal components, then normalised), like face embeddings of strangers. */
class Faces {
  private readonly u: () => number;
  constructor(
    readonly dim: number,
    seed: number,
  ) {
    this.u = uniform(seed);
  }

  gaussian(): number {
    return Math.sqrt(-2 * Math.log(1 - this.u())) * Math.cos(2 * Math.PI * this.u());
  }

  stranger(): Float32Array {
    const v = new Float32Array(this.dim);
    for (let i = 0; i < this.dim; i++) v[i] = this.gaussian();
    return normalise(v);
  }

  /** The same face seen again by a kiosk: expected cosine to the enrolled vector between ~0.70 and ~0.91. */
  seenAgain(v: Float32Array): Float32Array {
    // Noise per value shrinks with the dimension, so the cosine range holds at any FACE_EMBEDDING_DIM.
    const sigma = (0.04 + 0.05 * this.u()) * Math.sqrt(128 / this.dim);
    const out = new Float32Array(this.dim);
    for (let i = 0; i < this.dim; i++) out[i] = v[i] + sigma * this.gaussian();
    return normalise(out);
  }
}

function normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(2));
  return { p50Ms: at(50), p95Ms: at(95), p99Ms: at(99), meanMs: Number((s.reduce((a, b) => a + b, 0) / s.length).toFixed(2)) };
}

interface Probe {
  vector: Float32Array;
  /** The enrolled member this is a noisy copy of, or null for a stranger. */
  truth: string | null;
}

/** Times each probe's 1:N match (top-2 and the threshold/margin rule) and scores the answers. */
function runProbes(index: FaceIndex, strategy: FaceMatchStrategy, probes: Probe[], rule: { threshold: number; margin: number }) {
  for (const p of probes.slice(0, 20)) strategy.top2(index, p.vector); // warm-up (JIT, tensor upload)
  const ms: number[] = [];
  const acc = { genuine: 0, recognised: 0, wrongMember: 0, missed: 0, strangers: 0, falseMatches: 0 };
  for (const p of probes) {
    const t0 = performance.now();
    const top = strategy.top2(index, p.vector);
    const { matched } = decideFaceMatch(top, rule);
    ms.push(performance.now() - t0);
    if (p.truth) {
      acc.genuine++;
      if (!matched) acc.missed++;
      else if (top.bestId === p.truth) acc.recognised++;
      else acc.wrongMember++;
    } else {
      acc.strangers++;
      if (matched) acc.falseMatches++;
    }
  }
  return { latency: stats(ms), accuracy: acc };
}

/** Writes `members` consented, encrypted enrolments straight into the database (the app's path is one at a time). */
async function enrolInDatabase(ds: DataSource, settings: FaceRecognitionConfig, vectors: Float32Array[]): Promise<string[]> {
  const cipher = new FaceEmbeddingCipher(settings.encryptionKey);
  const ids: string[] = (
    await ds.query(`INSERT INTO customer (external_id, display_name) SELECT 'bench-face-' || g, 'Member ' || g FROM generate_series(1, $1) g RETURNING id`, [vectors.length])
  ).map((r: { id: string }) => r.id);
  await ds.query(`INSERT INTO face_consent (customer_id, version, purpose) SELECT unnest($1::uuid[]), 'bench', $2`, [ids, FaceConsentPurpose.MIRROR_SIGN_IN]);
  const batch = 2_000;
  for (let i = 0; i < ids.length; i += batch) {
    const chunk = ids.slice(i, i + batch);
    const sealed = chunk.map((id, k) => cipher.seal(id, vectors[i + k]));
    await ds.query(
      `INSERT INTO face_enrolment (customer_id, consent_id, iv, ciphertext, auth_tag, key_id, updated_at)
       SELECT c.customer_id, c.id, x.iv, x.ciphertext, x.auth_tag, $5, clock_timestamp()
       FROM unnest($1::uuid[], $2::bytea[], $3::bytea[], $4::bytea[]) AS x(customer_id, iv, ciphertext, auth_tag)
       JOIN face_consent c ON c.customer_id = x.customer_id`,
      [chunk, sealed.map((s) => s.iv), sealed.map((s) => s.ciphertext), sealed.map((s) => s.authTag), cipher.keyId],
    );
  }
  return ids;
}

/**
 * bench:face: 1:N identification with 100,000 enrolled members.
 *
 * 1. In memory: the index the server holds (L2-normalised float32 rows), 1,000 probes — half noisy
 *    copies of enrolled members, half strangers — timed for the top-2 search plus the match rule, with
 *    both strategies, and scored at the configured threshold and margin.
 * 2. With the database (unless --no-db): the members are written encrypted, the service loads and
 *    decrypts its index as at start-up, and `identify` runs the whole path (session check, store switch,
 *    match, audit row, session link) for --db-queries probes. No HTTP in either figure.
 */
async function main(): Promise<void> {
  const args = CliArgs.fromProcess(USAGE, ['members', 'queries', 'db-queries', 'no-db']);
  const members = args.number('members', 100_000);
  const queries = args.number('queries', 1_000);
  const dbQueries = args.number('db-queries', 200);
  const config = loadConfig();
  const settings = config.face;
  const rule = { threshold: settings.matchThreshold, margin: settings.matchMargin };
  const backend = await initTensorflow();
  const faces = new Faces(settings.embeddingDim, 42);

  let t0 = performance.now();
  const vectors = Array.from({ length: members }, () => faces.stranger());
  const index = new FaceIndex(settings.embeddingDim, members);
  vectors.forEach((v, i) => index.upsert(`m${i}`, v, 'r'));
  const buildMs = performance.now() - t0;
  const probes: Probe[] = Array.from({ length: queries }, (_, q) => {
    if (q % 2 === 0) return { vector: faces.stranger(), truth: null };
    const m = Math.floor(((q * 7919) % members + members) % members);
    return { vector: faces.seenAgain(vectors[m]), truth: `m${m}` };
  });

  const chosen = faceMatchStrategyFor(backend);
  const other: FaceMatchStrategy = chosen instanceof TfjsFaceMatchStrategy ? new TypedArrayFaceMatchStrategy() : new TfjsFaceMatchStrategy();
  const served = runProbes(index, chosen, probes, rule);
  const alternative = runProbes(index, other, probes, rule);
  chosen.dispose?.();
  other.dispose?.();

  console.log(`bench:face  ${members.toLocaleString('en')} enrolled members x ${settings.embeddingDim} dims, ${queries} probes (half noisy copies of members, half strangers), TF.js backend ${backend}`);
  console.log(`in-memory index built in ${buildMs.toFixed(0)} ms (${((members * settings.embeddingDim * 4) / 2 ** 20).toFixed(1)} MiB of float32)`);
  console.log(`1:N match, ${chosen.name} (used by the server): p50 ${served.latency.p50Ms} ms  p95 ${served.latency.p95Ms} ms  p99 ${served.latency.p99Ms} ms  mean ${served.latency.meanMs} ms`);
  console.log(`1:N match, ${other.name} (for comparison):     p50 ${alternative.latency.p50Ms} ms  p95 ${alternative.latency.p95Ms} ms  p99 ${alternative.latency.p99Ms} ms  mean ${alternative.latency.meanMs} ms`);
  const a = served.accuracy;
  console.log(
    `accuracy at threshold ${rule.threshold}, margin ${rule.margin}: members recognised ${a.recognised}/${a.genuine}, wrong member ${a.wrongMember}, missed ${a.missed}; strangers matched ${a.falseMatches}/${a.strangers}` +
      ' (synthetic isotropic embeddings: real accuracy depends on the kiosk face model)',
  );

  let database: Record<string, unknown> | null = null;
  if (!args.has('no-db')) {
    const db = await benchDatabase();
    const ds = createDataSource(db.url, { poolSize: 4 });
    try {
      await connectAndMigrate(ds);
      t0 = performance.now();
      const ids = await enrolInDatabase(ds, settings, vectors);
      const writeMs = performance.now() - t0;
      const [store] = await ds.query(`INSERT INTO store (code, name, city, country_code, timezone, face_recognition_enabled) VALUES ('BENCH', 'Bench', 'Berlin', 'DE', 'Europe/Berlin', true) RETURNING id`);
      const [kiosk] = await ds.query(`INSERT INTO kiosk (store_id, label, token_hash, token_hint) VALUES ($1, 'bench', repeat('0', 64), 'mfk_bench') RETURNING id`, [store.id]);
      const sessions: string[] = (
        await ds.query(`INSERT INTO kiosk_session (kiosk_id, store_id, status) SELECT $1, $2, 'ACTIVE' FROM generate_series(1, $3) RETURNING id`, [kiosk.id, store.id, dbQueries + 20])
      ).map((r: { id: string }) => r.id);

      const log = createLogger('warn');
      const service = new FaceRecognitionService(new KioskSessionService({ idleSeconds: 3600, graceSeconds: 900 }, new KioskActivityService()));
      const heapBefore = process.memoryUsage().rss;
      t0 = performance.now();
      await service.start(ds, settings, log);
      const loadMs = performance.now() - t0;
      const rssGrowthMiB = (process.memoryUsage().rss - heapBefore) / 2 ** 20;
      const ctx: RequestContext = { principal: { kind: 'kiosk', kioskId: kiosk.id, storeId: store.id }, dataSource: ds, em: ds.manager, loaders: createLoaders(ds), config, log };
      const dbProbes = probes.slice(0, dbQueries + 20).map((p) => ({ ...p, truth: p.truth ? ids[Number(p.truth.slice(1))] : null }));
      const ms: number[] = [];
      let recognised = 0;
      for (const [i, p] of dbProbes.entries()) {
        const start = performance.now();
        const answer = await service.identify(ctx, sessions[i], Array.from(p.vector));
        if (i >= 20) {
          ms.push(performance.now() - start);
          if (answer instanceof FaceMatch) recognised++;
        }
      }
      await service.stop();
      database = {
        writeMs: Math.round(writeMs),
        indexLoadMs: Math.round(loadMs),
        indexMembers: members,
        rssGrowthMiB: Math.round(rssGrowthMiB),
        identify: stats(ms),
        identifyRecognised: recognised,
        identifyQueries: ms.length,
      };
      console.log(`database: ${members.toLocaleString('en')} encrypted enrolments written in ${(writeMs / 1000).toFixed(1)} s; index loaded and decrypted at start-up in ${Math.round(loadMs)} ms (RSS +${Math.round(rssGrowthMiB)} MiB)`);
      console.log(
        `identify (service, with PostgreSQL: session check, store switch, match, audit, link), ${ms.length} probes: p50 ${(database.identify as { p50Ms: number }).p50Ms} ms  p95 ${(database.identify as { p95Ms: number }).p95Ms} ms  p99 ${(database.identify as { p99Ms: number }).p99Ms} ms; recognised ${recognised}`,
      );
    } finally {
      await ds.destroy();
      await db.close();
    }
  }

  console.log(
    JSON.stringify({
      bench: 'face',
      members,
      dim: settings.embeddingDim,
      queries,
      backend,
      strategy: chosen.name,
      match: served.latency,
      alternative: { strategy: other.name, ...alternative.latency },
      threshold: rule.threshold,
      margin: rule.margin,
      accuracy: served.accuracy,
      database,
    }),
  );
}

runCli(main);
