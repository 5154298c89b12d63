import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Gender, sqlIn } from '../common/enums';

/**
 * A loyalty member known from the mobile app's identity provider (`externalId` is its subject).
 * Personal data: exposed only to the customer themselves.
 */
@Entity('customer')
@Check('chk_customer_gender', `gender IS NULL OR gender IN (${sqlIn(Gender)})`)
export class CustomerEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 200, name: 'external_id', unique: true }) externalId!: string;
  @Column({ type: 'varchar', length: 200, name: 'display_name' }) displayName!: string;
  @Column({ type: 'varchar', length: 320, nullable: true }) email!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) gender!: Gender | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
