import { MigrationInterface, QueryRunner } from 'typeorm';

/** The first schema: stores, kiosks, people, the catalogue, stock and purchase history. */

export class Initial1795330341705 implements MigrationInterface {
    name = 'Initial1795330341705'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "staff_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_id" character varying(200) NOT NULL, "display_name" character varying(200) NOT NULL, "role" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_87329f65910210b3f9317b44435" UNIQUE ("external_id"), CONSTRAINT "chk_staff_role" CHECK (role IN ('MERCHANDISER', 'ADMIN')), CONSTRAINT "PK_cec9365d9fc3a3409158b645f2e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "store" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "city" character varying(120) NOT NULL, "country_code" character(2) NOT NULL, "timezone" character varying(64) NOT NULL, "currency" character(3) NOT NULL DEFAULT 'EUR', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_40c711bd10299557bc2bc497206" UNIQUE ("code"), CONSTRAINT "PK_f3172007d4de5ae8e7692759d79" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "product" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sku" character varying(64) NOT NULL, "name" character varying(300) NOT NULL, "brand" character varying(120) NOT NULL, "category_path" character varying(300) NOT NULL, "garment_type" character varying(16) NOT NULL, "gender" character varying(16) NOT NULL, "sport" character varying(16) NOT NULL, "fit_type" character varying(16) NOT NULL, "price_minor" integer NOT NULL, "currency" character(3) NOT NULL, "description" text NOT NULL DEFAULT '', "attributes" jsonb NOT NULL DEFAULT '{}', "tags" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_34f6ca1cd897cc926bdcca1ca39" UNIQUE ("sku"), CONSTRAINT "chk_product_garment" CHECK (garment_type IN ('TOP', 'BOTTOM', 'OUTERWEAR', 'SHOES')), CONSTRAINT "chk_product_fit" CHECK (fit_type IN ('SLIM', 'REGULAR', 'RELAXED')), CONSTRAINT "chk_product_sport" CHECK (sport IN ('RUNNING', 'FOOTBALL', 'TRAINING', 'OUTDOOR', 'SKI')), CONSTRAINT "chk_product_gender" CHECK (gender IN ('MEN', 'WOMEN', 'UNISEX')), CONSTRAINT "chk_product_price" CHECK (price_minor >= 0), CONSTRAINT "PK_bebc9158e480b949565b4dc7a82" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_product_category" ON "product"  ("category_path") `);
        await queryRunner.query(`CREATE INDEX "idx_product_sport_gender" ON "product"  ("sport", "gender") `);
        await queryRunner.query(`CREATE INDEX "idx_product_brand" ON "product"  ("brand") `);
        await queryRunner.query(`CREATE TABLE "variant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "product_id" uuid NOT NULL, "size_label" character varying(16) NOT NULL, "size_system" character varying(16) NOT NULL, "colour" character varying(60) NOT NULL, "barcode" character varying(14) NOT NULL, "garment_measurements" jsonb NOT NULL DEFAULT '{}', "size_rank" smallint NOT NULL, CONSTRAINT "UQ_465d4e22fc8ac088d1b1a821a4a" UNIQUE ("barcode"), CONSTRAINT "uq_variant_product_size_colour" UNIQUE ("product_id", "size_label", "colour"), CONSTRAINT "chk_variant_size_system" CHECK (size_system IN ('ALPHA', 'EU_SHOE')), CONSTRAINT "PK_f8043a8a34fa021a727a4718470" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_variant_product" ON "variant"  ("product_id") `);
        await queryRunner.query(`CREATE TABLE "inventory" ("store_id" uuid NOT NULL, "variant_id" uuid NOT NULL, "on_hand" integer NOT NULL, "reserved" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_inventory_reserved" CHECK (reserved >= 0 AND reserved <= on_hand), CONSTRAINT "chk_inventory_on_hand" CHECK (on_hand >= 0), CONSTRAINT "PK_472377e2299070028e2cb206bbb" PRIMARY KEY ("store_id", "variant_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_inventory_variant" ON "inventory"  ("variant_id") `);
        await queryRunner.query(`CREATE TABLE "size_chart" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "brand" character varying(120), "garment_type" character varying(16) NOT NULL, "gender" character varying(16) NOT NULL, "size_system" character varying(16) NOT NULL, "rows" jsonb NOT NULL, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_size_chart_scope" UNIQUE ("brand", "garment_type", "gender"), CONSTRAINT "chk_size_chart_system" CHECK (size_system IN ('ALPHA', 'EU_SHOE')), CONSTRAINT "chk_size_chart_gender" CHECK (gender IN ('MEN', 'WOMEN', 'UNISEX')), CONSTRAINT "chk_size_chart_garment" CHECK (garment_type IN ('TOP', 'BOTTOM', 'OUTERWEAR', 'SHOES')), CONSTRAINT "PK_afd60357dbee3fd9101effa5200" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "customer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_id" character varying(200) NOT NULL, "display_name" character varying(200) NOT NULL, "email" character varying(320), "gender" character varying(16), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_14d3cd6e93b252be097b22f9811" UNIQUE ("external_id"), CONSTRAINT "chk_customer_gender" CHECK (gender IS NULL OR gender IN ('MEN', 'WOMEN', 'UNISEX')), CONSTRAINT "PK_a7a13f4cacb744524e44dfdad32" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "customer_order" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "customer_id" uuid NOT NULL, "store_id" uuid, "channel" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "total_minor" integer NOT NULL, "currency" character(3) NOT NULL, "external_ref" character varying(200), "placed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_42d2586b3155bec24ac8234fc0f" UNIQUE ("external_ref"), CONSTRAINT "chk_order_total" CHECK (total_minor >= 0), CONSTRAINT "chk_order_status" CHECK (status IN ('PLACED', 'PAID', 'FULFILLED', 'CANCELLED')), CONSTRAINT "chk_order_channel" CHECK (channel IN ('KIOSK_HANDOFF', 'APP', 'STORE', 'IMPORT')), CONSTRAINT "PK_c70aef746523b2c4a0af0945209" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_order_store_placed" ON "customer_order"  ("store_id", "placed_at") `);
        await queryRunner.query(`CREATE INDEX "idx_order_customer_placed" ON "customer_order"  ("customer_id", "placed_at") `);
        await queryRunner.query(`CREATE TABLE "order_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "variant_id" uuid, "product_id" uuid NOT NULL, "quantity" integer NOT NULL, "unit_price_minor" integer NOT NULL, "returned_quantity" integer NOT NULL DEFAULT '0', CONSTRAINT "chk_order_line_price" CHECK (unit_price_minor >= 0), CONSTRAINT "chk_order_line_returned" CHECK (returned_quantity >= 0 AND returned_quantity <= quantity), CONSTRAINT "chk_order_line_quantity" CHECK (quantity > 0), CONSTRAINT "PK_01a7c973d9f30479647e44f9892" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_order_line_order" ON "order_line"  ("order_id") `);
        await queryRunner.query(`CREATE INDEX "idx_order_line_product" ON "order_line"  ("product_id") `);
        await queryRunner.query(`CREATE TABLE "kiosk" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "label" character varying(120) NOT NULL, "token_hash" character(64) NOT NULL, "token_hint" character varying(16) NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_3d27160928b4053d87a68b5f112" UNIQUE ("token_hash"), CONSTRAINT "PK_7c27ec477c45d3c851246d98f13" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_kiosk_store" ON "kiosk"  ("store_id") `);
        await queryRunner.query(`ALTER TABLE "variant" ADD CONSTRAINT "FK_738bfa62f918ad1436cb5c8ee5b" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inventory" ADD CONSTRAINT "FK_11f936d3d7a959d55b61f2eb685" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inventory" ADD CONSTRAINT "FK_ceba910e3505fc54c3c7f92c943" FOREIGN KEY ("variant_id") REFERENCES "variant"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "customer_order" ADD CONSTRAINT "FK_97d7c30b1057c7be6404732d9d4" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "customer_order" ADD CONSTRAINT "FK_c7952f23984e144098f990a2963" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "order_line" ADD CONSTRAINT "FK_ed8fae6d7239e9d730219215af7" FOREIGN KEY ("order_id") REFERENCES "customer_order"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "order_line" ADD CONSTRAINT "FK_2ffe997b227a9e7b4ceb4073866" FOREIGN KEY ("variant_id") REFERENCES "variant"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "order_line" ADD CONSTRAINT "FK_4526de8c78faf508b2ef1e84366" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "kiosk" ADD CONSTRAINT "FK_b01e5f6db2fe34690047be1f472" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE INDEX "idx_product_search" ON "product" USING GIN (to_tsvector('simple', "name" || ' ' || "brand" || ' ' || "description"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_product_search"`);
        await queryRunner.query(`ALTER TABLE "kiosk" DROP CONSTRAINT "FK_b01e5f6db2fe34690047be1f472"`);
        await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "FK_4526de8c78faf508b2ef1e84366"`);
        await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "FK_2ffe997b227a9e7b4ceb4073866"`);
        await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "FK_ed8fae6d7239e9d730219215af7"`);
        await queryRunner.query(`ALTER TABLE "customer_order" DROP CONSTRAINT "FK_c7952f23984e144098f990a2963"`);
        await queryRunner.query(`ALTER TABLE "customer_order" DROP CONSTRAINT "FK_97d7c30b1057c7be6404732d9d4"`);
        await queryRunner.query(`ALTER TABLE "inventory" DROP CONSTRAINT "FK_ceba910e3505fc54c3c7f92c943"`);
        await queryRunner.query(`ALTER TABLE "inventory" DROP CONSTRAINT "FK_11f936d3d7a959d55b61f2eb685"`);
        await queryRunner.query(`ALTER TABLE "variant" DROP CONSTRAINT "FK_738bfa62f918ad1436cb5c8ee5b"`);
        await queryRunner.query(`DROP INDEX "public"."idx_kiosk_store"`);
        await queryRunner.query(`DROP TABLE "kiosk"`);
        await queryRunner.query(`DROP INDEX "public"."idx_order_line_product"`);
        await queryRunner.query(`DROP INDEX "public"."idx_order_line_order"`);
        await queryRunner.query(`DROP TABLE "order_line"`);
        await queryRunner.query(`DROP INDEX "public"."idx_order_customer_placed"`);
        await queryRunner.query(`DROP INDEX "public"."idx_order_store_placed"`);
        await queryRunner.query(`DROP TABLE "customer_order"`);
        await queryRunner.query(`DROP TABLE "customer"`);
        await queryRunner.query(`DROP TABLE "size_chart"`);
        await queryRunner.query(`DROP INDEX "public"."idx_inventory_variant"`);
        await queryRunner.query(`DROP TABLE "inventory"`);
        await queryRunner.query(`DROP INDEX "public"."idx_variant_product"`);
        await queryRunner.query(`DROP TABLE "variant"`);
        await queryRunner.query(`DROP INDEX "public"."idx_product_brand"`);
        await queryRunner.query(`DROP INDEX "public"."idx_product_sport_gender"`);
        await queryRunner.query(`DROP INDEX "public"."idx_product_category"`);
        await queryRunner.query(`DROP TABLE "product"`);
        await queryRunner.query(`DROP TABLE "store"`);
        await queryRunner.query(`DROP TABLE "staff_user"`);
    }

}
