import { createUnionType } from 'type-graphql';
import { NotFoundError } from '../../common/error-result.type';
import { SessionEndedError, SessionNotFoundError } from '../../kiosk/kiosk-session.type';
import { Store } from '../../store/store.type';
import { FaceEnrolment } from './face-enrolment.type';
import { FaceAlreadyEnrolledError, FaceConsentRequiredError, FaceRecognitionDisabledError, InvalidFaceEmbeddingError, SessionLinkedToAnotherMemberError } from './face-errors.type';
import { FaceMatch, FaceNotRecognised } from './face-match.type';

export const EnrollFaceResult = createUnionType({
  name: 'EnrollFaceResult',
  description: 'The enrolment, or why nothing was stored.',
  types: () => [FaceEnrolment, FaceConsentRequiredError, InvalidFaceEmbeddingError, FaceAlreadyEnrolledError] as const,
});

export const IdentifyByFaceResult = createUnionType({
  name: 'IdentifyByFaceResult',
  description: 'The recognised member (the session is now linked to them), or why not.',
  types: () => [FaceMatch, FaceNotRecognised, FaceRecognitionDisabledError, InvalidFaceEmbeddingError, SessionNotFoundError, SessionEndedError, SessionLinkedToAnotherMemberError] as const,
});

export const SetStoreFaceRecognitionResult = createUnionType({
  name: 'SetStoreFaceRecognitionResult',
  description: 'The store with its new setting, or NotFoundError.',
  types: () => [Store, NotFoundError] as const,
});
