import { assignArm } from '../src/recommend/experiment/experiment-assignment';
import { newcombeDifference, wilsonInterval } from '../src/recommend/experiment/proportion-intervals';
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
const RECS = `query($placement: Placement!, $s: ID, $limit: Int!) { recommendations(placement: $placement, sessionId: $s, limit: $limit) {
  __typename ... on RecommendationList { configVersion experimentId experimentArm items { product { id } } } ... on ErrorResult { code message } } }`;

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
  const start = async (unit: 'SESSION' | 'CUSTOMER', names = ['A', 'B']): Promise<Experiment> => {
    const data = await gql<{ startRecommendationExperiment: Experiment & { __typename: string } }>(
      `mutation($input: StartExperimentInput!) { startRecommendationExperiment(input: $input) { __typename ... on RecommendationExperiment { id arms { name configVersion weight } } } }`,
      { input: { name: `${unit} test`, unit, arms: names.map((name) => ({ name, configVersion: 0, weight: 1 })) } },
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
  const show = async (s: string, limit = 3, k: Kiosk = kiosk) => {
    const list = (await gql<{ recommendations: { __typename: string; configVersion: number; experimentId: string | null; experimentArm: string | null; items: { product: { id: string } }[] } }>(RECS, { placement: 'MIRROR_HOME', s, limit }, k.token)).recommendations;
    expect(list.__typename).toBe('RecommendationList');
    return { arm: list.experimentArm, experimentId: list.experimentId, configVersion: list.configVersion, ids: list.items.map((i) => i.product.id) };
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
      const first = await show(s);
      expect(first.arm).toBe(assignArm(e.id, s, e.arms).name);
      expect((await show(s)).arm).toBe(first.arm);
      seen.add(first.arm!);
    }
    expect(seen.size).toBe(2);
    const app2 = await app.customerToken('app-only');
    const fromApp = await gql<{ recommendations: { experimentArm: string | null; experimentId: string | null } }>(
      `{ recommendations(placement: APP_HOME, limit: 3) { ... on RecommendationList { experimentId experimentArm } } }`,
      {},
      app2,
    );
    expect(fromApp.recommendations).toEqual({ experimentId: null, experimentArm: null });
    await stop(e);
  });

  it('counts a tap, try-on or cart add for an arm only when the same session was shown that product in that arm before', async () => {
    const e = await start('SESSION');
    const s = await session();
    // Deterministic lists (no model, no sales): the first list's products are known before it is shown.
    const [{ id: triedEarly }] = await app.dataSource.query(`SELECT p.id FROM product p ORDER BY p.id LIMIT 1`);
    await act(s, triedEarly, 'TRY_ON');
    const list = await show(s);
    const arm = list.arm!;
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
    expect(longAgo.arm).toBe(arm);
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
    expect(before).toMatchObject({ arm: null, experimentId: null, configVersion: 0 });
    await act(s, before.ids[0], 'CLICK');
    const member = await signIn(s, 'switching-member');
    const arm = assignArm(e.id, member, e.arms).name;
    for (let i = 0; i < 3; i++) expect(await show(s)).toMatchObject({ arm, experimentId: e.id });
    await act(s, before.ids[1], 'CLICK');
    // In the app the member sees the same arm.
    const fromApp = await gql<{ recommendations: { experimentArm: string | null } }>(`{ recommendations(placement: APP_HOME, limit: 2) { ... on RecommendationList { experimentArm } } }`, {}, await app.customerToken('switching-member'));
    expect(fromApp.recommendations.experimentArm).toBe(arm);
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
    const arm = list.arm!;
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
    expect(longer.arm).toBe('A');
    await showEarlier(oldA, '9 days');
    const [p1, p2, p3] = longer.ids;
    const recentA = await sessionIn(e, 'A');
    await signIn(recentA, 'two-arm-member');
    expect(await show(recentA, 1)).toMatchObject({ arm: 'A', ids: [p1] });
    await showEarlier(recentA, '3 days');
    const inB = await sessionIn(e, 'B');
    await signIn(inB, 'two-arm-member');
    expect(await show(inB, 1)).toMatchObject({ arm: 'B', ids: [p1] });
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
});

const round = (x: number) => Math.round(x * 10_000) / 10_000;
