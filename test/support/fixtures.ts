import { DataSource } from 'typeorm';
import { InventoryEntity } from '../../src/catalog/inventory.entity';
import { inStoreGtin13 } from '../../src/catalog/gtin';
import { ProductEntity } from '../../src/catalog/product.entity';
import { VariantEntity } from '../../src/catalog/variant.entity';
import { FitType, GarmentType, Gender, SizeSystem, Sport } from '../../src/common/enums';
import { StoreEntity } from '../../src/store/store.entity';

let seq = 0;

export async function makeStore(ds: DataSource, code = `T-${++seq}`): Promise<StoreEntity> {
  return ds.getRepository(StoreEntity).save({ code, name: `Store ${code}`, city: 'Testville', countryCode: 'DE', timezone: 'Europe/Berlin', currency: 'EUR' });
}

export interface ProductSpec {
  sku?: string;
  name?: string;
  brand?: string;
  sport?: Sport;
  gender?: Gender;
  garmentType?: GarmentType;
  categoryPath?: string;
  priceMinor?: number;
  sizes?: string[];
  colour?: string;
  description?: string;
  currency?: string;
}

/** A product with one variant per size; returns the product and its variants in size order. */
export async function makeProduct(ds: DataSource, spec: ProductSpec = {}): Promise<{ product: ProductEntity; variants: VariantEntity[] }> {
  const n = ++seq;
  const shoes = spec.garmentType === GarmentType.SHOES;
  const product = await ds.getRepository(ProductEntity).save({
    sku: spec.sku ?? `SKU-${String(n).padStart(5, '0')}`,
    name: spec.name ?? `Test Product ${n}`,
    brand: spec.brand ?? 'Testbrand',
    categoryPath: spec.categoryPath ?? (shoes ? 'footwear/running-shoes' : 'apparel/tops/t-shirts'),
    garmentType: spec.garmentType ?? GarmentType.TOP,
    gender: spec.gender ?? Gender.MEN,
    sport: spec.sport ?? Sport.RUNNING,
    fitType: FitType.REGULAR,
    priceMinor: spec.priceMinor ?? 2999,
    currency: spec.currency ?? 'EUR',
    description: spec.description ?? '',
    attributes: {},
    tags: [],
  });
  const sizes = spec.sizes ?? (shoes ? ['41', '42', '43'] : ['S', 'M', 'L']);
  const variants: VariantEntity[] = [];
  for (const [i, size] of sizes.entries()) {
    variants.push(
      await ds.getRepository(VariantEntity).save({
        productId: product.id,
        sizeLabel: size,
        sizeSystem: shoes ? SizeSystem.EU_SHOE : SizeSystem.ALPHA,
        sizeRank: shoes ? Number(size) : i,
        colour: spec.colour ?? 'Black',
        barcode: inStoreGtin13(900000 + ++seq),
        garmentMeasurements: {},
      }),
    );
  }
  return { product, variants };
}

export async function setStock(ds: DataSource, storeId: string, variantId: string, onHand: number, reserved = 0): Promise<void> {
  await ds.getRepository(InventoryEntity).upsert({ storeId, variantId, onHand, reserved }, ['storeId', 'variantId']);
}
