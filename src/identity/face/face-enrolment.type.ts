import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { FaceConsentPurpose } from './face-consent.entity';

registerEnumType(FaceConsentPurpose, {
  name: 'FaceConsentPurpose',
  description: 'What a member consents to face recognition for.',
  valuesConfig: { MIRROR_SIGN_IN: { description: 'Recognise me at the store mirrors and link my mirror session to me.' } },
});

/** A member's face-recognition status. The embedding itself is never part of the API. */
@ObjectType({ description: "A member's face-recognition enrolment and consent. The face data itself is never returned." })
export class FaceEnrolment {
  @Field({ description: 'True when the member is enrolled and can be recognised (has consented and a readable face embedding is stored).' })
  enrolled!: boolean;

  @Field({
    description:
      'True when a face embedding is stored but can no longer be read (the server no longer has the key it was encrypted with): the member is not recognised until they enrol again.',
  })
  renewalRequired!: boolean;

  @Field(() => String, { nullable: true, description: 'Version of the consent text the member accepted.' })
  consentVersion!: string | null;

  @Field(() => FaceConsentPurpose, { nullable: true, description: 'What the member consented to.' })
  consentPurpose!: FaceConsentPurpose | null;

  @Field(() => Date, { nullable: true, description: 'When the member gave their consent.' })
  consentGrantedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the current face embedding was enrolled.' })
  enrolledAt!: Date | null;

  static of(row: { version: string; purpose: FaceConsentPurpose; grantedAt: Date; enrolledAt: Date | null; readable?: boolean } | null): FaceEnrolment {
    const stored = row?.enrolledAt != null;
    const readable = row?.readable ?? true;
    return Object.assign(new FaceEnrolment(), {
      enrolled: stored && readable,
      renewalRequired: stored && !readable,
      consentVersion: row?.version ?? null,
      consentPurpose: row?.purpose ?? null,
      consentGrantedAt: row?.grantedAt ?? null,
      enrolledAt: row?.enrolledAt ?? null,
    });
  }
}
