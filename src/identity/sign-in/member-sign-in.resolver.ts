import { IsOptional } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../../auth/principal';
import { Topics } from '../../common/pubsub';
import { RequestContext } from '../../common/request-context';
import type { Services } from '../../services';
import { ApproveMemberSignInResult, MemberSignInEvent, RequestMemberSignInResult } from './sign-in.types';

@ArgsType()
class ApproveArgs {
  @Field({ nullable: true, description: 'Token from the QR.' })
  @IsOptional()
  token?: string;
  @Field({ nullable: true, description: 'Or the typed code.' })
  @IsOptional()
  code?: string;
}

@Resolver()
export class MemberSignInResolver {
  constructor(private readonly services: Services) {}

  @Authorized(Role.KIOSK)
  @Mutation(() => RequestMemberSignInResult, { description: 'Show a sign-in QR and code on the mirror for this session.' })
  requestMemberSignIn(@Ctx() ctx: RequestContext, @Arg('sessionId', () => ID, { description: 'Session.' }) sessionId: string): Promise<typeof RequestMemberSignInResult> {
    return this.services.signIn.request(ctx, sessionId);
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => ApproveMemberSignInResult, { description: 'Approve a mirror sign-in from the app (QR token or code).' })
  approveMemberSignIn(@Ctx() ctx: RequestContext, @Args(() => ApproveArgs) args: ApproveArgs): Promise<typeof ApproveMemberSignInResult> {
    return this.services.signIn.approve(ctx, args);
  }

  @Authorized(Role.KIOSK)
  @Subscription(() => MemberSignInEvent, {
    topics: Topics.MEMBER_SIGN_IN,
    filter: ({ payload, args, context }: { payload: MemberSignInEvent; args: { requestId: string }; context: RequestContext }) =>
      payload.requestId === args.requestId && context.principal.kind === 'kiosk' && payload.kioskId === context.principal.kioskId,
    description: 'Follow a sign-in request on the mirror: APPROVED (with the member’s name) or EXPIRED.',
  })
  memberSignInUpdates(@Root() event: MemberSignInEvent, @Arg('requestId', () => ID, { description: 'Request.' }) _requestId: string): MemberSignInEvent {
    return event;
  }
}
