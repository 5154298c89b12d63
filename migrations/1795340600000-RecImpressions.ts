import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Impressions move out of `interaction_event` into their own table: they are a dozen rows per list
 * shown, and every list reads the session's other events, so that read should not depend on the
 * planner's view of a table that grows twelve times faster than what it needs.
 */
export class RecImpressions1795340600000 implements MigrationInterface {
  name = 'RecImpressions1795340600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "rec_impression" ("id" BIGSERIAL NOT NULL, "session_id" uuid, "customer_id" uuid, "store_id" uuid, "product_id" uuid NOT NULL, "placement" character varying(24) NOT NULL, "experiment_id" uuid, "arm" character varying(40), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f93e11e75fa5c8b9b03d378b580" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "idx_rec_impression_session" ON "rec_impression"  ("session_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "idx_rec_impression_experiment" ON "rec_impression"  ("experiment_id", "arm") WHERE experiment_id IS NOT NULL`);
    await queryRunner.query(
      `INSERT INTO "rec_impression" (session_id, customer_id, store_id, product_id, placement, experiment_id, arm, created_at)
       SELECT session_id, customer_id, store_id, product_id, COALESCE(placement, 'MIRROR_HOME'), experiment_id, arm, created_at FROM "interaction_event" WHERE kind = 'IMPRESSION' ORDER BY id`,
    );
    await queryRunner.query(`DELETE FROM "interaction_event" WHERE kind = 'IMPRESSION'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO "interaction_event" (session_id, customer_id, store_id, product_id, kind, placement, experiment_id, arm, created_at)
       SELECT session_id, customer_id, store_id, product_id, 'IMPRESSION', placement, experiment_id, arm, created_at FROM "rec_impression" ORDER BY id`,
    );
    await queryRunner.query(`DROP INDEX "public"."idx_rec_impression_experiment"`);
    await queryRunner.query(`DROP INDEX "public"."idx_rec_impression_session"`);
    await queryRunner.query(`DROP TABLE "rec_impression"`);
  }
}
