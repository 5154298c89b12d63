import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A session's signals (views, taps, try-ons, cart adds) without its impressions: every recommendation
 * list reads them, and a busy session collects a dozen impressions per list, so reading them through
 * the session index alone grows slower with every list shown.
 */
export class SessionSignalIndex1795340500000 implements MigrationInterface {
  name = 'SessionSignalIndex1795340500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_interaction_session_signal" ON "interaction_event" ("session_id", "id") WHERE kind IN ('VIEW', 'CLICK', 'TRY_ON', 'CART_ADD')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_interaction_session_signal"`);
  }
}
