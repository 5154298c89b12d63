import { Field, ObjectType } from 'type-graphql';
import { ErrorResult, ErrorResultCode } from '../../common/error-result.type';
import { KioskSession } from '../../kiosk/kiosk-session.type';

/** The member in front of the mirror was recognised; the session now belongs to them. */
@ObjectType({ description: 'The member in front of the mirror was recognised and the session is now linked to them.' })
export class FaceMatch {
  @Field({ description: "The member's display name, to greet them." })
  displayName!: string;

  @Field(() => KioskSession, { description: 'The session, now linked to the member.' })
  session!: KioskSession;
}

/**
 * Nobody was recognised. Deliberately says nothing about why (no similarity, not whether someone came
 * close), so that the answer never tells anything about other members.
 */
@ObjectType({ implements: ErrorResult, description: 'Nobody was recognised with enough confidence; the customer can sign in with the app instead.' })
export class FaceNotRecognised extends ErrorResult {
  constructor() {
    super();
    this.code = ErrorResultCode.NOT_FOUND;
    this.message = 'Not recognised: sign in with the app instead';
  }
}
