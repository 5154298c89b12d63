import { MigrationInterface, QueryRunner } from 'typeorm';

/** Merchandisers' garment images for try-ons (generated images are never stored). */
export class TryOn1795340300000 implements MigrationInterface {
  name = 'TryOn1795340300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "garment_asset" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "product_id" uuid NOT NULL, "colour" character varying(60) NOT NULL DEFAULT '', "image" bytea NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "anchors" jsonb NOT NULL, "uploaded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_garment_asset_product_colour" UNIQUE ("product_id", "colour"), CONSTRAINT "chk_garment_asset_size" CHECK (width > 0 AND height > 0), CONSTRAINT "PK_012aa4680053c80ba23c8fb33ad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "garment_asset" ADD CONSTRAINT "FK_78d29aee80ec7039094c0f1a0d6" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "garment_asset" ADD CONSTRAINT "FK_0fea34bfcb3fa878c94ab065520" FOREIGN KEY ("uploaded_by") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "garment_asset" DROP CONSTRAINT "FK_0fea34bfcb3fa878c94ab065520"`);
    await queryRunner.query(`ALTER TABLE "garment_asset" DROP CONSTRAINT "FK_78d29aee80ec7039094c0f1a0d6"`);
    await queryRunner.query(`DROP TABLE "garment_asset"`);
  }
}
