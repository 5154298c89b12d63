import { MigrationInterface, QueryRunner } from 'typeorm';

/** Carts, their hand-off to the phone, checkout idempotency, and the fulfilment fields of orders. */

export class CartsAndHandoff1795340100000 implements MigrationInterface {
    name = 'CartsAndHandoff1795340100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "cart" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid, "customer_id" uuid, "store_id" uuid, "status" character varying(16) NOT NULL, "from_handoff" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_cart_owner" CHECK (session_id IS NOT NULL OR customer_id IS NOT NULL), CONSTRAINT "chk_cart_status" CHECK (status IN ('ACTIVE', 'MERGED', 'CHECKED_OUT')), CONSTRAINT "PK_c524ec48751b9b5bcfbf6e59be7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_cart_member_active" ON "cart"  ("customer_id") WHERE session_id IS NULL AND status = 'ACTIVE'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_cart_session" ON "cart"  ("session_id") WHERE session_id IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "cart_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cart_id" uuid NOT NULL, "variant_id" uuid NOT NULL, "quantity" integer NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_cart_line_variant" UNIQUE ("cart_id", "variant_id"), CONSTRAINT "chk_cart_line_quantity" CHECK (quantity BETWEEN 1 AND 10), CONSTRAINT "PK_0b3414ce0b103b3ff0743ebd3a9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "checkout_request" ("customer_id" uuid NOT NULL, "idempotency_key" character varying(100) NOT NULL, "request_hash" character(64) NOT NULL, "order_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3c72cc367de06df35673b3a0c12" PRIMARY KEY ("customer_id", "idempotency_key"))`);
        await queryRunner.query(`CREATE TABLE "cart_handoff" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cart_id" uuid NOT NULL, "session_id" uuid NOT NULL, "kiosk_id" uuid NOT NULL, "store_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "code_hash" character(64) NOT NULL, "status" character varying(16) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "claimed_by" uuid, "claimed_at" TIMESTAMP WITH TIME ZONE, "confirmed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_03d854b3730a11295e5d6c3b693" UNIQUE ("token_hash"), CONSTRAINT "UQ_74af91d605f6fa3eeb51f4701fc" UNIQUE ("code_hash"), CONSTRAINT "chk_handoff_status" CHECK (status IN ('PENDING', 'CLAIMED', 'CONFIRMED', 'EXPIRED')), CONSTRAINT "PK_d5ec6499d714c5dc0761b947a0e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_handoff_cart" ON "cart_handoff"  ("cart_id") `);
        await queryRunner.query(`ALTER TABLE "customer_order" ADD "fulfillment" character varying(24)`);
        await queryRunner.query(`ALTER TABLE "customer_order" ADD "shipping_address" jsonb`);
        await queryRunner.query(`ALTER TABLE "customer_order" ADD "payment_reference" character varying(120)`);
        await queryRunner.query(`ALTER TABLE "cart_line" ADD CONSTRAINT "FK_5455c0c2b993b0c06a1c0df4626" FOREIGN KEY ("cart_id") REFERENCES "cart"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "cart_line" ADD CONSTRAINT "FK_7ab11e6088e88a6baebcd9af9d1" FOREIGN KEY ("variant_id") REFERENCES "variant"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "cart_line" DROP CONSTRAINT "FK_7ab11e6088e88a6baebcd9af9d1"`);
        await queryRunner.query(`ALTER TABLE "cart_line" DROP CONSTRAINT "FK_5455c0c2b993b0c06a1c0df4626"`);
        await queryRunner.query(`ALTER TABLE "customer_order" DROP COLUMN "payment_reference"`);
        await queryRunner.query(`ALTER TABLE "customer_order" DROP COLUMN "shipping_address"`);
        await queryRunner.query(`ALTER TABLE "customer_order" DROP COLUMN "fulfillment"`);
        await queryRunner.query(`DROP INDEX "public"."idx_handoff_cart"`);
        await queryRunner.query(`DROP TABLE "cart_handoff"`);
        await queryRunner.query(`DROP TABLE "checkout_request"`);
        await queryRunner.query(`DROP TABLE "cart_line"`);
        await queryRunner.query(`DROP INDEX "public"."uq_cart_session"`);
        await queryRunner.query(`DROP INDEX "public"."uq_cart_member_active"`);
        await queryRunner.query(`DROP TABLE "cart"`);
    }

}
