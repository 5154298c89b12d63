import { Gender } from '../../common/enums';
import { InvalidInputError } from '../../common/error-result.type';
import { badInput } from '../../common/errors';
import { RequestContext } from '../../common/request-context';
import { RecConfigService } from '../config/rec-config.service';
import { Placement } from '../config/recommendation-rules';
import { requireUuid } from '../../common/uuid';
import { RecommenderRegistry } from '../training/recommender-registry';
import { HeldOutEvaluationRunner } from './held-out-evaluation-runner';
import { RuleEvaluation } from './draft-evaluation';
import { RecommendationService } from './recommendation.service';
import { RecommendationList } from './recommendation.types';

export interface PreviewAudience {
  label: string;
  customerId: string | null;
  sample: { gender: Gender | null; viewedProductIds: string[] } | null;
}

export interface PreviewRow {
  label: string;
  customerId: string | null;
  draft: RecommendationList;
  published: RecommendationList;
}

/** What merchandisers look at before publishing: the draft beside the published rules. */
export class DraftReviewService {
  private readonly evaluations = new HeldOutEvaluationRunner();

  constructor(
    private readonly configs: RecConfigService,
    private readonly recommendations: RecommendationService,
    private readonly registry: RecommenderRegistry,
    /** The database the evaluation worker reads (null where no request is served). */
    private readonly databaseUrl: string | null,
  ) {}

  /** Lists under the draft (or the published rules when there is no draft) and the published rules, per audience. */
  async preview(ctx: RequestContext, audiences: PreviewAudience[], options: { placement: Placement; storeId: string | null; limit: number }): Promise<PreviewRow[]> {
    if (audiences.length < 1 || audiences.length > 20) throw badInput('preview 1 to 20 members or sample profiles at a time', 'customerIds');
    // Previews take no product, so the placements that are about one cannot be shown.
    if (options.placement === Placement.SIMILAR || options.placement === Placement.COMPLETE_THE_LOOK) {
      throw badInput(`${options.placement} lists are about a product and previews do not take one: preview MIRROR_HOME, AFTER_TRY_ON or APP_HOME`, 'placement');
    }
    audiences.forEach((a, i) => requireUuid(a.customerId, `customerIds[${i}]`, 'customer'));
    requireUuid(options.storeId, 'storeId', 'store');
    const { draft, published } = await this.versions(ctx);
    const out: PreviewRow[] = [];
    for (const a of audiences) {
      const args = { ...options, customerId: a.customerId, sample: a.sample };
      const d = await this.recommendations.recommend(ctx, args, { ...draft, recordImpressions: false });
      const p = await this.recommendations.recommend(ctx, args, { ...published, recordImpressions: false });
      // A list that could not be made is said, not left out of the answer.
      for (const list of [d, p]) if (!(list instanceof RecommendationList)) throw badInput(`${a.label}: ${list.message}`, list instanceof InvalidInputError ? list.field : 'customerIds');
      out.push({ label: a.label, customerId: a.customerId, draft: d as RecommendationList, published: p as RecommendationList });
    }
    return out;
  }

  /**
   * The draft and the published rules evaluated offline on the same members, held-out purchases and
   * refitted model (draft-evaluation.ts: prepareEvaluation and evaluateRules), in a worker thread:
   * the refit takes seconds for a large retailer, and training never blocks request handling. One
   * evaluation at a time per process, the others wait their turn (HeldOutEvaluationRunner).
   */
  async evaluate(ctx: RequestContext, sample: number): Promise<{ draft: RuleEvaluation; published: RuleEvaluation }> {
    if (!Number.isInteger(sample) || sample < 10 || sample > 2000) throw badInput('sample must be from 10 to 2000 members', 'sample');
    if (!this.databaseUrl) throw new Error('draft evaluation is not available in this process');
    const { draft, published } = await this.versions(ctx);
    const serving = this.registry.serving;
    const asked = Date.now();
    const outcome = await this.evaluations.run({
      databaseUrl: this.databaseUrl,
      sample,
      serving: serving && { version: serving.version, state: serving.model.state, productIds: serving.productIds },
      rules: { draft: draft.rules, published: published.rules },
    });
    // workerSeconds: reading, refitting and scoring; seconds: with the wait for a turn and the worker's start.
    const seconds = (Date.now() - asked) / 1000;
    ctx.log.info({ members: outcome.members, fitSeconds: outcome.fitSeconds, workerSeconds: outcome.seconds, seconds }, 'draft evaluation: model refitted without the held-out purchases, in a worker thread');
    return { draft: outcome.draft, published: outcome.published };
  }

  /** Stops a draft evaluation in progress and refuses those waiting (server shutdown). */
  shutdown(): Promise<void> {
    return this.evaluations.shutdown();
  }

  private async versions(ctx: RequestContext) {
    const draftRow = await this.configs.draftRow(ctx.em);
    const published = await this.configs.published(ctx.em);
    return {
      draft: { rules: draftRow?.rules ?? published.rules, configVersion: draftRow?.version ?? published.version },
      published: { rules: published.rules, configVersion: published.version },
    };
  }
}
