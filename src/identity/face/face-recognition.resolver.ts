import { IsUUID } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, Float, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Role, STAFF } from '../../auth/principal';
import { RequestContext } from '../../common/request-context';
import { SessionIdArgs } from '../../kiosk/kiosk-session.resolver';
import type { Services } from '../../services';
import { EnrollFaceInput } from './enroll-face.input';
import { FaceEnrolment } from './face-enrolment.type';
import { EnrollFaceResult, IdentifyByFaceResult, SetStoreFaceRecognitionResult } from './face-results.union';

@ArgsType()
class SetStoreFaceRecognitionArgs {
  @Field(() => ID, { description: 'Store id.' })
  @IsUUID('all', { message: 'storeId must be a store id (UUID)' })
  storeId!: string;

  @Field({ description: "True lets this store's mirrors recognise enrolled members; false stops it at once." })
  enabled!: boolean;
}

@Resolver()
export class FaceRecognitionResolver {
  constructor(private readonly services: Services) {}

  @Authorized(Role.CUSTOMER)
  @Mutation(() => EnrollFaceResult, { description: 'Enrol your face for recognition at the mirrors, with your explicit consent (replaces an earlier enrolment).' })
  enrollFace(@Ctx() ctx: RequestContext, @Arg('input', () => EnrollFaceInput, { description: 'Your consent and face embedding.' }) input: EnrollFaceInput): Promise<typeof EnrollFaceResult> {
    return this.services.face.enrol(ctx, input);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => Boolean, { description: 'Withdraw your consent: deletes your face data, your consent and every record of your identifications. True when there was anything to delete.' })
  withdrawFaceConsent(@Ctx() ctx: RequestContext): Promise<boolean> {
    return this.services.face.withdraw(ctx);
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => FaceEnrolment, { description: 'Whether you are enrolled for face recognition, and the consent you gave.' })
  myFaceEnrolment(@Ctx() ctx: RequestContext): Promise<FaceEnrolment> {
    return this.services.face.myEnrolment(ctx);
  }

  @Authorized(Role.KIOSK)
  @Mutation(() => IdentifyByFaceResult, { description: 'Recognise the customer in front of the mirror from a face embedding computed on the kiosk (never an image); a match links the session to the member.' })
  identifyByFace(
    @Ctx() ctx: RequestContext,
    @Args(() => SessionIdArgs) { sessionId }: SessionIdArgs,
    @Arg('embedding', () => [Float], { description: 'The face embedding (FACE_EMBEDDING_DIM values).' }) embedding: number[],
  ): Promise<typeof IdentifyByFaceResult> {
    return this.services.face.identify(ctx, sessionId, embedding);
  }

  // An admin's decision, like reading the identification log: a merchandiser can provision a mirror,
  // and with this switch as well could have it identify members by face.
  @Authorized(Role.ADMIN)
  @Mutation(() => SetStoreFaceRecognitionResult, { description: "Switch face recognition on or off for a store's mirrors (admin)." })
  setStoreFaceRecognition(@Ctx() ctx: RequestContext, @Args(() => SetStoreFaceRecognitionArgs) { storeId, enabled }: SetStoreFaceRecognitionArgs): Promise<typeof SetStoreFaceRecognitionResult> {
    return this.services.face.setStoreEnabled(ctx, storeId, enabled);
  }
}
