import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sex declared with a scan or typed measurements is kept with the profile, so that an anonymous
 * session's recommendations can leave out products cut for the other sex (a member's gender comes
 * from their account). Scans keep it in their observables already; typed measurements did not.
 */
export class BodyScanSex1795340900000 implements MigrationInterface {
  name = 'BodyScanSex1795340900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "body_scan" ADD "sex" character varying(1)`);
    await queryRunner.query(`UPDATE "body_scan" SET sex = observables->>'sex' WHERE observables->>'sex' IN ('M', 'F')`);
    await queryRunner.query(`ALTER TABLE "body_scan" ADD CONSTRAINT "chk_body_scan_sex" CHECK (sex IN ('M', 'F'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "body_scan" DROP CONSTRAINT "chk_body_scan_sex"`);
    await queryRunner.query(`ALTER TABLE "body_scan" DROP COLUMN "sex"`);
  }
}
