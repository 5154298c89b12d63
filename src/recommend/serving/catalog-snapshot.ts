import { EntityManager } from 'typeorm';
import { FitType, GarmentType, Gender } from '../../common/enums';

/** What ranking needs to know of a product, kept in memory. */
export interface ProductFacts {
  id: string;
  name: string;
  brand: string;
  categoryPath: string;
  garmentType: GarmentType;
  gender: Gender;
  sport: string;
  fitType: FitType;
  tags: string[];
}

/**
 * The catalogue's facts for ranking, refreshed at most every `ttlMs`: ranking reads them for hundreds
 * of candidates per request, and they change rarely (stock is never taken from here).
 */
export class CatalogSnapshot {
  private facts: Map<string, ProductFacts> | null = null;
  private loadedAt = 0;
  private loading: Promise<Map<string, ProductFacts>> | null = null;

  constructor(private readonly ttlMs = 60_000) {}

  async get(em: EntityManager): Promise<Map<string, ProductFacts>> {
    if (this.facts && Date.now() - this.loadedAt < this.ttlMs) return this.facts;
    if (!this.loading) {
      this.loading = em
        .query(`SELECT id, name, brand, category_path, garment_type, gender, sport, fit_type, tags FROM product`)
        .then((rows: Record<string, unknown>[]) => {
          const map = new Map<string, ProductFacts>();
          for (const r of rows) {
            map.set(r.id as string, {
              id: r.id as string,
              name: r.name as string,
              brand: r.brand as string,
              categoryPath: r.category_path as string,
              garmentType: r.garment_type as GarmentType,
              gender: r.gender as Gender,
              sport: r.sport as string,
              fitType: r.fit_type as FitType,
              tags: r.tags as string[],
            });
          }
          this.facts = map;
          this.loadedAt = Date.now();
          return map;
        })
        .finally(() => {
          this.loading = null;
        });
    }
    return this.loading;
  }

  invalidate(): void {
    this.loadedAt = 0;
  }
}
