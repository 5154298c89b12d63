import { isUuid } from '../common/uuid';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { ProductEntity } from '../catalog/product.entity';
import { VariantEntity } from '../catalog/variant.entity';
import { GarmentAssetEntity } from './garment-asset.entity';
import { drawGarment } from './garment-asset.generator';
import type { DatabaseContext, GarmentAssetService } from './garment-asset.service';
import { ByteLru } from './lru';

/** The widths a product picture is served at (4:5 portrait): a list tile, a card, a detail view. Others are rounded up. */
export const CATALOG_IMAGE_WIDTHS = [160, 320, 640] as const;

const BACKDROP = { r: 243, g: 244, b: 246, alpha: 1 };

/** The public address of a product's picture in a colour (its first colour when none is given). */
export function catalogImageUrl(productId: string, colour: string | null | undefined, width: number): string {
  const params = new URLSearchParams({ w: String(snapWidth(width)) });
  if (colour) params.set('colour', colour);
  return `/catalog/images/${productId}.webp?${params.toString()}`;
}

/** The smallest served width at least `width` (the largest when none is). */
export function snapWidth(width: number): number {
  return CATALOG_IMAGE_WIDTHS.find((w) => w >= width) ?? CATALOG_IMAGE_WIDTHS[CATALOG_IMAGE_WIDTHS.length - 1];
}

export interface CatalogImage {
  bytes: Buffer;
  etag: string;
}

/**
 * Product pictures for shelves and galleries: the garment image the try-on draws with (the
 * merchandiser's upload for that colour or for every colour, else the generated one) on a light
 * backdrop, as WebP. Catalogue pictures are public, like a shop window. Encoded pictures are kept
 * in a small memory cache keyed by the image's identity, so an upload shows at once.
 */
export class CatalogImageService {
  private readonly cache = new ByteLru<string, CatalogImage>(32 * 1024 * 1024, (image) => image.bytes.length);

  constructor(private readonly assets: GarmentAssetService) {}

  /** The picture, or null when there is no such product (or colour). */
  async picture(ctx: DatabaseContext, productId: string, colour: string | undefined, width: number): Promise<CatalogImage | null> {
    if (!isUuid(productId)) return null;
    const product = await ctx.em.getRepository(ProductEntity).findOne({ where: { id: productId } });
    if (!product) return null;
    const colours: { colour: string }[] = await ctx.em
      .getRepository(VariantEntity)
      .createQueryBuilder('v')
      .select('DISTINCT v.colour', 'colour')
      .where('v.product_id = :id', { id: productId })
      .orderBy('colour')
      .getRawMany();
    const chosen = colour === undefined ? colours[0]?.colour : colours.find((c) => c.colour.toLowerCase() === colour.trim().toLowerCase())?.colour;
    if (chosen === undefined) return null;
    const [ref] = await this.assets.refs(ctx, [{ product, colour: chosen }]);
    const w = snapWidth(width);
    const key = `${ref.key}:${w}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    let source: Buffer;
    if (ref.row) {
      const row = await ctx.em.getRepository(GarmentAssetEntity).createQueryBuilder('a').addSelect('a.image').where('a.id = :id', { id: ref.row.id }).getOneOrFail();
      source = row.image;
    } else {
      source = Buffer.from(drawGarment(ref.spec).svg);
    }
    // A 4:5 portrait tile, the garment centred with a margin.
    const pad = Math.round(w * 0.07);
    const bytes = await sharp(source)
      .trim({ threshold: 0 })
      .resize({ width: w - 2 * pad, height: Math.round(w * 1.25) - 2 * pad, fit: 'contain', background: BACKDROP })
      .extend({ top: pad, bottom: pad, left: pad, right: pad, background: BACKDROP })
      .flatten({ background: BACKDROP })
      .webp({ quality: 82 })
      .toBuffer();
    const image = { bytes, etag: `"${createHash('sha1').update(key).digest('base64url').slice(0, 20)}"` };
    this.cache.set(key, image);
    return image;
  }
}
