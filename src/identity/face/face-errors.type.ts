import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorResult, ErrorResultCode } from '../../common/error-result.type';
import { FaceEmbeddingProblem } from './face-embedding';

registerEnumType(FaceEmbeddingProblem, {
  name: 'FaceEmbeddingProblem',
  description: 'Why a face embedding cannot be used.',
  valuesConfig: {
    WRONG_LENGTH: { description: 'Not the configured number of values.' },
    NOT_FINITE: { description: 'A value is NaN or infinite.' },
    ZERO_VECTOR: { description: 'Every value is zero.' },
  },
});

@ObjectType({ implements: ErrorResult, description: 'Enrolment needs the explicit consent of the member (accepted: true); nothing was stored.' })
export class FaceConsentRequiredError extends ErrorResult {
  @Field({ description: 'The input field at fault.' })
  field!: string;

  constructor() {
    super();
    this.code = ErrorResultCode.CONSENT_REQUIRED;
    this.field = 'input.consent.accepted';
    this.message = 'Face recognition needs your explicit consent; nothing was stored';
  }
}

@ObjectType({ implements: ErrorResult, description: 'The face embedding cannot be used (wrong length, NaN or infinite values, all zeros); nothing was stored or compared.' })
export class InvalidFaceEmbeddingError extends ErrorResult {
  @Field({ description: 'The argument or input field at fault.' })
  field!: string;

  @Field(() => FaceEmbeddingProblem, { description: 'What is wrong with it.' })
  problem!: FaceEmbeddingProblem;

  @Field(() => Int, { description: 'The number of values an embedding must have.' })
  expectedLength!: number;

  constructor(field: string, problem: FaceEmbeddingProblem, message: string, expectedLength: number) {
    super();
    this.code = ErrorResultCode.INVALID_INPUT;
    this.field = field;
    this.problem = problem;
    this.message = message;
    this.expectedLength = expectedLength;
  }
}

@ObjectType({ implements: ErrorResult, description: "This store has face recognition switched off; nothing was compared (the attempt is audited)." })
export class FaceRecognitionDisabledError extends ErrorResult {
  constructor() {
    super();
    // No dedicated code exists yet in ErrorResultCode; clients switch on __typename.
    this.code = ErrorResultCode.FACE_RECOGNITION_DISABLED;
    this.message = 'Face recognition is switched off in this store';
  }
}

@ObjectType({ implements: ErrorResult, description: 'The session is already linked to another member: start a new session for this customer.' })
export class SessionLinkedToAnotherMemberError extends ErrorResult {
  constructor() {
    super();
    this.code = ErrorResultCode.ALREADY_EXISTS;
    this.message = 'This session belongs to another member; start a new session';
  }
}

@ObjectType({
  implements: ErrorResult,
  description:
    "The face matches a member who is already enrolled, so the mirrors could tell neither apart; nothing was stored. Says nothing about who: enrol a photo of your own face.",
})
export class FaceAlreadyEnrolledError extends ErrorResult {
  constructor() {
    super();
    this.code = ErrorResultCode.ALREADY_EXISTS;
    this.message = 'This face is already enrolled for another member; nothing was stored. Enrol with a photo of your own face';
  }
}
