import type { PubSub } from 'type-graphql';
import { DataSource } from 'typeorm';
import { formatCode, hashCode, hashToken, newHandoffCode, newHandoffToken, normaliseCode } from '../../commerce/handoff/handoff-code';
import { HANDOFF_LIMITS } from '../../commerce/handoff/handoff.service';
import { HandoffExpiredError, InvalidHandoffCodeError, TooManyAttemptsError } from '../../commerce/handoff/handoff.types';
import { badInput, forbidden } from '../../common/errors';
import { Topics } from '../../common/pubsub';
import { RateLimiter } from '../../common/rate-limiter';
import { inTransaction, RequestContext } from '../../common/request-context';
import { KioskSessionEntity } from '../../kiosk/kiosk-session.entity';
import { KioskSessionService } from '../../kiosk/kiosk-session.service';
import { SessionEndedError, SessionNotFoundError } from '../../kiosk/kiosk-session.type';
import { SessionLinkedToAnotherMemberError } from '../face/face-errors.type';
import { SignInRequestEntity, SignInStatus } from './sign-in-request.entity';
import { MemberSignInApproved, MemberSignInEvent, MemberSignInRequest } from './sign-in.types';

/**
 * Member sign-in at the mirror, like the QR entry of app-linked stores: the mirror shows a QR and a
 * code, the member's app approves, the session is linked to the member and the mirror learns it
 * through a subscription. Same token, code and rate-limit rules as the cart hand-off.
 */
export class MemberSignInService {
  constructor(
    private readonly sessions: KioskSessionService,
    private readonly limiter: RateLimiter,
    private readonly pubSub: PubSub,
  ) {}

  async request(ctx: RequestContext, sessionId: string): Promise<MemberSignInRequest | SessionNotFoundError | SessionEndedError> {
    const session = await this.sessions.requireActive(ctx, sessionId);
    if (!(session instanceof KioskSessionEntity)) return session;
    const repo = ctx.em.getRepository(SignInRequestEntity);
    await repo.update({ sessionId, status: SignInStatus.PENDING }, { status: SignInStatus.EXPIRED });
    const token = newHandoffToken();
    const expiresAt = new Date(Date.now() + ctx.config.handoffTtlSeconds * 1000);
    for (let attempt = 0; attempt < 6; attempt++) {
      const code = newHandoffCode();
      const inserted = await ctx.em
        .createQueryBuilder()
        .insert()
        .into(SignInRequestEntity)
        .values({ sessionId, kioskId: session.kioskId, tokenHash: hashToken(token), codeHash: hashCode(code, ctx.config.handoffCodeKey), status: SignInStatus.PENDING, expiresAt })
        .orIgnore()
        .returning(['id'])
        .execute();
      const row = (inserted.raw as { id: string }[])[0];
      if (row) return Object.assign(new MemberSignInRequest(), { id: row.id, qrPayload: `${ctx.config.handoffUrlBase.replace(/claim#?$/, 'sign-in#')}${token}`, fallbackCode: formatCode(code), expiresAt });
    }
    throw new Error('could not allocate a unique sign-in code');
  }

  async approve(ctx: RequestContext, input: { token?: string | null; code?: string | null }): Promise<MemberSignInApproved | HandoffExpiredError | InvalidHandoffCodeError | TooManyAttemptsError | SessionLinkedToAnotherMemberError> {
    if (ctx.principal.kind !== 'customer') throw forbidden('Only a member approves a sign-in');
    const customerId = ctx.principal.customerId;
    if (!!input.token === !!input.code) throw badInput('give either the token from the QR or the code', 'code');
    let hash: string;
    let column: 'token_hash' | 'code_hash';
    if (input.token) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(input.token)) throw badInput('the token is not one a mirror shows', 'token');
      hash = hashToken(input.token);
      column = 'token_hash';
    } else {
      const code = normaliseCode(input.code!);
      if (!code) throw badInput('a code is 8 letters, shown as XXXX-XXXX', 'code');
      hash = hashCode(code, ctx.config.handoffCodeKey);
      column = 'code_hash';
    }
    const keys = [`signin:code:${hash}`, `signin:customer:${customerId}`, `signin:client:${ctx.clientIp ?? 'unknown'}`];
    const limits = [HANDOFF_LIMITS.perCode, HANDOFF_LIMITS.perCustomer, HANDOFF_LIMITS.perClient];
    const counts = await Promise.all(keys.map((k) => this.limiter.count(k)));
    if (counts.some((n, i) => n >= limits[i])) return new TooManyAttemptsError(HANDOFF_LIMITS.windowSeconds);
    // One transaction, the request and then its session locked: a session that has ended (or ends
    // while this runs) is never linked, and one that another member already holds is never taken over
    // (their body profile and purchases would follow the session).
    const outcome = await inTransaction(ctx, async (tx) => {
      const [request] = (await tx.em.query(`SELECT id, session_id, kiosk_id, status, expires_at > now() AS live FROM member_sign_in WHERE ${column} = $1 FOR UPDATE`, [hash])) as {
        id: string;
        session_id: string;
        kiosk_id: string;
        status: SignInStatus;
        live: boolean;
      }[];
      if (!request) return { kind: 'unknown' as const };
      if (request.status !== SignInStatus.PENDING || !request.live) return { kind: 'expired' as const };
      const [session] = (await tx.em.query(`SELECT status, customer_id FROM kiosk_session WHERE id = $1 FOR UPDATE`, [request.session_id])) as { status: string; customer_id: string | null }[];
      if (!session || session.status !== 'ACTIVE') {
        // The customer has left the mirror: the request goes with the session, and the mirror is told.
        await tx.em.query(`UPDATE member_sign_in SET status = 'EXPIRED' WHERE id = $1`, [request.id]);
        return { kind: 'sessionEnded' as const, requestId: request.id, kioskId: request.kiosk_id };
      }
      if (session.customer_id !== null && session.customer_id !== customerId) return { kind: 'otherMember' as const };
      await tx.em.query(`UPDATE member_sign_in SET status = 'APPROVED', customer_id = $2, approved_at = now() WHERE id = $1`, [request.id, customerId]);
      await tx.em.query(`UPDATE kiosk_session SET customer_id = $2 WHERE id = $1`, [request.session_id, customerId]);
      const [names] = (await tx.em.query(`SELECT c.display_name, st.name AS store_name FROM customer c, kiosk_session s JOIN store st ON st.id = s.store_id WHERE c.id = $1 AND s.id = $2`, [
        customerId,
        request.session_id,
      ])) as { display_name: string; store_name: string }[];
      return { kind: 'approved' as const, requestId: request.id, sessionId: request.session_id, kioskId: request.kiosk_id, memberName: names.display_name, storeName: names.store_name };
    });
    switch (outcome.kind) {
      case 'unknown': {
        const hits = await Promise.all(keys.map((k) => this.limiter.hit(k, HANDOFF_LIMITS.windowSeconds)));
        return new InvalidHandoffCodeError(Math.max(0, Math.min(...hits.map((n, i) => limits[i] - n))));
      }
      case 'expired':
        return new HandoffExpiredError();
      case 'sessionEnded':
        this.pubSub.publish(Topics.MEMBER_SIGN_IN, Object.assign(new MemberSignInEvent(), { requestId: outcome.requestId, status: SignInStatus.EXPIRED, memberName: null, kioskId: outcome.kioskId }));
        return new HandoffExpiredError();
      case 'otherMember':
        return new SessionLinkedToAnotherMemberError();
      case 'approved':
        this.pubSub.publish(Topics.MEMBER_SIGN_IN, Object.assign(new MemberSignInEvent(), { requestId: outcome.requestId, status: SignInStatus.APPROVED, memberName: outcome.memberName, kioskId: outcome.kioskId }));
        return Object.assign(new MemberSignInApproved(), { sessionId: outcome.sessionId, storeName: outcome.storeName });
    }
  }

  /** Expires overdue requests and tells their mirrors. */
  async sweep(dataSource: DataSource): Promise<void> {
    const rows: { id: string; kiosk_id: string }[] = await dataSource.query(
      `WITH e AS (UPDATE member_sign_in SET status = 'EXPIRED' WHERE status = 'PENDING' AND expires_at <= now() RETURNING id, kiosk_id) SELECT * FROM e`,
    );
    for (const r of rows) this.pubSub.publish(Topics.MEMBER_SIGN_IN, Object.assign(new MemberSignInEvent(), { requestId: r.id, status: SignInStatus.EXPIRED, memberName: null, kioskId: r.kiosk_id }));
  }
}
