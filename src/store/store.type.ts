import { Field, ID, ObjectType } from 'type-graphql';
import { StoreEntity } from './store.entity';

@ObjectType('Store', { description: 'A physical shop with mirrors and its own stock.' })
export class Store {
  @Field(() => ID, { description: 'Store id.' })
  id!: string;

  @Field({ description: 'Short code, e.g. "BER-01".' })
  code!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field({ description: 'City.' })
  city!: string;

  @Field({ description: 'ISO 3166-1 alpha-2 country code.' })
  countryCode!: string;

  @Field({ description: 'IANA time zone of the store.' })
  timezone!: string;

  @Field({ description: 'Currency the store sells in.' })
  currency!: string;

  @Field({ description: "Whether this store's mirrors may recognise members who enrolled their face (off by default)." })
  faceRecognitionEnabled!: boolean;

  static from(e: StoreEntity): Store {
    return Object.assign(new Store(), {
      id: e.id,
      code: e.code,
      name: e.name,
      city: e.city,
      countryCode: e.countryCode,
      timezone: e.timezone,
      currency: e.currency,
      faceRecognitionEnabled: e.faceRecognitionEnabled,
    });
  }
}
