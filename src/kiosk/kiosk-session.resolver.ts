import { IsUUID } from 'class-validator';
import { Args, ArgsType, Authorized, createUnionType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/principal';
import { BodyProfile } from '../body/body-profile.type';
import { RequestContext } from '../common/request-context';
import type { Services } from '../services';
import { KioskSession, SessionNotFoundError } from './kiosk-session.type';
import { KioskSessionStatus } from './kiosk-session.entity';

@ArgsType()
export class SessionIdArgs {
  @Field(() => ID, { description: 'Kiosk session id.' })
  @IsUUID('all', { message: 'sessionId must be a session id (UUID)' })
  sessionId!: string;
}

export const KioskSessionResult = createUnionType({
  name: 'KioskSessionResult',
  description: 'A session, or SessionNotFoundError when it does not belong to the caller.',
  types: () => [KioskSession, SessionNotFoundError] as const,
});

@Resolver(() => KioskSession)
export class KioskSessionResolver {
  constructor(private readonly services: Services) {}

  @Authorized(Role.KIOSK)
  @Mutation(() => KioskSession, { description: 'Start a session for the customer in front of the mirror (ends any session this mirror left open).' })
  startKioskSession(@Ctx() ctx: RequestContext): Promise<KioskSession> {
    return this.services.sessions.start(ctx);
  }

  @Authorized(Role.KIOSK)
  @Mutation(() => KioskSessionResult, { description: "End a session: the customer left. Its body data is deleted after the grace period unless the member saved it." })
  endKioskSession(@Ctx() ctx: RequestContext, @Args(() => SessionIdArgs) { sessionId }: SessionIdArgs): Promise<typeof KioskSessionResult> {
    return this.services.sessions.end(ctx, sessionId);
  }

  @Authorized(Role.KIOSK, Role.CUSTOMER)
  @Query(() => KioskSessionResult, { description: "A session of the calling kiosk, or one the calling member is signed in to." })
  async kioskSession(@Ctx() ctx: RequestContext, @Args(() => SessionIdArgs) { sessionId }: SessionIdArgs): Promise<typeof KioskSessionResult> {
    const found = await this.services.sessions.find(ctx, sessionId);
    return found instanceof SessionNotFoundError ? found : KioskSession.from(found);
  }

  @FieldResolver(() => BodyProfile, { nullable: true, description: 'The newest body profile of this session while it is active (null once it has ended: the data is deleted after a grace period, and nobody reads it meanwhile).' })
  async bodyProfile(@Ctx() ctx: RequestContext, @Root() session: KioskSession): Promise<BodyProfile | null> {
    // The grace period is for a member's late "save my profile", not for reading: the mirror has told
    // the customer their scan is wiped.
    if (session.status !== KioskSessionStatus.ACTIVE) return null;
    return this.services.body.latestForSession(ctx, session.id);
  }
}
