import { Arg, Args, Authorized, createUnionType, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/principal';
import { RequestContext } from '../common/request-context';
import { SessionIdArgs } from '../kiosk/kiosk-session.resolver';
import { SessionEndedError, SessionNotFoundError } from '../kiosk/kiosk-session.type';
import type { Services } from '../services';
import { BodyProfile, MemberNotSignedInError, NoBodyProfileError, ScanRejectedError } from './body-profile.type';
import { BodyMeasurementsInput, BodyScanInput } from './body-scan.input';
import { InvalidInputError } from '../common/error-result.type';
import { NoPreviousBodyProfileError, PreviousBodyProfile } from './saved-body-profile.type';

export const SubmitBodyScanResult = createUnionType({
  name: 'SubmitBodyScanResult',
  description: 'The estimated body profile, or why the scan was not used.',
  types: () => [BodyProfile, ScanRejectedError, SessionNotFoundError, SessionEndedError] as const,
});

export const SubmitBodyMeasurementsResult = createUnionType({
  name: 'SubmitBodyMeasurementsResult',
  description: 'The body profile from typed measurements, or why it was not stored.',
  types: () => [BodyProfile, SessionNotFoundError, SessionEndedError] as const,
});

export const SaveBodyProfileResult = createUnionType({
  name: 'SaveBodyProfileResult',
  description: 'The saved profile, or why nothing was saved.',
  types: () => [BodyProfile, SessionNotFoundError, SessionEndedError, NoBodyProfileError, MemberNotSignedInError] as const,
});

export const RestorePreviousBodyProfileResult = createUnionType({
  name: 'RestorePreviousBodyProfileResult',
  description: 'The restored saved profile, or why nothing was restored.',
  types: () => [BodyProfile, NoPreviousBodyProfileError, InvalidInputError] as const,
});

@Resolver(() => BodyProfile)
export class BodyResolver {
  constructor(private readonly services: Services) {}

  @Authorized(Role.KIOSK)
  @Mutation(() => SubmitBodyScanResult, { description: 'Send what the camera saw (keypoints, silhouette widths; never an image) and get the body profile.' })
  submitBodyScan(
    @Ctx() ctx: RequestContext,
    @Args(() => SessionIdArgs) { sessionId }: SessionIdArgs,
    @Arg('input', () => BodyScanInput, { description: 'The scan.' }) input: BodyScanInput,
  ): Promise<typeof SubmitBodyScanResult> {
    return this.services.body.submitScan(ctx, sessionId, input);
  }

  @Authorized(Role.KIOSK)
  @Mutation(() => SubmitBodyMeasurementsResult, { description: 'Measurements typed by the customer or sent by their app instead of a scan.' })
  submitBodyMeasurements(
    @Ctx() ctx: RequestContext,
    @Args(() => SessionIdArgs) { sessionId }: SessionIdArgs,
    @Arg('input', () => BodyMeasurementsInput, { description: 'The measurements.' }) input: BodyMeasurementsInput,
  ): Promise<typeof SubmitBodyMeasurementsResult> {
    return this.services.body.submitMeasurements(ctx, sessionId, input);
  }

  @Authorized(Role.CUSTOMER, Role.KIOSK)
  @Mutation(() => SaveBodyProfileResult, {
    description:
      "Keep the newest body profile of a mirror session in its signed-in member's account. It replaces their saved one, which is kept as the previous one for the member to restore (restorePreviousBodyProfile); saving the profile already kept changes nothing. A member: a session they are signed in to. A mirror: its own active session, once a member has signed in on it (MemberNotSignedInError otherwise).",
  })
  saveBodyProfile(@Ctx() ctx: RequestContext, @Args(() => SessionIdArgs) { sessionId }: SessionIdArgs): Promise<typeof SaveBodyProfileResult> {
    return this.services.body.saveFromSession(ctx, sessionId);
  }

  @Authorized(Role.CUSTOMER)
  @Query(() => BodyProfile, { nullable: true, description: 'Your saved body profile, if you saved one.' })
  myBodyProfile(@Ctx() ctx: RequestContext): Promise<BodyProfile | null> {
    return this.services.body.savedProfile(ctx);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => RestorePreviousBodyProfileResult, {
    description:
      'Go back to your previous saved body profile (undo the last save that replaced it, e.g. at a mirror): it becomes your saved profile again, the one that replaced it is deleted, and there is nothing further to undo. Sent again with the same previousSavedAt (a retry), it answers the restored profile and changes nothing. NoPreviousBodyProfileError when there is none; nothing changes on any error.',
  })
  restorePreviousBodyProfile(
    @Ctx() ctx: RequestContext,
    @Arg('previousSavedAt', () => Date, {
      nullable: true,
      description:
        "The previous profile's savedAt as you were shown it (myBodyProfile.previous.savedAt): when given, nothing is restored if the previous profile is another one by now, e.g. a mirror saved again meanwhile (InvalidInputError on previousSavedAt).",
    })
    previousSavedAt: Date | null | undefined,
    @Arg('replacedAt', () => Date, {
      nullable: true,
      description:
        "When the profile being undone was saved, as you were shown it (myBodyProfile.previous.replacedAt): when given, nothing is restored if your saved profile is another one by now, e.g. a mirror saved again after an undo on another device (InvalidInputError on replacedAt).",
    })
    replacedAt: Date | null | undefined,
  ): Promise<typeof RestorePreviousBodyProfileResult> {
    return this.services.body.restorePrevious(ctx, previousSavedAt ?? null, replacedAt ?? null);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => Boolean, { description: 'Delete your saved body profile, and the previous one kept for undo; true when there was one.' })
  deleteMyBodyProfile(@Ctx() ctx: RequestContext): Promise<boolean> {
    return this.services.body.deleteSavedProfile(ctx);
  }

  @Authorized(Role.CUSTOMER)
  @FieldResolver(() => PreviousBodyProfile, {
    nullable: true,
    description:
      'On your own saved profile (the member only; never a mirror): the saved profile it replaced, which restorePreviousBodyProfile brings back, with when and where it was replaced and what changed. Null when there is none, and on every other profile.',
  })
  previous(@Ctx() ctx: RequestContext, @Root() profile: BodyProfile): PreviousBodyProfile | null {
    return this.services.body.previousOf(ctx, profile);
  }
}
