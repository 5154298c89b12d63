import { Field, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';

/** Codes of expected outcomes returned as union members. */
export enum ErrorResultCode {
  NOT_FOUND = 'NOT_FOUND',
  INVALID_INPUT = 'INVALID_INPUT',
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  SESSION_ENDED = 'SESSION_ENDED',
  SCAN_REJECTED = 'SCAN_REJECTED',
  NO_BODY_PROFILE = 'NO_BODY_PROFILE',
  NO_PREVIOUS_BODY_PROFILE = 'NO_PREVIOUS_BODY_PROFILE',
  NO_SIZE_CHART = 'NO_SIZE_CHART',
  OUT_OF_STOCK = 'OUT_OF_STOCK',
  EMPTY_CART = 'EMPTY_CART',
  HANDOFF_EXPIRED = 'HANDOFF_EXPIRED',
  HANDOFF_ALREADY_CLAIMED = 'HANDOFF_ALREADY_CLAIMED',
  INVALID_CODE = 'INVALID_CODE',
  RATE_LIMITED = 'RATE_LIMITED',
  PAYMENT_DECLINED = 'PAYMENT_DECLINED',
  IDEMPOTENCY_CONFLICT = 'IDEMPOTENCY_CONFLICT',
  FACE_RECOGNITION_DISABLED = 'FACE_RECOGNITION_DISABLED',
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
  MEMBER_NOT_SIGNED_IN = 'MEMBER_NOT_SIGNED_IN',
  NOT_A_GARMENT = 'NOT_A_GARMENT',
  TOO_MANY_ITEMS = 'TOO_MANY_ITEMS',
  NOT_AN_IMAGE = 'NOT_AN_IMAGE',
  IMAGE_TOO_LARGE = 'IMAGE_TOO_LARGE',
  INVALID_GARMENT_ASSET = 'INVALID_GARMENT_ASSET',
}
registerEnumType(ErrorResultCode, {
  name: 'ErrorResultCode',
  description: 'Machine-readable code of an expected, non-exceptional failure.',
});

/** An expected failure, returned as data: clients switch on `__typename` or `code`. */
@InterfaceType({ description: 'An expected failure returned as data rather than thrown.' })
export abstract class ErrorResult {
  @Field(() => ErrorResultCode, { description: 'Machine-readable code.' })
  code!: ErrorResultCode;

  @Field({ description: 'A human-readable explanation that can be shown to the user.' })
  message!: string;
}

@ObjectType({ implements: ErrorResult, description: 'Nothing matched the given identifier.' })
export class NotFoundError extends ErrorResult {
  @Field({ description: 'What kind of thing was looked for, e.g. "Product".' })
  entity!: string;

  constructor(entity: string, message: string) {
    super();
    this.code = ErrorResultCode.NOT_FOUND;
    this.entity = entity;
    this.message = message;
  }
}

@ObjectType({ implements: ErrorResult, description: 'An argument was well-formed but not acceptable.' })
export class InvalidInputError extends ErrorResult {
  @Field({ description: 'The argument or input field at fault.' })
  field!: string;

  constructor(field: string, message: string) {
    super();
    this.code = ErrorResultCode.INVALID_INPUT;
    this.field = field;
    this.message = message;
  }
}
