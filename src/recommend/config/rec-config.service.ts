import { isUuid } from '../../common/uuid';
import { EntityManager, In } from 'typeorm';
import { ProductEntity } from '../../catalog/product.entity';
import { conflict, forbidden } from '../../common/errors';
import { checkPageSize } from '../../common/pagination';
import { inTransaction, RequestContext } from '../../common/request-context';
import { StoreEntity } from '../../store/store.entity';
import { RecConfigAuditEntity, RecConfigEntity, RecConfigStatus } from './rec-config.entity';
import { RecConfigAuditEntry, RecommendationConfig } from './rec-config.types';
import { DEFAULT_RULES, diffRules, RecommendationRules, RuleProblem, ruleWarnings, validateRules } from './recommendation-rules';

export type RulesProblemResult = { problems: RuleProblem[] };

/**
 * Held (transaction-scoped) by every change of the rules' versions (save, publish, discard), so that
 * they happen one after the other: a discard can neither archive a version a concurrent publish has
 * just made serve, nor archive a draft under a concurrent save.
 */
const RULES_WRITE_LOCK = 7355610;
/** Most audit entries one request reads. */
const MAX_AUDIT_ENTRIES = 200;

/**
 * Versioned recommendation rules: one draft that merchandisers edit and one published version that
 * serves; every change is audited. A draft with problems cannot be published.
 */
export class RecConfigService {
  private cache: { rules: RecommendationRules; version: number; at: number } | null = null;
  /** Rules of published and archived versions, which never change. */
  private readonly versions = new Map<number, RecommendationRules>();

  private staffOf(ctx: RequestContext): string {
    if (ctx.principal.kind !== 'staff') throw forbidden('Only staff can change recommendation rules');
    return ctx.principal.staffId;
  }

  /** Published rules, cached for a few seconds (publishing in this process clears the cache). */
  async published(em: EntityManager): Promise<{ rules: RecommendationRules; version: number }> {
    if (this.cache && Date.now() - this.cache.at < 5_000) return this.cache;
    const row = await em.getRepository(RecConfigEntity).findOne({ where: { status: RecConfigStatus.PUBLISHED } });
    this.cache = { rules: row?.rules ?? DEFAULT_RULES, version: row?.version ?? 0, at: Date.now() };
    return this.cache;
  }

  async byVersion(em: EntityManager, version: number): Promise<RecommendationRules | null> {
    if (version === 0) return DEFAULT_RULES;
    const kept = this.versions.get(version);
    if (kept) return kept;
    const row = await em.getRepository(RecConfigEntity).findOne({ where: { version } });
    // Only a draft's rules change; a published or archived version is kept (experiments ask on every request).
    if (row && row.status !== RecConfigStatus.DRAFT) {
      if (this.versions.size >= 1_000) this.versions.clear();
      this.versions.set(version, row.rules);
    }
    return row?.rules ?? null;
  }

  /** The latest versions; the draft among them with its warnings (the console opens on this list). */
  async list(ctx: RequestContext): Promise<RecommendationConfig[]> {
    const rows = await ctx.em.getRepository(RecConfigEntity).find({ order: { version: 'DESC' }, take: 50 });
    return Promise.all(rows.map(async (row) => RecommendationConfig.from(row, row.status === RecConfigStatus.DRAFT ? await this.warningsOf(ctx.em, row.rules) : [])));
  }

  async draft(ctx: RequestContext): Promise<RecommendationConfig | null> {
    const row = await this.draftRow(ctx.em);
    return row ? RecommendationConfig.from(row, await this.warningsOf(ctx.em, row.rules)) : null;
  }

  /** The draft as stored, without its warnings (for previews and evaluations, which only need its rules). */
  draftRow(em: EntityManager): Promise<RecConfigEntity | null> {
    return em.getRepository(RecConfigEntity).findOne({ where: { status: RecConfigStatus.DRAFT } });
  }

  /** What the rules do that may not be meant (see ruleWarnings), with the pinned products as they are now. */
  async warningsOf(em: EntityManager, rules: RecommendationRules): Promise<RuleProblem[]> {
    const ids = [...new Set(rules.pins.map((p) => p.productId))].filter(isUuid);
    if (!ids.length) return [];
    const products = await em.getRepository(ProductEntity).find({ where: { id: In(ids) }, select: { id: true, brand: true, categoryPath: true, tags: true } });
    return ruleWarnings(rules, new Map(products.map((p) => [p.id, p])));
  }

  async problemsOf(em: EntityManager, rules: RecommendationRules): Promise<RuleProblem[]> {
    const productIds = [...new Set([...rules.pins.map((p) => p.productId), ...[...rules.boosts.map((b) => b.target), ...rules.exclusions].filter((t) => t.kind === 'PRODUCT').map((t) => t.value)])];
    const valid = productIds.filter(isUuid);
    const products = new Set(valid.length ? (await em.getRepository(ProductEntity).createQueryBuilder('p').select('p.id').where('p.id IN (:...ids)', { ids: valid }).getMany()).map((p) => p.id) : []);
    const stores = new Set((await em.getRepository(StoreEntity).find({ select: { id: true } })).map((s) => s.id));
    return validateRules(rules, { products, stores });
  }

  /** Replaces the draft's rules (creating the draft from the published rules' version if none). */
  async saveDraft(ctx: RequestContext, rules: RecommendationRules): Promise<RecommendationConfig | RulesProblemResult> {
    const staffId = this.staffOf(ctx);
    const problems = await this.problemsOf(ctx.em, rules);
    if (problems.length) return { problems };
    return inTransaction(ctx, async (tx) => {
      await tx.em.query('SELECT pg_advisory_xact_lock($1)', [RULES_WRITE_LOCK]);
      const repo = tx.em.getRepository(RecConfigEntity);
      let draft = await repo.findOne({ where: { status: RecConfigStatus.DRAFT } });
      const before = draft?.rules ?? (await repo.findOne({ where: { status: RecConfigStatus.PUBLISHED } }))?.rules ?? DEFAULT_RULES;
      const action = draft ? 'UPDATE_DRAFT' : 'CREATE_DRAFT';
      if (draft) {
        // Only while it is still the draft: never into a version that has been published or archived.
        const updated = await repo.update({ id: draft.id, status: RecConfigStatus.DRAFT }, { rules });
        if (!updated.affected) throw conflict('The draft was published or discarded meanwhile; nothing was saved: save again');
        draft.rules = rules;
      } else {
        const [{ next }] = await tx.em.query(`SELECT COALESCE(MAX(version), 0) + 1 AS next FROM rec_config`);
        draft = await repo.save({ version: Number(next), status: RecConfigStatus.DRAFT, rules, createdBy: staffId, publishedAt: null, publishedBy: null });
      }
      await tx.em.getRepository(RecConfigAuditEntity).insert({ configId: draft.id, version: draft.version, staffId, action, changes: diffRules(before, rules) as never });
      return RecommendationConfig.from(draft, await this.warningsOf(tx.em, rules));
    });
  }

  /** Publishes the draft (re-validated against the catalogue as it is now); the old published version is archived. */
  async publish(ctx: RequestContext): Promise<RecommendationConfig | RulesProblemResult | null> {
    const staffId = this.staffOf(ctx);
    const result = await inTransaction(ctx, async (tx) => {
      await tx.em.query('SELECT pg_advisory_xact_lock($1)', [RULES_WRITE_LOCK]);
      const repo = tx.em.getRepository(RecConfigEntity);
      const draft = await repo.findOne({ where: { status: RecConfigStatus.DRAFT } });
      if (!draft) return null;
      const problems = await this.problemsOf(tx.em, draft.rules);
      if (problems.length) return { problems };
      const previous = await repo.findOne({ where: { status: RecConfigStatus.PUBLISHED } });
      if (previous) await repo.update(previous.id, { status: RecConfigStatus.ARCHIVED });
      const now = new Date();
      await repo.update(draft.id, { status: RecConfigStatus.PUBLISHED, publishedAt: now, publishedBy: staffId });
      await tx.em.getRepository(RecConfigAuditEntity).insert({ configId: draft.id, version: draft.version, staffId, action: 'PUBLISH', changes: diffRules(previous?.rules ?? DEFAULT_RULES, draft.rules) as never });
      return RecommendationConfig.from({ ...draft, status: RecConfigStatus.PUBLISHED, publishedAt: now, publishedBy: staffId }, await this.warningsOf(tx.em, draft.rules));
    });
    this.cache = null;
    return result;
  }

  /** Archives the draft; false when there is none (any more: a concurrent publish or discard came first). */
  async discardDraft(ctx: RequestContext): Promise<boolean> {
    const staffId = this.staffOf(ctx);
    return inTransaction(ctx, async (tx) => {
      await tx.em.query('SELECT pg_advisory_xact_lock($1)', [RULES_WRITE_LOCK]);
      const repo = tx.em.getRepository(RecConfigEntity);
      const draft = await repo.findOne({ where: { status: RecConfigStatus.DRAFT } });
      if (!draft) return false;
      // Only while it is still the draft: never the version a publish has just made serve.
      const archived = await repo.update({ id: draft.id, status: RecConfigStatus.DRAFT }, { status: RecConfigStatus.ARCHIVED });
      if (!archived.affected) return false;
      await tx.em.getRepository(RecConfigAuditEntity).insert({ configId: draft.id, version: draft.version, staffId, action: 'DISCARD_DRAFT', changes: [] });
      return true;
    });
  }

  async audit(ctx: RequestContext, first: number): Promise<RecConfigAuditEntry[]> {
    checkPageSize(first, MAX_AUDIT_ENTRIES);
    const rows = await ctx.em.getRepository(RecConfigAuditEntity).find({ order: { id: 'DESC' }, take: first });
    return rows.map((r) => Object.assign(new RecConfigAuditEntry(), { version: r.version, action: r.action, staffId: r.staffId, changedFields: r.changes.map((c) => c.path), at: r.createdAt }));
  }
}
