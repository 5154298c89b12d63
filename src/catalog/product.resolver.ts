import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ANY_ROLE } from '../auth/principal';
import { Money } from '../common/money.type';
import { RequestContext } from '../common/request-context';
import type { Services } from '../services';
import { catalogImageUrl } from '../tryon/catalog-image';
import { ProductConnection } from './product-connection.type';
import { ProductFilterInput } from './product-filter.input';
import { ProductLookupArgs } from './product-lookup.input';
import { ProductResult } from './product-result.union';
import { Product } from './product.type';
import { Variant } from './variant.type';

@Resolver(() => Product)
export class ProductResolver {
  constructor(private readonly services: Services) {}

  @Authorized(...ANY_ROLE)
  @Query(() => ProductConnection, { description: 'Browse the catalogue, filtered, a page at a time (ordered by SKU).' })
  products(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ProductFilterInput, { nullable: true, description: 'Criteria that must all hold.' }) filter: ProductFilterInput | undefined,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size; at most MAX_PAGE_SIZE (default 100).' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor from a previous page.' }) after: string | null,
  ): Promise<ProductConnection> {
    return this.services.catalog.listProducts(ctx, filter, first, after);
  }

  @Authorized(...ANY_ROLE)
  @Query(() => ProductResult, {
    description: 'One product by exactly one of id, SKU or barcode. Scanning a shelf barcode marks the scanned variant; each variant carries its stock per store.',
  })
  product(@Ctx() ctx: RequestContext, @Args(() => ProductLookupArgs) args: ProductLookupArgs): Promise<typeof ProductResult> {
    return this.services.catalog.findProduct(ctx, args);
  }

  @FieldResolver(() => Money, { description: 'Price.' })
  price(@Root() product: Product): Money {
    return Money.of(product.priceMinor, product.currency);
  }

  @FieldResolver(() => [Variant], { description: 'Sizes and colours, ordered by colour then size.' })
  variants(@Ctx() ctx: RequestContext, @Root() product: Product): Promise<Variant[]> {
    return this.services.catalog.variantsOf(ctx, product.id);
  }

  @FieldResolver(() => String, { description: 'Address of the product picture (WebP, public), in the given colour or its first; served 160, 320 or 640 px wide.' })
  imageUrl(
    @Root() product: Product,
    @Arg('colour', () => String, { nullable: true, description: 'One of its colours; its first when omitted.' }) colour: string | null,
    @Arg('width', () => Int, { defaultValue: 320, description: 'Wanted width in px; rounded up to 160, 320 or 640.' }) width: number,
  ): string {
    return catalogImageUrl(product.id, colour, width);
  }

  @FieldResolver(() => Variant, { nullable: true, description: 'The variant whose barcode was scanned, when looked up by barcode.' })
  async scannedVariant(@Ctx() ctx: RequestContext, @Root() product: Product): Promise<Variant | null> {
    if (!product.scannedVariantId) return null;
    const variants = await this.services.catalog.variantsOf(ctx, product.id);
    return variants.find((v) => v.id === product.scannedVariantId) ?? null;
  }
}
