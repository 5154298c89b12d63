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
  /** The whole row, so that a list can be answered without reading products again. */
  entity: ProductEntity;
}

/**
 * The catalogue's facts for ranking, refreshed at most every `ttlMs`: ranking reads them for hundreds
 * of candidates per request, and they change rarely. Stock is never taken from here; a price change
 * shows in recommendation lists within `ttlMs`.
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
        .getRepository(ProductEntity)
        .find()
        .then((rows) => {
          const map = new Map<string, ProductFacts>();
          for (const r of rows) {
            map.set(r.id, { id: r.id, name: r.name, brand: r.brand, categoryPath: r.categoryPath, garmentType: r.garmentType, gender: r.gender, sport: r.sport, fitType: r.fitType, tags: r.tags, entity: r });
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
