import { IsUUID } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Role, STAFF } from '../auth/principal';
import { RequestContext } from '../common/request-context';
import { SessionIdArgs } from '../kiosk/kiosk-session.resolver';
import type { Services } from '../services';
import { RenderTryOnOptions, SessionFrameInput, TryOnItemInput, UploadGarmentAssetInput } from './tryon.input';
import { GarmentAssetResult, RenderTryOnResult, UploadGarmentAssetResult, UploadSessionFrameResult } from './tryon.types';

@ArgsType()
class GarmentAssetArgs {
  @Field(() => ID, { description: 'The product.' })
  @IsUUID('all', { message: 'productId must be a product id (UUID)' })
  productId!: string;

  @Field(() => String, { nullable: true, description: 'A colour of the product; omit for the image used for every colour without its own.' })
  colour?: string | null;
}

@Resolver()
export class TryOnResolver {
  constructor(private readonly services: Services) {}

  @Authorized(Role.KIOSK)
  @Mutation(() => RenderTryOnResult, {
    description:
      'Render the customer wearing up to 4 garments (shoes, bottom, top, outerwear, layered in that order) in the advised size or the size asked for: an image at a signed, expiring URL, and fit notes per item and region. Drawn on the session’s camera frame when the kiosk sent one, otherwise on a figure from the body profile. Cached per session, items, sizes and options.',
  })
  renderTryOn(
    @Ctx() ctx: RequestContext,
    @Args(() => SessionIdArgs) { sessionId }: SessionIdArgs,
    @Arg('items', () => [TryOnItemInput], { description: 'The garments (at most 4, one per layer).' }) items: TryOnItemInput[],
    @Arg('options', () => RenderTryOnOptions, { nullable: true, description: 'Format and fit overlay.' }) options: RenderTryOnOptions | null,
  ): Promise<typeof RenderTryOnResult> {
    return this.services.tryOn.render(ctx, sessionId, items, options);
  }

  @Authorized(Role.KIOSK)
  @Mutation(() => UploadSessionFrameResult, {
    description: 'Send a camera frame of the customer with its keypoints, for try-ons drawn on the customer rather than on a figure. Kept in memory for this session only, never stored; replaced by the next frame, deleted when the session ends.',
  })
  uploadSessionFrame(
    @Ctx() ctx: RequestContext,
    @Args(() => SessionIdArgs) { sessionId }: SessionIdArgs,
    @Arg('input', () => SessionFrameInput, { description: 'The frame and its keypoints.' }) input: SessionFrameInput,
  ): Promise<typeof UploadSessionFrameResult> {
    return this.services.tryOn.uploadFrame(ctx, sessionId, input);
  }

  @Authorized(Role.KIOSK)
  @Mutation(() => Boolean, { description: 'Forget the session’s camera frame and its renders (back to the figure); true when there was a frame.' })
  deleteSessionFrame(@Ctx() ctx: RequestContext, @Args(() => SessionIdArgs) { sessionId }: SessionIdArgs): Promise<boolean> {
    return this.services.tryOn.deleteFrame(ctx, sessionId);
  }

  @Authorized(...STAFF)
  @Mutation(() => UploadGarmentAssetResult, { description: 'Upload the image a product is drawn with in try-ons (replaces the generated one): transparent background, anchor points validated.' })
  uploadGarmentAsset(@Ctx() ctx: RequestContext, @Arg('input', () => UploadGarmentAssetInput, { description: 'Product, colour, image and anchors.' }) input: UploadGarmentAssetInput): Promise<typeof UploadGarmentAssetResult> {
    return this.services.tryOn.uploadAsset(ctx, input);
  }

  @Authorized(...STAFF)
  @Query(() => GarmentAssetResult, { description: 'The image a product is drawn with: its upload, or the generated one (source GENERATED).' })
  garmentAsset(@Ctx() ctx: RequestContext, @Args(() => GarmentAssetArgs) { productId, colour }: GarmentAssetArgs): Promise<typeof GarmentAssetResult> {
    return this.services.tryOn.assets.describe(ctx, productId, colour ?? null);
  }

  @Authorized(...STAFF)
  @Mutation(() => Boolean, { description: 'Delete an uploaded garment image (the product goes back to its generated one); true when there was one.' })
  deleteGarmentAsset(@Ctx() ctx: RequestContext, @Args(() => GarmentAssetArgs) { productId, colour }: GarmentAssetArgs): Promise<boolean> {
    return this.services.tryOn.assets.remove(ctx, productId, colour ?? null);
  }
}
