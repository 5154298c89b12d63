import { Worker } from 'node:worker_threads';
import { CatalogSnapshot } from '../src/recommend/serving/catalog-snapshot';
import { evaluateRules, prepareEvaluation } from '../src/recommend/serving/draft-evaluation';
import { TRAINING_EVENTS_SQL } from '../src/recommend/training/training-data';
import type { RunningServer } from '../src/server';
import { GqlResponse, TestApp } from './support/test-app';
import { createTrainedDemoApp } from './support/trained-demo-app';

interface Evaluation {
  customers: number;
  hitRateAt10: number;
  ndcgAt10: number;
  brandExposure: { key: string; share: number }[];
  categoryExposure: { key: string; share: number }[];
}
type Evaluated = GqlResponse<{ evaluateRecommendationDraft: { draft: Evaluation; published: Evaluation } }>;

const FIGURES = `customers hitRateAt10 ndcgAt10 brandExposure { key share } categoryExposure { key share }`;
const EVALUATE = `query($n: Int!) { evaluateRecommendationDraft(sample: $n) { draft { ${FIGURES} } published { ${FIGURES} } } }`;
const RECS = `query($s: ID!) { recommendations(placement: MIRROR_HOME, sessionId: $s, limit: 12) { __typename ... on RecommendationList { items { position } } } }`;

/** The part of the draft evaluation's worker runner that these tests watch or replace. */
interface Runner {
  spawnWorker(job: unknown): Worker;
  worker: Worker | null;
}
const runnerOf = (server: RunningServer) => (server.services.draftReview as unknown as { evaluations: Runner }).evaluations;

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 3_000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('evaluating a draft offline, in a worker thread', () => {
  let app: TestApp;
  let merch: string;
  let kiosk: string;

  beforeAll(async () => {
    let mirror: { token: string };
    ({ app, kiosk: mirror, merch } = await createTrainedDemoApp('evaluation-merch'));
    kiosk = mirror.token;
    // A draft that differs from the published rules, so that the two evaluations differ.
    const saved = await app.gql<{ saveRecommendationDraft: { __typename: string } }>(
      `mutation($rules: RecommendationRulesInput!) { saveRecommendationDraft(rules: $rules) { __typename } }`,
      { rules: { boosts: [{ target: { kind: 'BRAND', value: 'Glacier' }, weight: 1 }], maxPerBrand: 10, maxPerCategory: 10, personalWeight: 0.5 } },
      merch,
    );
    expect(saved.data!.saveRecommendationDraft.__typename).toBe('RecommendationConfig');
  });
  afterAll(() => app.close());

  const evaluate = (sample: number, gql: TestApp['gql'] = app.gql): Promise<Evaluated> => gql(EVALUATE, { n: sample }, merch);
  const session = async () => (await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, kiosk)).data!.startKioskSession.id;
  const mirrorList = async (s: string) => {
    const res = await app.gql<{ recommendations: { __typename: string; items: unknown[] } }>(RECS, { s }, kiosk);
    expect(res.errors).toBeUndefined();
    return res.data!.recommendations;
  };

  it('answers the figures the evaluation on the request thread gave, draft and published', async () => {
    const { recommender, recConfigs } = app.server.services;
    const em = app.dataSource.manager;
    const data = await prepareEvaluation(em, recommender.serving, await new CatalogSnapshot().get(em), { sample: 300 });
    const expected = {
      draft: evaluateRules(data, (await recConfigs.draftRow(em))!.rules),
      published: evaluateRules(data, (await recConfigs.published(em)).rules),
    };
    expect(expected.draft.customers).toBeGreaterThan(100);
    expect(expected.draft.brandExposure).not.toEqual(expected.published.brandExposure);
    const res = await evaluate(300);
    expect(res.errors).toBeUndefined();
    expect(res.data!.evaluateRecommendationDraft).toEqual(expected);
  });

  it('answers a mirror while it refits the model: the mirror before the evaluation', async () => {
    const s = await session();
    await mirrorList(s);
    // The evaluation reads the training events last, then refits and scores. Held at that read by a
    // lock, it is known to be refitting once the read is over: a mirror asking then is answered first
    // when the refit runs in a worker, after the evaluation when it runs on the request thread.
    const reading = async (waiting: boolean) => {
      const [{ n }] = await app.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() AND state = 'active' AND query = $1 ${waiting ? `AND wait_event_type = 'Lock'` : ''}`,
        [TRAINING_EVENTS_SQL],
      );
      return n as number;
    };
    const order: string[] = [];
    const holder = app.dataSource.createQueryRunner();
    await holder.connect();
    let evaluation: Promise<Evaluated>;
    try {
      await holder.startTransaction();
      await holder.query('LOCK TABLE interaction_event IN ACCESS EXCLUSIVE MODE');
      evaluation = evaluate(2000).then((res) => (order.push('evaluation'), res));
      await until(async () => (await reading(true)) > 0, 'the evaluation to wait for the training events');
    } finally {
      await holder.commitTransaction();
      await holder.release();
    }
    await until(async () => (await reading(false)) === 0, 'the evaluation to have read the training events');
    const list = await mirrorList(s);
    order.push('mirror');
    expect(list.items).toHaveLength(12);
    const res = await evaluation;
    expect(res.errors).toBeUndefined();
    expect(res.data!.evaluateRecommendationDraft.draft.customers).toBeGreaterThan(100);
    expect(order).toEqual(['mirror', 'evaluation']);
  });

  it('runs one evaluation at a time: others wait their turn, and past three waiting one is refused', async () => {
    const runner = runnerOf(app.server);
    const spawn = runner.spawnWorker;
    let alive = 0;
    let most = 0;
    let started = 0;
    runner.spawnWorker = function (job) {
      const worker = spawn.call(this, job);
      started++;
      most = Math.max(most, ++alive);
      worker.once('exit', () => alive--);
      return worker;
    };
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => evaluate(100)));
      const refused = answers.filter((a) => a.errors);
      const answered = answers.filter((a) => !a.errors);
      expect(refused).toHaveLength(1);
      expect(refused[0].errors![0].extensions?.code).toBe('CONFLICT');
      expect(refused[0].errors![0].message).toMatch(/one at a time/);
      expect(answered).toHaveLength(4);
      for (const a of answered) expect(a.data).toEqual(answered[0].data);
      expect(started).toBe(4);
      expect(most).toBe(1);
    } finally {
      delete (runner as Partial<Runner>).spawnWorker;
    }
  });

  it('answers with an error when its worker dies, and the server goes on', async () => {
    const runner = runnerOf(app.server);
    const s = await session();
    try {
      for (const crash of [`throw new Error('the worker broke')`, `process.exit(7)`]) {
        runner.spawnWorker = () => new Worker(crash, { eval: true });
        const res = await evaluate(100);
        expect(res.data).toBeNull();
        // An unexpected failure: masked for the client, logged with the reference it quotes.
        expect(res.errors![0].extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reference: expect.any(String) });
        expect((await mirrorList(s)).items).toHaveLength(12);
      }
    } finally {
      delete (runner as Partial<Runner>).spawnWorker;
    }
    const after = await evaluate(100);
    expect(after.errors).toBeUndefined();
    expect(after.data!.evaluateRecommendationDraft.draft.customers).toBe(100);
  });

  it('stops an evaluation in progress when the server stops', async () => {
    // No grace period: the request is cut at once, and the worker must not outlive the server.
    const other = await app.startAnotherServer({ SHUTDOWN_GRACE_MS: '0' });
    await other.server.services.recommender.loadServing(app.dataSource);
    const runner = runnerOf(other.server);
    const spawn = runner.spawnWorker;
    let worker: Worker | null = null;
    runner.spawnWorker = function (job) {
      return (worker = spawn.call(this, job));
    };
    const pending = evaluate(2000, other.gql).catch((error: unknown) => error);
    await until(() => worker !== null, 'the evaluation worker to start');
    let exited = false;
    worker!.once('exit', () => (exited = true));
    await other.stop();
    expect(exited).toBe(true);
    expect(runner.worker).toBeNull();
    await pending;
  });
});
