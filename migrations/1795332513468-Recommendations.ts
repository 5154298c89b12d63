import { MigrationInterface, QueryRunner } from 'typeorm';

/** Interaction events, merchandiser rule versions with their audit log, trained models and experiments. */

export class Recommendations1795332513468 implements MigrationInterface {
    name = 'Recommendations1795332513468'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "rec_config" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version" integer NOT NULL, "status" character varying(16) NOT NULL, "rules" jsonb NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "published_by" uuid, CONSTRAINT "UQ_f1b22f0bd4d3088286939b2642b" UNIQUE ("version"), CONSTRAINT "chk_rec_config_status" CHECK (status IN ('DRAFT', 'PUBLISHED', 'ARCHIVED')), CONSTRAINT "PK_b358839f363861e1a32989af29a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_rec_config_published" ON "rec_config"  ("status") WHERE status = 'PUBLISHED'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_rec_config_draft" ON "rec_config"  ("status") WHERE status = 'DRAFT'`);
        await queryRunner.query(`CREATE TABLE "rec_config_audit" ("id" BIGSERIAL NOT NULL, "config_id" uuid NOT NULL, "version" integer NOT NULL, "staff_id" uuid NOT NULL, "action" character varying(24) NOT NULL, "changes" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f17885c092e230656c20ea02418" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_rec_config_audit_at" ON "rec_config_audit"  ("created_at") `);
        await queryRunner.query(`CREATE TABLE "rec_experiment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "status" character varying(16) NOT NULL, "unit" character varying(16) NOT NULL, "arms" jsonb NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "stopped_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "chk_rec_experiment_unit" CHECK (unit IN ('CUSTOMER', 'SESSION')), CONSTRAINT "chk_rec_experiment_status" CHECK (status IN ('RUNNING', 'STOPPED')), CONSTRAINT "PK_70ab22aedd6757423d1d7d7dfd3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "interaction_event" ("id" BIGSERIAL NOT NULL, "session_id" uuid, "customer_id" uuid, "store_id" uuid, "product_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "placement" character varying(24), "experiment_id" uuid, "arm" character varying(40), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_interaction_kind" CHECK (kind IN ('IMPRESSION', 'CLICK', 'VIEW', 'TRY_ON', 'CART_ADD', 'PURCHASE')), CONSTRAINT "PK_f8c72e5ef3234b311d5ab85e670" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_interaction_experiment" ON "interaction_event"  ("experiment_id", "arm", "kind") `);
        await queryRunner.query(`CREATE INDEX "idx_interaction_customer" ON "interaction_event"  ("customer_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "idx_interaction_session" ON "interaction_event"  ("session_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "rec_model" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version" integer NOT NULL, "status" character varying(16) NOT NULL, "serving" boolean NOT NULL DEFAULT false, "progress" real NOT NULL DEFAULT '0', "stage" text, "artifact" text, "item_product_ids" jsonb, "metrics" jsonb, "error" text, "started_by" uuid, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_c1ce1c097a820b76620c70c2663" UNIQUE ("version"), CONSTRAINT "chk_rec_model_status" CHECK (status IN ('TRAINING', 'READY', 'FAILED')), CONSTRAINT "PK_484848660576240999cfb474c71" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_rec_model_serving" ON "rec_model"  ("serving") WHERE serving`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."uq_rec_model_serving"`);
        await queryRunner.query(`DROP TABLE "rec_model"`);
        await queryRunner.query(`DROP INDEX "public"."idx_interaction_session"`);
        await queryRunner.query(`DROP INDEX "public"."idx_interaction_customer"`);
        await queryRunner.query(`DROP INDEX "public"."idx_interaction_experiment"`);
        await queryRunner.query(`DROP TABLE "interaction_event"`);
        await queryRunner.query(`DROP TABLE "rec_experiment"`);
        await queryRunner.query(`DROP INDEX "public"."idx_rec_config_audit_at"`);
        await queryRunner.query(`DROP TABLE "rec_config_audit"`);
        await queryRunner.query(`DROP INDEX "public"."uq_rec_config_draft"`);
        await queryRunner.query(`DROP INDEX "public"."uq_rec_config_published"`);
        await queryRunner.query(`DROP TABLE "rec_config"`);
    }

}
