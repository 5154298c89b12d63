import { createTestApp, TestApp } from './support/test-app';

describe('stopping the server', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('runs every shutdown step even when one fails, and says which did not complete', async () => {
    const other = await app.startAnotherServer();
    const { server } = other;
    const ran: string[] = [];
    const drain = server.apollo.stop.bind(server.apollo);
    server.apollo.stop = async () => {
      ran.push('drain');
      throw new Error('drain failed');
    };
    const flush = server.services.impressions.flush.bind(server.services.impressions);
    server.services.impressions.flush = () => (ran.push('impressions'), flush());
    const writer = server.services.sessions.activityWriter;
    const stopWriter = writer.stop.bind(writer);
    writer.stop = () => (ran.push('activity'), stopWriter());
    await expect(server.stop()).rejects.toThrow('shutdown did not complete: drain requests');
    expect(ran).toEqual(['drain', 'impressions', 'activity']);
    // The real drain back, so that app.close() stops this server for good.
    server.apollo.stop = drain;
  });
});
