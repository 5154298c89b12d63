import { CustomerEntity } from '../src/identity/customer.entity';
import { makeStore } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const MEASURE = `mutation($s: ID!, $input: BodyMeasurementsInput!) { submitBodyMeasurements(sessionId: $s, input: $input) { __typename } }`;
const SAVE = `mutation($s: ID!) { saveBodyProfile(sessionId: $s) { __typename ... on BodyProfile { chest { valueCm } } ... on ErrorResult { code } } }`;
const PREVIOUS = `previous { savedAt source replacedAt replacedVia replacedInStore replacedByMirror changes { measurement label previousCm currentCm } summary }`;
const MINE = `{ myBodyProfile { measuredAt source sex chest { valueCm } waist { valueCm } ${PREVIOUS} } }`;
const RESTORE = `mutation($at: DateTimeISO, $replacedAt: DateTimeISO) { restorePreviousBodyProfile(previousSavedAt: $at, replacedAt: $replacedAt) {
  __typename
  ... on BodyProfile { measuredAt source sex chest { valueCm } previous { savedAt } }
  ... on InvalidInputError { field }
  ... on ErrorResult { code message } } }`;

interface Previous {
  savedAt: string;
  source: string;
  replacedAt: string;
  replacedVia: string;
  replacedInStore: string | null;
  replacedByMirror: string | null;
  changes: { measurement: string; label: string; previousCm: number; currentCm: number }[];
  summary: string;
}
interface Mine {
  myBodyProfile: { measuredAt: string; source: string; sex: string | null; chest: { valueCm: number }; waist: { valueCm: number }; previous: Previous | null } | null;
}
type Restored = { restorePreviousBodyProfile: { __typename: string; code?: string; message?: string; field?: string; measuredAt?: string; chest?: { valueCm: number }; previous?: null } };

/** Everything typed that can be, so that only what a test changes differs (shoulder breadth is always estimated, from height and sex). */
const man = { heightCm: 178, sex: 'M', chestCm: 100, waistCm: 86, hipCm: 101, neckCm: 39, thighCm: 60, sleeveCm: 62, inseamCm: 82, footLengthCm: 27 };

/** "Keep my sizes" at a mirror replaces the member's saved profile; the app can go back to the one it replaced, once. */
describe('saved body profile: undo a replacement from the app', () => {
  let app: TestApp;
  let kiosk: { id: string; token: string };

  beforeAll(async () => {
    app = await createTestApp({ BODY_DATA_GRACE_SECONDS: '0' });
    const store = await makeStore(app.dataSource, 'UNDO-1');
    await app.dataSource.query(`UPDATE store SET name = 'Berlin Mitte' WHERE id = $1`, [store.id]);
    kiosk = await app.kioskToken(store.id, 'Mirror by the stairs');
  });
  afterAll(() => app.close());

  async function member(externalId: string): Promise<{ token: string; id: string }> {
    const token = await app.customerToken(externalId);
    await app.gql(`{ viewer { __typename } }`, {}, token);
    return { token, id: (await app.dataSource.getRepository(CustomerEntity).findOneByOrFail({ externalId })).id };
  }

  /** A mirror session with these measurements typed in and the member signed in on it. */
  async function measuredSession(customerId: string, input: Record<string, unknown>): Promise<string> {
    const s = (await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, kiosk.token)).data!.startKioskSession.id;
    expect((await app.gql<{ submitBodyMeasurements: { __typename: string } }>(MEASURE, { s, input }, kiosk.token)).data!.submitBodyMeasurements.__typename).toBe('BodyProfile');
    await app.dataSource.query(`UPDATE kiosk_session SET customer_id = $1 WHERE id = $2`, [customerId, s]);
    return s;
  }

  async function save(s: string, token: string): Promise<void> {
    const saved = await app.gql<{ saveBodyProfile: { __typename: string } }>(SAVE, { s }, token);
    expect(saved.errors).toBeUndefined();
    expect(saved.data!.saveBodyProfile.__typename).toBe('BodyProfile');
  }

  const mine = async (token: string) => (await app.gql<Mine>(MINE, {}, token)).data!.myBodyProfile;
  const row = async (customerId: string) => (await app.dataSource.query(`SELECT * FROM saved_body_profile WHERE customer_id = $1`, [customerId])) as Record<string, unknown>[];

  it('a mirror save replaces the saved profile; the app sees the previous one, where and when it was replaced and what changed, and restores it once', async () => {
    const mia = await member('undo-mia');
    await save(await measuredSession(mia.id, man), mia.token);
    const first = (await mine(mia.token))!;
    expect(first).toMatchObject({ source: 'MANUAL', chest: { valueCm: 100 }, previous: null });

    // At the mirror, signed in: new measurements, kept by the mirror.
    await save(await measuredSession(mia.id, { ...man, sex: 'F', chestCm: 104, waistCm: 86.8, hipCm: 103.5 }), kiosk.token);
    const replaced = (await mine(mia.token))!;
    expect(replaced).toMatchObject({ sex: 'F', chest: { valueCm: 104 } });
    expect(replaced.previous).toEqual({
      savedAt: first.measuredAt,
      source: 'MANUAL',
      replacedAt: replaced.measuredAt,
      replacedVia: 'MIRROR',
      replacedInStore: 'Berlin Mitte',
      replacedByMirror: 'Mirror by the stairs',
      changes: [
        { measurement: 'chest', label: 'chest', previousCm: 100, currentCm: 104 },
        { measurement: 'hip', label: 'hip', previousCm: 101, currentCm: 103.5 },
        { measurement: 'shoulderBreadth', label: 'shoulder breadth', previousCm: 41.7, currentCm: 39.5 },
      ],
      summary: 'Chest 100 → 104 cm, hip 101 → 103.5 cm, shoulder breadth 41.7 → 39.5 cm',
    });

    // Undo from the app: the first profile is back as it was (sex and saved time included), with nothing left to undo.
    const restored = await app.gql<Restored>(RESTORE, { at: replaced.previous!.savedAt }, mia.token);
    expect(restored.errors).toBeUndefined();
    expect(restored.data!.restorePreviousBodyProfile).toEqual({ __typename: 'BodyProfile', measuredAt: first.measuredAt, source: 'MANUAL', sex: 'M', chest: { valueCm: 100 }, previous: null });
    expect(await mine(mia.token)).toEqual(first);
    const [kept] = await row(mia.id);
    expect(Object.entries(kept).filter(([k, v]) => /^(previous_|replaced_)/.test(k) && v !== null)).toEqual([]);

    // The same Undo again (its answer was lost, say): the restored profile, and nothing changes.
    const retried = await app.gql<Restored>(RESTORE, { at: replaced.previous!.savedAt, replacedAt: replaced.previous!.replacedAt }, mia.token);
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.restorePreviousBodyProfile).toEqual(restored.data!.restorePreviousBodyProfile);
    expect(await row(mia.id)).toEqual([kept]);

    // Nothing further to undo: a typed error, and nothing changes.
    const again = await app.gql<Restored>(RESTORE, {}, mia.token);
    expect(again.data!.restorePreviousBodyProfile).toMatchObject({ __typename: 'NoPreviousBodyProfileError', code: 'NO_PREVIOUS_BODY_PROFILE', message: expect.stringMatching(/nothing changed/) });
    expect(await row(mia.id)).toEqual([kept]);
  });

  it('a save from the app replaces too (APP); saving the profile already kept again changes nothing, so the real previous one stays restorable', async () => {
    const ann = await member('undo-ann');
    await save(await measuredSession(ann.id, man), ann.token);
    const first = (await mine(ann.token))!;
    const s = await measuredSession(ann.id, { ...man, waistCm: 90 });
    await save(s, ann.token);
    const replaced = (await mine(ann.token))!;
    expect(replaced.previous).toMatchObject({ savedAt: first.measuredAt, replacedVia: 'APP', replacedInStore: 'Berlin Mitte', changes: [{ measurement: 'waist', previousCm: 86, currentCm: 90 }] });

    // The mirror keeps the same profile of the same session: the previous one is still the first.
    const before = await row(ann.id);
    await save(s, kiosk.token);
    expect(await row(ann.id)).toEqual(before);
    expect((await mine(ann.token))!.previous).toEqual(replaced.previous);

    // A previous profile that differs by 1 cm or less says so.
    await save(await measuredSession(ann.id, { ...man, waistCm: 91 }), kiosk.token);
    expect((await mine(ann.token))!.previous).toMatchObject({ replacedVia: 'MIRROR', changes: [], summary: 'No measurement differs by more than 1 cm' });
  });

  it('nothing to restore (no saved profile, or one that replaced none): a typed error, and nothing changes', async () => {
    const nia = await member('undo-nia');
    const none = await app.gql<Restored>(RESTORE, {}, nia.token);
    expect(none.data!.restorePreviousBodyProfile).toMatchObject({ __typename: 'NoPreviousBodyProfileError', code: 'NO_PREVIOUS_BODY_PROFILE' });
    expect(await row(nia.id)).toEqual([]);

    await save(await measuredSession(nia.id, man), kiosk.token);
    const only = await row(nia.id);
    const first = (await mine(nia.token))!;
    for (const at of [undefined, first.measuredAt]) {
      const res = await app.gql<Restored>(RESTORE, { at }, nia.token);
      expect(res.data!.restorePreviousBodyProfile).toMatchObject({ __typename: 'NoPreviousBodyProfileError', code: 'NO_PREVIOUS_BODY_PROFILE' });
    }
    expect(await row(nia.id)).toEqual(only);
    expect((await mine(nia.token))!.previous).toBeNull();
  });

  it('bad input: a malformed time is BAD_USER_INPUT, a previous profile other than the one shown (the mirror saved again) is InvalidInputError; neither changes anything', async () => {
    const ben = await member('undo-ben');
    await save(await measuredSession(ben.id, man), ben.token);
    await save(await measuredSession(ben.id, { ...man, chestCm: 103 }), kiosk.token);
    const shown = (await mine(ben.token))!.previous!;
    // Meanwhile the mirror saves again: the previous profile is now the one with chest 103.
    await save(await measuredSession(ben.id, { ...man, chestCm: 106 }), kiosk.token);
    const before = await row(ben.id);

    for (const at of ['not a time', '2026-13-40T00:00:00Z']) {
      const res = await app.gql<Restored>(RESTORE, { at }, ben.token);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    const stale = await app.gql<Restored>(RESTORE, { at: shown.savedAt }, ben.token);
    expect(stale.data!.restorePreviousBodyProfile).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'previousSavedAt', message: expect.stringMatching(/Nothing was restored/) });
    expect(await row(ben.id)).toEqual(before);

    // The one shown now is restored.
    const current = (await mine(ben.token))!.previous!;
    const restored = await app.gql<Restored>(RESTORE, { at: current.savedAt }, ben.token);
    expect(restored.data!.restorePreviousBodyProfile).toMatchObject({ __typename: 'BodyProfile', chest: { valueCm: 103 } });
  });

  it('an Undo shown before an undo on another device and a new save at a mirror restores nothing: the profile it would delete was never shown', async () => {
    const eva = await member('undo-eva');
    await save(await measuredSession(eva.id, man), eva.token);
    await save(await measuredSession(eva.id, { ...man, chestCm: 104 }), kiosk.token);
    // Device 1 shows the banner; device 2 undoes; then a mirror saves chest 107 over the restored profile.
    const shownOnDevice1 = (await mine(eva.token))!.previous!;
    const device2 = await app.gql<Restored>(RESTORE, { at: shownOnDevice1.savedAt, replacedAt: shownOnDevice1.replacedAt }, eva.token);
    expect(device2.data!.restorePreviousBodyProfile).toMatchObject({ __typename: 'BodyProfile', chest: { valueCm: 100 } });
    await save(await measuredSession(eva.id, { ...man, chestCm: 107 }), kiosk.token);
    // The previous profile is the one device 1 showed again (same savedAt), but the current one is not.
    expect((await mine(eva.token))!.previous!.savedAt).toBe(shownOnDevice1.savedAt);
    const before = await row(eva.id);
    const stale = await app.gql<Restored>(RESTORE, { at: shownOnDevice1.savedAt, replacedAt: shownOnDevice1.replacedAt }, eva.token);
    expect(stale.data!.restorePreviousBodyProfile).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'replacedAt', message: expect.stringMatching(/Nothing was restored/) });
    expect(await row(eva.id)).toEqual(before);
    expect((await mine(eva.token))!.chest.valueCm).toBe(107);
  });

  it('deleting the saved profile deletes the previous one too: nothing is left to read or restore', async () => {
    const dan = await member('undo-dan');
    await save(await measuredSession(dan.id, man), dan.token);
    await save(await measuredSession(dan.id, { ...man, chestCm: 108 }), kiosk.token);
    expect((await mine(dan.token))!.previous).not.toBeNull();
    expect((await app.gql<{ deleteMyBodyProfile: boolean }>(`mutation { deleteMyBodyProfile }`, {}, dan.token)).data!.deleteMyBodyProfile).toBe(true);
    expect(await mine(dan.token)).toBeNull();
    expect(await row(dan.id)).toEqual([]);
    const res = await app.gql<Restored>(RESTORE, {}, dan.token);
    expect(res.data!.restorePreviousBodyProfile.__typename).toBe('NoPreviousBodyProfileError');
    expect(await row(dan.id)).toEqual([]);
  });

  it('a mirror never reads the previous profile: FORBIDDEN on the field wherever it meets a body profile, and its own answers carry the rest', async () => {
    const kim = await member('undo-kim');
    await save(await measuredSession(kim.id, man), kim.token);
    const s = await measuredSession(kim.id, { ...man, chestCm: 110 });

    const saved = await app.gql<{ saveBodyProfile: { chest: { valueCm: number }; previous: unknown } }>(
      `mutation($s: ID!) { saveBodyProfile(sessionId: $s) { ... on BodyProfile { chest { valueCm } previous { savedAt summary } } } }`,
      { s },
      kiosk.token,
    );
    expect(saved.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['saveBodyProfile.previous', 'FORBIDDEN']]);
    expect(saved.data!.saveBodyProfile).toEqual({ chest: { valueCm: 110 }, previous: null });
    // The save itself went through: the member sees the replacement and can undo it.
    expect((await mine(kim.token))!.previous).toMatchObject({ replacedVia: 'MIRROR', changes: [{ measurement: 'chest', previousCm: 100, currentCm: 110 }] });

    const session = await app.gql(`query($s: ID!) { kioskSession(sessionId: $s) { ... on KioskSession { bodyProfile { chest { valueCm } previous { savedAt } } } } }`, { s }, kiosk.token);
    expect(session.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const restore = await app.gql(RESTORE, {}, kiosk.token);
    expect(restore.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await mine(kim.token))!.chest.valueCm).toBe(110);
  });

  it("another member cannot read or restore someone's previous profile: they only ever reach their own", async () => {
    const owner = await member('undo-owner');
    const other = await member('undo-other');
    await save(await measuredSession(owner.id, man), owner.token);
    const s = await measuredSession(owner.id, { ...man, chestCm: 112 });
    await save(s, kiosk.token);
    const before = await row(owner.id);
    const shown = (await mine(owner.token))!.previous!;

    expect(await mine(other.token)).toBeNull();
    for (const at of [undefined, shown.savedAt]) {
      const res = await app.gql<Restored>(RESTORE, { at }, other.token);
      expect(res.data!.restorePreviousBodyProfile.__typename).toBe('NoPreviousBodyProfileError');
    }
    // Nor by saving the owner's session as their own (it is not linked to them).
    const theirs = await app.gql<{ saveBodyProfile: { __typename: string } }>(SAVE, { s }, other.token);
    expect(theirs.data!.saveBodyProfile.__typename).toBe('SessionNotFoundError');
    expect(await row(owner.id)).toEqual(before);
    expect(await row(other.id)).toEqual([]);
  });
});
