import { IsUUID, Length } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A new mirror for a store.' })
export class ProvisionKioskInput {
  @Field(() => ID, { description: 'The store the mirror stands in.' })
  @IsUUID('all', { message: 'storeId must be a store id (UUID)' })
  storeId!: string;

  @Field({ description: 'Human label, e.g. "Running wall mirror".' })
  @Length(1, 120)
  label!: string;
}
