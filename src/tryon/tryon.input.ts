import { ArrayMaxSize, IsOptional, IsUUID, Length, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType } from 'type-graphql';
import { KeypointInput } from '../body/body-scan.input';
import { GarmentAnchorName, RenderFormat } from './tryon.types';

@InputType({ description: 'A garment to try on.' })
export class TryOnItemInput {
  @Field(() => ID, { description: 'A variant of the product: its colour is drawn.' })
  @IsUUID('all', { message: 'variantId must be a variant id (UUID)' })
  variantId!: string;

  @Field(() => String, { nullable: true, description: 'Draw this size of the product instead of the advised one (a size label it is offered in).' })
  @IsOptional()
  @Length(1, 16)
  size?: string | null;
}

@InputType({ description: 'How to render a try-on.' })
export class RenderTryOnOptions {
  @Field(() => RenderFormat, { defaultValue: RenderFormat.JPEG, description: 'Image encoding.' })
  format!: RenderFormat;

  @Field({ defaultValue: false, description: 'Colour tight regions red and loose regions blue.' })
  fitOverlay!: boolean;
}

@InputType({
  description:
    'An image: small ones inline as base64 (the GraphQL request body is limited to 256 KB), larger ones first sent to POST /tryon/uploads (raw bytes, same bearer token) and referenced by the uploadId it answers. Exactly one of the two.',
})
export class ImageInput {
  @Field(() => String, { nullable: true, description: 'The image bytes, base64 (a data: URL prefix is accepted).' })
  @IsOptional()
  base64?: string | null;

  @Field(() => ID, { nullable: true, description: 'An upload staged with POST /tryon/uploads (kept 10 minutes, for the same caller).' })
  @IsOptional()
  @Length(1, 64)
  uploadId?: string | null;
}

@InputType({ description: 'A camera frame of the customer, with the keypoints the kiosk detected on it.' })
export class SessionFrameInput {
  @Field(() => ImageInput, { description: 'The frame: JPEG, PNG or WebP, at most 12 megapixels.' })
  @ValidateNested()
  image!: ImageInput;

  @Field(() => [KeypointInput], {
    description: 'Keypoints on this frame (COCO-17 or BlazePose-33 names, pixels); at least both shoulders, hips and ankles. Elbows, wrists, knees and heels are used when given.',
  })
  @ArrayMaxSize(64)
  @ValidateNested({ each: true })
  keypoints!: KeypointInput[];
}

@InputType({ description: 'A point of a garment image, pixels from the top-left corner.' })
export class GarmentAnchorInput {
  @Field(() => GarmentAnchorName, { description: 'Which point.' })
  name!: GarmentAnchorName;

  @Field(() => Float, { description: 'x, pixels.' })
  x!: number;

  @Field(() => Float, { description: 'y, pixels.' })
  y!: number;
}

@InputType({ description: 'A garment image for a product: a front view on a transparent background, with its anchor points.' })
export class UploadGarmentAssetInput {
  @Field(() => ID, { description: 'The product.' })
  @IsUUID('all', { message: 'productId must be a product id (UUID)' })
  productId!: string;

  @Field(() => String, { nullable: true, description: 'The colour it shows (one of the product’s colours); omit to use it for every colour without its own image.' })
  @IsOptional()
  @Length(1, 60)
  colour?: string | null;

  @Field(() => ImageInput, { description: 'PNG or WebP with alpha, at most 12 megapixels.' })
  @ValidateNested()
  image!: ImageInput;

  @Field(() => [GarmentAnchorInput], { description: 'Anchor points (see GarmentAnchorName for what each garment type needs).' })
  @ArrayMaxSize(32)
  @ValidateNested({ each: true })
  anchors!: GarmentAnchorInput[];
}
