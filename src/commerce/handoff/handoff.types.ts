import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorResult, ErrorResultCode, NotFoundError } from '../../common/error-result.type';
import { Money } from '../../common/money.type';
import { SessionEndedError } from '../../kiosk/kiosk-session.type';
import { CartLine, Cart } from '../cart/cart.types';
import { HandoffStatus } from './cart-handoff.entity';

registerEnumType(HandoffStatus, { name: 'HandoffStatus', description: 'PENDING -> CLAIMED -> CONFIRMED, or EXPIRED.' });

@ObjectType('CartHandoff', { description: 'A cart offered to a phone: show the QR (or the code) on the mirror.' })
export class CartHandoff {
  @Field(() => ID, { description: 'Hand-off id (for the status subscription).' })
  id!: string;
  @Field({ description: 'What the QR encodes: a URL carrying only the one-time token.' })
  qrPayload!: string;
  @Field({ description: 'Typed fallback code, shown as XXXX-XXXX (case-insensitive).' })
  fallbackCode!: string;
  @Field(() => Date, { description: 'When the QR and code stop working.' })
  expiresAt!: Date;
  @Field(() => HandoffStatus, { description: 'Status.' })
  status!: HandoffStatus;
}

@ObjectType({ description: 'A line as the phone previews it, with a fit note when the mirror measured the customer.' })
export class HandoffPreviewLine {
  @Field(() => CartLine, { description: 'The line.' })
  line!: CartLine;
  @Field(() => String, { nullable: true, description: 'How the chosen size fits, e.g. "M: chest regular, waist snug".' })
  fitNote!: string | null;
}

@ObjectType({ description: 'What the phone shows before the customer confirms the hand-off.' })
export class HandoffPreview {
  @Field(() => ID, { description: 'Hand-off id (confirm with it).' })
  handoffId!: string;
  @Field(() => HandoffStatus, { description: 'CLAIMED by you.' })
  status!: HandoffStatus;
  @Field({ description: 'Store name.' })
  storeName!: string;
  @Field({ description: 'The mirror.' })
  kioskLabel!: string;
  @Field(() => [HandoffPreviewLine], { description: 'Lines with sizes and fit notes.' })
  lines!: HandoffPreviewLine[];
  @Field(() => Money, { description: 'Total.' })
  total!: Money;
  @Field(() => String, { nullable: true, description: 'Image URL of the last try-on render, when there is one.' })
  tryOnSnapshotUrl!: string | null;
  @Field(() => Date, { description: 'Confirm before this.' })
  expiresAt!: Date;
}

@ObjectType({ description: 'A status change of a hand-off, for the mirror.' })
export class CartHandoffEvent {
  @Field(() => ID, { description: 'Hand-off.' })
  handoffId!: string;
  @Field(() => HandoffStatus, { description: 'New status.' })
  status!: HandoffStatus;
  @Field(() => Date, { description: 'When.' })
  at!: Date;
  kioskId!: string;
}

@ObjectType({ implements: ErrorResult, description: 'The QR or code has expired; ask the mirror for a new one.' })
export class HandoffExpiredError extends ErrorResult {
  constructor() {
    super();
    this.code = ErrorResultCode.HANDOFF_EXPIRED;
    this.message = 'This code has expired: ask the mirror for a new one';
  }
}

@ObjectType({ implements: ErrorResult, description: 'Someone already claimed this hand-off.' })
export class HandoffAlreadyClaimedError extends ErrorResult {
  constructor() {
    super();
    this.code = ErrorResultCode.HANDOFF_ALREADY_CLAIMED;
    this.message = 'This cart has already been claimed';
  }
}

@ObjectType({ implements: ErrorResult, description: 'No hand-off has this token or code.' })
export class InvalidHandoffCodeError extends ErrorResult {
  @Field(() => Int, { description: 'Wrong attempts left before a pause.' })
  attemptsLeft!: number;
  constructor(attemptsLeft: number) {
    super();
    this.code = ErrorResultCode.INVALID_CODE;
    this.message = 'That code is not valid';
    this.attemptsLeft = attemptsLeft;
  }
}

@ObjectType({ implements: ErrorResult, description: 'Too many wrong codes: try again later.' })
export class TooManyAttemptsError extends ErrorResult {
  @Field(() => Int, { description: 'Seconds to wait.' })
  retryAfterSeconds!: number;
  constructor(retryAfterSeconds: number) {
    super();
    this.code = ErrorResultCode.RATE_LIMITED;
    this.message = 'Too many wrong codes: try again later';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

@ObjectType({ implements: ErrorResult, description: 'The cart is empty.' })
export class EmptyCartError extends ErrorResult {
  constructor() {
    super();
    this.code = ErrorResultCode.EMPTY_CART;
    this.message = 'The cart is empty';
  }
}

export const CreateCartHandoffResult = createUnionType({
  name: 'CreateCartHandoffResult',
  description: 'The QR and code, or why not.',
  types: () => [CartHandoff, NotFoundError, SessionEndedError, EmptyCartError] as const,
});

export const ClaimCartHandoffResult = createUnionType({
  name: 'ClaimCartHandoffResult',
  description: 'The preview to confirm, or why the claim failed.',
  types: () => [HandoffPreview, HandoffExpiredError, HandoffAlreadyClaimedError, InvalidHandoffCodeError, TooManyAttemptsError] as const,
});

export const ConfirmCartHandoffResult = createUnionType({
  name: 'ConfirmCartHandoffResult',
  description: 'Your app cart with the mirror’s lines merged in, or why not.',
  types: () => [Cart, NotFoundError, HandoffExpiredError] as const,
});
