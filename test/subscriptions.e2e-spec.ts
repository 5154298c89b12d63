import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { seedDemoData } from '../src/demo/demo-seeder';
import { createTestApp, TestApp } from './support/test-app';

describe('subscriptions over WebSocket', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
    await seedDemoData(app.dataSource);
  });
  afterAll(() => app.close());

  const client = (token?: string) =>
    createClient({ url: app.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: token ? { authorization: `Bearer ${token}` } : {}, retryAttempts: 0, lazy: true });

  it('streams training progress to a merchandiser until the model is ready and serving', async () => {
    const merch = await app.staffToken('ws-merch');
    const c = client(merch);
    const events: { status: string; progress: number; serving: boolean; version: number }[] = [];
    const finished = new Promise<void>((resolve, reject) => {
      c.subscribe<{ recommendationTraining: { status: string; progress: number; serving: boolean; version: number } }>(
        { query: `subscription { recommendationTraining { version status progress serving stage } }` },
        {
          next: ({ data }) => {
            events.push(data!.recommendationTraining);
            if (data!.recommendationTraining.status !== 'TRAINING' && data!.recommendationTraining.serving) resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    // Give the subscription a moment to be registered before starting.
    await new Promise((r) => setTimeout(r, 300));
    const started = await app.gql<{ trainRecommendationModel: { version: number } }>(`mutation { trainRecommendationModel { version } }`, {}, merch);
    expect(started.errors).toBeUndefined();
    await finished;
    await c.dispose();
    expect(events[0].status).toBe('TRAINING');
    expect(events.some((e) => e.status === 'TRAINING' && e.progress > 0)).toBe(true);
    expect(events[events.length - 1]).toMatchObject({ status: 'READY', serving: true, progress: 1 });
    const progress = events.filter((e) => e.status === 'TRAINING').map((e) => e.progress);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('refuses a socket without a valid token, and a kiosk subscribing to training', async () => {
    const anonymous = client();
    const refused = await new Promise<unknown>((resolve) => {
      anonymous.subscribe({ query: `subscription { recommendationTraining { version } }` }, { next: () => resolve('data'), error: (e) => resolve(e), complete: () => resolve('complete') });
    });
    expect(refused).not.toBe('data');
    await anonymous.dispose();
    const store = (await app.dataSource.query(`SELECT id FROM store LIMIT 1`))[0].id;
    const kiosk = client((await app.kioskToken(store)).token);
    const forbidden = await new Promise<unknown>((resolve) => {
      kiosk.subscribe({ query: `subscription { recommendationTraining { version } }` }, { next: (v) => resolve(v), error: (e) => resolve(e), complete: () => resolve('complete') });
    });
    expect(JSON.stringify(forbidden)).toMatch(/FORBIDDEN|requires one of/);
    await kiosk.dispose();
  });

  it('serves subscriptions only: a query or mutation sent over the socket is refused and changes nothing', async () => {
    const store = (await app.dataSource.query(`SELECT id FROM store LIMIT 1`))[0].id;
    const kiosk = client((await app.kioskToken(store)).token);
    const outcome = (query: string) =>
      new Promise<unknown>((resolve) => {
        kiosk.subscribe({ query }, { next: (v) => resolve({ next: v }), error: (e) => resolve({ error: e }), complete: () => resolve('complete') });
      });
    const before = Number((await app.dataSource.query(`SELECT count(*) AS n FROM kiosk_session`))[0].n);
    const mutation = await outcome(`mutation { startKioskSession { __typename } }`);
    expect(mutation).toEqual({ error: [expect.objectContaining({ message: 'Only subscriptions are served over WebSocket: send this mutation as POST /graphql', extensions: { code: 'BAD_REQUEST' } })] });
    expect(Number((await app.dataSource.query(`SELECT count(*) AS n FROM kiosk_session`))[0].n)).toBe(before);
    const query = await outcome(`{ stores { id } }`);
    expect(JSON.stringify(query)).toContain('send this query as POST /graphql');
    // Field suggestions are left out, as on HTTP.
    const misspelt = await outcome(`subscription { cartHandoffUpdate(handoffId: "x") { status } }`);
    expect(JSON.stringify(misspelt)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(misspelt)).not.toContain('Did you mean');
    await kiosk.dispose();
  });
});
