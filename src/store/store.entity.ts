import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A physical shop with mirrors, stock and its own settings. */
@Entity('store')
export class StoreEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** Short human code, e.g. "BER-01"; unique. */
  @Column({ type: 'varchar', length: 32, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 120 }) city!: string;
  @Column({ type: 'char', length: 2, name: 'country_code' }) countryCode!: string;
  @Column({ type: 'varchar', length: 64 }) timezone!: string;
  @Column({ type: 'char', length: 3, default: 'EUR' }) currency!: string;
  /** Whether this store's mirrors may recognise enrolled members by face (off until staff switch it on). */
  @Column({ type: 'boolean', name: 'face_recognition_enabled', default: false }) faceRecognitionEnabled!: boolean;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
