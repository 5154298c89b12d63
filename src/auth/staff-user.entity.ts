import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { StaffRole, sqlIn } from '../common/enums';

/** A merchandiser or admin, known from the staff identity provider (`externalId` is its subject). */
@Entity('staff_user')
@Check('chk_staff_role', `role IN (${sqlIn(StaffRole)})`)
export class StaffUserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 200, name: 'external_id', unique: true }) externalId!: string;
  @Column({ type: 'varchar', length: 200, name: 'display_name' }) displayName!: string;
  @Column({ type: 'varchar', length: 16 }) role!: StaffRole;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
