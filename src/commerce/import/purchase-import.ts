import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { EntityManager, In } from 'typeorm';
import { ProductEntity } from '../../catalog/product.entity';
import { VariantEntity } from '../../catalog/variant.entity';
import { OrderChannel, OrderStatus } from '../../common/enums';
import { ImportProblem, ImportRejectedError, parsePriceToMinor } from '../../common/import-report';
import { CustomerEntity } from '../../identity/customer.entity';
import { StoreEntity } from '../../store/store.entity';
import { OrderLineEntity } from '../order-line.entity';
import { OrderEntity } from '../order.entity';

/** One purchased line as read from a file. */
export interface PurchaseRow {
  line: number;
  customer: string;
  sku: string;
  quantity: number;
  store: string | null;
  time: Date;
  size: string | null;
  colour: string | null;
  barcode: string | null;
  priceMinor: number | null;
  returnedQuantity: number;
  orderRef: string;
}

export interface PurchaseImportOptions {
  /** Prepended to item ids of the sequence format to make SKUs (default none). */
  skuPrefix?: string;
  /** Prepended to user ids of the sequence format to make customer ids (default "seq-"). */
  customerPrefix?: string;
  /** The time the last item of each sequence is placed at (default now). */
  now?: Date;
}

const REQUIRED = ['customer', 'sku', 'quantity', 'store', 'time'];

/** True when the content looks like the `user item1 item2 ...` sequence format (no commas, >= 2 tokens). */
export function isSequenceFormat(content: string): boolean {
  const first = content.split('\n').find((l) => l.trim() !== '');
  return first !== undefined && !first.includes(',') && /^\S+(\s+\S+)+\s*$/.test(first.trim());
}

/**
 * Parses purchase history: CSV with columns customer, sku, quantity, store, time (optional: size,
 * colour, barcode, price, returned_quantity, order_ref), or the sequence format of the public
 * purchase-sequence data sets (one line per customer, items in purchase order, no times: item k of n
 * is dated n-k days before `now`, one order per item, so their order is kept).
 */
export function parsePurchaseFile(file: string, content: string, options: PurchaseImportOptions = {}): PurchaseRow[] {
  const problems: ImportProblem[] = [];
  const rows: PurchaseRow[] = [];
  if (isSequenceFormat(content)) {
    const now = options.now ?? new Date();
    content.split('\n').forEach((raw, i) => {
      const tokens = raw.trim().split(/\s+/).filter(Boolean);
      if (tokens.length === 0) return;
      if (tokens.length < 2) return problems.push({ line: i + 1, reason: 'a sequence line needs a user and at least one item' });
      const [user, ...items] = tokens;
      if (new Set(items).size !== items.length) problems.push({ line: i + 1, reason: 'an item repeats within the line' });
      items.forEach((item, k) => {
        const time = new Date(now.getTime() - (items.length - k) * 86_400_000);
        const customer = `${options.customerPrefix ?? 'seq-'}${user}`;
        rows.push({ line: i + 1, customer, sku: `${options.skuPrefix ?? ''}${item}`, quantity: 1, store: null, time, size: null, colour: null, barcode: null, priceMinor: null, returnedQuantity: 0, orderRef: `${customer}|${k}` });
      });
    });
  } else {
    let records: { record: Record<string, string>; info: { lines: number } }[];
    try {
      records = parse(content, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), info: true, skip_empty_lines: true, bom: true });
    } catch (error) {
      const e = error as { lines?: number; message?: string };
      throw new ImportRejectedError(file, [{ line: e.lines ?? 1, reason: e.message ?? 'malformed CSV' }]);
    }
    if (records.length === 0) throw new ImportRejectedError(file, [{ line: 1, reason: 'no data rows' }]);
    const missing = REQUIRED.filter((c) => !(c in records[0].record));
    if (missing.length) throw new ImportRejectedError(file, [{ line: 1, reason: `missing column(s): ${missing.join(', ')}` }]);
    for (const { record: r, info } of records) {
      const line = info.lines;
      const before = problems.length;
      const customer = (r.customer ?? '').trim();
      if (!customer || customer.length > 200) problems.push({ line, reason: 'customer is required (at most 200 characters)' });
      const sku = (r.sku ?? '').trim();
      if (!sku) problems.push({ line, reason: 'sku is required' });
      const quantity = Number(r.quantity);
      if (!/^\d+$/.test((r.quantity ?? '').trim()) || quantity < 1 || quantity > 1000) problems.push({ line, reason: `quantity "${r.quantity}" must be a whole number from 1 to 1000` });
      const time = new Date((r.time ?? '').trim());
      if (!(r.time ?? '').trim() || Number.isNaN(time.getTime())) problems.push({ line, reason: `time "${r.time}" is not an ISO 8601 date-time` });
      else if (time.getTime() > Date.now() + 86_400_000) problems.push({ line, reason: `time ${r.time} is in the future` });
      const priceRaw = (r.price ?? '').trim();
      const priceMinor = priceRaw ? parsePriceToMinor(priceRaw) : null;
      if (priceRaw && priceMinor === null) problems.push({ line, reason: `price "${priceRaw}" is not a price like 49.99` });
      const returnedRaw = (r.returned_quantity ?? '').trim();
      const returnedQuantity = returnedRaw ? Number(returnedRaw) : 0;
      if (returnedRaw && (!/^\d+$/.test(returnedRaw) || returnedQuantity > quantity)) problems.push({ line, reason: 'returned_quantity must be a whole number no larger than quantity' });
      if (problems.length > before) continue;
      const store = (r.store ?? '').trim() || null;
      rows.push({
        line,
        customer,
        sku,
        quantity,
        store,
        time,
        size: (r.size ?? '').trim().toUpperCase() || null,
        colour: (r.colour ?? r.color ?? '').trim() || null,
        barcode: (r.barcode ?? '').trim() || null,
        priceMinor,
        returnedQuantity,
        orderRef: (r.order_ref ?? '').trim() || `${customer}|${store ?? ''}|${time.toISOString()}`,
      });
    }
  }
  if (problems.length) throw new ImportRejectedError(file, problems);
  return rows;
}

export interface PurchaseImportSummary {
  customersCreated: number;
  ordersCreated: number;
  ordersSkipped: number;
  lines: number;
}

async function insertChunked(em: EntityManager, entity: Function, values: object[]): Promise<{ id: string }[]> {
  const out: { id: string }[] = [];
  for (let i = 0; i < values.length; i += 2000) {
    const res = await em.createQueryBuilder().insert().into(entity).values(values.slice(i, i + 2000)).returning(['id']).execute();
    out.push(...(res.raw as { id: string }[]));
  }
  return out;
}

/**
 * Writes purchase history in the caller's transaction. Every SKU, barcode, size and store must
 * resolve, else nothing is written. Orders already imported (same reference) are skipped, so a file
 * can be imported again safely. Unknown customers are created.
 */
export async function writePurchases(em: EntityManager, file: string, rows: PurchaseRow[], sourceTag: string): Promise<PurchaseImportSummary> {
  const problems: ImportProblem[] = [];
  const products = new Map<string, ProductEntity>();
  const skus = [...new Set(rows.map((r) => r.sku))];
  for (let i = 0; i < skus.length; i += 5000) {
    for (const p of await em.getRepository(ProductEntity).findBy({ sku: In(skus.slice(i, i + 5000)) })) products.set(p.sku, p);
  }
  const variants = new Map<string, VariantEntity[]>();
  const productIds = [...new Set([...products.values()].map((p) => p.id))];
  for (let i = 0; i < productIds.length; i += 5000) {
    for (const v of await em.getRepository(VariantEntity).find({ where: { productId: In(productIds.slice(i, i + 5000)) }, order: { colour: 'ASC' } })) {
      variants.set(v.productId, [...(variants.get(v.productId) ?? []), v]);
    }
  }
  const stores = new Map((await em.getRepository(StoreEntity).find()).map((s) => [s.code, s]));
  const resolved: { row: PurchaseRow; product: ProductEntity; variant: VariantEntity | null; storeId: string | null }[] = [];
  for (const row of rows) {
    const product = products.get(row.sku);
    if (!product) {
      problems.push({ line: row.line, reason: `unknown SKU ${row.sku}` });
      continue;
    }
    let variant: VariantEntity | null = null;
    const own = variants.get(product.id) ?? [];
    if (row.barcode) {
      variant = own.find((v) => v.barcode === row.barcode) ?? null;
      if (!variant) problems.push({ line: row.line, reason: `barcode ${row.barcode} is not a variant of ${row.sku}` });
    } else if (row.size) {
      variant = own.find((v) => v.sizeLabel === row.size && (!row.colour || v.colour.toLowerCase() === row.colour.toLowerCase())) ?? null;
      if (!variant) problems.push({ line: row.line, reason: `${row.sku} has no size ${row.size}${row.colour ? ` in ${row.colour}` : ''}` });
    }
    const store = row.store ? stores.get(row.store) : null;
    if (row.store && !store) problems.push({ line: row.line, reason: `unknown store code ${row.store}` });
    resolved.push({ row, product, variant, storeId: store?.id ?? null });
  }
  if (problems.length) throw new ImportRejectedError(file, problems);

  const externalIds = [...new Set(rows.map((r) => r.customer))];
  const customers = new Map<string, string>();
  for (let i = 0; i < externalIds.length; i += 5000) {
    for (const c of await em.getRepository(CustomerEntity).findBy({ externalId: In(externalIds.slice(i, i + 5000)) })) customers.set(c.externalId, c.id);
  }
  const newCustomers = externalIds.filter((id) => !customers.has(id));
  const created = await insertChunked(em, CustomerEntity, newCustomers.map((externalId) => ({ externalId, displayName: 'Member' })));
  newCustomers.forEach((id, i) => customers.set(id, created[i].id));

  const groups = new Map<string, typeof resolved>();
  for (const r of resolved) {
    const ref = `import:${sourceTag}:${createHash('sha256').update(r.row.orderRef).digest('hex').slice(0, 32)}`;
    groups.set(ref, [...(groups.get(ref) ?? []), r]);
  }
  const refs = [...groups.keys()];
  const already = new Set<string>();
  for (let i = 0; i < refs.length; i += 5000) {
    for (const o of await em.getRepository(OrderEntity).find({ select: { externalRef: true }, where: { externalRef: In(refs.slice(i, i + 5000)) } })) already.add(o.externalRef!);
  }
  const fresh = refs.filter((r) => !already.has(r));
  const orderValues = fresh.map((ref) => {
    const lines = groups.get(ref)!;
    const first = lines[0];
    return {
      customerId: customers.get(first.row.customer)!,
      storeId: first.storeId,
      channel: OrderChannel.IMPORT,
      status: OrderStatus.FULFILLED,
      currency: first.product.currency,
      totalMinor: lines.reduce((s, l) => s + (l.row.priceMinor ?? l.product.priceMinor) * l.row.quantity, 0),
      externalRef: ref,
      placedAt: first.row.time,
    };
  });
  const orderIds = await insertChunked(em, OrderEntity, orderValues);
  const lineValues = fresh.flatMap((ref, i) =>
    groups.get(ref)!.map((l) => ({
      orderId: orderIds[i].id,
      productId: l.product.id,
      variantId: l.variant?.id ?? null,
      quantity: l.row.quantity,
      unitPriceMinor: l.row.priceMinor ?? l.product.priceMinor,
      returnedQuantity: l.row.returnedQuantity,
    })),
  );
  await insertChunked(em, OrderLineEntity, lineValues);
  return { customersCreated: newCustomers.length, ordersCreated: fresh.length, ordersSkipped: already.size, lines: lineValues.length };
}
