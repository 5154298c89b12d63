import { EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../../auth/principal';
import { InvalidInputError, NotFoundError } from '../../common/error-result.type';
import { forbidden } from '../../common/errors';
import { inTransaction, RequestContext } from '../../common/request-context';
import { RecConfigEntity } from '../config/rec-config.entity';
import { ImpressionBuffer } from '../serving/impression-buffer';
import { assignArm } from './experiment-assignment';
import { ExperimentArmResult, RecommendationExperiment, ShareDifference, StartExperimentInput, UnitShare } from './experiment.types';
import { newcombeDifference, wilsonInterval } from './proportion-intervals';
import { RecExperimentEntity } from './rec-experiment.entity';
import { requireUuid } from '../../common/uuid';

/**
 * Held (transaction-scoped) while an experiment starts: two starts at once would each stop the
 * experiments they can see and both leave theirs running. The later one waits, then stops the first.
 */
const EXPERIMENT_START_LOCK = 7355613;

/**
 * Experiments are staff business whoever calls the service (the schema checks too): who is in which arm
 * and how the arms do must not reach a shopper or a mirror.
 */
function requireStaff(ctx: RequestContext): StaffPrincipal {
  if (ctx.principal.kind !== 'staff') throw forbidden('Only staff can see or run experiments');
  return ctx.principal;
}

function toType(e: RecExperimentEntity): RecommendationExperiment {
  return Object.assign(new RecommendationExperiment(), { id: e.id, name: e.name, status: e.status, unit: e.unit, arms: e.arms, createdAt: e.createdAt, stoppedAt: e.stoppedAt });
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** The share of `units` of an arm's `of` units with its Wilson interval, and its difference from the first arm's. */
function unitShare(units: number, of: number, first: { units: number; of: number } | null): UnitShare {
  const interval = wilsonInterval(units, of);
  const d = first ? newcombeDifference(units, of, first.units, first.of) : null;
  return Object.assign(new UnitShare(), {
    units,
    share: of ? round(units / of) : null,
    low: interval ? round(interval.low) : null,
    high: interval ? round(interval.high) : null,
    differenceFromFirstArm: d ? Object.assign(new ShareDifference(), { difference: round(d.difference), low: round(d.low), high: round(d.high) }) : null,
  });
}

/** How long after a list a member's tap, try-on or cart add (at any mirror) still counts for it in a CUSTOMER experiment. */
export const CUSTOMER_INTERACTION_WINDOW = '24 hours';
/** How long after a list a purchase of one of its products counts for it. */
export const PURCHASE_WINDOW = '7 days';

/**
 * Per-arm counts in one statement. $1 experiment, $2 its start, $3 its stop (null: running). Units
 * (`unit`) are customer or session ids, by the experiment's unit; everything is joined on them.
 *
 * Each interaction and order line looks up the one list that counts for it (the unit's latest list in
 * the experiment showing its product, in the window before it) through the unit's index on
 * rec_impression: (customer_id, created_at) or (session_id, created_at). Expanding the units' lists
 * into one row per product shown and joining on that instead spills millions of rows to disk once an
 * experiment has tens of thousands of members.
 */
function resultsStatement(unit: 'CUSTOMER' | 'SESSION'): string {
  const customer = unit === 'CUSTOMER';
  const listUnit = customer ? 'i.customer_id' : 'i.session_id';
  const eventUnit = customer ? 'e.customer_id' : 'e.session_id';
  // A member's interaction counts for a list shown in the window before it, at any mirror; a session's for its own lists, whenever in it.
  const actWindow = customer ? `AND i.created_at >= a.at - interval '${CUSTOMER_INTERACTION_WINDOW}'` : '';
  // Whose orders are a unit's: the member; for a session, the member signed in at it and whoever took its cart to the app.
  const buyers = customer
    ? `SELECT DISTINCT unit, unit AS customer_id FROM lists`
    : `SELECT k.id AS unit, k.customer_id FROM kiosk_session k WHERE k.customer_id IS NOT NULL AND k.id IN (SELECT unit FROM lists)
       UNION
       SELECT h.session_id, h.claimed_by FROM cart_handoff h WHERE h.status = 'CONFIRMED' AND h.claimed_by IS NOT NULL AND h.session_id IN (SELECT unit FROM lists)`;
  return `
    WITH lists AS (
      -- Lists shown in the experiment to a unit of its kind (a list tagged by another process in the seconds after the stop is not).
      SELECT i.arm, ${listUnit} AS unit, cardinality(i.product_ids) AS items
      FROM rec_impression i
      WHERE i.experiment_id = $1 AND ${listUnit} IS NOT NULL AND i.created_at <= COALESCE($3::timestamptz, 'infinity')
    ),
    exposure AS (
      SELECT arm, COUNT(DISTINCT unit)::int AS units, SUM(items)::int AS impressions FROM lists GROUP BY arm
    ),
    acts AS (
      SELECT e.id, e.kind, ${eventUnit} AS unit, e.product_id, e.created_at AS at
      FROM interaction_event e
      WHERE e.kind IN ('CLICK', 'TRY_ON', 'CART_ADD') AND ${eventUnit} IN (SELECT unit FROM lists)
        AND e.created_at >= $2 AND e.created_at <= COALESCE($3::timestamptz, 'infinity')
    ),
    buyers AS (${buyers}),
    bought AS (
      SELECT l.id, l.product_id, o.customer_id, o.placed_at
      FROM customer_order o JOIN order_line l ON l.order_id = o.id
      WHERE o.status <> 'CANCELLED' AND o.customer_id IN (SELECT customer_id FROM buyers)
        AND o.placed_at >= $2 AND o.placed_at <= COALESCE($3::timestamptz, 'infinity')
    ),
    -- An interaction goes to the latest list of the same unit in the experiment that showed its product before it.
    -- (Acts and orders are up to the stop, so these lists are too.)
    act_arms AS (
      SELECT a.kind, s.arm, a.unit
      FROM acts a CROSS JOIN LATERAL (
        SELECT i.arm FROM rec_impression i
        WHERE ${listUnit} = a.unit AND i.created_at <= a.at ${actWindow}
          AND i.experiment_id = $1 AND a.product_id = ANY (i.product_ids)
        ORDER BY i.created_at DESC, i.id DESC LIMIT 1
      ) s
    ),
    -- An order line goes to the latest list showing its product to a unit of the buyer in the window before it (last touch).
    purchase_arms AS (
      SELECT DISTINCT ON (b.id) b.id, s.arm, u.unit
      FROM bought b JOIN buyers u ON u.customer_id = b.customer_id CROSS JOIN LATERAL (
        SELECT i.arm, i.created_at, i.id FROM rec_impression i
        WHERE ${listUnit} = u.unit AND i.created_at <= b.placed_at AND i.created_at >= b.placed_at - interval '${PURCHASE_WINDOW}'
          AND i.experiment_id = $1 AND b.product_id = ANY (i.product_ids)
        ORDER BY i.created_at DESC, i.id DESC LIMIT 1
      ) s
      ORDER BY b.id, s.created_at DESC, s.id DESC
    ),
    acted AS (
      SELECT arm,
             COUNT(*) FILTER (WHERE kind = 'CLICK')::int AS clicks,
             COUNT(*) FILTER (WHERE kind = 'TRY_ON')::int AS try_ons,
             COUNT(*) FILTER (WHERE kind = 'CART_ADD')::int AS cart_adds,
             COUNT(DISTINCT unit) FILTER (WHERE kind = 'CLICK')::int AS units_clicked,
             COUNT(DISTINCT unit) FILTER (WHERE kind = 'TRY_ON')::int AS units_tried_on,
             COUNT(DISTINCT unit) FILTER (WHERE kind = 'CART_ADD')::int AS units_added
      FROM act_arms GROUP BY arm
    ),
    purchased AS (
      SELECT arm, COUNT(*)::int AS purchases, COUNT(DISTINCT unit)::int AS units_purchased FROM purchase_arms GROUP BY arm
    )
    SELECT x.arm, x.units, x.impressions,
           COALESCE(a.clicks, 0) AS clicks, COALESCE(a.try_ons, 0) AS try_ons, COALESCE(a.cart_adds, 0) AS cart_adds,
           COALESCE(a.units_clicked, 0) AS units_clicked, COALESCE(a.units_tried_on, 0) AS units_tried_on, COALESCE(a.units_added, 0) AS units_added,
           COALESCE(p.purchases, 0) AS purchases, COALESCE(p.units_purchased, 0) AS units_purchased
    FROM exposure x LEFT JOIN acted a ON a.arm = x.arm LEFT JOIN purchased p ON p.arm = x.arm`;
}

interface ArmRow {
  arm: string;
  units: number;
  impressions: number;
  clicks: number;
  try_ons: number;
  cart_adds: number;
  purchases: number;
  units_clicked: number;
  units_tried_on: number;
  units_added: number;
  units_purchased: number;
}

/** A/B tests between rule versions: stable assignment by hash, per-arm results with confidence intervals. */
export class ExperimentService {
  private cache: { experiment: RecExperimentEntity | null; at: number } | null = null;

  constructor(private readonly impressions: ImpressionBuffer) {}

  /**
   * The arm for a customer or session while an experiment runs, else null (not in the experiment: the
   * caller serves the published rules and the list is not counted). A CUSTOMER experiment takes members
   * only, by customer id: an anonymous session is out of it until a member signs in, and then sees the
   * member's arm for good (bucketing it by session until then would show it both arms and count it as
   * two units). A SESSION experiment takes mirror sessions, by session id; requests without a session
   * (the app) are out of it, so a member's app lists do not mix a second kind of unit into the split.
   */
  async assignment(em: EntityManager, customerId: string | null, sessionId: string | null): Promise<{ experimentId: string; arm: string; configVersion: number } | null> {
    if (!this.cache || Date.now() - this.cache.at > 5_000) {
      this.cache = { experiment: await em.getRepository(RecExperimentEntity).findOne({ where: { status: 'RUNNING' } }), at: Date.now() };
    }
    const experiment = this.cache.experiment;
    if (!experiment) return null;
    const unit = experiment.unit === 'CUSTOMER' ? customerId : sessionId;
    if (!unit) return null;
    const arm = assignArm(experiment.id, unit, experiment.arms);
    return { experimentId: experiment.id, arm: arm.name, configVersion: arm.configVersion };
  }

  async start(ctx: RequestContext, input: StartExperimentInput): Promise<RecommendationExperiment | InvalidInputError> {
    const { staffId } = requireStaff(ctx);
    const names = new Set(input.arms.map((a) => a.name));
    if (names.size !== input.arms.length) return new InvalidInputError('input.arms', 'arm names must differ');
    for (const [i, arm] of input.arms.entries()) {
      if (arm.configVersion === 0) continue;
      const config = await ctx.em.getRepository(RecConfigEntity).findOne({ where: { version: arm.configVersion } });
      if (!config) return new InvalidInputError(`input.arms[${i}].configVersion`, `no rule version ${arm.configVersion}`);
      if (config.status === 'DRAFT') return new InvalidInputError(`input.arms[${i}].configVersion`, 'an experiment serves published or archived versions, not the draft');
    }
    const saved = await inTransaction(ctx, async (tx) => {
      await tx.em.query('SELECT pg_advisory_xact_lock($1)', [EXPERIMENT_START_LOCK]);
      await tx.em.query(`UPDATE rec_experiment SET status = 'STOPPED', stopped_at = now() WHERE status = 'RUNNING'`);
      return tx.em.getRepository(RecExperimentEntity).save({ name: input.name, status: 'RUNNING', unit: input.unit, arms: input.arms.map((a) => ({ name: a.name, configVersion: a.configVersion, weight: a.weight })), createdBy: staffId, stoppedAt: null });
    });
    this.cache = null;
    return toType(saved);
  }

  async stop(ctx: RequestContext, id: string): Promise<RecommendationExperiment | NotFoundError> {
    requireStaff(ctx);
    requireUuid(id, 'id', 'experiment');
    const repo = ctx.em.getRepository(RecExperimentEntity);
    const found = await repo.findOne({ where: { id } });
    if (!found) return new NotFoundError('Experiment', `No experiment has the id ${id}`);
    if (found.status === 'RUNNING') await repo.update(id, { status: 'STOPPED', stoppedAt: new Date() });
    this.cache = null;
    return toType(await repo.findOneByOrFail({ id }));
  }

  async list(ctx: RequestContext): Promise<RecommendationExperiment[]> {
    requireStaff(ctx);
    return (await ctx.em.getRepository(RecExperimentEntity).find({ order: { createdAt: 'DESC' }, take: 50 })).map(toType);
  }

  /**
   * Per-arm results while the experiment ran (lists, interactions and orders up to its stop). An
   * interaction (tap, try-on, cart add) counts for an arm when its product was in a list shown in that
   * arm to the same unit before it: in the same session for SESSION units, within 24 hours (at any
   * mirror or in the app) for CUSTOMER units. An order line counts when its product was shown to a unit
   * of the buyer in the 7 days before the order; it goes to the latest such showing only (last touch),
   * so a product shown in two arms counts once. A session's buyers are the member signed in at it and
   * whoever took its cart to the app, so an anonymous session's hand-off order counts for its arm.
   * Shares are per unit (the unit of randomisation) with Wilson intervals over units, and each arm
   * after the first has its difference from the first with Newcombe's hybrid score interval.
   */
  async results(ctx: RequestContext, id: string): Promise<ExperimentArmResult[] | NotFoundError> {
    requireStaff(ctx);
    requireUuid(id, 'id', 'experiment');
    const experiment = await ctx.em.getRepository(RecExperimentEntity).findOne({ where: { id } });
    if (!experiment) return new NotFoundError('Experiment', `No experiment has the id ${id}`);
    await this.impressions.flush();
    const rows: ArmRow[] = await ctx.em.query(resultsStatement(experiment.unit), [id, experiment.createdAt, experiment.stoppedAt]);
    const empty: Omit<ArmRow, 'arm'> = { units: 0, impressions: 0, clicks: 0, try_ons: 0, cart_adds: 0, purchases: 0, units_clicked: 0, units_tried_on: 0, units_added: 0, units_purchased: 0 };
    const byArm = experiment.arms.map((arm) => ({ ...empty, ...rows.find((r) => r.arm === arm.name), arm: arm.name }));
    const first = byArm[0];
    return byArm.map((r, i) => {
      const share = (key: 'units_clicked' | 'units_tried_on' | 'units_added' | 'units_purchased') => unitShare(r[key], r.units, i === 0 ? null : { units: first[key], of: first.units });
      return Object.assign(new ExperimentArmResult(), {
        arm: r.arm,
        units: r.units,
        impressions: r.impressions,
        clicks: r.clicks,
        tryOns: r.try_ons,
        cartAdds: r.cart_adds,
        purchases: r.purchases,
        clicked: share('units_clicked'),
        triedOn: share('units_tried_on'),
        addedToCart: share('units_added'),
        purchased: share('units_purchased'),
      });
    });
  }
}
