import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import type { Logger } from 'pino';
import { KioskActivityDayEntity } from '../activity/kiosk-activity-day.entity';
import { StaffUserEntity } from '../auth/staff-user.entity';
import { hashSecret, newKioskToken, tokenHint } from '../auth/token-hash';
import { defaultSizeCharts } from '../catalog/default-size-charts';
import { InventoryEntity } from '../catalog/inventory.entity';
import { ProductEntity } from '../catalog/product.entity';
import { SizeChartEntity } from '../catalog/size-chart.entity';
import { VariantEntity } from '../catalog/variant.entity';
import { OrderLineEntity } from '../commerce/order-line.entity';
import { OrderEntity } from '../commerce/order.entity';
import { OrderStatus, StaffRole } from '../common/enums';
import { SeededRandom } from '../common/random';
import { CustomerEntity } from '../identity/customer.entity';
import { KioskEntity } from '../kiosk/kiosk.entity';
import { StoreEntity } from '../store/store.entity';
import { generateDemoActivity } from './demo-activity';
import { generateDemoCatalog } from './demo-catalog';
import { DEMO_STORES, generateDemoCustomers, generateDemoOrders } from './demo-people';

export const DEMO_MERCHANDISER_ID = 'demo-merchandiser';
export const DEMO_CUSTOMER_ID = 'demo-customer-0001';
/** The mirror that development start-ups print a token for. */
export const DEMO_KIOSK_LABEL = `${DEMO_STORES[0].city} Entrance mirror`;

export interface SeedSummary {
  stores: number;
  kiosks: number;
  products: number;
  variants: number;
  inventoryRows: number;
  customers: number;
  orders: number;
  orderLines: number;
  /** Store-days of generated mirror activity (marked as demo data). */
  activityDays: number;
}

async function insertChunked<T extends ObjectLiteral>(em: EntityManager, entity: new () => T, rows: Partial<T>[], returning: string[] = ['id']): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const columns = rows.length ? Object.keys(rows[0]).length : 1;
  const chunk = Math.max(1, Math.floor(30_000 / columns));
  for (let i = 0; i < rows.length; i += chunk) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = await em.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + chunk) as any).returning(returning).execute();
    out.push(...(result.raw as Record<string, unknown>[]));
  }
  return out;
}

/**
 * Seeds the demo retailer (stores, kiosks, catalogue, stock, members and their purchase histories)
 * in one transaction, only into an empty database: a restart never seeds twice.
 */
export async function seedDemoData(dataSource: DataSource, log?: Logger): Promise<SeedSummary | null> {
  const summary = await seedInTransaction(dataSource, log);
  // Planner statistics for the bulk load now, as autovacuum would within a minute or so: the first
  // requests should not run on plans made for empty tables.
  if (summary) await dataSource.query('ANALYZE');
  return summary;
}

function seedInTransaction(dataSource: DataSource, log?: Logger): Promise<SeedSummary | null> {
  return dataSource.transaction(async (em) => {
    // Serialise concurrent first starts against the same database.
    await em.query('SELECT pg_advisory_xact_lock(7355608)');
    if ((await em.getRepository(StoreEntity).count()) > 0) return null;
    const started = Date.now();
    const rnd = new SeededRandom(99);
    const catalog = generateDemoCatalog();
    const customers = generateDemoCustomers();
    const orders = generateDemoOrders(customers, catalog);

    const storeRows = await insertChunked(em, StoreEntity, DEMO_STORES.map((s) => ({ code: s.code, name: s.name, city: s.city, countryCode: s.countryCode, timezone: s.timezone, currency: 'EUR' })));
    const storeIds = storeRows.map((r) => r.id as string);

    const kiosks: Partial<KioskEntity>[] = [];
    DEMO_STORES.forEach((s, i) => {
      for (const label of ['Entrance mirror', 'Fitting area mirror']) {
        // Real random credentials: nobody knows them until `npm run token -- kiosk ID` issues a new one.
        const token = newKioskToken();
        kiosks.push({ storeId: storeIds[i], label: `${s.city} ${label}`, tokenHash: hashSecret(token), tokenHint: tokenHint(token) });
      }
    });
    await insertChunked(em, KioskEntity, kiosks);

    await insertChunked(em, StaffUserEntity, [{ externalId: DEMO_MERCHANDISER_ID, displayName: 'Demo Merchandiser', role: StaffRole.MERCHANDISER }]);
    await insertChunked(em, SizeChartEntity, defaultSizeCharts().map((c) => ({ brand: null, garmentType: c.garmentType, gender: c.gender, sizeSystem: c.sizeSystem, rows: c.rows })));

    const productRows = await insertChunked(
      em,
      ProductEntity,
      catalog.map(({ variants: _v, ...p }) => p),
    );
    const productIds = productRows.map((r) => r.id as string);
    const variantInput: Partial<VariantEntity>[] = [];
    catalog.forEach((p, pi) => p.variants.forEach((v) => variantInput.push({ ...v, productId: productIds[pi] })));
    const variantRows = await insertChunked(em, VariantEntity, variantInput);
    const variantIds: string[][] = [];
    let k = 0;
    catalog.forEach((p, pi) => {
      variantIds[pi] = p.variants.map(() => variantRows[k++].id as string);
    });

    const inventory: Partial<InventoryEntity>[] = [];
    DEMO_STORES.forEach((store, si) => {
      catalog.forEach((p, pi) => {
        if (!rnd.chance(store.assortment)) return;
        p.variants.forEach((v, vi) => {
          const centre = p.variants.length > 20 ? 0 : Math.abs(v.sizeRank - 2.3);
          const outOfStock = rnd.chance(0.1 + centre * 0.04);
          inventory.push({ storeId: storeIds[si], variantId: variantIds[pi][vi], onHand: outOfStock ? 0 : rnd.int(1, store.depth + 2), reserved: 0 });
        });
      });
    });
    await insertChunked(em, InventoryEntity, inventory, ['store_id']);

    const customerRows = await insertChunked(
      em,
      CustomerEntity,
      customers.map((c) => ({ externalId: c.externalId, displayName: c.displayName, email: c.email, gender: c.preference.gender })),
    );
    const customerIds = customerRows.map((r) => r.id as string);

    const orderInput = orders.map((o, oi) => {
      const total = o.lines.reduce((sum, l) => sum + catalog[l.productIndex].priceMinor * l.quantity, 0);
      return {
        customerId: customerIds[o.customerIndex],
        storeId: o.storeIndex === null ? null : storeIds[o.storeIndex],
        channel: o.channel,
        status: OrderStatus.FULFILLED,
        totalMinor: total,
        currency: 'EUR',
        externalRef: `demo-${oi + 1}`,
        placedAt: o.placedAt,
      };
    });
    const orderRows = await insertChunked(em, OrderEntity, orderInput);
    const lines: Partial<OrderLineEntity>[] = [];
    orders.forEach((o, oi) =>
      o.lines.forEach((l) =>
        lines.push({
          orderId: orderRows[oi].id as string,
          variantId: variantIds[l.productIndex][l.variantIndex],
          productId: productIds[l.productIndex],
          quantity: l.quantity,
          unitPriceMinor: catalog[l.productIndex].priceMinor,
          returnedQuantity: l.returned ? l.quantity : 0,
        }),
      ),
    );
    await insertChunked(em, OrderLineEntity, lines);
    // Mirror activity around the hand-off orders, for the console's charts; every row says it is generated.
    const activity = generateDemoActivity(orders).map(({ storeIndex, ...counts }) => ({ ...counts, storeId: storeIds[storeIndex], demo: true }));
    await insertChunked(em, KioskActivityDayEntity, activity, ['store_id']);
    const summary: SeedSummary = {
      stores: storeIds.length,
      kiosks: kiosks.length,
      products: productIds.length,
      variants: variantInput.length,
      inventoryRows: inventory.length,
      customers: customerIds.length,
      orders: orderRows.length,
      orderLines: lines.length,
      activityDays: activity.length,
    };
    log?.info({ ...summary, ms: Date.now() - started }, 'seeded demo data');
    return summary;
  });
}
