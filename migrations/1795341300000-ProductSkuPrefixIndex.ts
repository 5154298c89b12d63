import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SKU prefixes, case-insensitive: the catalogue text search matches `lower(sku) LIKE 'prefix%'`
 * (3655d3b), which without this index scans every SKU (~20 ms at 33k products). text_pattern_ops
 * lets a left-anchored LIKE use the b-tree whatever the database's collation.
 */
export class ProductSkuPrefixIndex1795341300000 implements MigrationInterface {
  name = 'ProductSkuPrefixIndex1795341300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_product_sku_prefix" ON "product" (lower("sku") text_pattern_ops)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_product_sku_prefix"`);
  }
}
