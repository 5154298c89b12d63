import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Opt-in face recognition: members' consent, their encrypted face embeddings, the audit log of
 * identifications at the mirrors, and the per-store switch (off by default).
 */

export class FaceRecognition1795340000000 implements MigrationInterface {
    name = 'FaceRecognition1795340000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "face_consent" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "customer_id" uuid NOT NULL, "version" character varying(32) NOT NULL, "purpose" character varying(32) NOT NULL, "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_face_consent_customer" UNIQUE ("customer_id"), CONSTRAINT "chk_face_consent_purpose" CHECK (purpose IN ('MIRROR_SIGN_IN')), CONSTRAINT "PK_b77670069231a4a8dd7b33a8b4c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "face_enrolment" ("customer_id" uuid NOT NULL, "consent_id" uuid NOT NULL, "iv" bytea NOT NULL, "ciphertext" bytea NOT NULL, "auth_tag" bytea NOT NULL, "key_id" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e86d2e17f9fa56f4dd1e68fb250" PRIMARY KEY ("customer_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_face_enrolment_updated" ON "face_enrolment"  ("updated_at") `);
        await queryRunner.query(`CREATE TABLE "face_identification" ("id" BIGSERIAL NOT NULL, "store_id" uuid NOT NULL, "kiosk_id" uuid NOT NULL, "session_id" uuid, "matched_customer_id" uuid, "best_similarity" real, "margin" real, "outcome" character varying(16) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_face_identification_outcome" CHECK (outcome IN ('MATCHED', 'NOT_RECOGNISED', 'DISABLED')), CONSTRAINT "PK_3a0fa4f0eb5cfeafe45bd3428ec" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_face_identification_customer" ON "face_identification"  ("matched_customer_id") WHERE matched_customer_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "idx_face_identification_store_at" ON "face_identification"  ("store_id", "at") `);
        await queryRunner.query(`ALTER TABLE "store" ADD "face_recognition_enabled" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "face_consent" ADD CONSTRAINT "FK_a01c6be6a9df9d1d4815260251c" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "face_enrolment" ADD CONSTRAINT "FK_e86d2e17f9fa56f4dd1e68fb250" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "face_enrolment" ADD CONSTRAINT "FK_74bb7d15c9b53db7c0f2668441d" FOREIGN KEY ("consent_id") REFERENCES "face_consent"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "face_identification" ADD CONSTRAINT "FK_9dbf4f84b7a30f67c9d9955ef65" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "face_identification" ADD CONSTRAINT "FK_1c615ebde06fc548503b4f8637a" FOREIGN KEY ("kiosk_id") REFERENCES "kiosk"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "face_identification" ADD CONSTRAINT "FK_245eadb07702019ceed6bfd2b45" FOREIGN KEY ("session_id") REFERENCES "kiosk_session"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "face_identification" ADD CONSTRAINT "FK_78338e927df3cb29ee115097e99" FOREIGN KEY ("matched_customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "face_identification" DROP CONSTRAINT "FK_78338e927df3cb29ee115097e99"`);
        await queryRunner.query(`ALTER TABLE "face_identification" DROP CONSTRAINT "FK_245eadb07702019ceed6bfd2b45"`);
        await queryRunner.query(`ALTER TABLE "face_identification" DROP CONSTRAINT "FK_1c615ebde06fc548503b4f8637a"`);
        await queryRunner.query(`ALTER TABLE "face_identification" DROP CONSTRAINT "FK_9dbf4f84b7a30f67c9d9955ef65"`);
        await queryRunner.query(`ALTER TABLE "face_enrolment" DROP CONSTRAINT "FK_74bb7d15c9b53db7c0f2668441d"`);
        await queryRunner.query(`ALTER TABLE "face_enrolment" DROP CONSTRAINT "FK_e86d2e17f9fa56f4dd1e68fb250"`);
        await queryRunner.query(`ALTER TABLE "face_consent" DROP CONSTRAINT "FK_a01c6be6a9df9d1d4815260251c"`);
        await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "face_recognition_enabled"`);
        await queryRunner.query(`DROP INDEX "public"."idx_face_identification_store_at"`);
        await queryRunner.query(`DROP INDEX "public"."idx_face_identification_customer"`);
        await queryRunner.query(`DROP TABLE "face_identification"`);
        await queryRunner.query(`DROP INDEX "public"."idx_face_enrolment_updated"`);
        await queryRunner.query(`DROP TABLE "face_enrolment"`);
        await queryRunner.query(`DROP TABLE "face_consent"`);
    }

}
