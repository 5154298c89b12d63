import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the member last restored their previous saved body profile (null: the current one was not
 * restored, or was replaced since). It lets the same Undo sent again (a retry after a lost answer)
 * be answered with the restored profile instead of "nothing to restore".
 */
export class SavedBodyProfileRestoredAt1795341600000 implements MigrationInterface {
  name = 'SavedBodyProfileRestoredAt1795341600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "saved_body_profile" ADD "restored_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "saved_body_profile" DROP COLUMN "restored_at"`);
  }
}
