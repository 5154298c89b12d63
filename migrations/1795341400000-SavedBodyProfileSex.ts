import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A saved body profile keeps the sex declared with the scan or measurements it was saved from, so
 * that the app can show the customer's own US shoe scale (men's or women's) instead of both.
 * Profiles saved before stay null (unknown): the scans they came from are deleted by now.
 */
export class SavedBodyProfileSex1795341400000 implements MigrationInterface {
  name = 'SavedBodyProfileSex1795341400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "saved_body_profile" ADD "sex" character varying(1)`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" ADD CONSTRAINT "chk_saved_body_profile_sex" CHECK (sex IN ('M', 'F'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP CONSTRAINT "chk_saved_body_profile_sex"`);
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP COLUMN "sex"`);
  }
}
