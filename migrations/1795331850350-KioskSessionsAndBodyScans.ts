import { MigrationInterface, QueryRunner } from 'typeorm';

/** Kiosk sessions, the body data that belongs to them, and profiles members chose to save. */

export class KioskSessionsAndBodyScans1795331850350 implements MigrationInterface {
    name = 'KioskSessionsAndBodyScans1795331850350'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "kiosk_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kiosk_id" uuid NOT NULL, "store_id" uuid NOT NULL, "customer_id" uuid, "status" character varying(16) NOT NULL, "end_reason" character varying(32), "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_activity_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "chk_kiosk_session_status" CHECK (status IN ('ACTIVE', 'ENDED')), CONSTRAINT "PK_8cb8623bdee2a0538c164514839" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_kiosk_session_active_activity" ON "kiosk_session"  ("last_activity_at") WHERE status = 'ACTIVE'`);
        await queryRunner.query(`CREATE INDEX "idx_kiosk_session_kiosk_status" ON "kiosk_session"  ("kiosk_id", "status") `);
        await queryRunner.query(`CREATE TABLE "body_scan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "source" character varying(16) NOT NULL, "observables" jsonb, "profile" jsonb NOT NULL, "quality" real NOT NULL, "notes" text array NOT NULL DEFAULT '{}', "model_version" character varying(32), "purge_after" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_body_scan_source" CHECK (source IN ('SCAN', 'MANUAL')), CONSTRAINT "PK_e2217cc393f2931c258a35b5a6e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_body_scan_purge" ON "body_scan"  ("purge_after") WHERE purge_after IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_body_scan_session" ON "body_scan"  ("session_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "saved_body_profile" ("customer_id" uuid NOT NULL, "source" character varying(16) NOT NULL, "profile" jsonb NOT NULL, "quality" real NOT NULL, "saved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_saved_body_profile_source" CHECK (source IN ('SCAN', 'MANUAL')), CONSTRAINT "PK_e7638b2c65b902f5cd6b249003d" PRIMARY KEY ("customer_id"))`);
        await queryRunner.query(`ALTER TABLE "kiosk_session" ADD CONSTRAINT "FK_d0e5a6e9135372008d0ba0d1921" FOREIGN KEY ("kiosk_id") REFERENCES "kiosk"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "kiosk_session" ADD CONSTRAINT "FK_ff9fb2b60cb327eb4a97b0319e7" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "kiosk_session" ADD CONSTRAINT "FK_eee143ac6e6073cfa1de178b568" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "body_scan" ADD CONSTRAINT "FK_b59c152c4877d7f048cd05b13b7" FOREIGN KEY ("session_id") REFERENCES "kiosk_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "saved_body_profile" ADD CONSTRAINT "FK_e7638b2c65b902f5cd6b249003d" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP CONSTRAINT "FK_e7638b2c65b902f5cd6b249003d"`);
        await queryRunner.query(`ALTER TABLE "body_scan" DROP CONSTRAINT "FK_b59c152c4877d7f048cd05b13b7"`);
        await queryRunner.query(`ALTER TABLE "kiosk_session" DROP CONSTRAINT "FK_eee143ac6e6073cfa1de178b568"`);
        await queryRunner.query(`ALTER TABLE "kiosk_session" DROP CONSTRAINT "FK_ff9fb2b60cb327eb4a97b0319e7"`);
        await queryRunner.query(`ALTER TABLE "kiosk_session" DROP CONSTRAINT "FK_d0e5a6e9135372008d0ba0d1921"`);
        await queryRunner.query(`DROP TABLE "saved_body_profile"`);
        await queryRunner.query(`DROP INDEX "public"."idx_body_scan_session"`);
        await queryRunner.query(`DROP INDEX "public"."idx_body_scan_purge"`);
        await queryRunner.query(`DROP TABLE "body_scan"`);
        await queryRunner.query(`DROP INDEX "public"."idx_kiosk_session_kiosk_status"`);
        await queryRunner.query(`DROP INDEX "public"."idx_kiosk_session_active_activity"`);
        await queryRunner.query(`DROP TABLE "kiosk_session"`);
    }

}
