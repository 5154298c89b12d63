import { Field, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';

/** Codes of expected outcomes returned as union members. */
export enum ErrorResultCode {
  NOT_FOUND = 'NOT_FOUND',
  INVALID_INPUT = 'INVALID_INPUT',
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  SESSION_ENDED = 'SESSION_ENDED',
  SCAN_REJECTED = 'SCAN_REJECTED',
  NO_BODY_PROFILE = 'NO_BODY_PROFILE',
  NO_SIZE_CHART = 'NO_SIZE_CHART',
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
