import { assignArm } from '../src/recommend/experiment/experiment-assignment';
import { newcombeDifference, wilsonInterval } from '../src/recommend/experiment/proportion-intervals';
import type { Principal } from '../src/auth/principal';
import { StaffRole } from '../src/common/enums';
import type { RequestContext } from '../src/common/request-context';
import { makeProduct, makeStore, setStock } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Recommendation experiments: who is in one, which arm they see, and what counts for an arm (an
 * interaction or a purchase of a product the same unit was shown in that arm, in time), with
 * intervals over units, the unit of randomisation.
 */

type Kiosk = { id: string; token: string };
type Arm = { name: string; configVersion: number; weight: number };
interface Experiment {
  id: string;
  arms: Arm[];
}
interface Counts {
  arm: string;
  units: number;
  impressions: number;
  clicks: number;
  tryOns: number;
  cartAdds: number;
  purchases: number;
}
interface Share {
  units: number;
  share: number | null;
  low: number | null;
  high: number | null;
  differenceFromFirstArm: { difference: number; low: number; high: number } | null;
}
interface ArmResult extends Counts {
  clicked: Share;
  triedOn: Share;
  addedToCart: Share;
  purchased: Share;
}

const COUNTS = `arm units impressions clicks tryOns cartAdds purchases`;
const SHARE = `units share low high differenceFromFirstArm { difference low high }`;
const RESULTS = `query($id: ID!) { recommendationExperimentResults(id: $id) { __typename ... on ExperimentResults { arms { ${COUNTS}
  clicked { ${SHARE} } triedOn { ${SHARE} } addedToCart { ${SHARE} } purchased { ${SHARE} } } } } }`;
/** What a mirror asks for: the list, never its experiment, arm or rule version (those are staff only). */
const RECS = `query($placement: Placement!, $s: ID, $limit: Int!) { recommendations(placement: $placement, sessionId: $s, limit: $limit) {
  __typename ... on RecommendationList { items { product { id } } } ... on ErrorResult { code message } } }`;

describe('recommendation experiments', () => {
  let app: TestApp;
  let kiosk: Kiosk;
  let merch: string;
  let storeId: string;
  /** Variant (size M) of each product, for carts. */
  const variantOf = new Map<string, string>();

  beforeAll(async () => {
    app = await createTestApp();
    storeId = (await makeStore(app.dataSource, 'EXP-1')).id;
    kiosk = await app.kioskToken(storeId);
    merch = await app.staffToken('exp-merch');
    for (let i = 0; i < 8; i++) {
      const { product, variants } = await makeProduct(app.dataSource, { brand: `Brand ${i}`, categoryPath: `apparel/tops/kind-${i}`, priceMinor: 1000 });
      for (const v of variants) await setStock(app.dataSource, storeId, v.id, 20);
      variantOf.set(product.id, variants[1].id);
    }
  });
  afterAll(() => app.close());

  const gql = async <T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> => {
    const res = await app.gql<T>(query, variables, token);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const start = async (unit: 'SESSION' | 'CUSTOMER', names = ['A', 'B'], name = `${unit} test`): Promise<Experiment> => {
    const data = await gql<{ startRecommendationExperiment: Experiment & { __typename: string } }>(
      `mutation($input: StartExperimentInput!) { startRecommendationExperiment(input: $input) { __typename ... on RecommendationExperiment { id arms { name configVersion weight } } } }`,
      { input: { name, unit, arms: names.map((name) => ({ name, configVersion: 0, weight: 1 })) } },
      merch,
    );
    expect(data.startRecommendationExperiment.__typename).toBe('RecommendationExperiment');
    return data.startRecommendationExperiment;
  };
  const stop = (e: Experiment) => gql(`mutation($id: ID!) { stopRecommendationExperiment(id: $id) { __typename } }`, { id: e.id }, merch);
  const session = async (k: Kiosk = kiosk) => (await gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, k.token)).startKioskSession.id;
  /** A new session (on `k`; it ends the mirror's previous one) that the experiment puts in `arm`. */
  const sessionIn = async (e: Experiment, arm: string, k: Kiosk = kiosk) => {
    for (;;) {
      const s = await session(k);
      if (assignArm(e.id, s, e.arms).name === arm) return s;
    }
  };
  /** A list shown at the mirror in session `s`: its products. */
  const show = async (s: string, limit = 3, k: Kiosk = kiosk) => {
    const list = (await gql<{ recommendations: { __typename: string; items: { product: { id: string } }[] } }>(RECS, { placement: 'MIRROR_HOME', s, limit }, k.token)).recommendations;
    expect(list.__typename).toBe('RecommendationList');
    return { ids: list.items.map((i) => i.product.id) };
  };
  /**
   * The experiment and arm the server recorded for the latest list shown in a session, or in the app to a
   * member: what the results count (the mirror and the app are not told).
   */
  const served = async (where: { session: string } | { member: string }): Promise<{ experimentId: string | null; arm: string | null }> => {
    await app.server.services.impressions.flush();
    const [row] = await app.dataSource.query(
      'session' in where
        ? `SELECT experiment_id, arm FROM rec_impression WHERE session_id = $1 ORDER BY id DESC LIMIT 1`
        : `SELECT experiment_id, arm FROM rec_impression WHERE customer_id = $1 AND session_id IS NULL ORDER BY id DESC LIMIT 1`,
      ['session' in where ? where.session : await customerId(where.member)],
    );
    expect(row).toBeDefined();
    return { experimentId: row.experiment_id, arm: row.arm };
  };
  const act = async (s: string, p: string, kind: 'CLICK' | 'TRY_ON' | 'CART_ADD', k: Kiosk = kiosk) => {
    const data = await gql<{ recordInteraction: { __typename: string } }>(`mutation($s: ID!, $p: ID!, $k: InteractionKind!) { recordInteraction(sessionId: $s, productId: $p, kind: $k, placement: MIRROR_HOME) { __typename } }`, { s, p, k: kind }, k.token);
    expect(data.recordInteraction.__typename).toBe('InteractionRecorded');
  };
  const results = async (e: Experiment): Promise<Record<string, ArmResult>> => {
    const data = await gql<{ recommendationExperimentResults: { __typename: string; arms: ArmResult[] } }>(RESULTS, { id: e.id }, merch);
    expect(data.recommendationExperimentResults.__typename).toBe('ExperimentResults');
    expect(data.recommendationExperimentResults.arms.map((a) => a.arm)).toEqual(e.arms.map((a) => a.name));
    return Object.fromEntries(data.recommendationExperimentResults.arms.map((a) => [a.arm, a]));
  };
  const counts = async (e: Experiment): Promise<Record<string, Counts>> => {
    const all = await results(e);
    return Object.fromEntries(Object.entries(all).map(([arm, r]) => [arm, { arm, units: r.units, impressions: r.impressions, clicks: r.clicks, tryOns: r.tryOns, cartAdds: r.cartAdds, purchases: r.purchases }]));
  };
  const none = (arm: string): Counts => ({ arm, units: 0, impressions: 0, clicks: 0, tryOns: 0, cartAdds: 0, purchases: 0 });
  const other = (arm: string) => (arm === 'A' ? 'B' : 'A');

  /** Signs `member` in at session `s` through the mirror's QR code flow; returns the member's customer id. */
  const signIn = async (s: string, member: string, k: Kiosk = kiosk): Promise<string> => {
    const req = await gql<{ requestMemberSignIn: { fallbackCode: string } }>(`mutation($s: ID!) { requestMemberSignIn(sessionId: $s) { ... on MemberSignInRequest { fallbackCode } } }`, { s }, k.token);
    const token = await app.customerToken(member);
    const approved = await gql<{ approveMemberSignIn: { __typename: string } }>(`mutation($code: String) { approveMemberSignIn(code: $code) { __typename } }`, { code: req.requestMemberSignIn.fallbackCode }, token);
    expect(approved.approveMemberSignIn.__typename).toBe('MemberSignInApproved');
    return customerId(member);
  };
  const customerId = async (member: string): Promise<string> => (await app.dataSource.query(`SELECT id FROM customer WHERE external_id = $1`, [member]))[0].id;
  /** Moves what was shown in session `s` back in time (impressions are written in batches: flushed first). */
  const showEarlier = async (s: string, by: string) => {
    await app.server.services.impressions.flush();
    const moved = await app.dataSource.query(`UPDATE rec_impression SET created_at = created_at - $2::interval WHERE session_id = $1 RETURNING id`, [s, by]);
    expect(moved[1]).toBeGreaterThan(0);
  };
  const order = async (customer: string, productId: string, placedAt: Date, status = 'PAID') => {
    const [{ id }] = await app.dataSource.query(
      `INSERT INTO customer_order (customer_id, store_id, channel, status, total_minor, currency, placed_at) VALUES ($1, $2, 'STORE', $3, 1000, 'EUR', $4) RETURNING id`,
      [customer, storeId, status, placedAt],
    );
    await app.dataSource.query(`INSERT INTO order_line (order_id, product_id, variant_id, quantity, unit_price_minor) VALUES ($1, $2, $3, 1, 1000)`, [id, productId, variantOf.get(productId)]);
  };
  const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000);

  it('a session keeps its arm on every list and the arms follow the hash; the app is not in a SESSION experiment', async () => {
    const e = await start('SESSION');
    const seen = new Set<string>();
    for (let i = 0; i < 40 && (i < 6 || seen.size < 2); i++) {
      const s = await session();
      await show(s);
      const first = await served({ session: s });
      expect(first).toEqual({ experimentId: e.id, arm: assignArm(e.id, s, e.arms).name });
      await show(s);
      expect(await served({ session: s })).toEqual(first);
      seen.add(first.arm!);
    }
    expect(seen.size).toBe(2);
    const app2 = await app.customerToken('app-only');
    const fromApp = await gql<{ recommendations: { items: unknown[] } }>(`{ recommendations(placement: APP_HOME, limit: 3) { ... on RecommendationList { items { position } } } }`, {}, app2);
    expect(fromApp.recommendations.items.length).toBeGreaterThan(0);
    expect(await served({ member: 'app-only' })).toEqual({ experimentId: null, arm: null });
    await stop(e);
  });

  it('counts a tap, try-on or cart add for an arm only when the same session was shown that product in that arm before', async () => {
    const e = await start('SESSION');
    const s = await session();
    // Deterministic lists (no model, no sales): the first list's products are known before it is shown.
    const [{ id: triedEarly }] = await app.dataSource.query(`SELECT p.id FROM product p ORDER BY p.id LIMIT 1`);
    await act(s, triedEarly, 'TRY_ON');
    const list = await show(s);
    expect(list.ids).toContain(triedEarly);
    const [offTheRack] = [...variantOf.keys()].filter((p) => !list.ids.includes(p));
    // Right after the list (impressions are still in the buffer): the time a list was shown is when it was shown, not when it was written.
    await act(s, list.ids[0], 'CLICK');
    await act(s, list.ids[1], 'CART_ADD');
    await act(s, offTheRack, 'TRY_ON');
    await act(s, offTheRack, 'CLICK');
    // A session that was never shown a list is not in the experiment, whatever it taps.
    const stranger = await session();
    await act(stranger, list.ids[0], 'CLICK');
    await act(stranger, list.ids[0], 'TRY_ON');
    const arm = assignArm(e.id, s, e.arms).name;
    expect(await served({ session: s })).toEqual({ experimentId: e.id, arm });
    const byArm = await counts(e);
    expect(byArm[arm]).toEqual({ arm, units: 1, impressions: 3, clicks: 1, tryOns: 0, cartAdds: 1, purchases: 0 });
    expect(byArm[other(arm)]).toEqual(none(other(arm)));
    await stop(e);
  });

  it('a member (CUSTOMER experiment) is credited for what they were shown in the 24 hours before, at any mirror', async () => {
    const e = await start('CUSTOMER');
    const s1 = await session();
    const member = await signIn(s1, 'window-member');
    const arm = assignArm(e.id, member, e.arms).name;
    const longAgo = await show(s1, 3);
    expect(await served({ session: s1 })).toEqual({ experimentId: e.id, arm });
    await showEarlier(s1, '25 hours');
    const s2 = await session();
    await signIn(s2, 'window-member');
    const recent = await show(s2, 1);
    expect(recent.ids).toEqual(longAgo.ids.slice(0, 1));
    await showEarlier(s2, '2 hours');
    // Today, at a mirror where nothing was shown.
    const s3 = await session();
    await signIn(s3, 'window-member');
    await act(s3, longAgo.ids[0], 'TRY_ON'); // shown 2 hours ago: counts
    await act(s3, longAgo.ids[1], 'TRY_ON'); // shown 25 hours ago only: does not
    await act(s3, longAgo.ids[2], 'CLICK'); // idem
    const byArm = await counts(e);
    expect(byArm[arm]).toEqual({ arm, units: 1, impressions: 4, clicks: 0, tryOns: 1, cartAdds: 0, purchases: 0 });
    expect(byArm[other(arm)]).toEqual(none(other(arm)));
    await stop(e);
  });

  it('in a CUSTOMER experiment an anonymous session is not in it (published rules, not counted); once signed in it sees the member’s arm for good', async () => {
    const e = await start('CUSTOMER');
    const s = await session();
    const before = await show(s);
    expect(await served({ session: s })).toEqual({ arm: null, experimentId: null });
    await act(s, before.ids[0], 'CLICK');
    const member = await signIn(s, 'switching-member');
    const arm = assignArm(e.id, member, e.arms).name;
    for (let i = 0; i < 3; i++) {
      await show(s);
      expect(await served({ session: s })).toEqual({ arm, experimentId: e.id });
    }
    await act(s, before.ids[1], 'CLICK');
    // In the app the member sees the same arm.
    const fromApp = await gql<{ recommendations: { items: unknown[] } }>(`{ recommendations(placement: APP_HOME, limit: 2) { ... on RecommendationList { items { position } } } }`, {}, await app.customerToken('switching-member'));
    expect(fromApp.recommendations.items).toHaveLength(2);
    expect(await served({ member: 'switching-member' })).toEqual({ arm, experimentId: e.id });
    const byArm = await counts(e);
    // One unit (the member), not the session and the member; the anonymous list and its tap are not counted.
    expect(byArm[arm]).toEqual({ arm, units: 1, impressions: 3 * 3 + 2, clicks: 1, tryOns: 0, cartAdds: 0, purchases: 0 });
    expect(byArm[other(arm)]).toEqual(none(other(arm)));
    await stop(e);
  });

  it('an anonymous session’s cart handed off to a phone and bought there counts for the session’s arm', async () => {
    const e = await start('SESSION');
    const s = await session();
    const list = await show(s);
    const arm = assignArm(e.id, s, e.arms).name;
    expect(await served({ session: s })).toEqual({ experimentId: e.id, arm });
    const cart = await gql<{ addToCart: { id: string } }>(`mutation($s: ID!, $v: ID!) { addToCart(sessionId: $s, variantId: $v, quantity: 1) { ... on Cart { id } } }`, { s, v: variantOf.get(list.ids[0]) }, kiosk.token);
    const handoff = await gql<{ createCartHandoff: { id: string; fallbackCode: string } }>(`mutation($c: ID!) { createCartHandoff(cartId: $c) { ... on CartHandoff { id fallbackCode } } }`, { c: cart.addToCart.id }, kiosk.token);
    const phone = await app.customerToken('handoff-buyer');
    await gql(`mutation($code: String) { claimCartHandoff(code: $code) { __typename } }`, { code: handoff.createCartHandoff.fallbackCode }, phone);
    const confirmed = await gql<{ confirmCartHandoff: { id: string } }>(`mutation($h: ID!) { confirmCartHandoff(handoffId: $h) { ... on Cart { id } } }`, { h: handoff.createCartHandoff.id }, phone);
    const placed = await gql<{ checkout: { __typename: string; channel: string } }>(
      `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename ... on Order { channel } } }`,
      { input: { cartId: confirmed.confirmCartHandoff.id, idempotencyKey: 'exp-handoff', fulfillment: 'PICKUP_IN_STORE', paymentToken: 'tok_visa' } },
      phone,
    );
    expect(placed.checkout).toEqual({ __typename: 'Order', channel: 'KIOSK_HANDOFF' });
    const byArm = await counts(e);
    // The cart add at the mirror counts too (addToCart records it), as the list showed that product.
    expect(byArm[arm]).toEqual({ arm, units: 1, impressions: 3, clicks: 0, tryOns: 0, cartAdds: 1, purchases: 1 });
    expect(byArm[other(arm)]).toEqual(none(other(arm)));
    await stop(e);
  });

  it('a purchase counts once, for the arm that showed the product last in the 7 days before it, and not after the experiment stopped', async () => {
    const e = await start('SESSION');
    // The experiment has run for 10 days; one member used three mirror sessions, two in A and one in B.
    await app.dataSource.query(`UPDATE rec_experiment SET created_at = created_at - interval '10 days' WHERE id = $1`, [e.id]);
    const oldA = await sessionIn(e, 'A');
    const member = await signIn(oldA, 'two-arm-member');
    const longer = await show(oldA, 3);
    expect(await served({ session: oldA })).toMatchObject({ arm: 'A' });
    await showEarlier(oldA, '9 days');
    const [p1, p2, p3] = longer.ids;
    const recentA = await sessionIn(e, 'A');
    await signIn(recentA, 'two-arm-member');
    expect(await show(recentA, 1)).toEqual({ ids: [p1] });
    expect(await served({ session: recentA })).toMatchObject({ arm: 'A' });
    await showEarlier(recentA, '3 days');
    const inB = await sessionIn(e, 'B');
    await signIn(inB, 'two-arm-member');
    expect(await show(inB, 1)).toEqual({ ids: [p1] });
    expect(await served({ session: inB })).toMatchObject({ arm: 'B' });
    await showEarlier(inB, '1 day');
    await order(member, p1, ago(1)); // shown in A 3 days and in B 1 day before: B only (last touch)
    await order(member, p1, ago(1), 'CANCELLED'); // cancelled: nothing
    await order(member, p2, ago(1)); // shown (in A) 9 days before only: outside the 7-day window
    await order(member, p3, ago(8 * 24)); // shown in A the day before: A
    await order(member, p3, ago(9 * 24 + 1)); // bought before it was shown: nothing
    await stop(e);
    const stoppedAt = (await app.dataSource.query(`SELECT stopped_at FROM rec_experiment WHERE id = $1`, [e.id]))[0].stopped_at as Date;
    await order(member, p1, new Date(stoppedAt.getTime() + 1_000)); // after the experiment stopped: nothing
    const r = await results(e);
    expect(r.A).toMatchObject({ units: 2, impressions: 4, purchases: 1 });
    expect(r.B).toMatchObject({ units: 1, impressions: 1, purchases: 1 });
    expect(r.A.purchased).toMatchObject({ units: 1, share: 0.5 });
    expect(r.B.purchased).toMatchObject({ units: 1, share: 1 });
  });

  it('never reports a rate above 100% or a NaN: many taps on one item, and an arm without traffic has no rate (null), not 0%', async () => {
    const e = await start('SESSION');
    const s = await sessionIn(e, 'A');
    const [p] = (await show(s, 1)).ids;
    for (let i = 0; i < 5; i++) await act(s, p, 'CLICK');
    const r = await results(e);
    expect(r.A).toMatchObject({ units: 1, impressions: 1, clicks: 5 });
    const one = wilsonInterval(1, 1)!;
    expect(r.A.clicked).toEqual({ units: 1, share: 1, low: round(one.low), high: 1, differenceFromFirstArm: null });
    expect(r.A.triedOn).toEqual({ units: 0, share: 0, low: 0, high: round(wilsonInterval(0, 1)!.high), differenceFromFirstArm: null });
    expect(r.B.units).toBe(0);
    for (const share of [r.B.clicked, r.B.triedOn, r.B.addedToCart, r.B.purchased]) expect(share).toEqual({ units: 0, share: null, low: null, high: null, differenceFromFirstArm: null });
    await stop(e);
  });

  it('reports shares of units with Wilson intervals over units and the difference from the first arm (Newcombe), however many lists each unit saw', async () => {
    const e = await start('SESSION');
    // A: 2 sessions, both tap; B: 3 sessions, one taps. Each session is shown 4 lists of 3.
    const plan: [string, boolean][] = [['A', true], ['A', true], ['B', true], ['B', false], ['B', false]];
    for (const [arm, taps] of plan) {
      const s = await sessionIn(e, arm);
      let ids: string[] = [];
      for (let i = 0; i < 4; i++) ids = (await show(s)).ids;
      if (taps) await act(s, ids[2], 'CLICK');
    }
    const r = await results(e);
    expect(r.A).toMatchObject({ units: 2, impressions: 24, clicks: 2 });
    expect(r.B).toMatchObject({ units: 3, impressions: 36, clicks: 1 });
    const a = wilsonInterval(2, 2)!;
    const b = wilsonInterval(1, 3)!;
    const d = newcombeDifference(1, 3, 2, 2)!;
    expect(r.A.clicked).toEqual({ units: 2, share: 1, low: round(a.low), high: 1, differenceFromFirstArm: null });
    expect(r.B.clicked).toEqual({ units: 1, share: round(1 / 3), low: round(b.low), high: round(b.high), differenceFromFirstArm: { difference: round(d.difference), low: round(d.low), high: round(d.high) } });
    // With 2 and 3 units nothing is distinguishable yet: the difference's interval spans 0.
    expect(r.B.clicked.differenceFromFirstArm!.low).toBeLessThan(0);
    expect(r.B.clicked.differenceFromFirstArm!.high).toBeGreaterThan(0);
    expect(r.B.purchased).toEqual({ units: 0, share: 0, low: 0, high: round(wilsonInterval(0, 3)!.high), differenceFromFirstArm: { difference: 0, low: round(newcombeDifference(0, 3, 0, 2)!.low), high: round(newcombeDifference(0, 3, 0, 2)!.high) } });
    await stop(e);
  });

  describe('who may see an experiment', () => {
    // Names a leak would carry: the experiment's, its id and its arms'.
    const secrets = (e: Experiment, name: string) => [e.id, name, ...e.arms.map((a) => a.name)];
    const leaks = (response: unknown, words: string[]) => words.filter((w) => JSON.stringify(response).includes(w));
    const PLAIN = `query($placement: Placement!, $s: ID) { recommendations(placement: $placement, sessionId: $s, limit: 3) { __typename ... on RecommendationList { placement modelVersion items { position reason explanation product { id } } } } }`;
    /** The field's value in a refused answer: nothing (null data, or null in place of a nullable field). */
    const valueOf = (res: { data?: unknown }, f: string) => (res.data as { recommendations?: Record<string, unknown> } | null)?.recommendations?.[f] ?? null;
    const field = (name: string) => `query($placement: Placement!, $s: ID) { recommendations(placement: $placement, sessionId: $s, limit: 3) { ... on RecommendationList { ${name} } } }`;

    it('a mirror is not told the experiment, its arm or the rule version, and its taps still count for its arm', async () => {
      const name = 'Mirror tiles vs carousel';
      const e = await start('SESSION', ['control-tiles', 'variant-carousel'], name);
      const s = await session();
      for (const f of ['experimentId', 'experimentArm', 'configVersion']) {
        const res = await app.gql(field(f), { placement: 'MIRROR_HOME', s }, kiosk.token);
        expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        expect(valueOf(res, f)).toBeNull();
        expect(leaks(res, secrets(e, name))).toEqual([]);
      }
      const res = await app.gql<{ recommendations: { __typename: string; items: { product: { id: string } }[] } }>(PLAIN, { placement: 'MIRROR_HOME', s }, kiosk.token);
      expect(res.errors).toBeUndefined();
      expect(res.data!.recommendations.items).toHaveLength(3);
      expect(leaks(res, secrets(e, name))).toEqual([]);
      // Attribution needs nothing back from the mirror: its tap counts for the arm the server served.
      const arm = assignArm(e.id, s, e.arms).name;
      expect(await served({ session: s })).toEqual({ experimentId: e.id, arm });
      await act(s, res.data!.recommendations.items[0].product.id, 'CLICK');
      const byArm = await counts(e);
      expect(byArm[arm]).toMatchObject({ units: 1, clicks: 1 });
      await stop(e);
    });

    it('counts a list as shown only when it reaches the mirror: not when a refused field nulls the answer', async () => {
      const s = await session();
      const shown = async () => {
        await app.server.services.impressions.flush();
        return Number((await app.dataSource.query(`SELECT count(*) AS n FROM rec_impression WHERE session_id = $1`, [s]))[0].n);
      };
      // configVersion is non-null: refused, it nulls the list and with it the whole answer.
      const refused = await app.gql(field('configVersion items { product { id } }'), { placement: 'MIRROR_HOME', s }, kiosk.token);
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(refused.data).toBeNull();
      expect(await shown()).toBe(0);
      // experimentArm is nullable: refused, it is null in a list the mirror still gets.
      const partly = await app.gql<{ recommendations: { experimentArm: null; items: unknown[] } }>(field('experimentArm items { product { id } }'), { placement: 'MIRROR_HOME', s }, kiosk.token);
      expect(partly.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(partly.data!.recommendations.items).toHaveLength(3);
      expect(await shown()).toBe(1);
      // Lists under aliases: each counted when it is in the answer; none when one of them nulls it.
      const two = (second: string) => `query($s: ID) { a: recommendations(placement: MIRROR_HOME, sessionId: $s, limit: 3) { ... on RecommendationList { items { product { id } } } }
        b: recommendations(placement: MIRROR_HOME, sessionId: $s, limit: 2) { ... on RecommendationList { ${second} } } }`;
      expect((await app.gql(two('configVersion'), { s }, kiosk.token)).data).toBeNull();
      expect(await shown()).toBe(1);
      const both = await app.gql<{ a: { items: unknown[] }; b: { items: unknown[] } }>(two('items { product { id } }'), { s }, kiosk.token);
      expect(both.errors).toBeUndefined();
      expect([both.data!.a.items.length, both.data!.b.items.length]).toEqual([3, 2]);
      expect(await shown()).toBe(3);
    });

    it('the app is not told either; merchandisers and admins previewing the member are', async () => {
      const name = 'App home ranking';
      const e = await start('CUSTOMER', ['control-home', 'variant-personal'], name);
      const member = 'experiment-blind-member';
      const token = await app.customerToken(member);
      for (const f of ['experimentId', 'experimentArm', 'configVersion']) {
        const res = await app.gql(field(f), { placement: 'APP_HOME' }, token);
        expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        expect(valueOf(res, f)).toBeNull();
        expect(leaks(res, secrets(e, name))).toEqual([]);
      }
      const res = await app.gql(PLAIN, { placement: 'APP_HOME' }, token);
      expect(res.errors).toBeUndefined();
      expect(leaks(res, secrets(e, name))).toEqual([]);
      const id = await customerId(member);
      const arm = assignArm(e.id, id, e.arms).name;
      expect(await served({ member })).toEqual({ experimentId: e.id, arm });
      for (const role of [StaffRole.MERCHANDISER, StaffRole.ADMIN]) {
        const staff = await gql<{ recommendations: { experimentId: string; experimentArm: string; configVersion: number } }>(
          `query($c: ID) { recommendations(placement: APP_HOME, customerId: $c, limit: 3) { ... on RecommendationList { experimentId experimentArm configVersion } } }`,
          { c: id },
          await app.staffToken(`exp-preview-${role}`, role),
        );
        expect(staff.recommendations).toEqual({ experimentId: e.id, experimentArm: arm, configVersion: 0 });
      }
      await stop(e);
    });

    it('experiments and their results are for merchandisers and admins only, through the API and the service', async () => {
      const name = 'Results are staff only';
      const e = await start('SESSION', ['control-results', 'variant-results'], name);
      const s = await session();
      const { ids } = await show(s);
      await act(s, ids[0], 'TRY_ON');
      const callers: [string, string | undefined, string][] = [
        ['kiosk', kiosk.token, 'FORBIDDEN'],
        ['customer', await app.customerToken('results-snooper'), 'FORBIDDEN'],
        ['anonymous', undefined, 'UNAUTHENTICATED'],
      ];
      for (const [, token, code] of callers) {
        for (const [query, variables] of [
          [RESULTS, { id: e.id }],
          [`{ recommendationExperiments { id name arms { name configVersion } } }`, {}],
        ] as const) {
          const res = await app.gql(query, variables, token);
          expect(res.errors?.[0].extensions?.code).toBe(code);
          expect(res.data ?? null).toBeNull();
          expect(leaks(res, secrets(e, name))).toEqual([]);
        }
      }
      for (const role of [StaffRole.MERCHANDISER, StaffRole.ADMIN]) {
        const res = await gql<{ recommendationExperimentResults: { arms: ArmResult[] } }>(RESULTS, { id: e.id }, await app.staffToken(`exp-results-${role}`, role));
        const arm = assignArm(e.id, s, e.arms).name;
        expect(res.recommendationExperimentResults.arms.find((a) => a.arm === arm)).toMatchObject({ units: 1, tryOns: 1, triedOn: { units: 1, share: 1 } });
      }
      // The service refuses too, whoever calls it.
      const as = (principal: Principal) => ({ principal, em: app.dataSource.manager }) as unknown as RequestContext;
      for (const principal of [{ kind: 'kiosk', kioskId: kiosk.id, storeId }, { kind: 'customer', customerId: await customerId('results-snooper') }, { kind: 'anonymous' }] as Principal[]) {
        await expect(app.server.services.experiments.results(as(principal), e.id)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
        await expect(app.server.services.experiments.list(as(principal))).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
        await expect(app.server.services.experiments.stop(as(principal), e.id)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      }
      await stop(e);
    });
  });
});

const round = (x: number) => Math.round(x * 10_000) / 10_000;
