import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { ErrorResult, ErrorResultCode } from '../common/error-result.type';
import { BodyProfileSource } from './body-scan.entity';
import { ProfileChange } from './body-profile.mapper';
import { BodyProfileSaveChannel } from './saved-body-profile.entity';

registerEnumType(BodyProfileSaveChannel, {
  name: 'BodyProfileSaveChannel',
  description: 'Who saved a body profile: APP (the member, in the app) or MIRROR (the mirror the member signed in on).',
});

@ObjectType({ description: 'One measurement that differs by more than 1 cm between the previous saved profile and the current one.' })
export class BodyMeasurementChange {
  @Field({ description: 'The BodyProfile field, e.g. "chest" or "footLength".' })
  measurement!: string;
  @Field({ description: 'Its name for people, e.g. "foot length".' })
  label!: string;
  @Field(() => Float, { description: "The previous profile's value, cm (to 0.1)." })
  previousCm!: number;
  @Field(() => Float, { description: "The current profile's value, cm (to 0.1)." })
  currentCm!: number;

  static of(c: ProfileChange): BodyMeasurementChange {
    return Object.assign(new BodyMeasurementChange(), { measurement: c.key.replace(/Cm$/, ''), label: c.label, previousCm: c.previousCm, currentCm: c.currentCm });
  }
}

@ObjectType({
  description:
    'The saved body profile that the current one replaced, which restorePreviousBodyProfile brings back (one level of undo), with how it was replaced and what changed. The member only.',
})
export class PreviousBodyProfile {
  @Field(() => Date, { description: 'When the previous profile had been saved (pass it to restorePreviousBodyProfile to restore exactly this one).' })
  savedAt!: Date;
  @Field(() => BodyProfileSource, { description: 'SCAN or MANUAL: how the previous profile was measured.' })
  source!: BodyProfileSource;
  @Field(() => Date, { description: 'When the current profile replaced it.' })
  replacedAt!: Date;
  @Field(() => BodyProfileSaveChannel, { description: 'Who saved the current profile over it: the member in the app, or a mirror they signed in on.' })
  replacedVia!: BodyProfileSaveChannel;
  @Field(() => String, { nullable: true, description: 'The store of the mirror the current profile was measured at (null if that mirror is no longer registered).' })
  replacedInStore!: string | null;
  @Field(() => String, { nullable: true, description: 'The label of that mirror (null if it is no longer registered).' })
  replacedByMirror!: string | null;
  @Field(() => [BodyMeasurementChange], { description: 'The measurements that differ by more than 1 cm from the previous profile to the current one, in display order.' })
  changes!: BodyMeasurementChange[];
  @Field({ description: 'The changes in a short line, e.g. "Chest 100 → 104 cm, waist 86 → 89.5 cm", or "No measurement differs by more than 1 cm".' })
  summary!: string;
}

@ObjectType({ implements: ErrorResult, description: 'There is no previous saved body profile to restore (none was replaced, or it was restored or deleted already); nothing changed.' })
export class NoPreviousBodyProfileError extends ErrorResult {
  constructor() {
    super();
    this.code = ErrorResultCode.NO_PREVIOUS_BODY_PROFILE;
    this.message = 'There is no previous body profile to go back to; nothing changed';
  }
}
