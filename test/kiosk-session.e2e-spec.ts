import { makeStore } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const MEASURE = `mutation($s: ID!, $input: BodyMeasurementsInput!) { submitBodyMeasurements(sessionId: $s, input: $input) { __typename } }`;
const READ = `query($s: ID!) { kioskSession(sessionId: $s) { __typename ... on KioskSession { status bodyProfile { chest { valueCm } } } } }`;

describe('a kiosk session and its body profile', () => {
  let app: TestApp;
  let kiosk: { id: string; token: string };

  beforeAll(async () => {
    app = await createTestApp({ BODY_DATA_GRACE_SECONDS: '900' });
    kiosk = await app.kioskToken((await makeStore(app.dataSource, 'KS-1')).id);
  });
  afterAll(() => app.close());

  it('shows the profile while the session is active, and nothing once it has ended, though the grace period keeps the row', async () => {
    const s = (await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, kiosk.token)).data!.startKioskSession.id;
    const measured = await app.gql(MEASURE, { s, input: { heightCm: 180, chestCm: 100, waistCm: 86, hipCm: 100, sex: 'M' } }, kiosk.token);
    expect(measured.data).toEqual({ submitBodyMeasurements: { __typename: 'BodyProfile' } });
    const active = await app.gql<{ kioskSession: { status: string; bodyProfile: { chest: { valueCm: number } } | null } }>(READ, { s }, kiosk.token);
    expect(active.data!.kioskSession).toMatchObject({ status: 'ACTIVE', bodyProfile: { chest: { valueCm: 100 } } });
    await app.gql(`mutation($s: ID!) { endKioskSession(sessionId: $s) { __typename } }`, { s }, kiosk.token);
    const ended = await app.gql<{ kioskSession: { status: string; bodyProfile: unknown } }>(READ, { s }, kiosk.token);
    expect(ended.data!.kioskSession).toEqual({ __typename: 'KioskSession', status: 'ENDED', bodyProfile: null });
    // Still stored until the grace period ends (a member may save it meanwhile), but nobody reads it.
    expect(Number((await app.dataSource.query(`SELECT count(*) AS n FROM body_scan WHERE session_id = $1 AND purge_after IS NOT NULL`, [s]))[0].n)).toBe(1);
  });
});
