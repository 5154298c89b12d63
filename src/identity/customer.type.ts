import { Field, ID, ObjectType } from 'type-graphql';
import { Gender } from '../common/enums';
import { CustomerEntity } from './customer.entity';

@ObjectType('Customer', { description: 'A loyalty member. Visible only to the member themselves.' })
export class Customer {
  @Field(() => ID, { description: 'Customer id.' })
  id!: string;

  @Field({ description: 'Name to greet the member with.' })
  displayName!: string;

  @Field(() => String, { nullable: true, description: 'E-mail address from the identity provider.' })
  email!: string | null;

  @Field(() => Gender, { nullable: true, description: 'Preferred department, if the member told us.' })
  gender!: Gender | null;

  static from(e: CustomerEntity): Customer {
    return Object.assign(new Customer(), { id: e.id, displayName: e.displayName, email: e.email, gender: e.gender });
  }
}
