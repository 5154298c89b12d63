import { Field, ID, ObjectType } from 'type-graphql';
import { KioskEntity } from './kiosk.entity';

@ObjectType('Kiosk', { description: 'A mirror device, bound to one store.' })
export class Kiosk {
  @Field(() => ID, { description: 'Kiosk id.' })
  id!: string;

  @Field(() => ID, { description: 'The store this mirror stands in.' })
  storeId!: string;

  @Field({ description: 'Human label, e.g. "Running wall mirror".' })
  label!: string;

  @Field({ description: 'The first characters of its device token, to tell devices apart.' })
  tokenHint!: string;

  @Field(() => Date, { nullable: true, description: 'When the device last called the API.' })
  lastSeenAt!: Date | null;

  @Field({ description: 'True once its credential has been revoked.' })
  revoked!: boolean;

  @Field(() => Date, { description: 'When it was provisioned.' })
  createdAt!: Date;

  static from(e: KioskEntity): Kiosk {
    return Object.assign(new Kiosk(), {
      id: e.id,
      storeId: e.storeId,
      label: e.label,
      tokenHint: e.tokenHint,
      lastSeenAt: e.lastSeenAt,
      revoked: e.revokedAt !== null,
      createdAt: e.createdAt,
    });
  }
}
