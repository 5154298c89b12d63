import { isDataException } from '../../database/pg-errors';
import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query';
import { StatementBatcher } from '../../database/statement-batcher';
import { BodyProfileData } from '../../body/body-profile.data';
import { adviseSize, SizeAdviceInputError } from '../../body/size/size-advice';
import { ProductEntity } from '../../catalog/product.entity';
import { Product } from '../../catalog/product.type';
import { SizeChartEntity } from '../../catalog/size-chart.entity';
import { Gender } from '../../common/enums';
import { InvalidInputError, NotFoundError } from '../../common/error-result.type';
import { badInput, forbidden } from '../../common/errors';
import { RequestContext } from '../../common/request-context';
import { KioskSessionEntity } from '../../kiosk/kiosk-session.entity';
import { KioskSessionService, SESSION_COLUMNS, sessionFromRow, SessionRow } from '../../kiosk/kiosk-session.service';
import { SessionEndedError, SessionNotFoundError } from '../../kiosk/kiosk-session.type';
import { RecConfigService } from '../config/rec-config.service';
import { KIOSK_PLACEMENTS, Placement, RecommendationRules, StockPolicy } from '../config/recommendation-rules';
import { ExperimentService } from '../experiment/experiment.service';
import { InteractionKind } from '../interaction-event.entity';
import { RecommenderRegistry, ServingModel } from '../training/recommender-registry';
import { CatalogIndex, CatalogSnapshot, sizeKey } from './catalog-snapshot';
import { RefreshingValue } from '../../common/refreshing-value';
import { ImpressionBuffer } from './impression-buffer';
import { KEPT_SALES_SQL, KeptSalesRow } from './kept-sales';
import { PersonalScoreScratch, personalScores, Signal } from './personal-scores';
import { dayText, explainList, explanationText, PopularitySource } from './explanation';
import { oneCut, rankProducts, RankedItem, ReasonCode } from './ranking';
import { AvailabilityCopy, StockAvailability, stockChangedSql } from './stock-availability';
import { RecommendationItem, RecommendationList } from './recommendation.types';
import { requireUuid } from '../../common/uuid';

export interface RecommendArgs {
  placement: Placement;
  sessionId?: string | null;
  customerId?: string | null;
  productId?: string | null;
  /** Staff previews: rank as the mirror in this store would (stock here; size unknown). */
  storeId?: string | null;
  /** Staff previews for a made-up shopper: their gender and what they looked at, no history. */
  sample?: { gender: Gender | null; viewedProductIds: string[] } | null;
  limit: number;
}

/** Everything known about who the list is for. */
interface Audience {
  storeId: string | null;
  customerId: string | null;
  sessionId: string | null;
  /** Purchases (oldest first) then session signals (oldest first). */
  history: Signal[];
  /** What the member bought and kept, with when they last bought it (ISO time). */
  owned: ReadonlyMap<string, string>;
  /** Time zone dates are told in (the store's; UTC in the app). */
  timeZone: string;
  gender: Gender | null;
  profile: BodyProfileData | null;
  /** Id of the body scan the profile comes from (a cache key). */
  profileId: string | null;
  /**
   * The member's purchases kept (in part) in a known size, oldest first: the last of a product's brand,
   * garment type and cut (or unisex) is the kept size size advice uses, so lists filter by it too.
   */
  keptLines: readonly PurchaseRow[];
  /** Whether the process's availability copy for the list's store is still exact. */
  stock: StockCheck;
}


/**
 * Everything about the audiences of several concurrent lists in one statement (one row per input, in
 * order; see StatementBatcher): the kiosk's session, purchases, session signals (through the signal
 * index, without the session's impressions), body profile and gender; and, in the same snapshot,
 * whether availability in the list's store (null: anywhere) changed since the snapshot of the copy
 * this process holds (see StockAvailability).
 */

/**
 * The arrays reach unnest through scalar subqueries so that the planner cannot see their length: with
 * the arrays as plain parameters PostgreSQL planned the statement afresh on every execution (a custom
 * plan knows the real count, the generic one assumes 10 rows and so always cost more), ~0.5 ms of
 * planning against ~0.2 ms of executing. Hidden, both estimates are the same and the generic plan is
 * kept after five executions. Demo retailer, 200 executions each: 1 list 0.80 -> 0.22 ms, 6 lists
 * 1.01 -> 0.56 ms per execution, the same rows.
 */
const AUDIENCE_STATEMENT = {
  name: 'mf_rec_audience_v8',
  text: `SELECT ${SESSION_COLUMNS},
     (SELECT COALESCE(json_agg(json_build_object('p', l.product_id, 'k', l.quantity - l.returned_quantity, 's', l.size_label, 'at', o.placed_at) ORDER BY o.placed_at, l.id), '[]') FROM customer_order o
        CROSS JOIN LATERAL (SELECT l.id, l.product_id, l.quantity, l.returned_quantity, v.size_label FROM order_line l LEFT JOIN variant v ON v.id = l.variant_id WHERE l.order_id = o.id) l
        WHERE o.customer_id = COALESCE(r.customer_id, s.customer_id) AND o.status <> 'CANCELLED') AS purchases,
     (SELECT COALESCE(json_agg(json_build_object('product_id', e.product_id, 'kind', e.kind) ORDER BY e.id), '[]') FROM interaction_event e
        WHERE e.session_id = s.id AND e.kind IN ('VIEW', 'CLICK', 'TRY_ON', 'CART_ADD')) AS events,
     (SELECT json_build_object('id', b.id, 'profile', b.profile, 'sex', b.sex) FROM body_scan b WHERE b.session_id = s.id ORDER BY b.created_at DESC LIMIT 1) AS scan,
     (SELECT json_build_object('gender', c.gender) FROM customer c WHERE c.id = COALESCE(r.customer_id, s.customer_id)) AS customer,
     (SELECT st.timezone FROM store st WHERE st.id = COALESCE(s.store_id, r.store_id)) AS timezone,
     ${stockChangedSql('r.store_id', 'r.snapshot')} AS stock_changed
   FROM unnest((SELECT $1::uuid[]), (SELECT $2::uuid[]), (SELECT $3::uuid[]), (SELECT $4::uuid[]), (SELECT $5::text[])) WITH ORDINALITY AS r(customer_id, session_id, kiosk_id, store_id, snapshot, ord)
   LEFT JOIN kiosk_session s ON s.id = r.session_id AND s.kiosk_id = r.kiosk_id
   ORDER BY r.ord`,
};

/** A size for the customer: the label as the product offers it, and as stock is matched ({@link sizeKey}). */
interface SizeFound {
  label: string;
  key: string;
}

/** The customer's size per catalogue index (null: no body profile, or no chart covers the product). */
type SizeOf = (index: number) => SizeFound | null;

/** What one list's audience look-up asks. */
interface AudienceQuery {
  customerId: string | null;
  sessionId: string | null;
  kioskId: string | null;
  stockStoreId: string | null;
  snapshot: string | null;
}

/** One order line of the member's (oldest first): product, units kept (bought less returned), size bought when known, when. */
interface PurchaseRow {
  p: string;
  k: number;
  s: string | null;
  at: string;
}

/** The session's columns are null when no session was asked for or none matched (LEFT JOIN). */
interface AudienceRow extends Omit<SessionRow, 'session_id'> {
  session_id: string | null;
  purchases: PurchaseRow[];
  events: { product_id: string; kind: string }[];
  scan: { id: string; profile: BodyProfileData; sex: 'M' | 'F' | null } | null;
  customer: { gender: Gender | null } | null;
  /** The list's store's time zone (dates in explanations). */
  timezone: string | null;
  stock_changed: boolean;
}

function runAudienceStatement(em: EntityManager, queries: AudienceQuery[]): Promise<AudienceRow[]> {
  const column = <K extends keyof AudienceQuery>(key: K) => queries.map((q) => q[key]);
  return preparedQuery<AudienceRow>(em, AUDIENCE_STATEMENT, [column('customerId'), column('sessionId'), column('kioskId'), column('stockStoreId'), column('snapshot')]);
}

/** What a request's statement said about the process's availability copy. */
interface StockCheck {
  storeId: string | null;
  copy: AvailabilityCopy | null;
  changed: boolean;
  answeredAt: number;
}

/**
 * Recommendations per placement: the serving model scores the customer's history plus what happened
 * in the session, blended with store popularity and the merchandisers' rules, then limited to what
 * can actually be handed over (in stock here, in the customer's size, on the mirror).
 */
export class RecommendationService {
  private readonly catalog: CatalogSnapshot;
  /** Size charts, and which chart applies to each product (of the catalogue snapshot). */
  private charts: { rows: SizeChartEntity[]; chartOf: WeakMap<CatalogIndex, Int32Array>; at: number } | null = null;
  /** Store sales per store (key '*': all stores), refreshed every minute in the background; dense per catalogue snapshot. */
  private popularity = new Map<
    string,
    {
      refreshing: RefreshingValue<Map<string, number>>;
      fallback: { serving: ServingModel; scores: Map<string, number> } | null;
      dense: { catalog: CatalogIndex; scores: Map<string, number>; values: Float64Array } | null;
    }
  >();
  /** Availability per store, checked against every request's snapshot. */
  readonly stock = new StockAvailability();
  private audienceBatcher: StatementBatcher<AudienceQuery, AudienceRow> | null = null;
  /** Scratch personal and model scores: ranking is synchronous, so one set of buffers serves every request (read by rankProducts, then free). */
  private readonly personalScratch = new PersonalScoreScratch();
  /** Size per (body scan, chart, offered sizes, kept size): a profile does not change, so each is computed once. */
  private readonly sizeCache = new Map<string, SizeFound | null>();

  constructor(
    private readonly sessions: KioskSessionService,
    private readonly registry: RecommenderRegistry,
    private readonly configs: RecConfigService,
    private readonly experiments: ExperimentService,
    private readonly impressions: ImpressionBuffer,
    private readonly log?: Logger,
  ) {
    this.catalog = new CatalogSnapshot(60_000, (error) => this.log?.warn({ err: error }, 'could not refresh the catalogue snapshot for recommendations; serving the previous copy'));
  }

  async recommend(ctx: RequestContext, args: RecommendArgs, options: { rules?: RecommendationRules; configVersion?: number; recordImpressions?: boolean; responseKey?: string } = {}): Promise<RecommendationList | SessionNotFoundError | SessionEndedError | NotFoundError | InvalidInputError> {
    if (!Number.isInteger(args.limit) || args.limit < 1 || args.limit > 50) throw badInput('limit must be from 1 to 50', 'limit');
    // Whoever calls (the schema checks these too), a malformed id must not reach the shared audience statement.
    requireUuid(args.sessionId, 'sessionId', 'session');
    requireUuid(args.customerId, 'customerId', 'customer');
    requireUuid(args.productId, 'productId', 'product');
    requireUuid(args.storeId, 'storeId', 'store');
    const needsProduct = args.placement === Placement.SIMILAR || args.placement === Placement.COMPLETE_THE_LOOK;
    if (needsProduct && !args.productId) return new InvalidInputError('productId', `${args.placement} needs a productId`);
    const catalog = await this.catalog.get(ctx.em);
    if (args.productId && !catalog.facts.has(args.productId)) {
      const exists = await ctx.em.getRepository(ProductEntity).exists({ where: { id: args.productId } });
      if (!exists) return new NotFoundError('Product', `No product has the id ${args.productId}`);
      this.catalog.invalidate();
    }
    const audience = await this.audienceFor(ctx, args);
    if (!('history' in audience)) return audience;

    let rules = options.rules;
    let configVersion = options.configVersion ?? 0;
    let experimentId: string | null = null;
    let arm: string | null = null;
    if (!rules) {
      const assigned = await this.experiments.assignment(ctx.em, audience.customerId, audience.sessionId);
      if (assigned) {
        rules = (await this.configs.byVersion(ctx.em, assigned.configVersion)) ?? undefined;
        if (rules) {
          configVersion = assigned.configVersion;
          experimentId = assigned.experimentId;
          arm = assigned.arm;
        }
      }
      if (!rules) ({ rules, version: configVersion } = await this.configs.published(ctx.em));
    }

    const serving = this.registry.serving;
    const kiosk = KIOSK_PLACEMENTS.has(args.placement) && audience.storeId !== null;
    const { values: popular, source: popularity } = await this.popularityFor(ctx.em, audience.storeId, serving, catalog);
    const sizeOf = await this.sizesFor(ctx.em, audience, catalog);
    // Only what can be handed over: on the mirror in the customer's size in this store, elsewhere in
    // any size anywhere; as exact as the audience statement's snapshot.
    let stock: (readonly (ReadonlySet<string> | undefined)[]) | null = null;
    if (kiosk || rules.stockPolicy !== StockPolicy.IGNORE_STOCK) {
      const check = audience.stock;
      stock = availabilityByIndex(await this.stock.resolve(ctx.em, check.storeId, check.copy, check.changed, check.answeredAt), catalog);
    }

    // From here on the list is worked out synchronously.
    const signals = this.signalsFor(audience, args);
    const { personal, part } = personalScores(serving, catalog, signals, audience.owned.keys(), this.personalScratch);
    const anchor = args.productId ? catalog.indexOf.get(args.productId) : undefined;
    const anchorFacts = anchor === undefined ? null : catalog.products[anchor];
    const owned = new Set<number>();
    for (const id of audience.owned.keys()) {
      const i = catalog.indexOf.get(id);
      if (i !== undefined && !catalog.rebuyable[i]) owned.add(i);
    }
    const accept = (i: number): boolean => {
      if (owned.has(i) || i === anchor) return false;
      const p = catalog.products[i];
      if (audience.gender && p.gender !== Gender.UNISEX && p.gender !== audience.gender) return false;
      if (anchorFacts && args.placement === Placement.SIMILAR && p.garmentType !== anchorFacts.garmentType) return false;
      if (anchorFacts && args.placement === Placement.COMPLETE_THE_LOOK && p.garmentType === anchorFacts.garmentType) return false;
      if (stock) {
        const available = stock[i];
        if (!available || available.size === 0) return false;
        // On the mirror, in the size sizeAdvice recommends; without one (no body profile yet, or no
        // chart covers the product) any size in stock here, and the explanation says the size is open.
        const size = kiosk ? sizeOf(i) : null;
        if (size !== null && !available.has(size.key)) return false;
      }
      return true;
    };
    const ranked = rankProducts({ catalog, personal, popular, rules, placement: args.placement, storeId: audience.storeId, limit: args.limit, accept });
    explainList({ items: ranked, catalog, rules, popular, popularity, personal: part });
    // What the member buys again is there for that: say when they last bought it.
    for (const item of ranked) {
      if (item.pinned || !audience.owned.has(item.productId)) continue;
      item.reason = ReasonCode.BUY_AGAIN;
      item.sourceProductId = item.productId;
    }

    const items = this.toItems(ranked, catalog, sizeOf, audience, kiosk);
    if (options.recordImpressions !== false && items.length) {
      const impression = { sessionId: audience.sessionId, customerId: audience.customerId, storeId: audience.storeId, productIds: items.map((item) => item.product.id), placement: args.placement, experimentId, arm, shownAt: Date.now() };
      // Counted as shown only if the list reaches the client (a refused field can null it on the way out).
      if (options.responseKey !== undefined && ctx.deliveries) ctx.deliveries.whenDelivered(options.responseKey, () => this.impressions.add(impression));
      else this.impressions.add(impression);
    }
    return Object.assign(new RecommendationList(), { placement: args.placement, items, modelVersion: serving?.version ?? null, configVersion, experimentId, experimentArm: arm });
  }

  /**
   * Audience look-ups outside transactions, coalesced under load (at most 3 statements at a time). A
   * batch PostgreSQL refuses for its data (SQLSTATE class 22, e.g. a malformed uuid) is retried in
   * halves so that only the look-up at fault fails; a lost connection or a timeout fails the batch.
   */
  private audiences(em: EntityManager): StatementBatcher<AudienceQuery, AudienceRow> {
    this.audienceBatcher ??= new StatementBatcher((queries) => runAudienceStatement(em.connection.manager, queries), { maxInFlight: 3, maxBatch: 64, isolate: isDataException });
    return this.audienceBatcher;
  }

  /** Where a list's stock is counted: the store on mirror placements (a kiosk's, or the one a preview asks for), else anywhere. */
  private stockScope(args: RecommendArgs, storeId: string | null): string | null {
    return KIOSK_PLACEMENTS.has(args.placement) && storeId ? storeId : null;
  }

  /** Records what the customer did with a product; it changes the session's next recommendations at once. */
  async recordInteraction(ctx: RequestContext, sessionId: string, productId: string, kind: InteractionKind, placement: Placement | null): Promise<true | SessionNotFoundError | SessionEndedError | NotFoundError> {
    if (kind === InteractionKind.IMPRESSION || kind === InteractionKind.PURCHASE) throw badInput('impressions and purchases are recorded by the server', 'kind');
    requireUuid(sessionId, 'sessionId', 'session');
    requireUuid(productId, 'productId', 'product');
    const session = await this.sessions.requireActive(ctx, sessionId);
    if (!(session instanceof KioskSessionEntity)) return session;
    const { facts } = await this.catalog.get(ctx.em);
    if (!facts.has(productId) && !(await ctx.em.getRepository(ProductEntity).exists({ where: { id: productId } }))) return new NotFoundError('Product', `No product has the id ${productId}`);
    const assigned = await this.experiments.assignment(ctx.em, session.customerId, session.id);
    await ctx.em.query(
      `INSERT INTO interaction_event (session_id, customer_id, store_id, product_id, kind, placement, experiment_id, arm) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [session.id, session.customerId, session.storeId, productId, kind, placement, assigned?.experimentId ?? null, assigned?.arm ?? null],
    );
    return true;
  }

  private async audienceFor(ctx: RequestContext, args: RecommendArgs): Promise<Audience | SessionNotFoundError | SessionEndedError> {
    const p = ctx.principal;
    let session: KioskSessionEntity | null = null;
    let customerId: string | null = null;
    let storeId: string | null = null;
    let kioskId: string | null = null;
    if (p.kind === 'kiosk') {
      if (!args.sessionId) throw badInput('a kiosk asks for recommendations within a session: give sessionId', 'sessionId');
      if (args.customerId) throw forbidden('a kiosk cannot ask for another customer’s recommendations');
      kioskId = p.kioskId;
    } else if (p.kind === 'customer') {
      if (args.sessionId) throw badInput('the app asks for its own recommendations without a sessionId', 'sessionId');
      if (args.customerId && args.customerId !== p.customerId) throw forbidden('a member can only see their own recommendations');
      customerId = p.customerId;
    } else if (p.kind === 'staff') {
      if (args.sessionId) throw badInput('staff preview recommendations by customerId', 'sessionId');
      storeId = args.storeId ?? null;
      if (args.sample) {
        return {
          storeId,
          customerId: null,
          sessionId: null,
          history: args.sample.viewedProductIds.map((productId) => ({ productId, kind: ReasonCode.VIEWED })),
          owned: new Map<string, string>(),
          timeZone: 'UTC',
          gender: oneCut(args.sample.gender),
          profile: null,
          profileId: null,
          keptLines: [],
          // No statement ran to check a copy against: read availability now.
          stock: { storeId: this.stockScope(args, storeId), copy: null, changed: true, answeredAt: this.stock.mark() },
        };
      }
      if (!args.customerId) throw badInput('give a customerId to preview a member’s recommendations', 'customerId');
      customerId = args.customerId;
    }
    const stockStoreId = this.stockScope(args, p.kind === 'kiosk' ? p.storeId : storeId);
    const copy = this.stock.copyFor(stockStoreId);
    const query: AudienceQuery = { customerId, sessionId: kioskId ? args.sessionId! : null, kioskId, stockStoreId, snapshot: copy?.snapshot ?? null };
    // Inside a transaction the statement runs on its connection, alone; otherwise concurrent lists share it.
    const row = ctx.em.queryRunner ? (await runAudienceStatement(ctx.em, [query]))[0] : await this.audiences(ctx.em).load(query);
    const answeredAt = this.stock.mark();
    if (kioskId) {
      if (!row.session_id) return new SessionNotFoundError(args.sessionId!);
      const checked = await this.sessions.activeOrEnded(ctx, sessionFromRow(row as SessionRow));
      if (!(checked instanceof KioskSessionEntity)) return checked;
      session = checked;
      customerId = checked.customerId;
      storeId = checked.storeId;
    }
    const events = row.events;
    const profile = row.scan ? [row.scan] : [];
    const customer = row.customer ? [row.customer] : [];
    if (p.kind === 'staff' && customer.length === 0) throw badInput(`no customer has the id ${customerId}`, 'customerId');
    const kindOf: Record<string, ReasonCode> = { VIEW: ReasonCode.VIEWED, CLICK: ReasonCode.VIEWED, TRY_ON: ReasonCode.TRIED_ON, CART_ADD: ReasonCode.IN_CART };
    const history: Signal[] = [];
    const owned = new Map<string, string>();
    const keptLines: PurchaseRow[] = [];
    for (const line of row.purchases) {
      // A line returned in full was not kept: it is neither owned nor a reason for other items.
      if (line.k <= 0) continue;
      history.push({ productId: line.p, kind: ReasonCode.PURCHASE_HISTORY });
      owned.set(line.p, line.at);
      if (line.s !== null) keptLines.push(line);
    }
    for (const e of events) history.push({ productId: e.product_id, kind: kindOf[e.kind] });
    if (args.placement === Placement.AFTER_TRY_ON && args.productId) history.push({ productId: args.productId, kind: ReasonCode.TRIED_ON });
    // The member's gender when it is one cut, else the sex declared with the session's scan (anonymous
    // shoppers too); a member who gave UNISEX shops both cuts unless their scan says otherwise.
    const declared = row.scan?.sex === 'M' ? Gender.MEN : row.scan?.sex === 'F' ? Gender.WOMEN : null;
    const gender = oneCut(customer[0]?.gender) ?? declared;
    return {
      storeId,
      customerId,
      sessionId: session?.id ?? null,
      history,
      owned,
      timeZone: row.timezone ?? 'UTC',
      gender,
      profile: (profile[0]?.profile as BodyProfileData | undefined) ?? null,
      profileId: (profile[0]?.id as string | undefined) ?? null,
      keptLines,
      stock: { storeId: stockStoreId, copy, changed: copy === null || row.stock_changed, answeredAt },
    };
  }

  /** What the list follows: the anchor product on SIMILAR / COMPLETE_THE_LOOK, else purchases and the session's signals. */
  private signalsFor(audience: Audience, args: RecommendArgs): Signal[] {
    if (args.placement === Placement.SIMILAR || args.placement === Placement.COMPLETE_THE_LOOK) {
      return [{ productId: args.productId!, kind: args.placement === Placement.SIMILAR ? ReasonCode.SIMILAR_ITEM : ReasonCode.GOES_WITH }];
    }
    return audience.history;
  }

  /** Units kept (sold less returned, cancelled orders left out) over the last 180 days in the store (all stores for the app), normalised, per catalogue index; cached for a minute. */
  private async popularityFor(em: EntityManager, storeId: string | null, serving: ServingModel | null, catalog: CatalogIndex): Promise<{ values: Float64Array; source: PopularitySource }> {
    const key = storeId ?? '*';
    let entry = this.popularity.get(key);
    if (!entry) {
      // Outside any transaction of the caller: a background refresh outlives the request.
      const manager = em.connection.manager;
      const refreshing = new RefreshingValue(
        async () => {
          const rows: KeptSalesRow[] = await manager.query(KEPT_SALES_SQL, [storeId]);
          const scores = new Map<string, number>();
          const max = rows.reduce((m, r) => Math.max(m, Number(r.n)), 0);
          for (const r of rows) scores.set(r.product_id, max ? Number(r.n) / max : 0);
          return scores;
        },
        60_000,
        // The copy is kept and the next request retries.
        (error) => this.log?.warn({ err: error, storeId }, 'could not refresh store popularity; serving the previous copy'),
      );
      entry = { refreshing, fallback: null, dense: null };
      this.popularity.set(key, entry);
    }
    let scores = await entry.refreshing.get();
    let source = PopularitySource.SALES;
    // No sales yet: the serving model's own popularity (and explanations say so).
    if (scores.size === 0 && serving) {
      if (entry.fallback?.serving !== serving) entry.fallback = { serving, scores: new Map(serving.productIds.map((id, i) => [id, serving.model.state.popularity[i]])) };
      scores = entry.fallback.scores;
      source = PopularitySource.OVERALL;
    }
    if (entry.dense?.catalog !== catalog || entry.dense.scores !== scores) {
      const from = scores;
      entry.dense = { catalog, scores, values: Float64Array.from(catalog.products, (p) => from.get(p.id) ?? 0) };
    }
    return { values: entry.dense.values, source };
  }

  /**
   * The customer's size for each product (catalogue index) as sizeAdvice works it out: the product's
   * chart (brand chart, else the house default), the sizes its variants offer, and the size the member
   * bought and kept of that brand and garment type in its cut or a unisex one (the latest). Null when
   * no chart covers the product (none for its brand, garment type and cut, or none of its sizes is in
   * it). Computed once per body scan, chart, offered sizes and kept size, and only for the products
   * ranking asks about; per candidate, a few array reads and one numeric map look-up.
   */
  private async sizesFor(em: EntityManager, audience: Audience, catalog: CatalogIndex): Promise<SizeOf> {
    const { profile, profileId } = audience;
    if (!profile || !profileId) return () => null;
    if (!this.charts || Date.now() - this.charts.at > 60_000) this.charts = { rows: await em.getRepository(SizeChartEntity).find(), chartOf: new WeakMap(), at: Date.now() };
    const { rows: charts, chartOf: byCatalog } = this.charts;
    let chartOf = byCatalog.get(catalog);
    if (!chartOf) {
      chartOf = Int32Array.from(catalog.products, (p) => {
        const own = charts.findIndex((ch) => ch.brand === p.brand && ch.garmentType === p.garmentType && ch.gender === p.gender);
        return own >= 0 ? own : charts.findIndex((ch) => ch.brand === null && ch.garmentType === p.garmentType && ch.gender === p.gender);
      });
      byCatalog.set(catalog, chartOf);
    }
    const charted = chartOf;
    const { offerOf, offerKeys, keptGroupOf, unisexGroupOf } = catalog;
    // Kept size per kept group: the latest line wins (lines come oldest first); labels numbered.
    const keptLabels: string[] = [];
    const kept = new Map<number, { label: number; order: number }>();
    audience.keptLines.forEach((line, order) => {
      const i = catalog.indexOf.get(line.p);
      if (i === undefined) return;
      let label = keptLabels.indexOf(line.s!);
      if (label < 0) label = keptLabels.push(line.s!) - 1;
      kept.set(keptGroupOf[i], { label, order });
    });
    const keptFor = (index: number): number => {
      if (!kept.size) return -1;
      const own = kept.get(keptGroupOf[index]);
      const unisex = unisexGroupOf[index] < 0 ? undefined : kept.get(unisexGroupOf[index]);
      if (!own || !unisex) return (own ?? unisex)?.label ?? -1;
      return own.order > unisex.order ? own.label : unisex.label;
    };
    const offers = offerKeys.length;
    const known = new Map<number, SizeFound | null>();
    return (index) => {
      const c = charted[index];
      if (c < 0) return null;
      const keptLabel = keptFor(index);
      const offer = offerOf[index];
      const local = (c * offers + offer) * (keptLabels.length + 1) + keptLabel + 1;
      let size = known.get(local);
      if (size === undefined) {
        const chart = charts[c];
        const p = catalog.products[index];
        const keptSize = keptLabel < 0 ? null : { size: keptLabels[keptLabel], brand: p.brand };
        // The choice depends on the body, the chart, the offered sizes and the kept size only (fit type changes how it fits, not which size).
        const key = `${profileId}|${chart.id}|${chart.updatedAt.getTime()}|${offerKeys[offer]}|${keptSize?.size ?? ''}`;
        size = this.sizeCache.get(key);
        if (size === undefined) {
          if (this.sizeCache.size > 20_000) this.sizeCache.clear();
          try {
            const label = adviseSize({ profile, garmentType: p.garmentType, fitType: p.fitType, chart: chart.rows, offeredSizes: p.sizes, keptSize }).size;
            size = { label, key: sizeKey(label) };
          } catch (error) {
            // The chart does not cover the product's sizes: sizeAdvice answers NoSizeChartError.
            if (!(error instanceof SizeAdviceInputError)) throw error;
            size = null;
          }
          this.sizeCache.set(key, size);
        }
        known.set(local, size);
      }
      return size;
    };
  }

  private toItems(ranked: RankedItem[], catalog: CatalogIndex, sizeOf: SizeOf, audience: Audience, kiosk: boolean): RecommendationItem[] {
    const items: RecommendationItem[] = [];
    for (const r of ranked) {
      const index = catalog.indexOf.get(r.productId);
      if (index === undefined) continue;
      const product = catalog.products[index].entity;
      const source = r.sourceProductId ? catalog.facts.get(r.sourceProductId) : undefined;
      const size = sizeOf(index)?.label ?? null;
      const boughtOn = r.reason === ReasonCode.BUY_AGAIN ? audience.owned.get(r.productId) : undefined;
      let text = explanationText(
        r.reason,
        { inStore: audience.storeId !== null, kiosk },
        source && { name: source.name, sameKind: source.garmentType === product.garmentType },
        boughtOn ? dayText(boughtOn, audience.timeZone) : undefined,
      );
      // On the mirror, a list without the customer's size says so (it shows what is here in any size).
      if (kiosk && size === null) text += audience.profile ? ' · No size guide for this item' : ' · Scan to see your size';
      items.push(
        Object.assign(new RecommendationItem(), {
          product: Product.from(product),
          position: items.length + 1,
          score: Math.round(r.score * 10_000) / 10_000,
          reason: r.reason,
          explanation: text,
          suggestedSize: size,
        }),
      );
    }
    return items;
  }
}

/** Available sizes per catalogue index, per availability copy and catalogue snapshot. */
const availabilityMaps = new WeakMap<AvailabilityCopy, { catalog: CatalogIndex; sizes: (ReadonlySet<string> | undefined)[] }>();
function availabilityByIndex(copy: AvailabilityCopy, catalog: CatalogIndex): (ReadonlySet<string> | undefined)[] {
  const cached = availabilityMaps.get(copy);
  if (cached && cached.catalog === catalog) return cached.sizes;
  const sizes = catalog.products.map((p) => copy.sizes.get(p.id));
  availabilityMaps.set(copy, { catalog, sizes });
  return sizes;
}

