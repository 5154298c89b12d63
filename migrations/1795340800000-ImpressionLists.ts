import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One impression row per list shown (the products in order, as an array) instead of one per product:
 * a busy mirror fleet shows hundreds of lists a second, and writing twelve indexed rows for each took
 * more of PostgreSQL and of the server (serialising every column twelve times) than the list itself.
 * Existing rows are grouped by the list they came from (same session, placement, arm and moment).
 */
export class ImpressionLists1795340800000 implements MigrationInterface {
  name = 'ImpressionLists1795340800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rec_impression" ADD "product_ids" uuid array`);
    await queryRunner.query(
      `WITH lists AS (
         SELECT min(id) AS keep, array_agg(product_id ORDER BY id) AS products
         FROM "rec_impression"
         GROUP BY session_id, customer_id, store_id, placement, experiment_id, arm, created_at)
       UPDATE "rec_impression" i SET product_ids = l.products FROM lists l WHERE i.id = l.keep`,
    );
    await queryRunner.query(`DELETE FROM "rec_impression" WHERE product_ids IS NULL`);
    await queryRunner.query(`ALTER TABLE "rec_impression" ALTER COLUMN "product_ids" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "rec_impression" DROP COLUMN "product_id"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rec_impression" ADD "product_id" uuid`);
    await queryRunner.query(`ALTER TABLE "rec_impression" ALTER COLUMN "product_ids" DROP NOT NULL`);
    await queryRunner.query(
      `INSERT INTO "rec_impression" (session_id, customer_id, store_id, product_id, placement, experiment_id, arm, created_at)
       SELECT i.session_id, i.customer_id, i.store_id, p.product_id, i.placement, i.experiment_id, i.arm, i.created_at
       FROM "rec_impression" i CROSS JOIN LATERAL unnest(i.product_ids) WITH ORDINALITY AS p(product_id, n)
       ORDER BY i.id, p.n`,
    );
    await queryRunner.query(`DELETE FROM "rec_impression" WHERE product_id IS NULL`);
    await queryRunner.query(`ALTER TABLE "rec_impression" DROP COLUMN "product_ids"`);
    await queryRunner.query(`ALTER TABLE "rec_impression" ALTER COLUMN "product_id" SET NOT NULL`);
  }
}
