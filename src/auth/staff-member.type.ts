import { Field, ID, ObjectType } from 'type-graphql';
import { StaffRole } from '../common/enums';
import { StaffUserEntity } from './staff-user.entity';

@ObjectType('StaffMember', { description: 'A merchandiser or admin.' })
export class StaffMember {
  @Field(() => ID, { description: 'Staff id.' })
  id!: string;

  @Field({ description: 'Display name.' })
  displayName!: string;

  @Field(() => StaffRole, { description: 'Role.' })
  role!: StaffRole;

  static from(e: StaffUserEntity): StaffMember {
    return Object.assign(new StaffMember(), { id: e.id, displayName: e.displayName, role: e.role });
  }
}
