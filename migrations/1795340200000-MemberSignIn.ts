import { MigrationInterface, QueryRunner } from 'typeorm';

/** Member sign-in at the mirror by QR or code, approved in the app. */
export class MemberSignIn1795340200000 implements MigrationInterface {
  name = 'MemberSignIn1795340200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "member_sign_in" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "kiosk_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "code_hash" character(64) NOT NULL, "status" character varying(16) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "customer_id" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_member_sign_in_token" UNIQUE ("token_hash"), CONSTRAINT "UQ_member_sign_in_code" UNIQUE ("code_hash"), CONSTRAINT "chk_member_sign_in_status" CHECK (status IN ('PENDING', 'APPROVED', 'EXPIRED')), CONSTRAINT "PK_member_sign_in" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "member_sign_in"`);
  }
}
