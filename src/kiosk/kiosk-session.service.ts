import { DataSource, EntityManager, LessThan } from 'typeorm';
import type { KioskActivityService } from '../activity/kiosk-activity.service';
import { BodyScanEntity } from '../body/body-scan.entity';
import { forbidden } from '../common/errors';
import { inTransaction, RequestContext } from '../common/request-context';
import { preparedQuery } from '../database/prepared-query';
import { KioskSessionEndReason, KioskSessionEntity, KioskSessionStatus } from './kiosk-session.entity';
import { KioskSession, SessionEndedError, SessionNotFoundError } from './kiosk-session.type';
import { SessionActivityWriter } from './session-activity-writer';

const ACTIVITY_RESOLUTION_MS = 5_000;
/** Longest a write of noted activity may take (beyond the writer's delay) before it shows in the row. */
const ACTIVITY_WRITE_MS = 2_000;

/** The columns of a `kiosk_session` row as statements select them (`s.id AS session_id, ...`). */
export const SESSION_COLUMNS = 's.id AS session_id, s.kiosk_id, s.store_id, s.customer_id AS session_customer_id, s.status, s.end_reason, s.started_at, s.last_activity_at, s.ended_at';

export interface SessionRow {
  session_id: string;
  kiosk_id: string;
  store_id: string;
  session_customer_id: string | null;
  status: KioskSessionStatus;
  end_reason: KioskSessionEndReason | null;
  started_at: Date;
  last_activity_at: Date;
  ended_at: Date | null;
}

/** A session loaded by a hand-written statement selecting {@link SESSION_COLUMNS}. */
export function sessionFromRow(row: SessionRow): KioskSessionEntity {
  return Object.assign(new KioskSessionEntity(), {
    id: row.session_id,
    kioskId: row.kiosk_id,
    storeId: row.store_id,
    customerId: row.session_customer_id,
    status: row.status,
    endReason: row.end_reason,
    startedAt: row.started_at,
    lastActivityAt: new Date(row.last_activity_at),
    endedAt: row.ended_at,
  });
}

/** The calling kiosk's session and its store's time zone (for the activity counters), in one statement. */
const SESSION_WITH_STORE_STATEMENT = {
  name: 'mf_session_with_store_v1',
  text: `SELECT ${SESSION_COLUMNS}, st.timezone AS store_timezone FROM kiosk_session s JOIN store st ON st.id = s.store_id WHERE s.id = $1 AND s.kiosk_id = $2`,
};

/**
 * Kiosk sessions: one open session per mirror, ending on request or after the idle timeout. Ending a
 * session schedules its body data for deletion after the grace period.
 */
export class KioskSessionService {
  constructor(
    private readonly settings: { idleSeconds: number; graceSeconds: number },
    private readonly activity: KioskActivityService,
    /** Last activity of sessions seen outside transactions, written in the background. */
    readonly activityWriter: SessionActivityWriter = new SessionActivityWriter(),
  ) {}

  /** The calling kiosk; anyone else is refused. */
  callingKiosk(ctx: RequestContext) {
    if (ctx.principal.kind !== 'kiosk') throw forbidden('Only a kiosk can do this');
    return ctx.principal;
  }

  /** Opens a session on the calling mirror, ending any session it left open. */
  async start(ctx: RequestContext): Promise<KioskSession> {
    const kiosk = this.callingKiosk(ctx);
    return inTransaction(ctx, async (tx) => {
      const open = await tx.em.getRepository(KioskSessionEntity).find({ where: { kioskId: kiosk.kioskId, status: KioskSessionStatus.ACTIVE }, lock: { mode: 'pessimistic_write' } });
      for (const s of open) await this.close(tx, s, KioskSessionEndReason.REPLACED);
      const session = await tx.em.getRepository(KioskSessionEntity).save(
        tx.em.getRepository(KioskSessionEntity).create({ kioskId: kiosk.kioskId, storeId: kiosk.storeId, customerId: null, status: KioskSessionStatus.ACTIVE, endReason: null, endedAt: null }),
      );
      await this.activity.record(tx, kiosk.storeId, 'sessionStarted');
      return KioskSession.from(session);
    });
  }

  async end(ctx: RequestContext, sessionId: string): Promise<KioskSession | SessionNotFoundError> {
    const kiosk = this.callingKiosk(ctx);
    return inTransaction(ctx, async (tx) => {
      const session = await tx.em.getRepository(KioskSessionEntity).findOne({ where: { id: sessionId, kioskId: kiosk.kioskId }, lock: { mode: 'pessimistic_write' } });
      if (!session) return new SessionNotFoundError(sessionId);
      if (session.status === KioskSessionStatus.ACTIVE) await this.close(tx, session, KioskSessionEndReason.ENDED_BY_KIOSK);
      return KioskSession.from(session);
    });
  }

  /** The session if it belongs to the calling kiosk (or, for a member, is linked to them). */
  async find(ctx: RequestContext, sessionId: string): Promise<KioskSessionEntity | SessionNotFoundError> {
    const p = ctx.principal;
    const where = p.kind === 'kiosk' ? { id: sessionId, kioskId: p.kioskId } : p.kind === 'customer' ? { id: sessionId, customerId: p.customerId } : null;
    const session = where ? await ctx.em.getRepository(KioskSessionEntity).findOne({ where }) : null;
    return session ?? new SessionNotFoundError(sessionId);
  }

  /**
   * The calling kiosk's session if it is still active, recording the activity. A session past its idle
   * timeout is ended here, so a late request can never use it.
   */
  async requireActive(ctx: RequestContext, sessionId: string): Promise<KioskSessionEntity | SessionNotFoundError | SessionEndedError> {
    const found = await this.requireActiveWithTimezone(ctx, sessionId);
    return 'session' in found ? found.session : found;
  }

  /**
   * {@link requireActive}, with the time zone of the session's store (the activity counters' local
   * day) from the same statement.
   */
  async requireActiveWithTimezone(ctx: RequestContext, sessionId: string): Promise<{ session: KioskSessionEntity; timezone: string } | SessionNotFoundError | SessionEndedError> {
    const kiosk = this.callingKiosk(ctx);
    const [row] = await preparedQuery<SessionRow & { store_timezone: string }>(ctx.em, SESSION_WITH_STORE_STATEMENT, [sessionId, kiosk.kioskId]);
    if (!row) return new SessionNotFoundError(sessionId);
    const session = await this.activeOrEnded(ctx, sessionFromRow(row));
    return session instanceof KioskSessionEntity ? { session, timezone: row.store_timezone } : session;
  }

  /**
   * The same checks for a session row the caller already loaded (for the calling kiosk): ended, or
   * idle past the timeout (then ended here), or active with its activity recorded.
   */
  async activeOrEnded(ctx: RequestContext, session: KioskSessionEntity): Promise<KioskSessionEntity | SessionEndedError> {
    const repo = ctx.em.getRepository(KioskSessionEntity);
    if (session.status !== KioskSessionStatus.ACTIVE) return new SessionEndedError();
    if (Date.now() - session.lastActivityAt.getTime() > this.idleAfterMs()) {
      await inTransaction(ctx, (tx) => this.close(tx, session, KioskSessionEndReason.IDLE_TIMEOUT));
      return new SessionEndedError();
    }
    // Activity is recorded at most every few seconds: the idle timeout counts in minutes, and a busy
    // mirror should not write its session row on every request.
    const now = new Date();
    if (now.getTime() - session.lastActivityAt.getTime() >= ACTIVITY_RESOLUTION_MS) {
      // Inside a mutation the write is part of its transaction (a refused request changes nothing);
      // a read leaves it to the background writer.
      if (ctx.em.queryRunner) await repo.update({ id: session.id, status: KioskSessionStatus.ACTIVE }, { lastActivityAt: now });
      else this.activityWriter.note(ctx.dataSource, session.id, now);
      session.lastActivityAt = now;
    }
    return session;
  }

  /**
   * How old a session's recorded activity must be for the session to count as idle: the idle timeout
   * plus what the row may lag behind the last request (activity is recorded at most every
   * ACTIVITY_RESOLUTION_MS, by a background writer that waits up to its delay, in whichever server
   * process served the request). So a session ends a few seconds late rather than early: a customer
   * who paused just under the timeout keeps their session, whichever process judges it.
   */
  idleAfterMs(): number {
    return this.settings.idleSeconds * 1000 + ACTIVITY_RESOLUTION_MS + this.activityWriter.delayMs + ACTIVITY_WRITE_MS;
  }

  private async close(tx: RequestContext, session: KioskSessionEntity, reason: KioskSessionEndReason): Promise<void> {
    const now = new Date();
    session.status = KioskSessionStatus.ENDED;
    session.endReason = reason;
    session.endedAt = now;
    await tx.em.getRepository(KioskSessionEntity).update(session.id, { status: session.status, endReason: reason, endedAt: now });
    await this.schedulePurge(tx, [session.id], now);
    await this.expireSignIns(tx.em, [session.id]);
  }

  /** A member sign-in shown on the mirror goes with its session: nobody can approve it afterwards. */
  private async expireSignIns(em: EntityManager, sessionIds: string[]): Promise<void> {
    if (sessionIds.length) await em.query(`UPDATE member_sign_in SET status = 'EXPIRED' WHERE session_id = ANY($1) AND status = 'PENDING'`, [sessionIds]);
  }

  private async schedulePurge(tx: RequestContext, sessionIds: string[], endedAt: Date): Promise<void> {
    if (sessionIds.length === 0) return;
    const purgeAfter = new Date(endedAt.getTime() + this.settings.graceSeconds * 1000);
    if (this.settings.graceSeconds === 0) {
      await tx.em.createQueryBuilder().delete().from(BodyScanEntity).where('session_id IN (:...ids)', { ids: sessionIds }).execute();
    } else {
      await tx.em.createQueryBuilder().update(BodyScanEntity).set({ purgeAfter }).where('session_id IN (:...ids)', { ids: sessionIds }).execute();
    }
  }

  /**
   * Housekeeping, run periodically: ends sessions idle for too long and deletes body data whose grace
   * period has passed. Returns what it did.
   */
  async sweep(dataSource: DataSource): Promise<{ ended: number; purged: number }> {
    // Activity noted in this process counts before anything is judged idle.
    await this.activityWriter.flush();
    return dataSource.transaction(async (em) => {
      const cutoff = new Date(Date.now() - this.idleAfterMs());
      const idle: { id: string }[] = await em.query(
        // Wrapped in a CTE so that the driver returns the rows themselves (a bare UPDATE returns [rows, count]).
        `WITH ended AS (
           UPDATE kiosk_session SET status = 'ENDED', end_reason = $2, ended_at = now()
           WHERE status = 'ACTIVE' AND last_activity_at < $1 RETURNING id)
         SELECT id FROM ended`,
        [cutoff, KioskSessionEndReason.IDLE_TIMEOUT],
      );
      const ids = idle.map((r) => r.id);
      await this.expireSignIns(em, ids);
      if (ids.length) {
        if (this.settings.graceSeconds === 0) await em.query(`DELETE FROM body_scan WHERE session_id = ANY($1)`, [ids]);
        else await em.query(`UPDATE body_scan SET purge_after = now() + make_interval(secs => $2) WHERE session_id = ANY($1)`, [ids, this.settings.graceSeconds]);
      }
      const purged = await em.getRepository(BodyScanEntity).delete({ purgeAfter: LessThan(new Date()) });
      return { ended: ids.length, purged: purged.affected ?? 0 };
    });
  }
}
