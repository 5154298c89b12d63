import { EntityManager, In, QueryDeepPartialEntity } from 'typeorm';
import { FitType, GarmentType, Gender, SizeSystem, Sport } from '../../common/enums';
import { ImportProblem, ImportRejectedError, parsePriceToMinor } from '../../common/import-report';
import { ALPHA_SIZES } from '../default-size-charts';
import { isValidGtin, toGtin14 } from '../gtin';
import { ProductEntity, ProductFields } from '../product.entity';
import { VariantEntity } from '../variant.entity';
import { charLength, findBadString, findChunked, readCsvTable } from './import-cells';

/** Product fields a file may leave out: an existing product keeps its value, a new one gets the default. */
type OptionalField = 'fitType' | 'currency' | 'description' | 'tags' | 'attributes';

/**
 * A product as read from an import file, validated. An optional field is present only when the file
 * gives it (a CSV column in the header, a JSON key that is not null).
 */
export interface ImportedProduct extends Omit<ProductFields, OptionalField>, Partial<Pick<ProductFields, OptionalField>> {
  line: number;
  variants: ImportedVariant[];
}

export interface ImportedVariant {
  line: number;
  sizeLabel: string;
  colour: string;
  barcode: string;
}

const DEFAULTS: Pick<ProductFields, OptionalField> = { fitType: FitType.REGULAR, currency: 'EUR', description: '', tags: [], attributes: {} };

const JSON_PRODUCT_KEYS = new Set(['sku', 'name', 'brand', 'category_path', 'garment_type', 'gender', 'sport', 'fit_type', 'price', 'price_minor', 'currency', 'description', 'tags', 'attributes', 'variants']);
const JSON_VARIANT_KEYS = new Set(['size', 'colour', 'color', 'barcode']);

/** Keys of a JSON object the importer would not read: a misspelt field is refused, not dropped. */
function unknownKeys(raw: Record<string, unknown>, known: Set<string>): string[] {
  return Object.keys(raw).filter((k) => !known.has(k));
}

const CSV_COLUMNS = {
  required: ['sku', 'name', 'brand', 'category_path', 'garment_type', 'gender', 'sport', 'fit_type', 'price', 'currency', 'size', 'colour', 'barcode'],
  optional: ['description', 'tags', 'attributes'],
  aliases: { color: 'colour' },
} as const;

/** The largest price a file may give, in minor units: what "9999999.99" reads as. */
const MAX_PRICE_MINOR = 999_999_999;
/** Longer descriptions would not fit the full-text index (about 1 MB of text per product). */
const MAX_DESCRIPTION = 10_000;
const MAX_TAG = 100;
const MAX_TAGS = 100;

/** Column names of the fields that must agree on every row of a SKU, for messages. */
const COLUMN_OF: Record<string, string> = { name: 'name', brand: 'brand', categoryPath: 'category_path', garmentType: 'garment_type', gender: 'gender', sport: 'sport', fitType: 'fit_type', priceMinor: 'price', currency: 'currency' };

function sizeSystemOf(garmentType: GarmentType): SizeSystem {
  return garmentType === GarmentType.SHOES ? SizeSystem.EU_SHOE : SizeSystem.ALPHA;
}

/** JSON with object keys sorted, to compare two values regardless of key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

/** A cell or JSON value as text: strings and finite numbers only (an object is not silently "[object Object]"). */
function textOf(raw: unknown): string | null {
  if (raw === undefined || raw === null) return '';
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}

function enumValue<E extends Record<string, string>>(e: E, raw: string): E[keyof E] | null {
  const v = raw.trim().toUpperCase();
  return (Object.values(e) as string[]).includes(v) ? (v as E[keyof E]) : null;
}

/** Whether a JSON product or CSV row gives a value for an optional field (`''` in a CSV cell gives none on that row). */
function given(raw: Record<string, unknown>, key: string, csv: boolean): boolean {
  const v = raw[key];
  return csv ? typeof v === 'string' && v.trim() !== '' : v !== undefined && v !== null;
}

/**
 * Validates one product's fields; pushes problems and returns null when any field is bad. Optional
 * fields are set only when `raw` gives them.
 */
function readProduct(raw: Record<string, unknown>, line: number, csv: boolean, problems: ImportProblem[]): Omit<ImportedProduct, 'variants'> | null {
  const before = problems.length;
  const text = (key: string, max: number, required = true): string => {
    const t = textOf(raw[key]);
    if (t === null) {
      problems.push({ line, reason: `${key} must be text` });
      return '';
    }
    const v = t.trim();
    if (required && !v) problems.push({ line, reason: `${key} is required` });
    if (charLength(v) > max) problems.push({ line, reason: `${key} is longer than ${max} characters` });
    return v;
  };
  const sku = text('sku', 64);
  const name = text('name', 300);
  const brand = text('brand', 120);
  const categoryPath = text('category_path', 300).toLowerCase();
  if (categoryPath && !/^[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(categoryPath)) problems.push({ line, reason: `category_path "${categoryPath}" must be slash-separated slugs like apparel/tops/t-shirts` });
  const oneOf = <E extends Record<string, string>>(key: string, e: E, required = true): E[keyof E] | undefined => {
    if (!required && !given(raw, key, false)) return undefined;
    const v = enumValue(e, text(key, 16, false));
    if (!v) problems.push({ line, reason: `${key} must be one of ${Object.values(e).join(', ')}` });
    return v ?? undefined;
  };
  const garmentType = oneOf('garment_type', GarmentType);
  const gender = oneOf('gender', Gender);
  const sport = oneOf('sport', Sport);
  const fitType = oneOf('fit_type', FitType, csv);
  let priceMinor: number | null;
  if (!csv && given(raw, 'price_minor', false)) {
    priceMinor = typeof raw.price_minor === 'number' && Number.isInteger(raw.price_minor) && raw.price_minor >= 0 && raw.price_minor <= MAX_PRICE_MINOR ? raw.price_minor : null;
    if (priceMinor === null) problems.push({ line, reason: `price_minor ${JSON.stringify(raw.price_minor)} must be a whole number from 0 to ${MAX_PRICE_MINOR}` });
  } else {
    const price = text('price', 20, false);
    priceMinor = parsePriceToMinor(price);
    if (priceMinor === null) problems.push({ line, reason: `price "${price}" is not a price like 49.99` });
  }
  let currency: string | undefined;
  if (csv || given(raw, 'currency', false)) {
    currency = text('currency', 3, false).toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) problems.push({ line, reason: `currency "${currency}" is not an ISO 4217 code` });
  }

  const optional: Partial<Pick<ProductFields, OptionalField>> = {};
  if (fitType) optional.fitType = fitType;
  if (currency) optional.currency = currency;
  if (given(raw, 'description', csv)) optional.description = text('description', MAX_DESCRIPTION, false);
  if (given(raw, 'tags', csv)) {
    const rawTags = typeof raw.tags === 'string' ? raw.tags.split('|') : raw.tags;
    if (!Array.isArray(rawTags) || rawTags.some((t) => typeof t !== 'string')) {
      problems.push({ line, reason: 'tags must be a list of text (a|b|c in CSV)' });
    } else {
      const tags = [...new Set((rawTags as string[]).map((t) => t.trim()).filter(Boolean))];
      if (tags.some((t) => charLength(t) > MAX_TAG)) problems.push({ line, reason: `a tag is longer than ${MAX_TAG} characters` });
      if (tags.length > MAX_TAGS) problems.push({ line, reason: `more than ${MAX_TAGS} tags` });
      optional.tags = tags;
    }
  }
  if (given(raw, 'attributes', csv)) {
    let attributes: unknown = raw.attributes;
    if (typeof attributes === 'string') {
      try {
        attributes = JSON.parse(attributes);
      } catch {
        attributes = undefined;
      }
    }
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
      problems.push({ line, reason: 'attributes must be a JSON object' });
    } else {
      const bad = findBadString(attributes, 'attributes');
      if (bad) problems.push({ line, reason: `${bad.path} contains ${bad.what}` });
      optional.attributes = attributes as Record<string, unknown>;
    }
  }
  if (problems.length > before) return null;
  return { line, sku, name, brand, categoryPath, garmentType: garmentType!, gender: gender!, sport: sport!, priceMinor: priceMinor!, ...optional };
}

function readVariant(raw: Record<string, unknown>, line: number, garmentType: GarmentType, problems: ImportProblem[], where = ''): ImportedVariant | null {
  const before = problems.length;
  const text = (key: string, alias?: string): string => {
    const t = textOf(raw[key] ?? (alias ? raw[alias] : undefined));
    if (t === null) problems.push({ line, reason: `${where}${key} must be text` });
    return (t ?? '').trim();
  };
  const sizeLabel = text('size').toUpperCase();
  const colour = text('colour', 'color');
  const barcode = text('barcode');
  if (problems.length > before) return null;
  if (garmentType === GarmentType.SHOES) {
    if (!/^\d{2}(\.5)?$/.test(sizeLabel) || Number(sizeLabel) < 16 || Number(sizeLabel) > 52) problems.push({ line, reason: `${where}size "${sizeLabel}" is not an EU shoe size` });
  } else if (!(ALPHA_SIZES as readonly string[]).includes(sizeLabel)) {
    problems.push({ line, reason: `${where}size "${sizeLabel}" must be one of ${ALPHA_SIZES.join(', ')}` });
  }
  if (!colour || charLength(colour) > 60) problems.push({ line, reason: `${where}colour is required (at most 60 characters)` });
  if (!isValidGtin(barcode)) problems.push({ line, reason: `${where}barcode "${barcode}" is not a valid GTIN (8, 12, 13 or 14 digits with a correct check digit)` });
  return problems.length > before ? null : { line, sizeLabel, colour, barcode };
}

/**
 * Parses a catalogue file. CSV: one row per variant with the columns in docs (product fields repeat
 * on every row of the same SKU and must agree; an optional column's value may be given on some rows
 * only). JSON: an array of products, each with `variants`.
 * Throws {@link ImportRejectedError} listing every problem; returns products only when all are valid.
 */
export function parseCatalogFile(file: string, content: string): ImportedProduct[] {
  const problems: ImportProblem[] = [];
  const products = new Map<string, ImportedProduct>();
  const barcodes = new Map<string, number>();
  const addVariant = (product: ImportedProduct, v: ImportedVariant) => {
    // One GTIN written in two lengths (UPC-A 12 digits, its EAN-13 with a leading 0) is one barcode.
    const seen = barcodes.get(toGtin14(v.barcode));
    if (seen !== undefined) problems.push({ line: v.line, reason: `barcode ${v.barcode} already appears on line ${seen}` });
    else if (product.variants.some((o) => o.sizeLabel === v.sizeLabel && o.colour === v.colour)) problems.push({ line: v.line, reason: `${product.sku} already has size ${v.sizeLabel} in ${v.colour}` });
    else {
      barcodes.set(toGtin14(v.barcode), v.line);
      product.variants.push(v);
    }
  };

  if (file.toLowerCase().endsWith('.json')) {
    let data: unknown;
    try {
      data = JSON.parse(content);
    } catch (error) {
      throw new ImportRejectedError(file, [{ line: 1, reason: `not valid JSON (${error instanceof Error ? error.message : 'parse error'})` }]);
    }
    if (!Array.isArray(data)) throw new ImportRejectedError(file, [{ line: 1, reason: 'the JSON must be an array of products' }]);
    data.forEach((raw: unknown, i: number) => {
      const line = i + 1; // JSON "line" = position of the product in the array (1-based)
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return problems.push({ line, reason: `product #${line} is not an object` });
      const r = raw as Record<string, unknown>;
      for (const [key, value] of Object.entries(r)) {
        const bad = findBadString(key, 'a key') ?? findBadString(value, key);
        if (bad) return problems.push({ line, reason: `${bad.path} contains ${bad.what}` });
      }
      const unknown = unknownKeys(r, JSON_PRODUCT_KEYS);
      if (unknown.length) problems.push({ line, reason: `unknown field(s): ${unknown.join(', ')} (known: ${[...JSON_PRODUCT_KEYS].join(', ')})` });
      const p = readProduct(r, line, false, problems);
      if (!p) return;
      if (products.has(p.sku)) return problems.push({ line, reason: `SKU ${p.sku} appears twice` });
      const product: ImportedProduct = { ...p, variants: [] };
      if (!Array.isArray(r.variants) || r.variants.length === 0) return problems.push({ line, reason: `product ${p.sku} has no variants` });
      (r.variants as unknown[]).forEach((rv, k) => {
        if (typeof rv !== 'object' || rv === null || Array.isArray(rv)) return problems.push({ line, reason: `variants[${k}] is not an object` });
        const unknownInVariant = unknownKeys(rv as Record<string, unknown>, JSON_VARIANT_KEYS);
        if (unknownInVariant.length) problems.push({ line, reason: `variants[${k}]: unknown field(s): ${unknownInVariant.join(', ')} (known: size, colour, barcode)` });
        const v = readVariant(rv as Record<string, unknown>, line, p.garmentType, problems, `variants[${k}]: `);
        if (v) addVariant(product, v);
      });
      products.set(p.sku, product);
    });
  } else {
    const table = readCsvTable(file, content, CSV_COLUMNS, problems);
    const optionalColumns = CSV_COLUMNS.optional.filter((c) => table.columns.has(c));
    /** Per SKU, the line that gave each optional field's value. */
    const givenOn = new Map<string, Map<string, number>>();
    for (const { line, cells } of table.rows) {
      const p = readProduct(cells, line, true, problems);
      if (!p) continue;
      let product = products.get(p.sku);
      if (!product) {
        product = { ...p, variants: [] };
        products.set(p.sku, product);
        givenOn.set(p.sku, new Map(optionalColumns.filter((c) => c in p).map((c) => [c, line])));
      } else {
        for (const key of ['name', 'brand', 'categoryPath', 'garmentType', 'gender', 'sport', 'fitType', 'priceMinor', 'currency'] as const) {
          if (product[key] !== p[key]) problems.push({ line, reason: `${COLUMN_OF[key]} of ${p.sku} differs from line ${product.line}` });
        }
        const lines = givenOn.get(p.sku)!;
        for (const key of optionalColumns) {
          if (!(key in p)) continue;
          const first = lines.get(key);
          if (first === undefined) {
            Object.assign(product, { [key]: p[key] });
            lines.set(key, line);
          } else if (canonical(product[key]) !== canonical(p[key])) {
            problems.push({ line, reason: `${key} of ${p.sku} ${key === 'description' ? 'differs' : 'differ'} from line ${first}` });
          }
        }
      }
      const v = readVariant(cells, line, p.garmentType, problems);
      if (v) addVariant(product, v);
    }
    // A column the file has but no row of a SKU fills: the product has none (an empty description, no tags, no attributes).
    for (const product of products.values()) {
      for (const key of optionalColumns) if (!(key in product)) Object.assign(product, { [key]: DEFAULTS[key] });
    }
  }
  if (problems.length) throw new ImportRejectedError(file, problems.sort((a, b) => a.line - b.line));
  return [...products.values()];
}

export interface CatalogImportSummary {
  productsCreated: number;
  productsUpdated: number;
  variantsCreated: number;
  variantsUpdated: number;
}

/** The fields of `p` the file gave: what an existing product may have changed. */
function givenFields(p: ImportedProduct): Partial<ProductFields> {
  const { variants: _variants, line: _line, ...fields } = p;
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<ProductFields>;
}

/**
 * Writes parsed products in the caller's transaction: products upsert by SKU, variants by barcode.
 * An existing product changes only in the fields the file gives, and keeps the variants the file
 * does not list. Everything is checked before the first write: a barcode that belongs to another
 * product, a size and colour a product would have twice, or a change between clothing and shoe sizes
 * that would strand variants not in the file rejects the whole file.
 */
export async function writeCatalog(em: EntityManager, file: string, products: ImportedProduct[]): Promise<CatalogImportSummary> {
  const summary: CatalogImportSummary = { productsCreated: 0, productsUpdated: 0, variantsCreated: 0, variantsUpdated: 0 };
  const productRepo = em.getRepository(ProductEntity);
  const variantRepo = em.getRepository(VariantEntity);
  const existing = new Map((await findChunked(products.map((p) => p.sku), (chunk) => productRepo.findBy({ sku: In(chunk) }))).map((p) => [p.sku, p]));
  // Variants are matched by GTIN-14 (idx_variant_gtin14), as the shelf scanner's look-up does: the
  // EAN-13 form of a stored UPC-A is the same variant, not a new one.
  const allGtins = [...new Set(products.flatMap((p) => p.variants.map((v) => toGtin14(v.barcode))))];
  const found14 = await findChunked(allGtins, (chunk) =>
    variantRepo.createQueryBuilder('v').leftJoinAndSelect('v.product', 'product').where(`lpad(v.barcode, 14, '0') IN (:...codes)`, { codes: chunk }).getMany(),
  );
  const byGtin = new Map(found14.map((v) => [toGtin14(v.barcode), v]));
  const variantsOf = new Map<string, VariantEntity[]>();
  for (const v of await findChunked([...existing.values()].map((p) => p.id), (chunk) => variantRepo.find({ where: { productId: In(chunk) }, order: { barcode: 'ASC' } }))) {
    variantsOf.set(v.productId, [...(variantsOf.get(v.productId) ?? []), v]);
  }

  const problems: ImportProblem[] = [];
  for (const p of products) {
    const product = existing.get(p.sku);
    const current = product ? (variantsOf.get(product.id) ?? []) : [];
    // The product's variants after the import: what it has, with the file's changes; then no size and colour twice.
    const after = new Map(current.map((v) => [toGtin14(v.barcode), { barcode: v.barcode, sizeLabel: v.sizeLabel, colour: v.colour, line: null as number | null }]));
    for (const v of p.variants) {
      const found = byGtin.get(toGtin14(v.barcode));
      if (found && found.productId !== product?.id) problems.push({ line: v.line, reason: `barcode ${v.barcode} already belongs to another product (${found.product?.sku ?? found.productId})` });
      else after.set(toGtin14(v.barcode), { barcode: v.barcode, sizeLabel: v.sizeLabel, colour: v.colour, line: v.line });
    }
    const bySizeColour = new Map<string, string[]>();
    for (const [barcode, v] of after) {
      const key = `${v.sizeLabel}\u0000${v.colour}`;
      bySizeColour.set(key, [...(bySizeColour.get(key) ?? []), barcode]);
    }
    for (const clash of bySizeColour.values()) {
      if (clash.length < 2) continue;
      for (const barcode of clash) {
        const v = after.get(barcode)!;
        if (v.line === null) continue;
        const others = clash.filter((b) => b !== barcode).map((b) => after.get(b)!.barcode);
        problems.push({ line: v.line, reason: `${p.sku} already has size ${v.sizeLabel} in ${v.colour} (barcode ${others.join(', ')})` });
      }
    }
    if (product && sizeSystemOf(product.garmentType) !== sizeSystemOf(p.garmentType)) {
      const listed = new Set(p.variants.map((v) => toGtin14(v.barcode)));
      const stranded = current.filter((v) => !listed.has(toGtin14(v.barcode)));
      if (stranded.length) {
        problems.push({
          line: p.line,
          reason: `${p.sku} cannot change to garment_type ${p.garmentType}: its variant(s) ${stranded.map((v) => `${v.sizeLabel}/${v.colour}`).join(', ')} are not in the file and have ${sizeSystemOf(product.garmentType) === SizeSystem.EU_SHOE ? 'shoe' : 'clothing'} sizes`,
        });
      }
    }
  }
  if (problems.length) throw new ImportRejectedError(file, problems.sort((a, b) => a.line - b.line));

  const fresh = products.filter((p) => !existing.has(p.sku));
  const created = new Set(fresh);
  for (let i = 0; i < fresh.length; i += 1000) {
    const chunk = fresh.slice(i, i + 1000);
    const res = await em.createQueryBuilder().insert().into(ProductEntity).values(chunk.map((p) => ({ ...DEFAULTS, ...givenFields(p) }) as QueryDeepPartialEntity<ProductEntity>)).returning(['id', 'sku']).execute();
    for (const row of res.raw as { id: string; sku: string }[]) existing.set(row.sku, { id: row.id } as ProductEntity);
  }
  summary.productsCreated = fresh.length;

  const moved: { id: string; patch: QueryDeepPartialEntity<VariantEntity> }[] = [];
  const inserts: QueryDeepPartialEntity<VariantEntity>[] = [];
  for (const p of products) {
    const product = existing.get(p.sku)!;
    if (!created.has(p)) {
      await productRepo.update(product.id, givenFields(p) as QueryDeepPartialEntity<ProductEntity>);
      summary.productsUpdated++;
    }
    const sizeSystem = sizeSystemOf(p.garmentType);
    for (const v of p.variants) {
      const sizeRank = sizeSystem === SizeSystem.EU_SHOE ? Math.round(Number(v.sizeLabel)) : (ALPHA_SIZES as readonly string[]).indexOf(v.sizeLabel);
      const found = byGtin.get(toGtin14(v.barcode));
      if (found) {
        if (found.sizeLabel !== v.sizeLabel || found.colour !== v.colour || found.sizeSystem !== sizeSystem || found.sizeRank !== sizeRank) moved.push({ id: found.id, patch: { sizeLabel: v.sizeLabel, colour: v.colour, sizeSystem, sizeRank } });
        summary.variantsUpdated++;
      } else {
        inserts.push({ productId: product.id, sizeLabel: v.sizeLabel, colour: v.colour, barcode: v.barcode, sizeSystem, sizeRank, garmentMeasurements: {} });
      }
    }
  }
  // Variants that change size or colour step aside first (a colour no file can give), so that two of them may swap.
  if (moved.length) await em.query(`UPDATE variant SET colour = '~' || id::text WHERE id = ANY($1::uuid[])`, [moved.map((m) => m.id)]);
  for (const m of moved) await variantRepo.update(m.id, m.patch);
  for (let i = 0; i < inserts.length; i += 1000) await variantRepo.insert(inserts.slice(i, i + 1000));
  summary.variantsCreated = inserts.length;
  return summary;
}
