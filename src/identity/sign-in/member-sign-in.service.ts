import type { PubSub } from 'type-graphql';
import { DataSource } from 'typeorm';
import { formatCode, hashCode, hashToken, newHandoffCode, newHandoffToken, normaliseCode } from '../../commerce/handoff/handoff-code';
import { HANDOFF_LIMITS } from '../../commerce/handoff/handoff.service';
import { HandoffExpiredError, InvalidHandoffCodeError, TooManyAttemptsError } from '../../commerce/handoff/handoff.types';
import { badInput, forbidden } from '../../common/errors';
import { Topics } from '../../common/pubsub';
import { RateLimiter } from '../../common/rate-limiter';
import { RequestContext } from '../../common/request-context';
import { KioskSessionEntity } from '../../kiosk/kiosk-session.entity';
import { KioskSessionService } from '../../kiosk/kiosk-session.service';
import { SessionEndedError, SessionNotFoundError } from '../../kiosk/kiosk-session.type';
import { StoreEntity } from '../../store/store.entity';
import { CustomerEntity } from '../customer.entity';
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

  async approve(ctx: RequestContext, input: { token?: string | null; code?: string | null }): Promise<MemberSignInApproved | HandoffExpiredError | InvalidHandoffCodeError | TooManyAttemptsError> {
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
    const approved: { id: string; session_id: string; kiosk_id: string }[] = await ctx.em.query(
      `WITH a AS (UPDATE member_sign_in SET status = 'APPROVED', customer_id = $2, approved_at = now()
                  WHERE ${column} = $1 AND status = 'PENDING' AND expires_at > now() RETURNING id, session_id, kiosk_id)
       SELECT * FROM a`,
      [hash, customerId],
    );
    if (!approved.length) {
      const known = await ctx.em.getRepository(SignInRequestEntity).findOne({ where: column === 'token_hash' ? { tokenHash: hash } : { codeHash: hash } });
      if (known) return new HandoffExpiredError();
      const hits = await Promise.all(keys.map((k) => this.limiter.hit(k, HANDOFF_LIMITS.windowSeconds)));
      return new InvalidHandoffCodeError(Math.max(0, Math.min(...hits.map((n, i) => limits[i] - n))));
    }
    const { id, session_id: sessionId, kiosk_id: kioskId } = approved[0];
    await ctx.em.getRepository(KioskSessionEntity).update({ id: sessionId }, { customerId });
    const [member, session] = await Promise.all([ctx.em.getRepository(CustomerEntity).findOneByOrFail({ id: customerId }), ctx.em.getRepository(KioskSessionEntity).findOneByOrFail({ id: sessionId })]);
    const store = await ctx.em.getRepository(StoreEntity).findOneByOrFail({ id: session.storeId });
    this.pubSub.publish(Topics.MEMBER_SIGN_IN, Object.assign(new MemberSignInEvent(), { requestId: id, status: SignInStatus.APPROVED, memberName: member.displayName, kioskId }));
    return Object.assign(new MemberSignInApproved(), { sessionId, storeName: store.name });
  }

  /** Expires overdue requests and tells their mirrors. */
  async sweep(dataSource: DataSource): Promise<void> {
    const rows: { id: string; kiosk_id: string }[] = await dataSource.query(
      `WITH e AS (UPDATE member_sign_in SET status = 'EXPIRED' WHERE status = 'PENDING' AND expires_at <= now() RETURNING id, kiosk_id) SELECT * FROM e`,
    );
    for (const r of rows) this.pubSub.publish(Topics.MEMBER_SIGN_IN, Object.assign(new MemberSignInEvent(), { requestId: r.id, status: SignInStatus.EXPIRED, memberName: null, kioskId: r.kiosk_id }));
  }
}
