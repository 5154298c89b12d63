import { createUnionType, Field, ObjectType } from 'type-graphql';
import { NotFoundError } from '../common/error-result.type';
import { Kiosk } from './kiosk.type';

@ObjectType({ description: 'A provisioned mirror and its device token. The token is shown only this once; only its hash is stored.' })
export class KioskProvisioned {
  @Field(() => Kiosk, { description: 'The new mirror.' })
  kiosk!: Kiosk;

  @Field({ description: 'Bearer token for the device. Store it on the device now: it cannot be shown again.' })
  deviceToken!: string;
}

export const ProvisionKioskResult = createUnionType({
  name: 'ProvisionKioskResult',
  description: 'The provisioned kiosk with its one-time token, or NotFoundError for an unknown store.',
  types: () => [KioskProvisioned, NotFoundError] as const,
});

export const RevokeKioskResult = createUnionType({
  name: 'RevokeKioskResult',
  description: 'The revoked kiosk, or NotFoundError.',
  types: () => [Kiosk, NotFoundError] as const,
});
