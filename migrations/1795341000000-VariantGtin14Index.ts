import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Barcodes are looked up by their GTIN-14 form: a scanner may send a UPC-A stored as 12 digits as
 * its 13-digit EAN form or as a GTIN-14, all with leading zeros. Not unique: the import (which
 * matches barcodes as written) may hold two forms of one code, and the look-up prefers the one
 * written as scanned.
 */
export class VariantGtin14Index1795341000000 implements MigrationInterface {
  name = 'VariantGtin14Index1795341000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_variant_gtin14" ON "variant" (lpad("barcode", 14, '0'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_variant_gtin14"`);
  }
}
