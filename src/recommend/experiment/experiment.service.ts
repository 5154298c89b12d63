import { EntityManager } from 'typeorm';
import { InvalidInputError, NotFoundError } from '../../common/error-result.type';
import { forbidden } from '../../common/errors';
import { inTransaction, RequestContext } from '../../common/request-context';
import { RecConfigEntity } from '../config/rec-config.entity';
import { ImpressionBuffer } from '../serving/impression-buffer';
import { assignArm, wilsonInterval } from './experiment-assignment';
import { ExperimentArmResult, RateWithInterval, RecommendationExperiment, StartExperimentInput } from './experiment.types';
import { RecExperimentEntity } from './rec-experiment.entity';
import { requireUuid } from '../uuid';

/**
 * Held (transaction-scoped) while an experiment starts: two starts at once would each stop the
 * experiments they can see and both leave theirs running. The later one waits, then stops the first.
 */
const EXPERIMENT_START_LOCK = 7355613;

function toType(e: RecExperimentEntity): RecommendationExperiment {
  return Object.assign(new RecommendationExperiment(), { id: e.id, name: e.name, status: e.status, unit: e.unit, arms: e.arms, createdAt: e.createdAt, stoppedAt: e.stoppedAt });
}

function rate(successes: number, trials: number): RateWithInterval {
  const [low, high] = wilsonInterval(successes, trials);
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return Object.assign(new RateWithInterval(), { rate: r(trials ? successes / trials : 0), low: r(low), high: r(high) });
}

/** A/B tests between rule versions: stable assignment by hash, per-arm results with confidence intervals. */
export class ExperimentService {
  private cache: { experiment: RecExperimentEntity | null; at: number } | null = null;

  constructor(private readonly impressions: ImpressionBuffer) {}

  /** The arm for a customer or session while an experiment runs, else null. */
  async assignment(em: EntityManager, customerId: string | null, sessionId: string | null): Promise<{ experimentId: string; arm: string; configVersion: number } | null> {
    if (!this.cache || Date.now() - this.cache.at > 5_000) {
      this.cache = { experiment: await em.getRepository(RecExperimentEntity).findOne({ where: { status: 'RUNNING' } }), at: Date.now() };
    }
    const experiment = this.cache.experiment;
    if (!experiment) return null;
    const unit = experiment.unit === 'CUSTOMER' ? (customerId ?? sessionId) : (sessionId ?? customerId);
    if (!unit) return null;
    const arm = assignArm(experiment.id, unit, experiment.arms);
    return { experimentId: experiment.id, arm: arm.name, configVersion: arm.configVersion };
  }

  async start(ctx: RequestContext, input: StartExperimentInput): Promise<RecommendationExperiment | InvalidInputError> {
    if (ctx.principal.kind !== 'staff') throw forbidden('Only staff can run experiments');
    const staffId = ctx.principal.staffId;
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
    requireUuid(id, 'id', 'experiment');
    const repo = ctx.em.getRepository(RecExperimentEntity);
    const found = await repo.findOne({ where: { id } });
    if (!found) return new NotFoundError('Experiment', `No experiment has the id ${id}`);
    if (found.status === 'RUNNING') await repo.update(id, { status: 'STOPPED', stoppedAt: new Date() });
    this.cache = null;
    return toType(await repo.findOneByOrFail({ id }));
  }

  async list(ctx: RequestContext): Promise<RecommendationExperiment[]> {
    return (await ctx.em.getRepository(RecExperimentEntity).find({ order: { createdAt: 'DESC' }, take: 50 })).map(toType);
  }

  /**
   * Per-arm results. Clicks, try-ons and cart adds count when the item was shown to the same unit in
   * that arm; purchases count recommended items the unit's customer bought after seeing them.
   */
  async results(ctx: RequestContext, id: string): Promise<ExperimentArmResult[] | NotFoundError> {
    requireUuid(id, 'id', 'experiment');
    const experiment = await ctx.em.getRepository(RecExperimentEntity).findOne({ where: { id } });
    if (!experiment) return new NotFoundError('Experiment', `No experiment has the id ${id}`);
    await this.impressions.flush();
    const unitCol = experiment.unit === 'CUSTOMER' ? 'COALESCE(e.customer_id, e.session_id)' : 'COALESCE(e.session_id, e.customer_id)';
    const rows: { arm: string; units: number; impressions: number; clicks: number; try_ons: number; cart_adds: number }[] = await ctx.em.query(
      `SELECT e.arm,
              COUNT(DISTINCT ${unitCol})::int AS units,
              COALESCE(SUM(e.shown) FILTER (WHERE e.kind = 'IMPRESSION'), 0)::int AS impressions,
              COUNT(*) FILTER (WHERE e.kind = 'CLICK')::int AS clicks,
              COUNT(*) FILTER (WHERE e.kind = 'TRY_ON')::int AS try_ons,
              COUNT(*) FILTER (WHERE e.kind = 'CART_ADD')::int AS cart_adds
       FROM (SELECT session_id, customer_id, arm, 'IMPRESSION' AS kind, cardinality(product_ids) AS shown FROM rec_impression WHERE experiment_id = $1
             UNION ALL
             SELECT session_id, customer_id, arm, kind::text, 0 FROM interaction_event WHERE experiment_id = $1) e
       GROUP BY e.arm`,
      [id],
    );
    const purchases: { arm: string; n: number }[] = await ctx.em.query(
      `SELECT i.arm, COUNT(DISTINCT l.id)::int AS n
       FROM rec_impression i
       JOIN customer_order o ON o.customer_id = i.customer_id AND o.placed_at >= i.created_at AND o.status <> 'CANCELLED'
       JOIN order_line l ON l.order_id = o.id AND l.product_id = ANY (i.product_ids)
       WHERE i.experiment_id = $1
       GROUP BY i.arm`,
      [id],
    );
    const bought = new Map(purchases.map((p) => [p.arm, p.n]));
    return experiment.arms.map((arm) => {
      const r = rows.find((x) => x.arm === arm.name) ?? { units: 0, impressions: 0, clicks: 0, try_ons: 0, cart_adds: 0 };
      const p = bought.get(arm.name) ?? 0;
      return Object.assign(new ExperimentArmResult(), {
        arm: arm.name,
        units: r.units,
        impressions: r.impressions,
        clicks: r.clicks,
        tryOns: r.try_ons,
        cartAdds: r.cart_adds,
        purchases: p,
        clickThrough: rate(r.clicks, r.impressions),
        tryOnRate: rate(r.try_ons, r.impressions),
        cartAddRate: rate(r.cart_adds, r.impressions),
        purchaseRate: rate(p, r.impressions),
      });
    });
  }
}
