import { Length, Matches, ValidateNested } from 'class-validator';
import { Field, Float, InputType } from 'type-graphql';
import { FaceConsentPurpose } from './face-consent.entity';

@InputType({ description: "The member's answer to the face-recognition consent shown in the app." })
export class FaceConsentInput {
  @Field({ description: 'Version of the consent text the member was shown, e.g. "2025-06".' })
  @Length(1, 32)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'version may contain letters, digits, ".", "_" and "-"' })
  version!: string;

  @Field(() => FaceConsentPurpose, { description: 'What the member consents to.' })
  purpose!: FaceConsentPurpose;

  @Field({ description: 'True only when the member explicitly agreed; false stores nothing.' })
  accepted!: boolean;
}

@InputType({ description: 'Enrol your face for recognition at the mirrors: your consent and an embedding computed on your phone (never an image).' })
export class EnrollFaceInput {
  @Field(() => FaceConsentInput, { description: 'Your consent.' })
  @ValidateNested()
  consent!: FaceConsentInput;

  @Field(() => [Float], { description: 'The face embedding (FACE_EMBEDDING_DIM finite values, not all zero).' })
  embedding!: number[];
}
