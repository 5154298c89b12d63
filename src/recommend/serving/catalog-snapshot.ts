import { RefreshingValue } from '../../common/refreshing-value';
import { EntityManager } from 'typeorm';
import { ProductEntity } from '../../catalog/product.entity';
import { FitType, GarmentType, Gender } from '../../common/enums';
import type { Sport } from '../../common/enums';

/** What ranking needs to know of a product, kept in memory. */
export interface ProductFacts {
  id: string;
  name: string;
  brand: string;
  categoryPath: string;
  garmentType: GarmentType;
  gender: Gender;
  sport: Sport;
  fitType: FitType;
  tags: string[];
  /** Size labels of its variants, in size order, each once (as size advice offers them). */
  sizes: string[];
  /** The whole row, so that a list can be answered without reading products again. */
  entity: ProductEntity;
}

/**
 * The catalogue as ranking reads it: products by dense index (0..n-1), so that per-request scores,
 * filters and rule effects are typed arrays rather than maps keyed by id strings.
 */
export interface CatalogIndex {
  readonly facts: ReadonlyMap<string, ProductFacts>;
  readonly products: readonly ProductFacts[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** Position of each product's id in id order: ties in ranking break by id without comparing strings. */
  readonly idRank: Int32Array;
  /** Dense brand (case-insensitive) and (leaf) category numbers, for the diversity caps. */
  readonly brandOf: Int32Array;
  readonly categoryOf: Int32Array;
  /** Tagged "rebuyable" (any case): recommended again to whoever bought it. */
  readonly rebuyable: Uint8Array;
  /**
   * Dense number of each product's offered sizes (the same labels in the same order get the same
   * number), so that a size worked out for one product serves every product with the same chart,
   * sizes and kept size; `offerKeys[n]` spells offer `n` out for cache keys.
   */
  readonly offerOf: Int32Array;
  readonly offerKeys: readonly string[];
  /**
   * Dense number of each product's brand (as spelled), garment type and cut, the scope of a kept size
   * in size advice; and of the same brand and garment type in the unisex cut (-1: the product is
   * unisex, or no unisex product has that brand and type), whose kept sizes count too.
   */
  readonly keptGroupOf: Int32Array;
  readonly unisexGroupOf: Int32Array;
}

/** A size label as size advice compares them: trimmed, case-insensitive. Stock is matched the same way. */
export function sizeKey(label: string): string {
  return label.trim().toUpperCase();
}

export function buildCatalogIndex(facts: ReadonlyMap<string, ProductFacts>): CatalogIndex {
  const products = [...facts.values()];
  const indexOf = new Map(products.map((p, i) => [p.id, i]));
  const idRank = new Int32Array(products.length);
  products
    .map((p, i) => ({ id: p.id, i }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .forEach(({ i }, rank) => (idRank[i] = rank));
  const numbering = (key: (p: ProductFacts) => string): Int32Array => {
    const numbers = new Map<string, number>();
    return Int32Array.from(products, (p) => {
      const k = key(p);
      let n = numbers.get(k);
      if (n === undefined) numbers.set(k, (n = numbers.size));
      return n;
    });
  };
  const offerNumbers = new Map<string, number>();
  const offerOf = Int32Array.from(products, (p) => {
    const key = p.sizes.join('\u0000');
    let n = offerNumbers.get(key);
    if (n === undefined) offerNumbers.set(key, (n = offerNumbers.size));
    return n;
  });
  const groups = new Map<string, number>();
  const groupKey = (p: ProductFacts, gender: Gender) => `${p.brand}\u0000${p.garmentType}\u0000${gender}`;
  const keptGroupOf = Int32Array.from(products, (p) => {
    const key = groupKey(p, p.gender);
    let n = groups.get(key);
    if (n === undefined) groups.set(key, (n = groups.size));
    return n;
  });
  const unisexGroupOf = Int32Array.from(products, (p) => (p.gender === Gender.UNISEX ? -1 : (groups.get(groupKey(p, Gender.UNISEX)) ?? -1)));
  return {
    facts,
    products,
    indexOf,
    idRank,
    // Whatever the case, as brand rules match brands.
    brandOf: numbering((p) => p.brand.toLowerCase()),
    categoryOf: numbering((p) => p.categoryPath),
    rebuyable: Uint8Array.from(products, (p) => (p.tags.some((t) => t.trim().toLowerCase() === 'rebuyable') ? 1 : 0)),
    offerOf,
    offerKeys: [...offerNumbers.keys()],
    keptGroupOf,
    unisexGroupOf,
  };
}

/**
 * The catalogue's facts for ranking, refreshed every `ttlMs` in the background (RefreshingValue):
 * ranking reads them for hundreds of candidates per request, and they change rarely. Stock is never
 * taken from here; a price change shows in recommendation lists within `ttlMs` (plus one load).
 */
export class CatalogSnapshot {
  private value: RefreshingValue<CatalogIndex> | null = null;

  constructor(
    private readonly ttlMs = 60_000,
    /** A failed background refresh (the copy is kept and the next request retries). */
    private readonly onBackgroundError: (error: unknown) => void = () => undefined,
  ) {}

  get(em: EntityManager): Promise<CatalogIndex> {
    // Loads outside any transaction of the caller: a background refresh outlives the request.
    const manager = em.connection.manager;
    this.value ??= new RefreshingValue(
      async () => {
        const rows = await manager.getRepository(ProductEntity).find();
        // In the order size advice reads them, so that both offer the same sizes.
        const variants: { product_id: string; size_label: string }[] = await manager.query(`SELECT product_id, size_label FROM variant ORDER BY product_id, size_rank, id`);
        const sizes = new Map<string, string[]>();
        for (const v of variants) {
          const list = sizes.get(v.product_id);
          if (!list) sizes.set(v.product_id, [v.size_label]);
          else if (!list.includes(v.size_label)) list.push(v.size_label);
        }
        const map = new Map<string, ProductFacts>();
        for (const r of rows) {
          map.set(r.id, { id: r.id, name: r.name, brand: r.brand, categoryPath: r.categoryPath, garmentType: r.garmentType, gender: r.gender, sport: r.sport, fitType: r.fitType, tags: r.tags, sizes: sizes.get(r.id) ?? [], entity: r });
        }
        return buildCatalogIndex(map);
      },
      this.ttlMs,
      // The copy is kept and the next request retries; a database that stays down fails requests' own statements.
      this.onBackgroundError,
    );
    return this.value.get();
  }

  /** The next request waits for a fresh catalogue (a product it was asked about is not in this one). */
  invalidate(): void {
    this.value?.invalidate();
  }
}
