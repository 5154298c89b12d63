import { toGtin14 } from '../../catalog/gtin';
import { createHash } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { localDay } from '../../activity/local-day';
import { ProductEntity } from '../../catalog/product.entity';
import { badCharacter, charLength, findChunked, readCsvTable } from '../../catalog/import/import-cells';
import { MAX_ORDER_TOTAL_MINOR } from '../order.entity';
import { VariantEntity } from '../../catalog/variant.entity';
import { OrderChannel, OrderStatus } from '../../common/enums';
import { ImportProblem, ImportRejectedError, parsePriceToMinor } from '../../common/import-report';
import { CustomerEntity } from '../../identity/customer.entity';
import { StoreEntity } from '../../store/store.entity';
import { OrderLineEntity } from '../order-line.entity';
import { OrderEntity } from '../order.entity';
import { parsePurchaseTime, startOfLocalDay } from './purchase-time';

/** One purchased line as read from a file. */
export interface PurchaseRow {
  line: number;
  customer: string;
  sku: string;
  quantity: number;
  store: string | null;
  /** The instant of the purchase; for a date alone, its UTC midnight (see `day`). */
  time: Date;
  /** Set when the file gave a date alone: the purchase is placed at the start of that day in the store's time zone. */
  day: string | null;
  size: string | null;
  colour: string | null;
  barcode: string | null;
  priceMinor: number | null;
  returnedQuantity: number;
  orderRef: string;
  /** Whether `orderRef` came from the file's order_ref column (else it is derived from customer, store and time, or the sequence). */
  explicitRef: boolean;
}

export interface PurchaseImportOptions {
  /** Prepended to item ids of the sequence format to make SKUs (default none). */
  skuPrefix?: string;
  /** Prepended to user ids of the sequence format to make customer ids (default "seq-"). */
  customerPrefix?: string;
  /** The clock: the time the last item of each sequence is placed at, and what "in the future" means (default now). */
  now?: Date;
}

const COLUMNS = {
  required: ['customer', 'sku', 'quantity', 'store', 'time'],
  optional: ['size', 'colour', 'barcode', 'price', 'returned_quantity', 'order_ref'],
  aliases: { color: 'colour' },
} as const;

/** True when the content looks like the `user item1 item2 ...` sequence format (no commas, >= 2 tokens). */
export function isSequenceFormat(content: string): boolean {
  const first = content.split('\n').find((l) => l.trim() !== '');
  return first !== undefined && !first.includes(',') && /^\S+(\s+\S+)+\s*$/.test(first.trim());
}

/** The time of a row as its order sees it: a day, or an instant. */
function timeKey(row: PurchaseRow): string {
  return row.day ?? row.time.toISOString();
}

/** Rows sharing an order_ref must describe one order: the same customer, store and time. */
function checkOrderRefs(rows: PurchaseRow[], problems: ImportProblem[]): void {
  const first = new Map<string, PurchaseRow>();
  for (const row of rows) {
    if (!row.explicitRef) continue;
    const f = first.get(row.orderRef);
    if (!f) {
      first.set(row.orderRef, row);
      continue;
    }
    const differs = (what: string, mine: string, theirs: string) => problems.push({ line: row.line, reason: `order_ref ${row.orderRef}: ${what} ${mine} differs from line ${f.line} (${theirs})` });
    if (row.customer !== f.customer) differs('customer', JSON.stringify(row.customer), JSON.stringify(f.customer));
    if (row.store !== f.store) differs('store', JSON.stringify(row.store ?? ''), JSON.stringify(f.store ?? ''));
    if (timeKey(row) !== timeKey(f)) differs('time', timeKey(row), timeKey(f));
  }
}

/**
 * Parses purchase history: CSV with columns customer, sku, quantity, store, time (optional: size,
 * colour, barcode, price, returned_quantity, order_ref), or the sequence format of the public
 * purchase-sequence data sets (one line per customer, items in purchase order, no times: item k of n
 * is dated n-k days before `now`, one order per item, so their order is kept).
 * Throws {@link ImportRejectedError} listing every problem by line.
 */
export function parsePurchaseFile(file: string, content: string, options: PurchaseImportOptions = {}): PurchaseRow[] {
  const problems: ImportProblem[] = [];
  const rows: PurchaseRow[] = [];
  const now = options.now ?? new Date();
  if (isSequenceFormat(content)) {
    content.split('\n').forEach((raw, i) => {
      const line = i + 1;
      const bad = badCharacter(raw);
      if (bad) return problems.push({ line, reason: `contains ${bad}` });
      const tokens = raw.trim().split(/\s+/).filter(Boolean);
      if (tokens.length === 0) return;
      if (tokens.length < 2) return problems.push({ line, reason: 'a sequence line needs a user and at least one item' });
      const [user, ...items] = tokens;
      if (new Set(items).size !== items.length) problems.push({ line, reason: 'an item repeats within the line' });
      const customer = `${options.customerPrefix ?? 'seq-'}${user}`;
      if (charLength(customer) > 200) return problems.push({ line, reason: 'the customer id is longer than 200 characters' });
      items.forEach((item, k) => {
        const time = new Date(now.getTime() - (items.length - k) * 86_400_000);
        rows.push({ line, customer, sku: `${options.skuPrefix ?? ''}${item}`, quantity: 1, store: null, time, day: null, size: null, colour: null, barcode: null, priceMinor: null, returnedQuantity: 0, orderRef: `${customer}|${k}`, explicitRef: false });
      });
    });
  } else {
    const table = readCsvTable(file, content, COLUMNS, problems);
    for (const { line, cells: r } of table.rows) {
      const before = problems.length;
      const cell = (key: string) => (r[key] ?? '').trim();
      const tooLong = (key: string, max: number) => {
        if (charLength(cell(key)) > max) problems.push({ line, reason: `${key} is longer than ${max} characters` });
      };
      const customer = cell('customer');
      if (!customer) problems.push({ line, reason: 'customer is required' });
      tooLong('customer', 200);
      const sku = cell('sku');
      if (!sku) problems.push({ line, reason: 'sku is required' });
      tooLong('sku', 64);
      tooLong('order_ref', 200);
      const quantity = Number(cell('quantity'));
      if (!/^\d+$/.test(cell('quantity')) || quantity < 1 || quantity > 1000) problems.push({ line, reason: `quantity "${r.quantity}" must be a whole number from 1 to 1000` });
      const parsed = parsePurchaseTime(cell('time'), now);
      if ('problem' in parsed) problems.push({ line, reason: `time "${r.time}"${parsed.problem.startsWith('is ') || parsed.problem.startsWith('has ') ? ' ' : ': '}${parsed.problem}` });
      const priceRaw = cell('price');
      const priceMinor = priceRaw ? parsePriceToMinor(priceRaw) : null;
      if (priceRaw && priceMinor === null) problems.push({ line, reason: `price "${priceRaw}" is not a price like 49.99` });
      const returnedRaw = cell('returned_quantity');
      const returnedQuantity = returnedRaw ? Number(returnedRaw) : 0;
      if (returnedRaw && (!/^\d+$/.test(returnedRaw) || returnedQuantity > quantity)) problems.push({ line, reason: 'returned_quantity must be a whole number no larger than quantity' });
      if (problems.length > before || 'problem' in parsed) continue;
      const store = cell('store') || null;
      const orderRef = cell('order_ref');
      rows.push({
        line,
        customer,
        sku,
        quantity,
        store,
        time: parsed.at,
        day: parsed.day,
        size: cell('size').toUpperCase() || null,
        colour: cell('colour') || null,
        barcode: cell('barcode') || null,
        priceMinor,
        returnedQuantity,
        // A derived reference keeps the form it always had (a date alone as its UTC midnight), so files imported before are still recognised.
        orderRef: orderRef || `${customer}|${store ?? ''}|${parsed.at.toISOString()}`,
        explicitRef: orderRef !== '',
      });
    }
    checkOrderRefs(rows, problems);
  }
  if (problems.length) throw new ImportRejectedError(file, problems.sort((a, b) => a.line - b.line));
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

/** The variant a row names by barcode, or by size (and colour when the size comes in several), or why it names none. */
function resolveVariant(row: PurchaseRow, own: VariantEntity[]): { variant: VariantEntity | null } | { problem: string } {
  const sameColour = (v: VariantEntity) => !row.colour || v.colour.toLowerCase() === row.colour.toLowerCase();
  if (row.barcode) {
    // Any length of one GTIN (a UPC-A and its EAN-13 form) names the same variant.
    const gtin = toGtin14(row.barcode);
    const variant = own.find((v) => toGtin14(v.barcode) === gtin);
    if (!variant) return { problem: `barcode ${row.barcode} is not a variant of ${row.sku}` };
    if ((row.size && variant.sizeLabel !== row.size) || !sameColour(variant)) {
      return { problem: `barcode ${row.barcode} is size ${variant.sizeLabel} in ${variant.colour}, not ${[row.size, row.colour && `in ${row.colour}`].filter(Boolean).join(' ')}` };
    }
    return { variant };
  }
  if (row.size) {
    const matches = own.filter((v) => v.sizeLabel === row.size && sameColour(v));
    if (matches.length === 0) return { problem: `${row.sku} has no size ${row.size}${row.colour ? ` in ${row.colour}` : ''}` };
    if (matches.length > 1) return { problem: `${row.sku} has size ${row.size} in ${matches.length} colours (${matches.map((v) => v.colour).join(', ')}); give the colour or the barcode` };
    return { variant: matches[0] };
  }
  if (row.colour) return { problem: `colour ${row.colour} without a size or barcode names no variant; give the size too, or leave the colour out` };
  return { variant: null };
}

type ResolvedLine = { row: PurchaseRow; product: ProductEntity; variant: VariantEntity | null; store: StoreEntity | null };

/**
 * Writes purchase history in the caller's transaction. Everything is checked before the first write:
 * every SKU, barcode, size and store must resolve, the lines of one order must share a currency and
 * fit an order's total, and an order reference imported before must still name the same customer,
 * store and time (then the order is skipped, so a file can be imported again safely); else nothing is
 * written. Unknown customers are created.
 */
export async function writePurchases(em: EntityManager, file: string, rows: PurchaseRow[], sourceTag: string): Promise<PurchaseImportSummary> {
  const problems: ImportProblem[] = [];
  const skus = [...new Set(rows.map((r) => r.sku))];
  const products = new Map((await findChunked(skus, (chunk) => em.getRepository(ProductEntity).findBy({ sku: In(chunk) }))).map((p) => [p.sku, p]));
  const variants = new Map<string, VariantEntity[]>();
  const productIds = [...new Set([...products.values()].map((p) => p.id))];
  for (const v of await findChunked(productIds, (chunk) => em.getRepository(VariantEntity).find({ where: { productId: In(chunk) }, order: { colour: 'ASC', barcode: 'ASC' } }))) {
    variants.set(v.productId, [...(variants.get(v.productId) ?? []), v]);
  }
  const stores = new Map((await em.getRepository(StoreEntity).find()).map((s) => [s.code, s]));
  const resolved: ResolvedLine[] = [];
  for (const row of rows) {
    const product = products.get(row.sku);
    const store = row.store ? (stores.get(row.store) ?? null) : null;
    if (row.store && !store) problems.push({ line: row.line, reason: `unknown store code ${row.store}` });
    if (!product) {
      problems.push({ line: row.line, reason: `unknown SKU ${row.sku}` });
      continue;
    }
    const v = resolveVariant(row, variants.get(product.id) ?? []);
    if ('problem' in v) problems.push({ line: row.line, reason: v.problem });
    else resolved.push({ row, product, variant: v.variant, store });
  }

  const groups = new Map<string, ResolvedLine[]>();
  for (const r of resolved) {
    const ref = `import:${sourceTag}:${createHash('sha256').update(r.row.orderRef).digest('hex').slice(0, 32)}`;
    groups.set(ref, [...(groups.get(ref) ?? []), r]);
  }
  for (const lines of groups.values()) {
    const first = lines[0];
    for (const l of lines) {
      if (l.product.currency !== first.product.currency) problems.push({ line: l.row.line, reason: `${l.row.sku} is priced in ${l.product.currency} but line ${first.row.line} of the same order in ${first.product.currency}` });
    }
    const total = lines.reduce((s, l) => s + (l.row.priceMinor ?? l.product.priceMinor) * l.row.quantity, 0);
    if (total > MAX_ORDER_TOTAL_MINOR) {
      problems.push({ line: first.row.line, reason: `the order of line(s) ${lines.map((l) => l.row.line).join(', ')} has a total of ${(total / 100).toFixed(2)}, too large (an order holds at most ${(MAX_ORDER_TOTAL_MINOR / 100).toFixed(2)})` });
    }
  }

  const externalIds = [...new Set(rows.map((r) => r.customer))];
  const customers = new Map((await findChunked(externalIds, (chunk) => em.getRepository(CustomerEntity).findBy({ externalId: In(chunk) }))).map((c) => [c.externalId, c.id]));
  const placedAt = (l: ResolvedLine) => (l.row.day ? startOfLocalDay(l.row.day, l.store?.timezone ?? 'UTC') : l.row.time);
  const refs = [...groups.keys()];
  const already = new Set<string>();
  const existing = await findChunked(refs, (chunk) =>
    em.getRepository(OrderEntity).find({ select: { externalRef: true, customerId: true, storeId: true, placedAt: true }, where: { externalRef: In(chunk) } }),
  );
  for (const o of existing) {
    const first = groups.get(o.externalRef!)![0];
    // A derived reference holds customer, store and time, and sequence times move with the import day: only a file's own order_ref can clash.
    const sameTime = !first.row.explicitRef || (first.row.day ? [localDay(o.placedAt, first.store?.timezone ?? 'UTC'), o.placedAt.toISOString().slice(0, 10)].includes(first.row.day) : o.placedAt.getTime() === first.row.time.getTime());
    if (o.customerId !== customers.get(first.row.customer) || o.storeId !== (first.store?.id ?? null) || !sameTime) {
      problems.push({ line: first.row.line, reason: `order_ref ${first.row.orderRef} was imported before with another customer, store or time; give this order its own reference` });
    }
    already.add(o.externalRef!);
  }
  if (problems.length) throw new ImportRejectedError(file, problems.sort((a, b) => a.line - b.line));

  const newCustomers = externalIds.filter((id) => !customers.has(id));
  const created = await insertChunked(em, CustomerEntity, newCustomers.map((externalId) => ({ externalId, displayName: 'Member' })));
  newCustomers.forEach((id, i) => customers.set(id, created[i].id));

  const fresh = refs.filter((r) => !already.has(r));
  const orderValues = fresh.map((ref) => {
    const lines = groups.get(ref)!;
    const first = lines[0];
    return {
      customerId: customers.get(first.row.customer)!,
      storeId: first.store?.id ?? null,
      channel: OrderChannel.IMPORT,
      status: OrderStatus.FULFILLED,
      currency: first.product.currency,
      totalMinor: lines.reduce((s, l) => s + (l.row.priceMinor ?? l.product.priceMinor) * l.row.quantity, 0),
      externalRef: ref,
      placedAt: placedAt(first),
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
