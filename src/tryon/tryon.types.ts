import { createUnionType, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NoBodyProfileError, ScanRejectedError } from '../body/body-profile.type';
import { NoSizeChartError, RegionFit } from '../body/size/size-advice.type';
import { Product } from '../catalog/product.type';
import { Variant } from '../catalog/variant.type';
import { GarmentType } from '../common/enums';
import { ErrorResult, ErrorResultCode, InvalidInputError, NotFoundError } from '../common/error-result.type';
import { SessionEndedError, SessionNotFoundError } from '../kiosk/kiosk-session.type';

export enum RenderFormat {
  JPEG = 'JPEG',
  PNG = 'PNG',
  WEBP = 'WEBP',
}
registerEnumType(RenderFormat, { name: 'RenderFormat', description: 'Encoding of a try-on image: JPEG (default, smallest), PNG (lossless) or WEBP.' });

export enum TryOnMode {
  /** Garments warped onto the kiosk's camera frame of the customer. */
  CAMERA_FRAME = 'CAMERA_FRAME',
  /** Garments on a figure drawn from the measured profile (privacy mode; the default). */
  FIGURE = 'FIGURE',
}
registerEnumType(TryOnMode, {
  name: 'TryOnMode',
  description: 'Who is drawn.',
  valuesConfig: {
    CAMERA_FRAME: { description: "The customer's camera frame, sent by the kiosk for this session." },
    FIGURE: { description: 'A figure drawn from the measured body profile (privacy mode, the default).' },
  },
});

export enum GarmentAssetSource {
  GENERATED = 'GENERATED',
  UPLOADED = 'UPLOADED',
}
registerEnumType(GarmentAssetSource, {
  name: 'GarmentAssetSource',
  description: 'Where a garment image comes from.',
  valuesConfig: {
    GENERATED: { description: 'Drawn by the server from the garment type and colour (every product has one).' },
    UPLOADED: { description: 'Uploaded by a merchandiser.' },
  },
});

export enum TryOnSizeSource {
  ADVISED = 'ADVISED',
  REQUESTED = 'REQUESTED',
}
registerEnumType(TryOnSizeSource, {
  name: 'TryOnSizeSource',
  description: 'Why this size is drawn.',
  valuesConfig: { ADVISED: { description: 'The size advice for this body.' }, REQUESTED: { description: 'Asked for by the kiosk.' } },
});

/** Anchor names as GraphQL enum values: the anchor names of `garment-anchors.ts`, upper-cased. */
export enum GarmentAnchorName {
  NECKLINE = 'NECKLINE',
  LEFT_SHOULDER = 'LEFT_SHOULDER',
  RIGHT_SHOULDER = 'RIGHT_SHOULDER',
  LEFT_UNDERARM = 'LEFT_UNDERARM',
  RIGHT_UNDERARM = 'RIGHT_UNDERARM',
  LEFT_CUFF = 'LEFT_CUFF',
  RIGHT_CUFF = 'RIGHT_CUFF',
  LEFT_WAIST = 'LEFT_WAIST',
  RIGHT_WAIST = 'RIGHT_WAIST',
  LEFT_HIP = 'LEFT_HIP',
  RIGHT_HIP = 'RIGHT_HIP',
  CROTCH = 'CROTCH',
  LEFT_HEM = 'LEFT_HEM',
  RIGHT_HEM = 'RIGHT_HEM',
  LEFT_ANKLE = 'LEFT_ANKLE',
  RIGHT_ANKLE = 'RIGHT_ANKLE',
  LEFT_HEEL = 'LEFT_HEEL',
  RIGHT_HEEL = 'RIGHT_HEEL',
  LEFT_TOE = 'LEFT_TOE',
  RIGHT_TOE = 'RIGHT_TOE',
}
registerEnumType(GarmentAnchorName, {
  name: 'GarmentAnchorName',
  description:
    "A point of a garment image the body is anchored to, named for the wearer's sides (in a front view the wearer's left is on the image's right). " +
    'Tops and outerwear: NECKLINE, LEFT/RIGHT_SHOULDER, LEFT/RIGHT_WAIST, LEFT/RIGHT_HEM (side seams at the hem), optionally LEFT/RIGHT_UNDERARM, LEFT/RIGHT_CUFF (centre of the sleeve opening), LEFT/RIGHT_HIP. ' +
    'Bottoms: LEFT/RIGHT_WAIST, LEFT/RIGHT_HIP and LEFT/RIGHT_ANKLE (full length, centre of the leg opening) or LEFT/RIGHT_HEM (shorter), optionally CROTCH. ' +
    'Shoes (a front view of the pair): LEFT/RIGHT_HEEL and LEFT/RIGHT_TOE.',
});

@ObjectType({ description: 'A rendered image, served by the API at a signed URL that expires.' })
export class RenderImage {
  @Field({ description: 'Signed URL of the image (root-relative unless RENDER_URL_BASE is set); refused once expired or altered.' })
  url!: string;
  @Field(() => Int, { description: 'Width, pixels.' })
  width!: number;
  @Field(() => Int, { description: 'Height, pixels.' })
  height!: number;
  @Field(() => RenderFormat, { description: 'Encoding.' })
  format!: RenderFormat;
  @Field(() => Date, { description: 'When the URL stops working (ask for the render again for a new one).' })
  expiresAt!: Date;
}

@ObjectType({ description: 'One garment of a try-on: the size drawn and how it fits.' })
export class TryOnItem {
  @Field(() => GarmentType, { description: 'Its layer: SHOES under BOTTOM under TOP under OUTERWEAR.' })
  layer!: GarmentType;
  @Field(() => Product, { description: 'The product.' })
  product!: Product;
  @Field(() => Variant, { description: 'The variant asked for (its colour is drawn).' })
  variant!: Variant;
  @Field({ description: 'The size drawn.' })
  size!: string;
  @Field(() => String, { nullable: true, description: 'The advised size (null when no size chart covers the product).' })
  advisedSize!: string | null;
  @Field(() => TryOnSizeSource, { description: 'Whether the size drawn is the advised one or was asked for.' })
  sizeSource!: TryOnSizeSource;
  @Field(() => GarmentAssetSource, { description: 'Whether the garment image was uploaded or generated.' })
  assetSource!: GarmentAssetSource;
  @Field(() => [RegionFit], { description: 'How the size drawn fits, region by region.' })
  fit!: RegionFit[];
  @Field({ description: 'One line for the screen, e.g. "L (advised M): loose at the chest (+18 cm)".' })
  note!: string;
}

@ObjectType({ description: 'The customer wearing the chosen garments, in their size.' })
export class TryOnRender {
  @Field(() => ID, { description: 'Render id (the same for the same session, items, sizes and options while cached).' })
  id!: string;
  @Field(() => RenderImage, { description: 'The image.' })
  image!: RenderImage;
  @Field(() => TryOnMode, { description: 'Camera frame or figure.' })
  mode!: TryOnMode;
  @Field({ description: 'True when this render came from the cache.' })
  cached!: boolean;
  @Field({ description: 'Whether tight and loose regions are coloured (red tight, blue loose).' })
  fitOverlay!: boolean;
  @Field(() => [TryOnItem], { description: 'The garments, bottom layer first.' })
  items!: TryOnItem[];
}

@ObjectType({ description: "A camera frame kept for the session's try-ons (in memory only, deleted when the session ends)." })
export class SessionFrame {
  @Field(() => ID, { description: 'The session.' })
  sessionId!: string;
  @Field(() => Int, { description: 'Width of the frame as sent, pixels.' })
  width!: number;
  @Field(() => Int, { description: 'Height of the frame as sent, pixels.' })
  height!: number;
  @Field(() => Date, { description: 'When it was received.' })
  receivedAt!: Date;
}

@ObjectType({ description: 'A point of a garment image, pixels.' })
export class GarmentAnchor {
  @Field(() => GarmentAnchorName, { description: 'Which point.' })
  name!: GarmentAnchorName;
  @Field(() => Float, { description: 'x from the left edge.' })
  x!: number;
  @Field(() => Float, { description: 'y from the top edge.' })
  y!: number;
}

@ObjectType({ description: 'The image a product is drawn with in try-ons.' })
export class GarmentAsset {
  @Field(() => ID, { description: 'The product.' })
  productId!: string;
  @Field(() => String, { nullable: true, description: 'The colour it is for (null: every colour without its own).' })
  colour!: string | null;
  @Field(() => GarmentAssetSource, { description: 'Uploaded or generated.' })
  source!: GarmentAssetSource;
  @Field(() => Int, { description: 'Width, pixels (uploads are stored scaled to the renderer’s working size).' })
  width!: number;
  @Field(() => Int, { description: 'Height, pixels.' })
  height!: number;
  @Field(() => [GarmentAnchor], { description: 'Its anchor points.' })
  anchors!: GarmentAnchor[];
  @Field(() => ID, { nullable: true, description: 'The merchandiser who uploaded it.' })
  uploadedBy!: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was uploaded.' })
  updatedAt!: Date | null;
}

// ---------------------------------------------------------------------------------------------
// Expected failures
// ---------------------------------------------------------------------------------------------

@ObjectType({ implements: ErrorResult, description: 'An item is not a variant of a garment or shoe that can be tried on.' })
export class NotAGarmentError extends ErrorResult {
  @Field(() => ID, { description: 'The id given.' })
  variantId!: string;
  @Field({ description: 'The argument at fault, e.g. "items[2].variantId".' })
  field!: string;

  constructor(field: string, variantId: string, message: string) {
    super();
    this.code = ErrorResultCode.NOT_A_GARMENT;
    this.field = field;
    this.variantId = variantId;
    this.message = message;
  }
}

@ObjectType({ implements: ErrorResult, description: 'More garments than can be worn at once.' })
export class TooManyItemsError extends ErrorResult {
  @Field(() => Int, { description: 'How many were given.' })
  given!: number;
  @Field(() => Int, { description: 'The most that can be tried on at once.' })
  max!: number;

  constructor(given: number, max: number) {
    super();
    this.code = ErrorResultCode.TOO_MANY_ITEMS;
    this.given = given;
    this.max = max;
    this.message = `At most ${max} garments at once (shoes, bottom, top, outerwear); got ${given}`;
  }
}

@ObjectType({ implements: ErrorResult, description: 'The data sent is not an image the server reads (JPEG, PNG or WebP).' })
export class NotAnImageError extends ErrorResult {
  @Field({ description: 'The argument at fault.' })
  field!: string;

  constructor(field: string, message: string) {
    super();
    this.code = ErrorResultCode.NOT_AN_IMAGE;
    this.field = field;
    this.message = message;
  }
}

@ObjectType({ implements: ErrorResult, description: 'The image has more pixels than allowed.' })
export class ImageTooLargeError extends ErrorResult {
  @Field({ description: 'The argument at fault.' })
  field!: string;
  @Field(() => Float, { description: 'Megapixels of the image.' })
  megapixels!: number;
  @Field(() => Float, { description: 'The limit, megapixels.' })
  maxMegapixels!: number;

  constructor(field: string, megapixels: number, maxMegapixels: number) {
    super();
    this.code = ErrorResultCode.IMAGE_TOO_LARGE;
    this.field = field;
    this.megapixels = Math.round(megapixels * 100) / 100;
    this.maxMegapixels = maxMegapixels;
    this.message = `The image has ${this.megapixels} megapixels; at most ${maxMegapixels} are accepted`;
  }
}

@ObjectType({ implements: ErrorResult, description: 'A garment image that cannot be anchored to a body: anchors missing or wrong, or no transparency.' })
export class InvalidGarmentAssetError extends ErrorResult {
  @Field(() => [String], { description: 'Required anchors that are missing (lower-case names).' })
  missingAnchors!: string[];
  @Field(() => [String], { description: 'Everything else that is wrong, one line each.' })
  problems!: string[];

  constructor(missingAnchors: string[], problems: string[]) {
    super();
    this.code = ErrorResultCode.INVALID_GARMENT_ASSET;
    this.missingAnchors = missingAnchors;
    this.problems = problems;
    const parts = [...(missingAnchors.length ? [`missing anchors: ${missingAnchors.join(', ')}`] : []), ...problems];
    this.message = `The garment image cannot be used: ${parts.join('; ')}`;
  }
}

export const RenderTryOnResult = createUnionType({
  name: 'RenderTryOnResult',
  description: 'The try-on image with fit notes, or why it cannot be drawn.',
  types: () => [TryOnRender, SessionNotFoundError, SessionEndedError, NoBodyProfileError, NoSizeChartError, NotAGarmentError, TooManyItemsError, InvalidInputError] as const,
});

export const UploadSessionFrameResult = createUnionType({
  name: 'UploadSessionFrameResult',
  description: 'The frame kept for the session, or why it was refused (then nothing changed): ScanRejectedError when the customer in it is not facing the mirror, not upright or too far away.',
  types: () => [SessionFrame, SessionNotFoundError, SessionEndedError, NotAnImageError, ImageTooLargeError, NotFoundError, ScanRejectedError] as const,
});

export const UploadGarmentAssetResult = createUnionType({
  name: 'UploadGarmentAssetResult',
  description: 'The stored garment image, or why it was refused (then nothing changed).',
  types: () => [GarmentAsset, NotFoundError, NotAnImageError, ImageTooLargeError, InvalidGarmentAssetError] as const,
});

export const GarmentAssetResult = createUnionType({
  name: 'GarmentAssetResult',
  description: 'The image a product is drawn with, or NotFoundError for an unknown product.',
  types: () => [GarmentAsset, NotFoundError] as const,
});
