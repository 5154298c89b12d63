import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorResult, ErrorResultCode } from '../common/error-result.type';
import { KioskSessionEndReason, KioskSessionEntity, KioskSessionStatus } from './kiosk-session.entity';

registerEnumType(KioskSessionStatus, { name: 'KioskSessionStatus', description: 'Whether a session is still open.' });
registerEnumType(KioskSessionEndReason, { name: 'KioskSessionEndReason', description: 'Why a session ended.' });

@ObjectType('KioskSession', { description: "One customer's time at one mirror; scans, try-ons and carts belong to it." })
export class KioskSession {
  @Field(() => ID, { description: 'Session id.' })
  id!: string;

  @Field(() => ID, { description: 'The mirror.' })
  kioskId!: string;

  @Field(() => ID, { description: 'The store of the mirror.' })
  storeId!: string;

  @Field(() => KioskSessionStatus, { description: 'ACTIVE or ENDED.' })
  status!: KioskSessionStatus;

  @Field(() => KioskSessionEndReason, { nullable: true, description: 'Why it ended, once ended.' })
  endReason!: KioskSessionEndReason | null;

  @Field(() => Date, { description: 'When it started.' })
  startedAt!: Date;

  @Field(() => Date, { description: 'Last activity; the session ends by itself after the idle timeout.' })
  lastActivityAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it ended.' })
  endedAt!: Date | null;

  @Field({ description: 'True when a member has signed in at the mirror during this session.' })
  memberSignedIn!: boolean;

  customerId!: string | null;

  static from(e: KioskSessionEntity): KioskSession {
    return Object.assign(new KioskSession(), {
      id: e.id,
      kioskId: e.kioskId,
      storeId: e.storeId,
      status: e.status,
      endReason: e.endReason,
      startedAt: e.startedAt,
      lastActivityAt: e.lastActivityAt,
      endedAt: e.endedAt,
      memberSignedIn: e.customerId !== null,
      customerId: e.customerId,
    });
  }
}

@ObjectType({ implements: ErrorResult, description: 'No session with this id belongs to the caller.' })
export class SessionNotFoundError extends ErrorResult {
  constructor(sessionId: string) {
    super();
    this.code = ErrorResultCode.NOT_FOUND;
    this.message = `No session ${sessionId} belongs to this kiosk`;
  }
}

@ObjectType({ implements: ErrorResult, description: 'The session has ended (by the kiosk or after the idle timeout); start a new one.' })
export class SessionEndedError extends ErrorResult {
  constructor() {
    super();
    this.code = ErrorResultCode.SESSION_ENDED;
    this.message = 'This session has ended; start a new session';
  }
}
