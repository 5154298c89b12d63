import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../../common/error-result.type';
import { forbidden } from '../../common/errors';
import { inTransaction, RequestContext } from '../../common/request-context';
import type { FaceRecognitionConfig } from '../../config';
import { KioskSessionEntity } from '../../kiosk/kiosk-session.entity';
import { KioskSessionService } from '../../kiosk/kiosk-session.service';
import { KioskSession, SessionEndedError, SessionNotFoundError } from '../../kiosk/kiosk-session.type';
import { initTensorflow } from '../../ml/backend';
import { StoreEntity } from '../../store/store.entity';
import { Store } from '../../store/store.type';
import { FaceConsentEntity, FaceConsentPurpose } from './face-consent.entity';
import { FaceEmbeddingCipher, FaceEmbeddingDecryptionError, SealedEmbedding } from './face-crypto';
import { normaliseEmbedding } from './face-embedding';
import { FaceEnrolmentEntity } from './face-enrolment.entity';
import { FaceEnrolment } from './face-enrolment.type';
import { FaceAlreadyEnrolledError, FaceConsentRequiredError, FaceRecognitionDisabledError, InvalidFaceEmbeddingError, SessionLinkedToAnotherMemberError } from './face-errors.type';
import { FaceIdentificationEntity, FaceIdentificationOutcome } from './face-identification.entity';
import { decideFaceMatch, FaceIndex, FaceMatchStrategy, faceMatchStrategyFor } from './face-index';
import { FaceMatch, FaceNotRecognised } from './face-match.type';
import type { EnrollFaceInput } from './enroll-face.input';

/** Serialises writes to face_enrolment, so that `updated_at` grows in commit order (see {@link FaceRecognitionService.refresh}). */
const ENROLMENT_WRITE_LOCK = 7355620;
const FETCH_BATCH = 2_000;

export type EnrollFaceOutcome = FaceEnrolment | FaceConsentRequiredError | InvalidFaceEmbeddingError | FaceAlreadyEnrolledError;
export type IdentifyByFaceOutcome =
  | FaceMatch
  | FaceNotRecognised
  | FaceRecognitionDisabledError
  | InvalidFaceEmbeddingError
  | SessionNotFoundError
  | SessionEndedError
  | SessionLinkedToAnotherMemberError;

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

/** A row read with a previous key, sealed again with the current one, waiting to be written. */
interface Reseal {
  customerId: string;
  revision: string;
  fromKeyId: string;
  sealed: SealedEmbedding;
}

interface FaceRuntime {
  settings: FaceRecognitionConfig;
  cipher: FaceEmbeddingCipher;
  index: FaceIndex;
  strategy: FaceMatchStrategy;
  dataSource: DataSource;
  log: Logger;
  /** count/max(updated_at) of face_enrolment when the index was last brought up to date. */
  version: string | null;
  timer: NodeJS.Timeout | null;
  /** The sync in flight; it never rejects (failures are logged). */
  refreshing: Promise<void> | null;
  reseals: Reseal[];
}

/**
 * Opt-in face recognition at the mirrors.
 *
 * Members enrol in the app with explicit consent; their embedding is stored encrypted (AES-256-GCM)
 * and kept decrypted only in an in-memory index, loaded once and kept in sync: at once in this process
 * on enrol and withdrawal, and in other server processes by a cheap version poll. A kiosk identifies
 * the customer in front of it 1:N: a member is recognised only above the similarity threshold and
 * with a margin over the runner-up. Every attempt is audited; withdrawing consent deletes every trace.
 */
export class FaceRecognitionService {
  private runtime: Promise<FaceRuntime> | null = null;

  constructor(
    private readonly sessions: KioskSessionService,
    private readonly options: { refreshMs?: number; strategy?: FaceMatchStrategy } = {},
  ) {}

  /**
   * Loads the index (decrypting every enrolment) and starts following changes made by other processes.
   * Called at start-up; otherwise the first request that needs the index does it.
   */
  async start(dataSource: DataSource, settings: FaceRecognitionConfig, log: Logger): Promise<void> {
    await this.runtimeFor(dataSource, settings, log);
  }

  /** Stops following other processes and frees the index. */
  async stop(): Promise<void> {
    const runtime = this.runtime;
    this.runtime = null;
    const rt = await runtime?.catch(() => null);
    if (!rt) return;
    if (rt.timer) clearInterval(rt.timer);
    await rt.refreshing;
    rt.strategy.dispose?.();
  }

  /** Number of members in this process's index (for health and benchmarks). */
  async indexSize(): Promise<number> {
    return this.runtime ? (await this.runtime).index.size : 0;
  }

  async enrol(ctx: RequestContext, input: EnrollFaceInput): Promise<EnrollFaceOutcome> {
    const customerId = this.customerOf(ctx);
    if (input.consent.accepted !== true) return new FaceConsentRequiredError();
    const check = normaliseEmbedding(input.embedding, ctx.config.face.embeddingDim);
    if (!check.ok) return new InvalidFaceEmbeddingError('input.embedding', check.problem, check.message, ctx.config.face.embeddingDim);
    const rt = await this.ensure(ctx);
    const sealed = rt.cipher.seal(customerId, check.vector);
    const saved = await inTransaction(ctx, async (tx) => {
      await tx.em.query('SELECT pg_advisory_xact_lock($1)', [ENROLMENT_WRITE_LOCK]);
      // With the lock held no enrolment can commit, so once the index has caught up (on this
      // transaction's connection: the pool may be full of enrolments waiting for the lock) it holds
      // every member, whichever process enrolled them.
      await this.catchUp(rt, tx.em);
      // Two members with one face would both fall to the margin rule and neither be recognised.
      if (this.matchesAnotherMember(rt, customerId, check.vector)) return new FaceAlreadyEnrolledError();
      const [consent] = (await tx.em.query(
        `INSERT INTO face_consent (customer_id, version, purpose) VALUES ($1, $2, $3)
         ON CONFLICT (customer_id) DO UPDATE SET version = EXCLUDED.version, purpose = EXCLUDED.purpose, granted_at = now()
         RETURNING id, version, purpose, granted_at`,
        [customerId, input.consent.version, input.consent.purpose],
      )) as { id: string; version: string; purpose: FaceConsentPurpose; granted_at: Date }[];
      // clock_timestamp(), not now(): taken after the lock, so it is later than every committed row.
      const [enrolment] = (await tx.em.query(
        `INSERT INTO face_enrolment (customer_id, consent_id, iv, ciphertext, auth_tag, key_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, now(), clock_timestamp())
         ON CONFLICT (customer_id) DO UPDATE SET consent_id = EXCLUDED.consent_id, iv = EXCLUDED.iv, ciphertext = EXCLUDED.ciphertext,
           auth_tag = EXCLUDED.auth_tag, key_id = EXCLUDED.key_id, created_at = now(), updated_at = clock_timestamp()
         RETURNING created_at, updated_at::text AS revision`,
        [customerId, consent.id, sealed.iv, sealed.ciphertext, sealed.authTag, sealed.keyId],
      )) as { created_at: Date; revision: string }[];
      return { consent, enrolment };
    });
    if (saved instanceof FaceAlreadyEnrolledError) {
      ctx.log.info('face enrolment refused: the face matches another enrolled member');
      return saved;
    }
    // After any refresh in flight, which may have read the row before this commit.
    await rt.refreshing;
    rt.index.upsert(customerId, check.vector, saved.enrolment.revision);
    rt.strategy.release?.();
    ctx.log.info({ keyId: sealed.keyId }, 'face enrolled');
    return FaceEnrolment.of({ version: saved.consent.version, purpose: saved.consent.purpose, grantedAt: saved.consent.granted_at, enrolledAt: saved.enrolment.created_at });
  }

  async myEnrolment(ctx: RequestContext): Promise<FaceEnrolment> {
    const customerId = this.customerOf(ctx);
    const consent = await ctx.em.getRepository(FaceConsentEntity).findOne({ where: { customerId } });
    if (!consent) return FaceEnrolment.of(null);
    const enrolment = await ctx.em.getRepository(FaceEnrolmentEntity).findOne({
      where: { customerId },
      select: { customerId: true, createdAt: true, iv: true, ciphertext: true, authTag: true, keyId: true },
    });
    const readable = enrolment ? this.canOpen(await this.ensure(ctx), enrolment) : true;
    return FaceEnrolment.of({ version: consent.version, purpose: consent.purpose, grantedAt: consent.grantedAt, enrolledAt: enrolment?.createdAt ?? null, readable });
  }

  /** Whether the stored embedding opens with the current or a previous key (and fits the index). */
  private canOpen(rt: FaceRuntime, row: FaceEnrolmentEntity): boolean {
    try {
      const vector = rt.cipher.open(row.customerId, { iv: row.iv, ciphertext: row.ciphertext, authTag: row.authTag, keyId: row.keyId });
      const fits = vector.length === rt.index.dim;
      vector.fill(0);
      return fits;
    } catch (error) {
      if (error instanceof FaceEmbeddingDecryptionError) return false;
      throw error;
    }
  }

  /**
   * Deletes every trace: the enrolment, the consent, every identification record naming the member
   * and every record of a session that was theirs, and unlinks every session (open or ended) that
   * their face linked to them. A session the member also claimed themselves, by approving its QR
   * sign-in or confirming a cart hand-off in the app, stays theirs. The face leaves this process's
   * memory at once (index and match strategy) and other processes' at their next sync (within 5 s).
   * True when there was anything to delete.
   */
  async withdraw(ctx: RequestContext): Promise<boolean> {
    const customerId = this.customerOf(ctx);
    const deleted = await inTransaction(ctx, async (tx) => {
      await tx.em.query('SELECT pg_advisory_xact_lock($1)', [ENROLMENT_WRITE_LOCK]);
      // The enrolment first: an identification in flight holds it FOR SHARE, so this waits for it to
      // commit, and its audit row and link are then undone below too. Same lock order as identify.
      const enrolments = await tx.em.getRepository(FaceEnrolmentEntity).delete({ customerId });
      // How a session got its member is told by the records: a MATCHED identification (face), an
      // approved member_sign_in (QR) or a confirmed cart_handoff (the app). Only face alone is undone.
      const unlinked = (await tx.em.query(
        `WITH unlinked AS (
           UPDATE kiosk_session s SET customer_id = NULL
           WHERE s.customer_id = $1
             AND EXISTS (SELECT 1 FROM face_identification f WHERE f.session_id = s.id AND f.matched_customer_id = $1 AND f.outcome = 'MATCHED')
             AND NOT EXISTS (SELECT 1 FROM member_sign_in m WHERE m.session_id = s.id AND m.customer_id = $1 AND m.status = 'APPROVED')
             AND NOT EXISTS (SELECT 1 FROM cart_handoff h WHERE h.session_id = s.id AND h.claimed_by = $1 AND h.status = 'CONFIRMED')
           RETURNING s.id)
         SELECT id FROM unlinked`,
        [customerId],
      )) as { id: string }[];
      // Failed and refused attempts too: in the member's sessions they are the member's face.
      const [audits] = (await tx.em.query(
        `WITH gone AS (
           DELETE FROM face_identification
           WHERE matched_customer_id = $1
              OR session_id = ANY($2::uuid[])
              OR session_id IN (SELECT id FROM kiosk_session WHERE customer_id = $1)
           RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [customerId, unlinked.map((r) => r.id)],
      )) as { n: number }[];
      const consents = await tx.em.getRepository(FaceConsentEntity).delete({ customerId });
      return (enrolments.affected ?? 0) + audits.n + (consents.affected ?? 0);
    });
    const rt = await this.runtime?.catch(() => null);
    if (rt) {
      // After any refresh in flight, which may have read the row before this commit.
      await rt.refreshing;
      if (rt.index.remove(customerId)) rt.strategy.release?.();
    }
    if (deleted) ctx.log.info('face consent withdrawn; enrolment and identification records deleted');
    return deleted > 0;
  }

  /**
   * 1:N identification of the customer in front of the calling kiosk. Bad input is refused before the
   * session is touched; every attempt on a valid session is audited.
   */
  async identify(ctx: RequestContext, sessionId: string, embedding: number[]): Promise<IdentifyByFaceOutcome> {
    if (ctx.principal.kind !== 'kiosk') throw forbidden('Only a kiosk can identify a customer');
    const kiosk = ctx.principal;
    const dim = ctx.config.face.embeddingDim;
    const check = normaliseEmbedding(embedding, dim);
    if (!check.ok) return new InvalidFaceEmbeddingError('embedding', check.problem, check.message, dim);
    const session = await this.sessions.requireActive(ctx, sessionId);
    if (!(session instanceof KioskSessionEntity)) return session;
    const audit = (tx: RequestContext, outcome: FaceIdentificationOutcome, fields: { matchedCustomerId?: string; bestSimilarity?: number | null; margin?: number | null } = {}) =>
      tx.em.getRepository(FaceIdentificationEntity).insert({
        storeId: session.storeId,
        kioskId: kiosk.kioskId,
        sessionId: session.id,
        matchedCustomerId: fields.matchedCustomerId ?? null,
        bestSimilarity: fields.bestSimilarity ?? null,
        margin: fields.margin ?? null,
        outcome,
      });
    const store = await ctx.em.getRepository(StoreEntity).findOne({ where: { id: session.storeId }, select: { id: true, faceRecognitionEnabled: true } });
    if (!store?.faceRecognitionEnabled) {
      await audit(ctx, FaceIdentificationOutcome.DISABLED);
      ctx.log.info({ outcome: FaceIdentificationOutcome.DISABLED, kioskId: kiosk.kioskId }, 'face identification');
      return new FaceRecognitionDisabledError();
    }
    const rt = await this.ensure(ctx);
    const top = rt.strategy.top2(rt.index, check.vector);
    const decision = decideFaceMatch(top, { threshold: rt.settings.matchThreshold, margin: rt.settings.matchMargin });
    const scores = { bestSimilarity: top.bestSimilarity, margin: decision.margin };
    if (!decision.matched || !top.bestId) {
      await audit(ctx, FaceIdentificationOutcome.NOT_RECOGNISED, scores);
      ctx.log.info({ outcome: FaceIdentificationOutcome.NOT_RECOGNISED, kioskId: kiosk.kioskId }, 'face identification');
      return new FaceNotRecognised();
    }
    const memberId = top.bestId;
    // Plain values out of the transaction: an ErrorResult answer would roll it back, audit row included.
    const linked = await inTransaction(ctx, async (tx) => {
      // Still switched on? Read under FOR SHARE: a switch-off that committed since the check above, or
      // is committing now (it holds the row FOR UPDATE), wins, and nobody is linked.
      const [switched] = (await tx.em.query(`SELECT face_recognition_enabled AS enabled FROM store WHERE id = $1 FOR SHARE`, [session.storeId])) as { enabled: boolean }[];
      if (!switched?.enabled) {
        await audit(tx, FaceIdentificationOutcome.DISABLED);
        return { outcome: FaceIdentificationOutcome.DISABLED, displayName: null, linked: false };
      }
      // Still enrolled? Another process may have deleted the enrolment since this index last refreshed.
      // FOR SHARE holds a concurrent withdrawal back until this audit row is committed, so the
      // withdrawal then deletes it too.
      const [member] = (await tx.em.query(
        `SELECT c.display_name FROM face_enrolment e JOIN customer c ON c.id = e.customer_id WHERE e.customer_id = $1 FOR SHARE OF e`,
        [memberId],
      )) as { display_name: string }[];
      if (!member) {
        await audit(tx, FaceIdentificationOutcome.NOT_RECOGNISED, scores);
        return { outcome: FaceIdentificationOutcome.NOT_RECOGNISED, displayName: null, linked: false };
      }
      await audit(tx, FaceIdentificationOutcome.MATCHED, { ...scores, matchedCustomerId: memberId });
      const update = await tx.em
        .createQueryBuilder()
        .update(KioskSessionEntity)
        .set({ customerId: memberId })
        .where('id = :id AND (customer_id IS NULL OR customer_id = :customerId)', { id: session.id, customerId: memberId })
        .execute();
      return { outcome: FaceIdentificationOutcome.MATCHED, displayName: member.display_name, linked: !!update.affected };
    });
    // Never the member's id in the log: the audit row is what withdrawal can delete, log storage is not.
    ctx.log.info({ outcome: linked.outcome, linked: linked.linked, kioskId: kiosk.kioskId }, 'face identification');
    if (linked.outcome === FaceIdentificationOutcome.DISABLED) return new FaceRecognitionDisabledError();
    if (linked.displayName === null) {
      void this.refreshNow(rt);
      return new FaceNotRecognised();
    }
    if (!linked.linked) return new SessionLinkedToAnotherMemberError();
    session.customerId = memberId;
    return Object.assign(new FaceMatch(), { displayName: linked.displayName, session: KioskSession.from(session) });
  }

  async setStoreEnabled(ctx: RequestContext, storeId: string, enabled: boolean): Promise<Store | NotFoundError> {
    if (ctx.principal.kind !== 'staff') throw forbidden('Only staff can switch face recognition');
    const staffId = ctx.principal.staffId;
    return inTransaction(ctx, async (tx) => {
      const repo = tx.em.getRepository(StoreEntity);
      const store = await repo.findOne({ where: { id: storeId }, lock: { mode: 'pessimistic_write' } });
      if (!store) return new NotFoundError('Store', `No store has the id ${storeId}`);
      if (store.faceRecognitionEnabled !== enabled) {
        await repo.update(store.id, { faceRecognitionEnabled: enabled });
        store.faceRecognitionEnabled = enabled;
        tx.log.info({ storeId, enabled, staffId }, 'store face recognition switched');
      }
      return Store.from(store);
    });
  }

  /**
   * Brings the index up to date with the database. Cheap when nothing changed: one count/max query.
   * Writes are serialised and stamp `updated_at` with clock_timestamp() after taking the lock, so any
   * committed change either moves the count or raises the max; then only the rows whose revision
   * differs are fetched and decrypted, and rows gone from the table leave the index.
   */
  async refresh(): Promise<void> {
    const rt = await this.runtime;
    if (rt) await this.refreshNow(rt);
  }

  private refreshNow(rt: FaceRuntime): Promise<void> {
    if (!rt.refreshing) {
      rt.refreshing = this.sync(rt)
        .then(() => this.reencrypt(rt))
        .catch((error: unknown) => rt.log.error({ err: error }, 'refreshing the face index failed'))
        .finally(() => (rt.refreshing = null));
    }
    return rt.refreshing;
  }

  /**
   * Brings the index up to date through `em` (the caller's transaction), after any sync in flight.
   * Unlike {@link refreshNow}, a failure is thrown to the caller.
   */
  private async catchUp(rt: FaceRuntime, em: EntityManager): Promise<void> {
    while (rt.refreshing) await rt.refreshing;
    const run = this.sync(rt, (sql, params) => em.query(sql, params));
    rt.refreshing = run.catch(() => undefined).finally(() => (rt.refreshing = null));
    await run;
  }

  /** True when the embedding reaches the match threshold with a member other than `customerId`. */
  private matchesAnotherMember(rt: FaceRuntime, customerId: string, vector: Float32Array): boolean {
    const top = rt.strategy.top2(rt.index, vector);
    // One row per member: when the best is the member's own earlier enrolment, the runner-up is the best other.
    const other = top.bestId === null ? null : top.bestId === customerId ? top.secondSimilarity : top.bestSimilarity;
    return other !== null && other >= rt.settings.matchThreshold;
  }

  private ensure(ctx: RequestContext): Promise<FaceRuntime> {
    return this.runtimeFor(ctx.dataSource, ctx.config.face, ctx.log);
  }

  private runtimeFor(dataSource: DataSource, settings: FaceRecognitionConfig, log: Logger): Promise<FaceRuntime> {
    if (!this.runtime) {
      const loading = this.load(dataSource, settings, log);
      this.runtime = loading;
      // A failed load (database down) is retried by the next request rather than remembered.
      loading.catch(() => {
        if (this.runtime === loading) this.runtime = null;
      });
    }
    return this.runtime;
  }

  private customerOf(ctx: RequestContext): string {
    if (ctx.principal.kind !== 'customer') throw forbidden('Only the member can do this');
    return ctx.principal.customerId;
  }

  private async load(dataSource: DataSource, settings: FaceRecognitionConfig, log: Logger): Promise<FaceRuntime> {
    const backend = await initTensorflow();
    const rt: FaceRuntime = {
      settings,
      cipher: new FaceEmbeddingCipher(settings.encryptionKey, settings.previousEncryptionKeys ?? []),
      index: new FaceIndex(settings.embeddingDim),
      strategy: this.options.strategy ?? faceMatchStrategyFor(backend),
      dataSource,
      log,
      version: null,
      timer: null,
      refreshing: null,
      reseals: [],
    };
    const started = Date.now();
    await this.sync(rt);
    await this.reencrypt(rt);
    log.info({ members: rt.index.size, strategy: rt.strategy.name, ms: Date.now() - started }, 'face index loaded');
    rt.timer = setInterval(() => {
      if (!dataSource.isInitialized) return;
      void this.refreshNow(rt);
    }, this.options.refreshMs ?? 5_000);
    rt.timer.unref();
    return rt;
  }

  private async sync(rt: FaceRuntime, query: Query = (sql, params) => rt.dataSource.query(sql, params)): Promise<void> {
    const [{ n, latest }] = (await query(`SELECT count(*)::int AS n, coalesce(max(updated_at)::text, '') AS latest FROM face_enrolment`)) as { n: number; latest: string }[];
    const version = `${n}/${latest}`;
    if (version === rt.version) return;
    const generation = rt.index.generation;
    const listed = (await query(`SELECT customer_id, updated_at::text AS revision FROM face_enrolment`)) as { customer_id: string; revision: string }[];
    const present = new Set(listed.map((r) => r.customer_id));
    for (const id of rt.index.memberIds()) if (!present.has(id)) rt.index.remove(id);
    const changed = listed.filter((r) => rt.index.revision(r.customer_id) !== r.revision).map((r) => r.customer_id);
    let unreadable = 0;
    for (let i = 0; i < changed.length; i += FETCH_BATCH) {
      const rows = (await query(
        `SELECT customer_id, iv, ciphertext, auth_tag, key_id, updated_at::text AS revision FROM face_enrolment WHERE customer_id = ANY($1)`,
        [changed.slice(i, i + FETCH_BATCH)],
      )) as { customer_id: string; iv: Buffer; ciphertext: Buffer; auth_tag: Buffer; key_id: string; revision: string }[];
      for (const row of rows) {
        try {
          const vector = rt.cipher.open(row.customer_id, { iv: row.iv, ciphertext: row.ciphertext, authTag: row.auth_tag, keyId: row.key_id });
          if (vector.length !== rt.index.dim) throw new FaceEmbeddingDecryptionError(`${vector.length} values, the index has ${rt.index.dim}`);
          rt.index.upsert(row.customer_id, vector, row.revision);
          if (!rt.cipher.isCurrent({ keyId: row.key_id })) {
            rt.reseals.push({ customerId: row.customer_id, revision: row.revision, fromKeyId: row.key_id, sealed: rt.cipher.seal(row.customer_id, vector) });
          }
          vector.fill(0);
        } catch (error) {
          if (!(error instanceof FaceEmbeddingDecryptionError)) throw error;
          rt.index.remove(row.customer_id);
          unreadable++;
        }
      }
    }
    // A strategy's copy of the index (a tensor) is dropped at once: a withdrawn face is not kept until the next identification.
    if (rt.index.generation !== generation) rt.strategy.release?.();
    if (unreadable) {
      rt.log.error(
        { unreadable, keyIds: rt.cipher.keyIds },
        `${unreadable} face enrolments cannot be decrypted with FACE_ENCRYPTION_KEY or any key in FACE_ENCRYPTION_KEYS_PREVIOUS: those members are not recognised, and myFaceEnrolment tells them to enrol again`,
      );
    }
    rt.version = version;
  }

  /**
   * Writes back the rows the last syncs read with a previous key, sealed with the current one. The
   * embedding is unchanged, so `updated_at` is kept (other processes have nothing to reload); a row
   * re-enrolled or withdrawn meanwhile no longer has the revision and key id it was read with, and
   * is left alone. A failure is logged: the rows stay readable with the previous key and are
   * re-encrypted at the next start.
   */
  private async reencrypt(rt: FaceRuntime): Promise<void> {
    const pending = rt.reseals.splice(0);
    let rewritten = 0;
    try {
      for (let i = 0; i < pending.length; i += FETCH_BATCH) {
        const batch = pending.slice(i, i + FETCH_BATCH);
        const [{ n }] = (await rt.dataSource.query(
          `WITH v AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::bytea[], $5::bytea[], $6::bytea[]) AS v(customer_id, revision, from_key, iv, ciphertext, auth_tag)),
           done AS (
             UPDATE face_enrolment e SET iv = v.iv, ciphertext = v.ciphertext, auth_tag = v.auth_tag, key_id = $7
             FROM v WHERE e.customer_id = v.customer_id AND e.updated_at = v.revision AND e.key_id = v.from_key
             RETURNING 1)
           SELECT count(*)::int AS n FROM done`,
          [
            batch.map((r) => r.customerId),
            batch.map((r) => r.revision),
            batch.map((r) => r.fromKeyId),
            batch.map((r) => r.sealed.iv),
            batch.map((r) => r.sealed.ciphertext),
            batch.map((r) => r.sealed.authTag),
            rt.cipher.keyId,
          ],
        )) as { n: number }[];
        rewritten += n;
      }
    } catch (error) {
      rt.log.error({ err: error }, 'face enrolments read with a previous key could not be re-encrypted with the current key; retried at the next start');
      return;
    }
    if (pending.length) rt.log.info({ reencrypted: rewritten, keyId: rt.cipher.keyId }, 'face enrolments re-encrypted with the current key');
  }
}
