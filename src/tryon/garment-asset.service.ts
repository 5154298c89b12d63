import sharp, { OutputInfo } from 'sharp';
import { In } from 'typeorm';
import { ProductEntity } from '../catalog/product.entity';
import { VariantEntity } from '../catalog/variant.entity';
import { NotFoundError } from '../common/error-result.type';
import { forbidden } from '../common/errors';
import { inTransaction, RequestContext } from '../common/request-context';
import { figurePose } from './figure';
import { AnchorMap, ANCHOR_NAMES, checkAnchors } from './garment-anchors';
import { alphaBounds, drawGarment, generateGarmentAsset, generatedAssetKey, GarmentSpec, REFERENCE_PROFILES } from './garment-asset.generator';
import { GarmentAssetEntity } from './garment-asset.entity';
import { garmentLayout } from './garment-fit';
import { Point } from './geometry';
import { decodeImage, inspectImage, InspectedImage } from './image-input';
import { ByteLru } from './lru';
import { PreparedAsset, prepareAsset } from './renderer';
import { GarmentAnchor, GarmentAnchorName, GarmentAsset, GarmentAssetSource, ImageTooLargeError, InvalidGarmentAssetError, NotAnImageError } from './tryon.types';
import { ThinPlateSpline } from './warp';

/** A garment image chosen for a product and colour, before its pixels are loaded. */
/** What reading garment images needs of a request: only its entity manager (public pictures have no principal). */
export type DatabaseContext = Pick<RequestContext, 'em'>;

export interface AssetRef {
  key: string;
  source: GarmentAssetSource;
  /** The uploaded row (without its image), or the spec to generate from. */
  row?: GarmentAssetEntity;
  spec: GarmentSpec;
}

export interface LoadedAsset {
  anchors: AnchorMap;
  prepared: PreparedAsset;
}

/**
 * The span an uploaded image is scaled down to (pixels between the widest pair of anchors of its
 * type), about 1.5x what a garment covers on the canvas: finer only costs memory and sampling
 * aliasing, coarser costs sharpness.
 */
const WORKING_SPAN_PX: Record<string, { pair: [keyof AnchorMap, keyof AnchorMap]; span: number }> = {
  TOP: { pair: ['left_shoulder', 'right_shoulder'], span: 330 },
  OUTERWEAR: { pair: ['left_shoulder', 'right_shoulder'], span: 330 },
  BOTTOM: { pair: ['left_hip', 'right_hip'], span: 300 },
  SHOES: { pair: ['left_heel', 'right_heel'], span: 200 },
};

const sameColour = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export function specOf(product: ProductEntity, colour: string): GarmentSpec {
  return { garmentType: product.garmentType, categoryPath: product.categoryPath, colour, gender: product.gender, fitType: product.fitType };
}

function anchorView(anchors: AnchorMap): GarmentAnchor[] {
  return ANCHOR_NAMES.flatMap((name) => {
    const p = anchors[name];
    return p ? [Object.assign(new GarmentAnchor(), { name: name.toUpperCase() as GarmentAnchorName, x: p.x, y: p.y })] : [];
  });
}

/**
 * Garment images: merchandisers' uploads (validated, stored in PostgreSQL) and generated ones for
 * everything else; decoded images are kept in a memory cache bounded by bytes.
 */
export class GarmentAssetService {
  private readonly cache: ByteLru<string, LoadedAsset>;
  private readonly loading = new Map<string, Promise<LoadedAsset>>();

  constructor(cacheBytes: number) {
    this.cache = new ByteLru(cacheBytes, (a) => a.prepared.pixels.byteLength + a.prepared.occupancy.flags.length);
  }

  /** For each product and colour: its upload for that colour, its upload for every colour, or a generated image. */
  async refs(ctx: DatabaseContext, wanted: { product: ProductEntity; colour: string }[]): Promise<AssetRef[]> {
    const ids = [...new Set(wanted.map((w) => w.product.id))];
    const rows = ids.length ? await ctx.em.getRepository(GarmentAssetEntity).find({ where: { productId: In(ids) } }) : [];
    return wanted.map(({ product, colour }) => {
      const spec = specOf(product, colour);
      const row = rows.find((r) => r.productId === product.id && r.colour !== '' && sameColour(r.colour, colour)) ?? rows.find((r) => r.productId === product.id && r.colour === '');
      if (row) return { key: `upload:${row.id}:${row.updatedAt.getTime()}`, source: GarmentAssetSource.UPLOADED, row, spec };
      return { key: generatedAssetKey(spec), source: GarmentAssetSource.GENERATED, spec };
    });
  }

  /** The decoded image of a reference, from the cache or loaded once however many ask at the same time. */
  async load(ctx: DatabaseContext, ref: AssetRef): Promise<LoadedAsset> {
    const cached = this.cache.get(ref.key);
    if (cached) return cached;
    let pending = this.loading.get(ref.key);
    if (!pending) {
      pending = (ref.row ? this.loadUpload(ctx, ref.row) : this.loadGenerated(ref.spec)).finally(() => this.loading.delete(ref.key));
      this.loading.set(ref.key, pending);
    }
    const loaded = await pending;
    this.cache.set(ref.key, loaded);
    return loaded;
  }

  private async loadGenerated(spec: GarmentSpec): Promise<LoadedAsset> {
    const asset = await generateGarmentAsset(spec);
    return { anchors: asset.anchors, prepared: prepareAsset(asset.rgba, asset.width, asset.height, asset.content) };
  }

  private async loadUpload(ctx: DatabaseContext, row: GarmentAssetEntity): Promise<LoadedAsset> {
    const withImage = await ctx.em.getRepository(GarmentAssetEntity).createQueryBuilder('a').addSelect('a.image').where('a.id = :id', { id: row.id }).getOneOrFail();
    const { data, info } = await sharp(withImage.image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return { anchors: row.anchors, prepared: prepareAsset(data, info.width, info.height, alphaBounds(data, info.width, info.height)) };
  }

  /**
   * Validates and stores a merchandiser's garment image: JPEG/PNG/WebP of at most 12 MP with a
   * transparent background, and the anchors its garment type needs, in order and inside the image.
   * A refusal changes nothing. The stored image is scaled to the renderer's working size.
   */
  async upload(
    ctx: RequestContext,
    input: { productId: string; colour?: string | null; anchors: { name: string; x: number; y: number }[] },
    image: Buffer,
  ): Promise<GarmentAsset | NotFoundError | NotAnImageError | ImageTooLargeError | InvalidGarmentAssetError> {
    if (ctx.principal.kind !== 'staff') throw forbidden('Only merchandisers upload garment images');
    const uploadedBy = ctx.principal.staffId;
    const product = await ctx.em.getRepository(ProductEntity).findOne({ where: { id: input.productId } });
    if (!product) return new NotFoundError('Product', `No product has the id ${input.productId}`);
    let colour = '';
    if (input.colour) {
      const colours = [...new Set((await ctx.em.getRepository(VariantEntity).find({ where: { productId: product.id } })).map((v) => v.colour))];
      const match = colours.find((c) => sameColour(c, input.colour!));
      if (!match) return new NotFoundError('Variant', `${product.name} does not come in ${input.colour} (it comes in ${colours.join(', ') || 'no colour yet'})`);
      colour = match;
    }
    const inspected = await inspectImage(image, 'input.image');
    if (!('data' in inspected)) return inspected;
    if (!inspected.hasAlpha || inspected.format === 'jpeg') {
      return new InvalidGarmentAssetError([], ['the image has no transparency: a garment needs a transparent background (PNG or WebP with alpha)']);
    }
    const check = checkAnchors(product.garmentType, input.anchors, inspected);
    if (check.missing.length || check.problems.length) return new InvalidGarmentAssetError(check.missing, check.problems);
    const problem = degenerateAnchors(check.anchors, product, colour);
    if (problem) return new InvalidGarmentAssetError([], [problem]);
    const prepared = await this.normalise(inspected, check.anchors, product);
    if ('problems' in prepared) return prepared;
    return inTransaction(ctx, async (tx) => {
      const repo = tx.em.getRepository(GarmentAssetEntity);
      await repo.upsert({ productId: product.id, colour, image: prepared.png, width: prepared.width, height: prepared.height, anchors: prepared.anchors, uploadedBy }, ['productId', 'colour']);
      const row = await repo.findOneByOrFail({ productId: product.id, colour });
      return this.view(row);
    });
  }

  /** Decodes, checks the transparency, scales to the working size and re-encodes as PNG. */
  private async normalise(image: InspectedImage, anchors: AnchorMap, product: ProductEntity): Promise<{ png: Buffer; width: number; height: number; anchors: AnchorMap } | InvalidGarmentAssetError> {
    let decoded: { data: Buffer; info: OutputInfo };
    try {
      decoded = await decodeImage(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    } catch {
      return new InvalidGarmentAssetError([], ['the image could not be decoded (truncated or corrupt)']);
    }
    const { data, info } = decoded;
    let clear = 0;
    let solid = 0;
    for (let i = 3; i < data.length; i += 4) {
      if (data[i] < 16) clear++;
      else if (data[i] > 200) solid++;
    }
    const pixels = info.width * info.height;
    if (clear < pixels * 0.05) return new InvalidGarmentAssetError([], ['the background is not transparent: cut the garment out (at least 5% of the image must be clear)']);
    if (solid < pixels * 0.02) return new InvalidGarmentAssetError([], ['the image is almost entirely transparent: no garment to draw']);
    const rule = WORKING_SPAN_PX[product.garmentType];
    const a = anchors[rule.pair[0]]!;
    const b = anchors[rule.pair[1]]!;
    const span = Math.hypot(a.x - b.x, a.y - b.y);
    const scale = Math.min(1, rule.span / span, 2048 / Math.max(info.width, info.height));
    const width = Math.max(1, Math.round(info.width * scale));
    const height = Math.max(1, Math.round(info.height * scale));
    const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
      .resize(width, height, { kernel: 'lanczos3' })
      .png({ compressionLevel: 6 })
      .toBuffer();
    const scaled: AnchorMap = {};
    for (const name of ANCHOR_NAMES) {
      const p = anchors[name];
      if (p) scaled[name] = { x: Math.round(p.x * (width / info.width) * 10) / 10, y: Math.round(p.y * (height / info.height) * 10) / 10 };
    }
    return { png, width, height, anchors: scaled };
  }

  /** The image a product (in a colour) is drawn with: its upload, or the generated drawing's geometry. */
  async describe(ctx: RequestContext, productId: string, colour: string | null): Promise<GarmentAsset | NotFoundError> {
    const product = await ctx.em.getRepository(ProductEntity).findOne({ where: { id: productId } });
    if (!product) return new NotFoundError('Product', `No product has the id ${productId}`);
    const variants = await ctx.em.getRepository(VariantEntity).find({ where: { productId }, order: { sizeRank: 'ASC' } });
    const shown = colour ?? variants[0]?.colour ?? 'Black';
    const [ref] = await this.refs(ctx, [{ product, colour: shown }]);
    if (ref.row && (colour === null ? ref.row.colour === '' : true)) return this.view(ref.row);
    const drawing = drawGarment(ref.spec);
    return Object.assign(new GarmentAsset(), {
      productId,
      colour: colour === null ? null : shown,
      source: GarmentAssetSource.GENERATED,
      width: drawing.width,
      height: drawing.height,
      anchors: anchorView(drawing.anchors),
      uploadedBy: null,
      updatedAt: null,
    });
  }

  /** Deletes an upload (the product goes back to its generated image); true when there was one. */
  async remove(ctx: RequestContext, productId: string, colour: string | null): Promise<boolean> {
    const rows = await ctx.em.getRepository(GarmentAssetEntity).find({ where: { productId } });
    const row = rows.find((r) => (colour === null ? r.colour === '' : r.colour !== '' && sameColour(r.colour, colour)));
    if (!row) return false;
    await ctx.em.getRepository(GarmentAssetEntity).delete({ id: row.id });
    return true;
  }

  private view(row: GarmentAssetEntity): GarmentAsset {
    return Object.assign(new GarmentAsset(), {
      productId: row.productId,
      colour: row.colour === '' ? null : row.colour,
      source: GarmentAssetSource.UPLOADED,
      width: row.width,
      height: row.height,
      anchors: anchorView(row.anchors),
      uploadedBy: row.uploadedBy,
      updatedAt: row.updatedAt,
    });
  }
}

/**
 * Anchors that cannot be warped from (coincident or all on one line) are refused at upload rather
 * than failing every render: the layout is tried on the reference figure.
 */
function degenerateAnchors(anchors: AnchorMap, product: ProductEntity, colour: string): string | null {
  const profile = REFERENCE_PROFILES[product.gender === 'WOMEN' ? 'F' : 'M'];
  const layout = garmentLayout(anchors, figurePose(profile), { garmentType: product.garmentType, fits: [], profile });
  const tooClose = layout.from.some((p: Point, i) => layout.from.some((q, j) => j > i && Math.hypot(p.x - q.x, p.y - q.y) < 2));
  if (tooClose) return 'two anchors are less than 2 pixels apart';
  try {
    ThinPlateSpline.fit(layout.from, layout.to);
    ThinPlateSpline.fit(layout.to, layout.from);
  } catch {
    return `the anchors do not span the garment (all on one line?) for ${colour || 'this product'}`;
  }
  return null;
}
