import { Brackets } from 'typeorm';
import { Gender } from '../common/enums';
import { InvalidInputError, NotFoundError } from '../common/error-result.type';
import { checkPageSize, decodeCursor, encodeCursor } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { Store } from '../store/store.type';
import { gtinProblem, toGtin14 } from './gtin';
import { InventoryEntity } from './inventory.entity';
import { ProductFilterInput } from './product-filter.input';
import { ProductLookupArgs } from './product-lookup.input';
import { ProductEntity } from './product.entity';
import { Product } from './product.type';
import { StoreStock, Variant } from './variant.type';
import { VariantEntity } from './variant.entity';

export interface ProductPage {
  edges: { node: Product; cursor: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Counted when first read (see listProducts). */
  readonly totalCount: number | Promise<number>;
}

/**
 * A page whose totalCount runs its statement when first read. A class rather than an object literal
 * with `get totalCount()`: V8 turns such a literal into a dictionary whose accessor pair lives in the
 * old generation, and the getter's closure (with the query builder) then outlives every young-generation
 * collection until a full one (see src/patches/dependency-patches.js).
 */
class CountedOnReadPage implements ProductPage {
  private counted: Promise<number> | undefined;
  constructor(
    readonly edges: ProductPage['edges'],
    readonly pageInfo: ProductPage['pageInfo'],
    private readonly count: () => Promise<number>,
  ) {}

  get totalCount(): Promise<number> {
    return (this.counted ??= this.count());
  }
}

const isSkuCursor = (v: unknown): v is { sku: string } =>
  typeof v === 'object' && v !== null && typeof (v as { sku?: unknown }).sku === 'string';

/** Words of a free-text query as a PostgreSQL prefix tsquery ("trail run" -> "trail:* & run:*"); null when it has no letters or digits. */
export function toPrefixTsQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.slice(0, 8).map((w) => `${w}:*`).join(' & ');
}

/**
 * A free-text query as a LIKE pattern for the start of a lower-cased SKU ("GLA-SKI-00" ->
 * "gla-ski-00%"), with LIKE's wildcards and escape character taken literally; null for text with
 * spaces inside, which no SKU has.
 */
export function toSkuPrefixPattern(text: string): string | null {
  const sku = text.trim().toLowerCase();
  if (!sku || /\s/u.test(sku)) return null;
  return `${sku.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Reads the catalogue: listings with filters and keyset pagination, look-ups by id, sku or barcode, stock. */
export class CatalogService {
  /** A page of products ordered by SKU (a stable, unique key, so pages never skip or repeat). */
  async listProducts(ctx: RequestContext, filter: ProductFilterInput | undefined, first: number, after?: string | null): Promise<ProductPage> {
    checkPageSize(first, ctx.config.maxPageSize);
    const qb = ctx.em.getRepository(ProductEntity).createQueryBuilder('p');
    if (filter?.category) {
      qb.andWhere(new Brackets((w) => w.where('p.category_path = :cat', { cat: filter.category }).orWhere('p.category_path LIKE :catPrefix', { catPrefix: `${filter.category}/%` })));
    }
    if (filter?.brands?.length) qb.andWhere('p.brand IN (:...brands)', { brands: filter.brands });
    if (filter?.sport) qb.andWhere('p.sport = :sport', { sport: filter.sport });
    if (filter?.garmentType) qb.andWhere('p.garment_type = :garmentType', { garmentType: filter.garmentType });
    if (filter?.gender) {
      const genders = filter.gender === Gender.UNISEX ? [Gender.UNISEX] : [filter.gender, Gender.UNISEX];
      qb.andWhere('p.gender IN (:...genders)', { genders });
    }
    const cursor = after ? decodeCursor(after, isSkuCursor) : null;
    if (filter?.text != null) {
      const query = toPrefixTsQuery(filter.text);
      // Text with no letters or digits ("👟", "-") matches no product: the customer searched for
      // something, so the whole catalogue would be the wrong answer (and there is nothing to ask).
      if (!query) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
      // Words in name, brand or description, or the start of the SKU (what a merchandiser copies from a
      // label or a sheet: "GLA-SKI-0001", "gla-ski"; the word match alone splits it into words that
      // are not in the text). Two look-ups joined by id rather than one OR: an OR of the words with a
      // condition no index serves makes PostgreSQL compute the text vector of every product (0.3 s
      // for 33k products instead of 2 ms); this way the words still come from idx_product_search and
      // the SKUs through idx_product_sku_prefix (lower(sku) text_pattern_ops).
      const skuPattern = toSkuPrefixPattern(filter.text);
      // The expression of idx_product_search, so that the index serves it.
      const words = (alias: string) => `to_tsvector('simple', ${alias}.name || ' ' || ${alias}.brand || ' ' || ${alias}.description) @@ to_tsquery('simple', :query)`;
      if (skuPattern) {
        qb.andWhere(`p.id IN (SELECT t.id FROM product t WHERE ${words('t')} UNION ALL SELECT t.id FROM product t WHERE lower(t.sku) LIKE :skuPattern ESCAPE '\\')`, { query, skuPattern });
      } else {
        qb.andWhere(words('p'), { query });
      }
    }
    // Counted only when the answer asks for totalCount (a mirror's listing does not): the count is a
    // statement of its own, as long as the page's.
    const countQuery = qb.clone();
    if (cursor) qb.andWhere('p.sku > :afterSku', { afterSku: cursor.sku });
    const rows = await qb.orderBy('p.sku', 'ASC').limit(first + 1).getMany();
    const page = rows.slice(0, first);
    const edges = page.map((e) => ({ node: Product.from(e), cursor: encodeCursor({ sku: e.sku }) }));
    return new CountedOnReadPage(edges, { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null }, () => countQuery.getCount());
  }

  /** One product by exactly one of id, SKU or barcode; a barcode also marks the scanned variant. */
  async findProduct(ctx: RequestContext, args: ProductLookupArgs): Promise<Product | NotFoundError | InvalidInputError> {
    const given = [args.id, args.sku, args.barcode].filter((v) => v !== undefined && v !== null);
    if (given.length !== 1) return new InvalidInputError('id', 'Give exactly one of id, sku or barcode');
    if (args.barcode) {
      const problem = gtinProblem(args.barcode);
      if (problem) return new InvalidInputError('barcode', problem);
      // Every length of one GTIN matches (idx_variant_gtin14); the variant comes with its product.
      const matches = await ctx.loaders.variantByGtin14.load(toGtin14(args.barcode));
      const match = matches.find((m) => m.variant.barcode === args.barcode) ?? matches[0];
      if (!match) return new NotFoundError('Product', `No product has the barcode ${args.barcode}`);
      return Product.from(match.product, match.variant.id);
    }
    const product = args.id ? await ctx.loaders.productById.load(args.id) : await ctx.loaders.productBySku.load(args.sku!);
    if (!product) return new NotFoundError('Product', args.id ? `No product has the id ${args.id}` : `No product has the SKU ${args.sku}`);
    return Product.from(product);
  }

  async variantsOf(ctx: RequestContext, productId: string): Promise<Variant[]> {
    return (await ctx.loaders.variantsByProductId.load(productId)).map(Variant.from);
  }

  /** Sellable units of a variant per store (stores without a stock row are listed with 0). */
  async stockOf(ctx: RequestContext, variantId: string): Promise<StoreStock[]> {
    const [rows, stores] = await Promise.all([ctx.loaders.inventoryByVariantId.load(variantId), ctx.loaders.allStores.load('all')]);
    const byStore = new Map(rows.map((r) => [r.storeId, r]));
    return stores.map((s) => Object.assign(new StoreStock(), { store: Store.from(s), available: available(byStore.get(s.id)) }));
  }

  /** Sellable units of a variant in one store. */
  availableIn(ctx: RequestContext, variantId: string, storeId: string): Promise<number> {
    return ctx.loaders.availableInStore.load(`${storeId}/${variantId}`);
  }
}

function available(row: InventoryEntity | undefined): number {
  return row ? Math.max(0, row.onHand - row.reserved) : 0;
}
