import { QueryRunner } from 'typeorm';
import { createLoaders } from '../src/common/loaders';
import { LazyRequestContext } from '../src/common/request-context';
import { createLogger } from '../src/logger';
import { Placement } from '../src/recommend/config/recommendation-rules';
import { RecommendationList } from '../src/recommend/serving/recommendation.types';
import { claimTraining } from '../src/recommend/training/training-claim';
import { retrainIfDue } from '../src/recommend/training/retrain-schedule';
import { StoreEntity } from '../src/store/store.entity';
import { GqlResponse, TestApp } from './support/test-app';
import { createTrainedDemoApp } from './support/trained-demo-app';

/**
 * Bad input that must fail alone and cleanly (BAD_USER_INPUT naming the field, nothing changed, other
 * users' lists untouched), and concurrent staff operations that must serialise rather than corrupt.
 */
describe('recommendations: bad input and races', () => {
  let app: TestApp;
  let kiosk: { id: string; token: string };
  let merch: string;
  let store: StoreEntity;

  beforeAll(async () => {
    ({ app, store, kiosk, merch } = await createTrainedDemoApp('robust-merch'));
  });
  afterAll(() => app.close());

  const session = async (token = kiosk.token) => (await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, token)).data!.startKioskSession.id;
  /** The field a BAD_USER_INPUT names (thrown with `field`, or class-validator's `fields`). */
  const badField = (res: GqlResponse): string | undefined => {
    const ext = res.errors?.[0]?.extensions;
    expect(ext?.code).toBe('BAD_USER_INPUT');
    return (ext?.field as string | undefined) ?? (ext?.fields as { field: string }[] | undefined)?.[0]?.field;
  };
  const staffCtx = () => new LazyRequestContext({ kind: 'staff', staffId: 'robust-merch', role: 'MERCHANDISER' } as never, app.dataSource, app.dataSource.manager, app.config, createLogger('silent'), createLoaders);
  const kioskCtx = (m: { id: string }) => new LazyRequestContext({ kind: 'kiosk', kioskId: m.id, storeId: store.id }, app.dataSource, app.dataSource.manager, app.config, createLogger('silent'), createLoaders);
  /** Waits until `n` of this database's backends wait for a lock (so a race is set up as described). */
  const blockedOnLocks = async (n: number) => {
    for (let i = 0; i < 200; i++) {
      const [{ waiting }] = await app.dataSource.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      if (waiting >= n) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`fewer than ${n} statements ever waited for a lock`);
  };
  /** Another connection holding row locks until `release`. */
  const holdRows = async (sql: string): Promise<{ runner: QueryRunner; release(): Promise<void> }> => {
    const runner = app.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    const rows = await runner.query(sql);
    expect(rows.length).toBeGreaterThan(0);
    return {
      runner,
      release: async () => {
        await runner.commitTransaction();
        await runner.release();
      },
    };
  };

  const PREVIEW = `query($c: [ID!]!, $s: [SampleProfileInput!]!, $store: ID, $placement: Placement!) {
    previewRecommendations(customerIds: $c, sampleProfiles: $s, storeId: $store, placement: $placement, limit: 5) { label draft { items { product { id } } } } }`;

  describe('ids that are not ids', () => {
    it('a preview with a malformed customer, store or product id is refused as BAD_USER_INPUT naming it', async () => {
      const [{ id: customerId }] = await app.dataSource.query(`SELECT id FROM customer ORDER BY external_id LIMIT 1`);
      const cases: [Record<string, unknown>, string][] = [
        [{ c: ['nope'], s: [], store: null }, 'customerIds'],
        [{ c: [customerId, '------------------------------------'], s: [], store: null }, 'customerIds'],
        [{ c: [customerId], s: [], store: 'nope' }, 'storeId'],
        [{ c: [], s: [{ label: 'x', viewedProductIds: ['nope'] }], store: null }, 'sampleProfiles'],
      ];
      for (const [vars, field] of cases) {
        const res = await app.gql(PREVIEW, { placement: 'MIRROR_HOME', ...vars }, merch);
        expect(badField(res)).toMatch(new RegExp(`^${field}`));
      }
      // A well-formed one still works.
      const ok = await app.gql<{ previewRecommendations: unknown[] }>(PREVIEW, { placement: 'MIRROR_HOME', c: [customerId], s: [], store: store.id }, merch);
      expect(ok.errors).toBeUndefined();
      expect(ok.data!.previewRecommendations).toHaveLength(1);
    });

    it('a bad preview in the same turn as other mirrors’ lists fails alone: their lists are the ones they get alone', async () => {
      const mirrors = [kiosk, await app.kioskToken(store.id)];
      const sessions = [await session(mirrors[0].token), await session(mirrors[1].token)];
      const service = app.server.services.recommendations;
      const ids = (r: unknown) => (r as RecommendationList).items.map((i) => i.product.id);
      const alone = [];
      for (const [i, m] of mirrors.entries()) alone.push(ids(await service.recommend(kioskCtx(m), { placement: Placement.MIRROR_HOME, sessionId: sessions[i], limit: 12 })));
      const settled = await Promise.allSettled([
        ...mirrors.map((m, i) => service.recommend(kioskCtx(m), { placement: Placement.MIRROR_HOME, sessionId: sessions[i], limit: 12 })),
        app.server.services.draftReview.preview(staffCtx(), [{ label: 'nope', customerId: 'nope', sample: null }], { placement: Placement.MIRROR_HOME, storeId: null, limit: 12 }),
        app.server.services.draftReview.preview(staffCtx(), [{ label: 'bad store', customerId: null, sample: null }], { placement: Placement.MIRROR_HOME, storeId: 'nope', limit: 12 }),
        service.recommend(staffCtx(), { placement: Placement.MIRROR_HOME, customerId: 'nope', limit: 12 }),
      ]);
      expect(settled.slice(0, 2).map((s) => (s.status === 'fulfilled' ? ids(s.value) : s.reason))).toEqual(alone);
      for (const bad of settled.slice(2)) {
        expect(bad.status).toBe('rejected');
        expect((bad as PromiseRejectedResult).reason.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      }
    });

    it('a look-up PostgreSQL refuses fails alone even inside one shared audience statement', async () => {
      const service = app.server.services.recommendations;
      const batcher = (service as unknown as { audiences(em: unknown): { load(q: unknown): Promise<{ customer: unknown }> } }).audiences(app.dataSource.manager);
      const customers: { id: string }[] = await app.dataSource.query(`SELECT id FROM customer ORDER BY external_id LIMIT 3`);
      const query = (customerId: string) => ({ customerId, sessionId: null, kioskId: null, stockStoreId: null, snapshot: null });
      const settled = await Promise.allSettled([...customers.map((c) => batcher.load(query(c.id))), batcher.load(query('nope'))]);
      expect(settled.slice(0, 3).map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      for (const s of settled.slice(0, 3)) expect((s as PromiseFulfilledResult<{ customer: unknown }>).value.customer).not.toBeNull();
      expect(settled[3].status).toBe('rejected');
    });

    it('recordInteraction and the experiment look-ups refuse malformed ids as BAD_USER_INPUT naming the argument', async () => {
      const s = await session();
      const [{ id: productId }] = await app.dataSource.query(`SELECT id FROM product ORDER BY sku LIMIT 1`);
      const dashes = '-'.repeat(36);
      const record = (sessionId: string, p: string) => app.gql(`mutation($s: ID!, $p: ID!) { recordInteraction(sessionId: $s, productId: $p, kind: VIEW) { __typename } }`, { s: sessionId, p }, kiosk.token);
      expect(badField(await record(dashes, productId))).toBe('sessionId');
      expect(badField(await record(s, dashes))).toBe('productId');
      expect(badField(await record(s, 'nope'))).toBe('productId');
      const recorded = await record(s, productId);
      expect(recorded.data).toEqual({ recordInteraction: { __typename: 'InteractionRecorded' } });
      // Well-formed but unknown ids are still the typed not-found results.
      const unknownSession = await record('00000000-0000-4000-8000-000000000000', productId);
      expect(unknownSession.data).toEqual({ recordInteraction: { __typename: 'SessionNotFoundError' } });

      const stop = (id: string) => app.gql(`mutation($id: ID!) { stopRecommendationExperiment(id: $id) { __typename } }`, { id }, merch);
      const results = (id: string) => app.gql(`query($id: ID!) { recommendationExperimentResults(id: $id) { __typename } }`, { id }, merch);
      for (const id of ['nope', dashes]) {
        expect(badField(await stop(id))).toBe('id');
        expect(badField(await results(id))).toBe('id');
      }
      expect((await stop('00000000-0000-4000-8000-000000000000')).data).toEqual({ stopRecommendationExperiment: { __typename: 'NotFoundError' } });
      expect((await results('00000000-0000-4000-8000-000000000000')).data).toEqual({ recommendationExperimentResults: { __typename: 'NotFoundError' } });
    });
  });

  describe('ranges and placements', () => {
    it('the rules audit takes 1..200 entries and refuses anything else', async () => {
      const audit = (first: number) => app.gql<{ recommendationRulesAudit: unknown[] }>(`query($f: Int!) { recommendationRulesAudit(first: $f) { action } }`, { f: first }, merch);
      for (const first of [-1, 0, 201]) {
        const res = await audit(first);
        expect(badField(res)).toBe('first');
        expect(res.errors![0].message).toMatch(/first/);
      }
      expect((await audit(1)).errors).toBeUndefined();
      expect((await audit(200)).errors).toBeUndefined();
    });

    it('a preview for a placement that needs a product is refused, not answered with nothing', async () => {
      const [{ id: customerId }] = await app.dataSource.query(`SELECT id FROM customer ORDER BY external_id LIMIT 1`);
      for (const placement of ['SIMILAR', 'COMPLETE_THE_LOOK']) {
        const res = await app.gql(PREVIEW, { placement, c: [customerId], s: [], store: null }, merch);
        expect(badField(res)).toBe('placement');
        expect(res.errors![0].message).toMatch(/product/);
      }
    });

    it('evaluating a draft on fewer than 10 or more than 2000 members is refused, stating the range', async () => {
      const evaluate = (sample: number) => app.gql(`query($n: Int!) { evaluateRecommendationDraft(sample: $n) { draft { customers } } }`, { n: sample }, merch);
      for (const sample of [5, 0, -3, 2001]) {
        const res = await evaluate(sample);
        expect(badField(res)).toBe('sample');
        expect(res.errors![0].message).toMatch(/10.*2000/);
      }
      const ok = await evaluate(10);
      expect(ok.errors).toBeUndefined();
    });
  });

  describe('concurrent staff operations', () => {
    const SAVE = `mutation($rules: RecommendationRulesInput!) { saveRecommendationDraft(rules: $rules) { __typename ... on RecommendationConfig { version status } } }`;
    const PUBLISH = `mutation { publishRecommendationDraft { __typename ... on RecommendationConfig { version status } } }`;
    const DISCARD = `mutation { discardRecommendationDraft }`;
    const configs = async () => (await app.dataSource.query(`SELECT version, status, rules FROM rec_config ORDER BY version`)) as { version: number; status: string; rules: { maxPerBrand: number } }[];

    it('a discard while the draft is being published leaves the newly published version serving', async () => {
      await app.gql(DISCARD, {}, merch);
      expect((await app.gql<{ saveRecommendationDraft: { __typename: string } }>(SAVE, { rules: { maxPerBrand: 4, maxPerCategory: 4 } }, merch)).data!.saveRecommendationDraft.__typename).toBe('RecommendationConfig');
      expect((await app.gql<{ publishRecommendationDraft: { __typename: string } }>(PUBLISH, {}, merch)).data!.publishRecommendationDraft.__typename).toBe('RecommendationConfig');
      const saved = await app.gql<{ saveRecommendationDraft: { version: number } }>(SAVE, { rules: { maxPerBrand: 5, maxPerCategory: 5 } }, merch);
      const draftVersion = saved.data!.saveRecommendationDraft.version;
      // The draft row is held by another transaction: the publish waits on it, then the discard comes.
      const held = await holdRows(`SELECT id FROM rec_config WHERE status = 'DRAFT' FOR UPDATE`);
      const published = app.gql<{ publishRecommendationDraft: { __typename: string; version: number; status: string } }>(PUBLISH, {}, merch);
      await blockedOnLocks(1);
      const discarded = app.gql<{ discardRecommendationDraft: boolean }>(DISCARD, {}, merch);
      await blockedOnLocks(2);
      await held.release();
      expect((await published).data!.publishRecommendationDraft).toEqual({ __typename: 'RecommendationConfig', version: draftVersion, status: 'PUBLISHED' });
      // Serialised behind the publish, the discard finds no draft any more.
      expect((await discarded).data).toEqual({ discardRecommendationDraft: false });
      const rows = await configs();
      expect(rows.filter((r) => r.status === 'PUBLISHED').map((r) => r.version)).toEqual([draftVersion]);
      expect(rows.filter((r) => r.status === 'DRAFT')).toEqual([]);
    });

    it('a draft saved while it is being discarded is kept as the new draft, not written into the archived row', async () => {
      await app.gql(SAVE, { rules: { maxPerBrand: 6, maxPerCategory: 6 } }, merch);
      const held = await holdRows(`SELECT id FROM rec_config WHERE status = 'DRAFT' FOR UPDATE`);
      const discarded = app.gql<{ discardRecommendationDraft: boolean }>(DISCARD, {}, merch);
      await blockedOnLocks(1);
      const saved = app.gql<{ saveRecommendationDraft: { __typename: string; version: number; status: string } }>(SAVE, { rules: { maxPerBrand: 7, maxPerCategory: 7 } }, merch);
      await blockedOnLocks(2);
      await held.release();
      expect((await discarded).data).toEqual({ discardRecommendationDraft: true });
      const result = (await saved).data!.saveRecommendationDraft;
      expect(result).toMatchObject({ __typename: 'RecommendationConfig', status: 'DRAFT' });
      const rows = await configs();
      const drafts = rows.filter((r) => r.status === 'DRAFT');
      expect(drafts.map((r) => [r.version, r.rules.maxPerBrand])).toEqual([[result.version, 7]]);
      // Nothing was written into an archived row.
      for (const r of rows.filter((x) => x.status === 'ARCHIVED')) expect(r.rules.maxPerBrand).not.toBe(7);
      await app.gql(DISCARD, {}, merch);
    });

    it('two experiments started at once leave one running: the later one, which stopped the earlier', async () => {
      const START = `mutation($name: String!) { startRecommendationExperiment(input: { name: $name, unit: "SESSION", arms: [{ name: "a", configVersion: 0 }, { name: "b", configVersion: 0 }] }) {
        __typename ... on RecommendationExperiment { id status } } }`;
      const first = await app.gql<{ startRecommendationExperiment: { id: string } }>(START, { name: 'before' }, merch);
      expect(first.errors).toBeUndefined();
      const held = await holdRows(`SELECT id FROM rec_experiment WHERE status = 'RUNNING' FOR UPDATE`);
      const one = app.gql<{ startRecommendationExperiment: { __typename: string; id: string } }>(START, { name: 'one' }, merch);
      await blockedOnLocks(1);
      const two = app.gql<{ startRecommendationExperiment: { __typename: string; id: string } }>(START, { name: 'two' }, merch);
      await blockedOnLocks(2);
      await held.release();
      const [a, b] = [await one, await two];
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      const running: { id: string; name: string }[] = await app.dataSource.query(`SELECT id, name FROM rec_experiment WHERE status = 'RUNNING'`);
      expect(running).toEqual([{ id: b.data!.startRecommendationExperiment.id, name: 'two' }]);
      await app.gql(`mutation($id: ID!) { stopRecommendationExperiment(id: $id) { __typename } }`, { id: running[0].id }, merch);
      app.server.services.experiments['cache'] = null;
    });

    it('two models activated at once: both calls succeed, the later one serves, one model is marked serving', async () => {
      const [{ version: trained }] = await app.dataSource.query(`SELECT version FROM rec_model WHERE status = 'READY' AND serving ORDER BY version DESC LIMIT 1`);
      const [{ top }] = await app.dataSource.query(`SELECT max(version)::int AS top FROM rec_model`);
      const copies = [top + 1, top + 2];
      for (const v of copies) {
        await app.dataSource.query(
          `INSERT INTO rec_model (version, status, serving, progress, stage, artifact, item_product_ids, metrics, finished_at)
           SELECT $1, 'READY', false, 1, 'ready', artifact, item_product_ids, metrics, now() FROM rec_model WHERE version = $2`,
          [v, trained],
        );
      }
      const ACTIVATE = `mutation($v: Int!) { activateRecommendationModel(version: $v) { version serving } }`;
      const held = await holdRows(`SELECT id FROM rec_model WHERE serving FOR UPDATE`);
      const one = app.gql<{ activateRecommendationModel: { version: number; serving: boolean } }>(ACTIVATE, { v: copies[0] }, merch);
      await blockedOnLocks(1);
      const two = app.gql<{ activateRecommendationModel: { version: number; serving: boolean } }>(ACTIVATE, { v: copies[1] }, merch);
      await blockedOnLocks(2);
      await held.release();
      const [a, b] = [await one, await two];
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      expect(b.data!.activateRecommendationModel).toEqual({ version: copies[1], serving: true });
      expect(await app.dataSource.query(`SELECT version FROM rec_model WHERE serving`)).toEqual([{ version: copies[1] }]);
      expect(app.server.services.recommender.serving?.version).toBe(copies[1]);
      // Back to the trained model for what follows.
      await app.gql(ACTIVATE, { v: trained }, merch);
    });
  });

  describe('training that died', () => {
    const TRAIN = `mutation { trainRecommendationModel { version status error } }`;
    const waitUntilIdle = async () => {
      for (let i = 0; i < 600 && app.server.services.training().isTraining; i++) await new Promise((r) => setTimeout(r, 50));
      expect(app.server.services.training().isTraining).toBe(false);
    };

    it('a TRAINING row whose trainer is gone is marked FAILED with a reason, and training starts', async () => {
      const [{ top }] = await app.dataSource.query(`SELECT max(version)::int AS top FROM rec_model`);
      // What a server killed mid-training leaves behind: a TRAINING row nobody works on.
      await app.dataSource.query(`INSERT INTO rec_model (version, status, serving, progress, stage) VALUES ($1, 'TRAINING', false, 0.4, 'fitting')`, [top + 1]);
      const res = await app.gql<{ trainRecommendationModel: { version: number; status: string } }>(TRAIN, {}, merch);
      expect(res.errors).toBeUndefined();
      expect(res.data!.trainRecommendationModel).toMatchObject({ version: top + 2, status: 'TRAINING' });
      const [stale] = await app.dataSource.query(`SELECT status, error, finished_at FROM rec_model WHERE version = $1`, [top + 1]);
      expect(stale.status).toBe('FAILED');
      expect(stale.error).toMatch(/stopped/);
      expect(stale.finished_at).not.toBeNull();
      await waitUntilIdle();
      const [fresh] = await app.dataSource.query(`SELECT status FROM rec_model WHERE version = $1`, [top + 2]);
      expect(fresh.status).toBe('READY');
    });

    it('while another process (the train:recs command) trains, the mutation is refused as CONFLICT and its row is left alone', async () => {
      const claim = await claimTraining(app.dataSource, null);
      try {
        const res = await app.gql(TRAIN, {}, merch);
        expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
        const [row] = await app.dataSource.query(`SELECT status FROM rec_model WHERE id = $1`, [claim.row.id]);
        expect(row.status).toBe('TRAINING');
        // And a second command cannot start either (it would race on the version).
        await expect(claimTraining(app.dataSource, null)).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
      } finally {
        await app.dataSource.query(`UPDATE rec_model SET status = 'FAILED', error = 'test', finished_at = now() WHERE id = $1`, [claim.row.id]);
        await claim.release();
      }
      // Once it has let go, training can start again (and the server can run it).
      const again = await app.gql<{ trainRecommendationModel: { status: string } }>(TRAIN, {}, merch);
      expect(again.errors).toBeUndefined();
      await waitUntilIdle();
    });

    it('a worker that cannot be started leaves the row FAILED, says why, and does not block the next training', async () => {
      const training = app.server.services.training();
      const spawn = (training as unknown as { spawnWorker: unknown }).spawnWorker;
      (training as unknown as { spawnWorker: () => never }).spawnWorker = () => {
        throw new Error('the training worker is not built: run `npm run build`');
      };
      let res: GqlResponse<{ trainRecommendationModel: { version: number; status: string; error: string } }>;
      try {
        res = await app.gql(TRAIN, {}, merch);
      } finally {
        (training as unknown as { spawnWorker: unknown }).spawnWorker = spawn;
      }
      expect(res.errors).toBeUndefined();
      expect(res.data!.trainRecommendationModel).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/not built/) });
      const [row] = await app.dataSource.query(`SELECT status, error FROM rec_model WHERE version = $1`, [res.data!.trainRecommendationModel.version]);
      expect(row).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/not built/) });
      expect(training.isTraining).toBe(false);
      const again = await app.gql<{ trainRecommendationModel: { status: string } }>(TRAIN, {}, merch);
      expect(again.data!.trainRecommendationModel.status).toBe('TRAINING');
      await waitUntilIdle();
    });

    it('the retraining schedule is due after a model that died, not kept waiting by it, and leaves a training elsewhere alone', async () => {
      const training = app.server.services.training();
      const hour = 3_600_000;
      // A model trained within the hour: not due.
      expect(await retrainIfDue(app.dataSource, training, hour)).toEqual({ ran: false, why: 'not due' });
      // Every successful model older than the interval, and a newer TRAINING row nobody works on (its
      // process died): due; the stale row is marked FAILED and a model trains.
      await app.dataSource.query(`UPDATE rec_model SET started_at = now() - interval '2 hours' WHERE status = 'READY'`);
      const [{ top }] = await app.dataSource.query(`SELECT max(version)::int AS top FROM rec_model`);
      await app.dataSource.query(`INSERT INTO rec_model (version, status, serving, progress, stage) VALUES ($1, 'TRAINING', false, 0.2, 'fitting')`, [top + 1]);
      const ran = await retrainIfDue(app.dataSource, training, hour);
      expect(ran).toMatchObject({ ran: true, model: { version: top + 2, status: 'READY' } });
      expect((await app.dataSource.query(`SELECT status FROM rec_model WHERE version = $1`, [top + 1]))[0].status).toBe('FAILED');
      // Due again, while another process trains: nothing is started and nothing of theirs touched.
      await app.dataSource.query(`UPDATE rec_model SET started_at = now() - interval '2 hours' WHERE status = 'READY'`);
      const claim = await claimTraining(app.dataSource, null);
      try {
        expect(await retrainIfDue(app.dataSource, training, hour)).toEqual({ ran: false, why: 'training elsewhere' });
        expect((await app.dataSource.query(`SELECT status FROM rec_model WHERE id = $1`, [claim.row.id]))[0].status).toBe('TRAINING');
      } finally {
        await app.dataSource.query(`UPDATE rec_model SET status = 'FAILED', error = 'test', finished_at = now() WHERE id = $1`, [claim.row.id]);
        await claim.release();
      }
    });
  });
});
