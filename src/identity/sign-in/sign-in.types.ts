import { createUnionType, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { SessionEndedError, SessionNotFoundError } from '../../kiosk/kiosk-session.type';
import { HandoffExpiredError, InvalidHandoffCodeError, TooManyAttemptsError } from '../../commerce/handoff/handoff.types';
import { SessionLinkedToAnotherMemberError } from '../face/face-errors.type';
import { SignInStatus } from './sign-in-request.entity';

registerEnumType(SignInStatus, { name: 'MemberSignInStatus', description: 'PENDING -> APPROVED, or EXPIRED.' });

@ObjectType('MemberSignInRequest', { description: 'Show the QR (or the code) on the mirror; the member approves it in the app.' })
export class MemberSignInRequest {
  @Field(() => ID, { description: 'Request id (for the subscription).' })
  id!: string;
  @Field({ description: 'What the QR encodes: a URL carrying only a one-time token.' })
  qrPayload!: string;
  @Field({ description: 'Typed fallback code, XXXX-XXXX.' })
  fallbackCode!: string;
  @Field(() => Date, { description: 'Expiry.' })
  expiresAt!: Date;
}

@ObjectType({ description: 'A sign-in approved in the app: the mirror’s session is now the member’s.' })
export class MemberSignInApproved {
  @Field(() => ID, { description: 'The session now signed in.' })
  sessionId!: string;
  @Field({ description: 'Where: the store name.' })
  storeName!: string;
}

@ObjectType({ description: 'A status change of a sign-in request, for the mirror.' })
export class MemberSignInEvent {
  @Field(() => ID, { description: 'Request.' })
  requestId!: string;
  @Field(() => SignInStatus, { description: 'New status.' })
  status!: SignInStatus;
  @Field(() => String, { nullable: true, description: 'Name to greet the member with, once approved.' })
  memberName!: string | null;
  kioskId!: string;
}

export const RequestMemberSignInResult = createUnionType({
  name: 'RequestMemberSignInResult',
  description: 'The QR and code, or why not.',
  types: () => [MemberSignInRequest, SessionNotFoundError, SessionEndedError] as const,
});

export const ApproveMemberSignInResult = createUnionType({
  name: 'ApproveMemberSignInResult',
  description: 'Signed in, or why not.',
  types: () => [MemberSignInApproved, HandoffExpiredError, InvalidHandoffCodeError, TooManyAttemptsError, SessionLinkedToAnotherMemberError] as const,
});
