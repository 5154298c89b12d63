import { Gender } from '../../common/enums';
import { badInput } from '../../common/errors';
import { RequestContext } from '../../common/request-context';
import { RecConfigService } from '../config/rec-config.service';
import { Placement } from '../config/recommendation-rules';
import { RecommendationService, RuleEvaluation } from './recommendation.service';
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
  constructor(
    private readonly configs: RecConfigService,
    private readonly recommendations: RecommendationService,
  ) {}

  /** Lists under the draft (or the published rules when there is no draft) and the published rules, per audience. */
  async preview(ctx: RequestContext, audiences: PreviewAudience[], options: { placement: Placement; storeId: string | null; limit: number }): Promise<PreviewRow[]> {
    if (audiences.length < 1 || audiences.length > 20) throw badInput('preview 1 to 20 members or sample profiles at a time', 'customerIds');
    const { draft, published } = await this.versions(ctx);
    const out: PreviewRow[] = [];
    for (const a of audiences) {
      const args = { ...options, customerId: a.customerId, sample: a.sample };
      const d = await this.recommendations.recommend(ctx, args, { ...draft, recordImpressions: false });
      const p = await this.recommendations.recommend(ctx, args, { ...published, recordImpressions: false });
      if (d instanceof RecommendationList && p instanceof RecommendationList) out.push({ label: a.label, customerId: a.customerId, draft: d, published: p });
    }
    return out;
  }

  /** The draft and the published rules evaluated offline on the same members. */
  async evaluate(ctx: RequestContext, sample: number): Promise<{ draft: RuleEvaluation; published: RuleEvaluation }> {
    const n = Math.max(10, Math.min(2000, sample));
    const { draft, published } = await this.versions(ctx);
    return { draft: await this.recommendations.evaluateRules(ctx, draft.rules, n), published: await this.recommendations.evaluateRules(ctx, published.rules, n) };
  }

  private async versions(ctx: RequestContext) {
    const draftRow = await this.configs.draft(ctx);
    const published = await this.configs.published(ctx.em);
    return {
      draft: { rules: draftRow?.rules ?? published.rules, configVersion: draftRow?.version ?? published.version },
      published: { rules: published.rules, configVersion: published.version },
    };
  }
}
