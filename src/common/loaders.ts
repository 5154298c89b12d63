import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { InventoryEntity } from '../catalog/inventory.entity';
import { ProductEntity } from '../catalog/product.entity';
import { VariantEntity } from '../catalog/variant.entity';
import { CustomerEntity } from '../identity/customer.entity';
import { StoreEntity } from '../store/store.entity';
import { OrderLineEntity } from '../commerce/order-line.entity';

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

function groupBy<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/** Per-request batching of relation look-ups, so that a page of N products costs O(1) queries. */
export function createLoaders(dataSource: DataSource) {
  return {
    productById: new DataLoader<string, ProductEntity | null>(async (ids) =>
      byKey(ids, await dataSource.getRepository(ProductEntity).findBy({ id: In([...ids]) }), (p) => p.id),
    ),
    variantById: new DataLoader<string, VariantEntity | null>(async (ids) =>
      byKey(ids, await dataSource.getRepository(VariantEntity).findBy({ id: In([...ids]) }), (v) => v.id),
    ),
    variantsByProductId: new DataLoader<string, VariantEntity[]>(async (ids) =>
      groupBy(
        ids,
        await dataSource.getRepository(VariantEntity).find({
          where: { productId: In([...ids]) },
          order: { colour: 'ASC', sizeRank: 'ASC' },
        }),
        (v) => v.productId,
      ),
    ),
    inventoryByVariantId: new DataLoader<string, InventoryEntity[]>(async (ids) =>
      groupBy(ids, await dataSource.getRepository(InventoryEntity).findBy({ variantId: In([...ids]) }), (i) => i.variantId),
    ),
    storeById: new DataLoader<string, StoreEntity | null>(async (ids) =>
      byKey(ids, await dataSource.getRepository(StoreEntity).findBy({ id: In([...ids]) }), (s) => s.id),
    ),
    /** All stores, keyed by the constant "all": few rows, read once per request. */
    allStores: new DataLoader<'all', StoreEntity[]>(async (keys) => {
      const stores = await dataSource.getRepository(StoreEntity).find({ order: { code: 'ASC' } });
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
