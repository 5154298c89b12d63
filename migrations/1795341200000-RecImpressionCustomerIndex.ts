import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member's lists by time: the results of a CUSTOMER experiment look up, for each tap, try-on, cart
 * add and order line of its members, the latest list that showed the product in the window before it
 * (as SESSION experiments do through idx_rec_impression_session). Partial: anonymous mirror lists,
 * most of what is written, are not indexed.
 */
export class RecImpressionCustomerIndex1795341200000 implements MigrationInterface {
  name = 'RecImpressionCustomerIndex1795341200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_rec_impression_customer" ON "rec_impression" ("customer_id", "created_at") WHERE customer_id IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_rec_impression_customer"`);
  }
}
