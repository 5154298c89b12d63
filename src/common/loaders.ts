import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { InventoryEntity } from '../catalog/inventory.entity';
import { ProductEntity } from '../catalog/product.entity';
import { VariantEntity } from '../catalog/variant.entity';
import { CustomerEntity } from '../identity/customer.entity';
import { StoreEntity } from '../store/store.entity';
import { OrderLineEntity } from '../commerce/order-line.entity';
import { isDataException } from '../database/pg-errors';
import { PreparedStatement, preparedQuery } from '../database/prepared-query';
import { StatementBatcher } from '../database/statement-batcher';

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/** Rows grouped by key, each group in the rows' order. */
function rowsByKey<K, V>(rows: V[], keyOf: (row: V) => K): Map<K, V[]> {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

function groupBy<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = rowsByKey(rows, keyOf);
  return keys.map((k) => map.get(k) ?? []);
}

/*
 * The catalogue's per-request look-ups (a mirror's product sheet, listings with their sizes, stock per
 * store) as prepared statements read into entities by hand: through TypeORM's find() each built its
 * SQL anew and hydrated every row, several times the cost of running the statement.
 */
const VARIANT_COLUMNS = `id, product_id, size_label, size_system, colour, barcode, garment_measurements, size_rank`;
const VARIANTS_OF_PRODUCTS: PreparedStatement = {
  name: 'mf_variants_of_products_v1',
  text: `SELECT ${VARIANT_COLUMNS} FROM variant WHERE product_id = ANY($1::uuid[]) ORDER BY colour, size_rank`,
};
const PRODUCT_COLUMNS = (p: string) =>
  `${p}.id, ${p}.sku, ${p}.name, ${p}.brand, ${p}.category_path, ${p}.garment_type, ${p}.gender, ${p}.sport, ${p}.fit_type, ${p}.price_minor, ${p}.currency, ${p}.description, ${p}.attributes, ${p}.tags, ${p}.created_at, ${p}.updated_at`;
const PRODUCTS_BY_ID: PreparedStatement = {
  name: 'mf_products_by_id_v1',
  text: `SELECT ${PRODUCT_COLUMNS('p')} FROM product p WHERE p.id = ANY($1::uuid[])`,
};
export const PRODUCTS_BY_SKU: PreparedStatement = {
  name: 'mf_products_by_sku_v1',
  text: `SELECT ${PRODUCT_COLUMNS('p')} FROM product p WHERE p.sku = ANY($1::text[])`,
};
export const VARIANTS_BY_GTIN14: PreparedStatement = {
  name: 'mf_variants_by_gtin14_v1',
  text: `SELECT k.gtin14, ${PRODUCT_COLUMNS('p')},
      json_build_object('id', v.id, 'product_id', v.product_id, 'size_label', v.size_label, 'size_system', v.size_system, 'colour', v.colour,
        'barcode', v.barcode, 'garment_measurements', v.garment_measurements, 'size_rank', v.size_rank) AS variant
    FROM unnest((SELECT $1::text[])) AS k(gtin14)
    JOIN variant v ON lpad(v.barcode, 14, '0') = k.gtin14
    JOIN product p ON p.id = v.product_id
    ORDER BY v.barcode`,
};
const INVENTORY_OF_VARIANTS: PreparedStatement = {
  name: 'mf_inventory_of_variants_v1',
  text: `SELECT store_id, variant_id, on_hand, reserved, updated_at FROM inventory WHERE variant_id = ANY($1::uuid[])`,
};
const AVAILABLE_IN_STORE: PreparedStatement = {
  name: 'mf_available_in_store_v2',
  text: `SELECT i.store_id, i.variant_id, greatest(i.on_hand - i.reserved, 0) AS available
    FROM unnest((SELECT $1::uuid[]), (SELECT $2::uuid[])) AS k(store_id, variant_id) JOIN inventory i ON i.store_id = k.store_id AND i.variant_id = k.variant_id`,
};
const ALL_STORES: PreparedStatement = {
  name: 'mf_all_stores_v1',
  text: `SELECT id, code, name, city, country_code, timezone, currency, face_recognition_enabled, created_at FROM store ORDER BY code`,
};

interface VariantRow {
  id: string;
  product_id: string;
  size_label: string;
  size_system: VariantEntity['sizeSystem'];
  colour: string;
  barcode: string;
  garment_measurements: VariantEntity['garmentMeasurements'];
  size_rank: number;
}
interface ProductRow {
  id: string;
  sku: string;
  name: string;
  brand: string;
  category_path: string;
  garment_type: ProductEntity['garmentType'];
  gender: ProductEntity['gender'];
  sport: ProductEntity['sport'];
  fit_type: ProductEntity['fitType'];
  price_minor: number;
  currency: string;
  description: string;
  attributes: Record<string, unknown>;
  tags: string[];
  created_at: Date;
  updated_at: Date;
}
interface InventoryRow {
  store_id: string;
  variant_id: string;
  on_hand: number;
  reserved: number;
  updated_at: Date;
}
interface StoreRow {
  id: string;
  code: string;
  name: string;
  city: string;
  country_code: string;
  timezone: string;
  currency: string;
  face_recognition_enabled: boolean;
  created_at: Date;
}

function variantFromRow(r: VariantRow): VariantEntity {
  return Object.assign(new VariantEntity(), { id: r.id, productId: r.product_id, sizeLabel: r.size_label, sizeSystem: r.size_system, colour: r.colour, barcode: r.barcode, garmentMeasurements: r.garment_measurements, sizeRank: r.size_rank });
}

function productFromRow(r: ProductRow): ProductEntity {
  return Object.assign(new ProductEntity(), {
    id: r.id,
    sku: r.sku,
    name: r.name,
    brand: r.brand,
    categoryPath: r.category_path,
    garmentType: r.garment_type,
    gender: r.gender,
    sport: r.sport,
    fitType: r.fit_type,
    priceMinor: r.price_minor,
    currency: r.currency,
    description: r.description,
    attributes: r.attributes,
    tags: r.tags,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

function inventoryFromRow(r: InventoryRow): InventoryEntity {
  return Object.assign(new InventoryEntity(), { storeId: r.store_id, variantId: r.variant_id, onHand: r.on_hand, reserved: r.reserved, updatedAt: r.updated_at });
}

function storeFromRow(r: StoreRow): StoreEntity {
  return Object.assign(new StoreEntity(), { id: r.id, code: r.code, name: r.name, city: r.city, countryCode: r.country_code, timezone: r.timezone, currency: r.currency, faceRecognitionEnabled: r.face_recognition_enabled, createdAt: r.created_at });
}

/**
 * The catalogue's look-ups shared by the requests of one process: each request's DataLoader batch
 * (its cache stays per request) goes to a StatementBatcher, so that the batches of concurrent
 * requests leave as one statement instead of one each. A catalogue request made four or five round
 * trips, and under load the server spent more time in those socket writes than in anything else.
 * Rows are read-only to their users (they copy what they show), so requests may share them.
 */
class SharedLookups {
  constructor(private readonly dataSource: DataSource) {}

  private batcher<I, O>(run: (inputs: I[]) => Promise<O[]>): StatementBatcher<I, O> {
    return new StatementBatcher(run, { maxInFlight: 2, maxBatch: 64, isolate: isDataException });
  }

  readonly productsById = this.batcher<readonly string[], (ProductEntity | null)[]>(async (batches) => {
    const rows = await preparedQuery<ProductRow>(this.dataSource.manager, PRODUCTS_BY_ID, [uniqueOf(batches)]);
    const byId = new Map(rows.map((r) => [r.id, productFromRow(r)]));
    return batches.map((batch) => batch.map((id) => byId.get(id.toLowerCase()) ?? null));
  });

  /** SKUs as written (matched exactly, as the unique index on product.sku does). */
  readonly productsBySku = this.batcher<readonly string[], (ProductEntity | null)[]>(async (batches) => {
    const rows = await preparedQuery<ProductRow>(this.dataSource.manager, PRODUCTS_BY_SKU, [uniqueOf(batches)]);
    const bySku = new Map(rows.map((r) => [r.sku, productFromRow(r)]));
    return batches.map((batch) => batch.map((sku) => bySku.get(sku) ?? null));
  });

  /** Keys are GTIN-14 forms (lpad(barcode, 14, '0'), served by idx_variant_gtin14); rows in barcode order. */
  readonly variantsByGtin14 = this.batcher<readonly string[], { variant: VariantEntity; product: ProductEntity }[][]>(async (batches) => {
    const rows = await preparedQuery<ProductRow & { gtin14: string; variant: VariantRow }>(this.dataSource.manager, VARIANTS_BY_GTIN14, [uniqueOf(batches)]);
    return answerEach(batches, rows.map((r) => ({ gtin14: r.gtin14, variant: variantFromRow(r.variant), product: productFromRow(r) })), (m) => m.gtin14);
  });

  readonly variantsOfProducts = this.batcher<readonly string[], VariantEntity[][]>(async (batches) => {
    const rows = await preparedQuery<VariantRow>(this.dataSource.manager, VARIANTS_OF_PRODUCTS, [uniqueOf(batches)]);
    return answerEach(batches, rows.map(variantFromRow), (v) => v.productId);
  });

  readonly inventoryOfVariants = this.batcher<readonly string[], InventoryEntity[][]>(async (batches) => {
    const rows = await preparedQuery<InventoryRow>(this.dataSource.manager, INVENTORY_OF_VARIANTS, [uniqueOf(batches)]);
    return answerEach(batches, rows.map(inventoryFromRow), (i) => i.variantId);
  });

  /** Keys `${storeId}/${variantId}`; a variant without a row there has 0. */
  readonly availableInStore = this.batcher<readonly string[], number[]>(async (batches) => {
    const keys = uniqueOf(batches);
    const rows = await preparedQuery<{ store_id: string; variant_id: string; available: number }>(this.dataSource.manager, AVAILABLE_IN_STORE, [
      keys.map((k) => k.slice(0, k.indexOf('/'))),
      keys.map((k) => k.slice(k.indexOf('/') + 1)),
    ]);
    const available = new Map(rows.map((r) => [`${r.store_id}/${r.variant_id}`, r.available]));
    return batches.map((batch) => batch.map((k) => available.get(k.toLowerCase()) ?? 0));
  });

  readonly allStores = this.batcher<null, StoreEntity[]>(async (batches) => {
    const stores = (await preparedQuery<StoreRow>(this.dataSource.manager, ALL_STORES, [])).map(storeFromRow);
    return batches.map(() => stores);
  });
}

const sharedByDataSource = new WeakMap<DataSource, SharedLookups>();

function sharedLookups(dataSource: DataSource): SharedLookups {
  let shared = sharedByDataSource.get(dataSource);
  if (!shared) sharedByDataSource.set(dataSource, (shared = new SharedLookups(dataSource)));
  return shared;
}

function uniqueOf(batches: readonly (readonly string[])[]): string[] {
  return [...new Set(batches.flat())];
}

/**
 * Each batch's keys answered with their rows (in the rows' order), from one statement's rows. Keys are
 * matched in lower case, as PostgreSQL writes uuids (an id may come from a client in upper case).
 */
function answerEach<V>(batches: readonly (readonly string[])[], rows: V[], keyOf: (row: V) => string): V[][][] {
  const byKey = rowsByKey(rows, keyOf);
  return batches.map((batch) => batch.map((k) => byKey.get(k.toLowerCase()) ?? []));
}

/** Per-request batching of relation look-ups, so that a page of N products costs O(1) queries. */
export function createLoaders(dataSource: DataSource) {
  const shared = sharedLookups(dataSource);
  return {
    productById: new DataLoader<string, ProductEntity | null>((ids) => shared.productsById.load(ids)),
    productBySku: new DataLoader<string, ProductEntity | null>((skus) => shared.productsBySku.load(skus)),
    /** The variant a shelf barcode names (any GTIN length of it: the exact barcode first), with its product. */
    variantByGtin14: new DataLoader<string, { variant: VariantEntity; product: ProductEntity }[]>((gtins) => shared.variantsByGtin14.load(gtins)),
    variantById: new DataLoader<string, VariantEntity | null>(async (ids) =>
      byKey(ids, await dataSource.getRepository(VariantEntity).findBy({ id: In([...ids]) }), (v) => v.id),
    ),
    variantsByProductId: new DataLoader<string, VariantEntity[]>((ids) => shared.variantsOfProducts.load(ids)),
    inventoryByVariantId: new DataLoader<string, InventoryEntity[]>((ids) => shared.inventoryOfVariants.load(ids)),
    /**
     * Sellable units (on hand less reserved) of variants in one store, keyed `${storeId}/${variantId}`:
     * what a mirror's listing shows per size, read over the primary key as plain numbers (the look-up
     * of every store's inventory rows it replaced hydrated ~350 entities for a page of 12 jackets).
     */
    availableInStore: new DataLoader<string, number>((keys) => shared.availableInStore.load(keys)),
    storeById: new DataLoader<string, StoreEntity | null>(async (ids) =>
      byKey(ids, await dataSource.getRepository(StoreEntity).findBy({ id: In([...ids]) }), (s) => s.id),
    ),
    /** All stores, keyed by the constant "all": few rows, read once per request. */
    allStores: new DataLoader<'all', StoreEntity[]>(async (keys) => {
      const stores = await shared.allStores.load(null);
      return keys.map(() => stores);
    }),
    customerById: new DataLoader<string, CustomerEntity | null>(async (ids) =>
      byKey(ids, await dataSource.getRepository(CustomerEntity).findBy({ id: In([...ids]) }), (c) => c.id),
    ),
    orderLinesByOrderId: new DataLoader<string, OrderLineEntity[]>(async (ids) =>
      groupBy(ids, await dataSource.getRepository(OrderLineEntity).findBy({ orderId: In([...ids]) }), (l) => l.orderId),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
