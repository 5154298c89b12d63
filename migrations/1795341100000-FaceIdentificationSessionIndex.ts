import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identification records by session: withdrawing face consent deletes every record of the sessions
 * that were the member's, under the enrolment lock, so it must not scan the whole audit log.
 */
export class FaceIdentificationSessionIndex1795341100000 implements MigrationInterface {
  name = 'FaceIdentificationSessionIndex1795341100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_face_identification_session" ON "face_identification" ("session_id") WHERE session_id IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_face_identification_session"`);
  }
}
