import { KioskSessionEntity } from '../src/kiosk/kiosk-session.entity';
import { makeStore } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const START = `mutation { startKioskSession { id status } }`;
const LIST = `query($s: ID!) { recommendations(placement: MIRROR_HOME, sessionId: $s, limit: 4) { __typename } }`;

describe('kiosk session activity', () => {
  let app: TestApp;
  let kiosk: { token: string };

  beforeAll(async () => {
    app = await createTestApp();
    kiosk = await app.kioskToken((await makeStore(app.dataSource, 'ACT-1')).id);
  });
  afterAll(() => app.close());

  const start = async () => (await app.gql<{ startKioskSession: { id: string } }>(START, {}, kiosk.token)).data!.startKioskSession.id;
  const lastActivity = async (id: string) => (await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id })).lastActivityAt.getTime();
  const age = async (id: string, interval: string) => app.dataSource.query(`UPDATE kiosk_session SET last_activity_at = now() - $2::interval WHERE id = $1`, [id, interval]);

  it('a read records activity in the background, within a second, without a write of its own', async () => {
    const s = await start();
    await age(s, '1 minute');
    const before = await lastActivity(s);
    const asked = Date.now();
    expect((await app.gql<{ recommendations: { __typename: string } }>(LIST, { s }, kiosk.token)).data!.recommendations.__typename).toBe('RecommendationList');
    expect(app.server.services.sessions.activityWriter.waiting).toBe(1);
    expect(await lastActivity(s)).toBe(before);
    // Written by the writer's own timer (1 s), not by the request.
    for (let i = 0; i < 40 && (await lastActivity(s)) === before; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await lastActivity(s)).toBeGreaterThanOrEqual(asked - 5);
    expect(app.server.services.sessions.activityWriter.waiting).toBe(0);
  });

  it('the sweeper counts noted activity before judging a session idle', async () => {
    const s = await start();
    await age(s, '1 hour');
    // A read noted the session a moment ago (its write not yet due) while the row still says an hour ago.
    app.server.services.sessions.activityWriter.note(app.dataSource, s, new Date());
    const swept = await app.server.services.sessions.sweep(app.dataSource);
    expect(swept.ended).toBe(0);
    expect((await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s })).status).toBe('ACTIVE');
    // Without the note, the same sweep ends it.
    await age(s, '1 hour');
    expect((await app.server.services.sessions.sweep(app.dataSource)).ended).toBe(1);
  });

  it('allows for activity another server process noted but has not written yet, on sweeps and on requests', async () => {
    const sessions = app.server.services.sessions;
    const idleSeconds = 300; // the test app's timeout (the default)
    const lagSeconds = sessions.idleAfterMs() / 1000 - idleSeconds;
    expect(lagSeconds).toBeGreaterThan(sessions.activityWriter.delayMs / 1000);
    // Recorded past the timeout, but within what the row may lag behind a request served elsewhere.
    const s = await start();
    await app.dataSource.query(`UPDATE kiosk_session SET last_activity_at = now() - make_interval(secs => $2) WHERE id = $1`, [s, idleSeconds + lagSeconds - 2]);
    expect((await sessions.sweep(app.dataSource)).ended).toBe(0);
    expect((await app.gql<{ recommendations: { __typename: string } }>(LIST, { s }, kiosk.token)).data!.recommendations.__typename).toBe('RecommendationList');
    // Past the timeout and the lag: the sweep ends it.
    const t = await start();
    await app.dataSource.query(`UPDATE kiosk_session SET last_activity_at = now() - make_interval(secs => $2) WHERE id = $1`, [t, idleSeconds + lagSeconds + 1]);
    expect((await sessions.sweep(app.dataSource)).ended).toBe(1);
    expect((await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: t })).status).toBe('ENDED');
  });

  it('never moves activity backwards and never revives an ended session', async () => {
    const s = await start();
    const writer = app.server.services.sessions.activityWriter;
    writer.note(app.dataSource, s, new Date(Date.now() - 3_600_000));
    await writer.flush();
    expect(await lastActivity(s)).toBeGreaterThan(Date.now() - 60_000);
    await app.gql(`mutation($s: ID!) { endKioskSession(sessionId: $s) { __typename } }`, { s }, kiosk.token);
    const ended = await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s });
    writer.note(app.dataSource, s, new Date(Date.now() + 60_000));
    await writer.flush();
    expect((await app.dataSource.getRepository(KioskSessionEntity).findOneByOrFail({ id: s })).lastActivityAt.getTime()).toBe(ended.lastActivityAt.getTime());
  });
});
