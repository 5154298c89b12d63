import { IsOptional, IsUUID } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { OrderChannel } from '../common/enums';

@InputType({ description: 'Narrows the staff order list; all given criteria must hold.' })
export class OrderFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only orders placed in, picked up from or shipped by this store.' })
  @IsOptional()
  @IsUUID('all', { message: 'storeId must be a store id (UUID)' })
  storeId?: string | null;

  @Field(() => OrderChannel, { nullable: true, description: 'Only orders from this channel (KIOSK_HANDOFF: from a mirror cart).' })
  @IsOptional()
  channel?: OrderChannel | null;
}
