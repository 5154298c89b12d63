import { parse } from 'csv-parse/sync';
import { EntityManager, In } from 'typeorm';
import { FitType, GarmentType, Gender, SizeSystem, Sport } from '../../common/enums';
import { ImportProblem, ImportRejectedError, parsePriceToMinor } from '../../common/import-report';
import { ALPHA_SIZES } from '../default-size-charts';
import { isValidGtin } from '../gtin';
import { ProductEntity, ProductFields } from '../product.entity';
import { VariantEntity } from '../variant.entity';

/** A product as read from an import file, validated. */
export interface ImportedProduct extends ProductFields {
  line: number;
  variants: { line: number; sizeLabel: string; colour: string; barcode: string }[];
}

const CSV_COLUMNS = ['sku', 'name', 'brand', 'category_path', 'garment_type', 'gender', 'sport', 'fit_type', 'price', 'currency', 'size', 'colour', 'barcode'];

function enumValue<E extends Record<string, string>>(e: E, raw: unknown): E[keyof E] | null {
  const v = String(raw ?? '').trim().toUpperCase();
  return (Object.values(e) as string[]).includes(v) ? (v as E[keyof E]) : null;
}

/** Validates one product's fields; pushes problems and returns null when any field is bad. */
function readProduct(raw: Record<string, unknown>, line: number, problems: ImportProblem[]): Omit<ImportedProduct, 'variants'> | null {
  const before = problems.length;
  const text = (key: string, max: number, required = true): string => {
    const v = String(raw[key] ?? '').trim();
    if (required && !v) problems.push({ line, reason: `${key} is required` });
    if (v.length > max) problems.push({ line, reason: `${key} is longer than ${max} characters` });
    return v;
  };
  const sku = text('sku', 64);
  const name = text('name', 300);
  const brand = text('brand', 120);
  const categoryPath = text('category_path', 300).toLowerCase();
  if (categoryPath && !/^[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(categoryPath)) problems.push({ line, reason: `category_path "${categoryPath}" must be slash-separated slugs like apparel/tops/t-shirts` });
  const garmentType = enumValue(GarmentType, raw.garment_type);
  if (!garmentType) problems.push({ line, reason: `garment_type must be one of ${Object.values(GarmentType).join(', ')}` });
  const gender = enumValue(Gender, raw.gender);
  if (!gender) problems.push({ line, reason: `gender must be one of ${Object.values(Gender).join(', ')}` });
  const sport = enumValue(Sport, raw.sport);
  if (!sport) problems.push({ line, reason: `sport must be one of ${Object.values(Sport).join(', ')}` });
  const fitType = enumValue(FitType, raw.fit_type ?? 'REGULAR');
  if (!fitType) problems.push({ line, reason: `fit_type must be one of ${Object.values(FitType).join(', ')}` });
  const priceMinor = typeof raw.price_minor === 'number' ? raw.price_minor : parsePriceToMinor(String(raw.price ?? ''));
  if (priceMinor === null || !Number.isInteger(priceMinor) || priceMinor < 0) problems.push({ line, reason: `price "${String(raw.price ?? raw.price_minor ?? '')}" is not a price like 49.99` });
  const currency = String(raw.currency ?? 'EUR').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) problems.push({ line, reason: `currency "${currency}" is not an ISO 4217 code` });
  let attributes: Record<string, unknown> = {};
  if (raw.attributes !== undefined && raw.attributes !== '') {
    try {
      attributes = typeof raw.attributes === 'string' ? (JSON.parse(raw.attributes) as Record<string, unknown>) : (raw.attributes as Record<string, unknown>);
      if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) throw new Error('not an object');
    } catch {
      problems.push({ line, reason: 'attributes must be a JSON object' });
    }
  }
  const tags = Array.isArray(raw.tags) ? raw.tags.map(String) : String(raw.tags ?? '').split('|').map((t) => t.trim()).filter(Boolean);
  if (problems.length > before) return null;
  return { line, sku, name, brand, categoryPath, garmentType: garmentType!, gender: gender!, sport: sport!, fitType: fitType!, priceMinor: priceMinor!, currency, description: String(raw.description ?? ''), attributes, tags };
}

function readVariant(raw: Record<string, unknown>, line: number, garmentType: GarmentType | undefined, problems: ImportProblem[]) {
  const sizeLabel = String(raw.size ?? '').trim().toUpperCase();
  const colour = String(raw.colour ?? raw.color ?? '').trim();
  const barcode = String(raw.barcode ?? '').trim();
  const before = problems.length;
  if (garmentType === GarmentType.SHOES) {
    if (!/^\d{2}(\.5)?$/.test(sizeLabel) || Number(sizeLabel) < 16 || Number(sizeLabel) > 52) problems.push({ line, reason: `size "${sizeLabel}" is not an EU shoe size` });
  } else if (!(ALPHA_SIZES as readonly string[]).includes(sizeLabel)) {
    problems.push({ line, reason: `size "${sizeLabel}" must be one of ${ALPHA_SIZES.join(', ')}` });
  }
  if (!colour || colour.length > 60) problems.push({ line, reason: 'colour is required (at most 60 characters)' });
  if (!isValidGtin(barcode)) problems.push({ line, reason: `barcode "${barcode}" is not a valid GTIN (8, 12, 13 or 14 digits with a correct check digit)` });
  return problems.length > before ? null : { line, sizeLabel, colour, barcode };
}

/**
 * Parses a catalogue file. CSV: one row per variant with the columns in docs (product fields repeat
 * on every row of the same SKU and must agree). JSON: an array of products, each with `variants`.
 * Throws {@link ImportRejectedError} listing every problem; returns products only when all are valid.
 */
export function parseCatalogFile(file: string, content: string): ImportedProduct[] {
  const problems: ImportProblem[] = [];
  const products = new Map<string, ImportedProduct>();
  const barcodes = new Map<string, number>();
  const addVariant = (product: ImportedProduct, v: ImportedProduct['variants'][number]) => {
    const seen = barcodes.get(v.barcode);
    if (seen !== undefined) problems.push({ line: v.line, reason: `barcode ${v.barcode} already appears on line ${seen}` });
    else if (product.variants.some((o) => o.sizeLabel === v.sizeLabel && o.colour === v.colour)) problems.push({ line: v.line, reason: `${product.sku} already has size ${v.sizeLabel} in ${v.colour}` });
    else {
      barcodes.set(v.barcode, v.line);
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
      if (typeof raw !== 'object' || raw === null) return problems.push({ line, reason: `product #${line} is not an object` });
      const r = raw as Record<string, unknown>;
      const p = readProduct(r, line, problems);
      if (!p) return;
      if (products.has(p.sku)) return problems.push({ line, reason: `SKU ${p.sku} appears twice` });
      const product: ImportedProduct = { ...p, variants: [] };
      if (!Array.isArray(r.variants) || r.variants.length === 0) return problems.push({ line, reason: `product ${p.sku} has no variants` });
      for (const rv of r.variants as Record<string, unknown>[]) {
        const v = readVariant(rv ?? {}, line, p.garmentType, problems);
        if (v) addVariant(product, v);
      }
      products.set(p.sku, product);
    });
  } else {
    let rows: { record: Record<string, string>; info: { lines: number } }[];
    try {
      rows = parse(content, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), info: true, skip_empty_lines: true, bom: true, trim: false, relax_column_count: false });
    } catch (error) {
      const e = error as { lines?: number; message?: string };
      throw new ImportRejectedError(file, [{ line: e.lines ?? 1, reason: e.message ?? 'malformed CSV' }]);
    }
    const header = rows.length ? Object.keys(rows[0].record) : [];
    const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
    if (rows.length === 0) throw new ImportRejectedError(file, [{ line: 1, reason: 'no data rows' }]);
    if (missing.length) throw new ImportRejectedError(file, [{ line: 1, reason: `missing column(s): ${missing.join(', ')}` }]);
    for (const { record, info } of rows) {
      const line = info.lines;
      const p = readProduct(record, line, problems);
      if (!p) continue;
      let product = products.get(p.sku);
      if (!product) {
        product = { ...p, variants: [] };
        products.set(p.sku, product);
      } else {
        for (const key of ['name', 'brand', 'categoryPath', 'garmentType', 'gender', 'sport', 'fitType', 'priceMinor', 'currency'] as const) {
          if (product[key] !== p[key]) problems.push({ line, reason: `${key} of ${p.sku} differs from line ${product.line}` });
        }
      }
      const v = readVariant(record, line, p.garmentType, problems);
      if (v) addVariant(product, v);
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

/**
 * Writes parsed products in the caller's transaction: products upsert by SKU, variants by barcode.
 * A barcode that belongs to another product is a rejection, not a silent move.
 */
export async function writeCatalog(em: EntityManager, file: string, products: ImportedProduct[]): Promise<CatalogImportSummary> {
  const summary: CatalogImportSummary = { productsCreated: 0, productsUpdated: 0, variantsCreated: 0, variantsUpdated: 0 };
  const existing = new Map((await em.getRepository(ProductEntity).findBy({ sku: In(products.map((p) => p.sku)) })).map((p) => [p.sku, p]));
  const allBarcodes = products.flatMap((p) => p.variants.map((v) => v.barcode));
  const existingVariants = new Map((await em.getRepository(VariantEntity).findBy({ barcode: In(allBarcodes) })).map((v) => [v.barcode, v]));
  const problems: ImportProblem[] = [];
  for (const p of products) {
    const { variants, line: _line, ...fields } = p;
    let product = existing.get(p.sku);
    if (product) {
      await em.getRepository(ProductEntity).save({ ...product, ...fields });
      summary.productsUpdated++;
    } else {
      product = await em.getRepository(ProductEntity).save(em.getRepository(ProductEntity).create(fields));
      summary.productsCreated++;
    }
    for (const v of variants) {
      const sizeSystem = p.garmentType === GarmentType.SHOES ? SizeSystem.EU_SHOE : SizeSystem.ALPHA;
      const sizeRank = sizeSystem === SizeSystem.EU_SHOE ? Math.round(Number(v.sizeLabel)) : (ALPHA_SIZES as readonly string[]).indexOf(v.sizeLabel);
      const found = existingVariants.get(v.barcode);
      if (found && found.productId !== product.id) {
        problems.push({ line: v.line, reason: `barcode ${v.barcode} already belongs to another product` });
        continue;
      }
      if (found) {
        await em.getRepository(VariantEntity).update(found.id, { sizeLabel: v.sizeLabel, colour: v.colour, sizeSystem, sizeRank });
        summary.variantsUpdated++;
      } else {
        await em.getRepository(VariantEntity).insert({ productId: product.id, sizeLabel: v.sizeLabel, colour: v.colour, barcode: v.barcode, sizeSystem, sizeRank, garmentMeasurements: {} });
        summary.variantsCreated++;
      }
    }
  }
  if (problems.length) throw new ImportRejectedError(file, problems);
  return summary;
}
