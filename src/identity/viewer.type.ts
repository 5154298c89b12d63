import { createUnionType, Field, ObjectType } from 'type-graphql';
import { StaffMember } from '../auth/staff-member.type';
import { Kiosk } from '../kiosk/kiosk.type';
import { Store } from '../store/store.type';
import { Customer } from './customer.type';

@ObjectType({ description: 'The caller is a mirror.' })
export class KioskViewer {
  @Field(() => Kiosk, { description: 'This mirror.' })
  kiosk!: Kiosk;

  @Field(() => Store, { description: 'The store it stands in.' })
  store!: Store;
}

@ObjectType({ description: 'The caller is a signed-in member (mobile app).' })
export class CustomerViewer {
  @Field(() => Customer, { description: 'The member.' })
  customer!: Customer;
}

@ObjectType({ description: 'The caller is a merchandiser or admin.' })
export class StaffViewer {
  @Field(() => StaffMember, { description: 'The staff member.' })
  staff!: StaffMember;
}

export const Viewer = createUnionType({
  name: 'Viewer',
  description: 'Who the caller is, by role.',
  types: () => [KioskViewer, CustomerViewer, StaffViewer] as const,
});
