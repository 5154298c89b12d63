import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mirror activity for the console: daily counts per store (no personal data), the session a hand-off
 * order converted, the app cart a hand-off was merged into, and an index for the staff order list.
 */
export class KioskActivity1795340400000 implements MigrationInterface {
  name = 'KioskActivity1795340400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "kiosk_activity_day" ("store_id" uuid NOT NULL, "day" date NOT NULL, "sessions_started" integer NOT NULL DEFAULT '0', "body_scans" integer NOT NULL DEFAULT '0', "try_on_renders" integer NOT NULL DEFAULT '0', "handoffs_created" integer NOT NULL DEFAULT '0', "handoffs_claimed" integer NOT NULL DEFAULT '0', "converted_sessions" integer NOT NULL DEFAULT '0', "demo" boolean NOT NULL DEFAULT false, CONSTRAINT "chk_kiosk_activity_counts" CHECK (sessions_started >= 0 AND body_scans >= 0 AND try_on_renders >= 0 AND handoffs_created >= 0 AND handoffs_claimed >= 0 AND converted_sessions >= 0), CONSTRAINT "PK_afc905147869c750c61a46ed1e3" PRIMARY KEY ("store_id", "day"))`,
    );
    await queryRunner.query(`ALTER TABLE "kiosk_session" ADD "converted_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "cart_handoff" ADD "target_cart_id" uuid`);
    await queryRunner.query(`CREATE INDEX "idx_handoff_target_cart" ON "cart_handoff"  ("target_cart_id") WHERE target_cart_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "idx_order_placed" ON "customer_order"  ("placed_at", "id") `);
    await queryRunner.query(`ALTER TABLE "kiosk_activity_day" ADD CONSTRAINT "FK_1258510baf6e57b29ffd4e87826" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "kiosk_activity_day" DROP CONSTRAINT "FK_1258510baf6e57b29ffd4e87826"`);
    await queryRunner.query(`DROP INDEX "public"."idx_order_placed"`);
    await queryRunner.query(`DROP INDEX "public"."idx_handoff_target_cart"`);
    await queryRunner.query(`ALTER TABLE "cart_handoff" DROP COLUMN "target_cart_id"`);
    await queryRunner.query(`ALTER TABLE "kiosk_session" DROP COLUMN "converted_at"`);
    await queryRunner.query(`DROP TABLE "kiosk_activity_day"`);
  }
}
