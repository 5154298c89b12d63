import { BODY_RANGES_CM, BodyProfileData, PROFILE_KEYS } from './body-profile.data';
import { outOfRange, profileFromTyped } from './body-profile.mapper';

const typed = profileFromTyped({ heightCm: 178, sex: 'M', chestCm: 100, waistCm: 86, hipCm: 101, inseamCm: 82, footLengthCm: 27 }).profile;

describe('outOfRange: a profile against what typed measurements accept', () => {
  it('passes a profile inside every range', () => {
    expect(outOfRange(typed)).toEqual([]);
  });

  it('names every dimension outside, with its range', () => {
    const profile: BodyProfileData = { ...typed, chestCm: { valueCm: 186.7, sigmaCm: 2.5 }, footLengthCm: { valueCm: 16.2, sigmaCm: 0.8 } };
    expect(outOfRange(profile)).toEqual([
      { key: 'chestCm', label: 'chest', valueCm: 186.7, range: [60, 180] },
      { key: 'footLengthCm', label: 'foot length', valueCm: 16.2, range: [18, 35] },
    ]);
  });

  it('covers every dimension of a profile', () => {
    expect(Object.keys(BODY_RANGES_CM).sort()).toEqual([...PROFILE_KEYS].sort());
  });
});
