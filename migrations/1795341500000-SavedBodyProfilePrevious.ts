import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One level of undo for the saved body profile: a save that replaces the member's profile (a mirror
 * they signed in on, or the app) keeps the replaced one (profile, source, sex, quality, saved_at) in
 * `previous_*`, with how it was replaced (`replaced_via`, `replaced_by_kiosk_id`), so the member can
 * restore it from the app. All of it is there or none of it (`chk_saved_body_profile_previous`);
 * it lives in the member's one row, so deleting the saved profile deletes it too. Profiles saved
 * before have no previous one.
 */
export class SavedBodyProfilePrevious1795341500000 implements MigrationInterface {
  name = 'SavedBodyProfilePrevious1795341500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "saved_body_profile" ADD "previous_profile" jsonb`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" ADD "previous_source" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" ADD "previous_sex" character varying(1)`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" ADD "previous_quality" real`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" ADD "previous_saved_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" ADD "replaced_via" character varying(8)`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" ADD "replaced_by_kiosk_id" uuid`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" ADD CONSTRAINT "chk_saved_body_profile_previous_source" CHECK (previous_source IN ('SCAN', 'MANUAL'))`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" ADD CONSTRAINT "chk_saved_body_profile_previous_sex" CHECK (previous_sex IN ('M', 'F'))`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" ADD CONSTRAINT "chk_saved_body_profile_replaced_via" CHECK (replaced_via IN ('APP', 'MIRROR'))`);
    await queryRunner.query(
      `ALTER TABLE "saved_body_profile" ADD CONSTRAINT "chk_saved_body_profile_previous" CHECK (` +
        `(previous_profile IS NULL AND previous_source IS NULL AND previous_sex IS NULL AND previous_quality IS NULL AND previous_saved_at IS NULL AND replaced_via IS NULL AND replaced_by_kiosk_id IS NULL)` +
        ` OR (previous_profile IS NOT NULL AND previous_source IS NOT NULL AND previous_quality IS NOT NULL AND previous_saved_at IS NOT NULL AND replaced_via IS NOT NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "saved_body_profile" ADD CONSTRAINT "fk_saved_body_profile_replaced_by_kiosk" FOREIGN KEY ("replaced_by_kiosk_id") REFERENCES "kiosk"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP CONSTRAINT "fk_saved_body_profile_replaced_by_kiosk"`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP CONSTRAINT "chk_saved_body_profile_previous"`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP CONSTRAINT "chk_saved_body_profile_replaced_via"`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP CONSTRAINT "chk_saved_body_profile_previous_sex"`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP CONSTRAINT "chk_saved_body_profile_previous_source"`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP COLUMN "replaced_by_kiosk_id"`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP COLUMN "replaced_via"`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP COLUMN "previous_saved_at"`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP COLUMN "previous_quality"`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP COLUMN "previous_sex"`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP COLUMN "previous_source"`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP COLUMN "previous_profile"`);
  }
}
