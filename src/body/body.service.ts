import { activityCounterSql } from '../activity/kiosk-activity.service';
import { localDay } from '../activity/local-day';
import { preparedQuery } from '../database/prepared-query';
import { BodyMeasurementModel } from './model/body-model';
import { TurnBatcher } from '../common/turn-batcher';
import { BodyEstimate, BodyObservables } from './body-observables';
import { badInput, forbidden } from '../common/errors';
import { inTransaction, RequestContext } from '../common/request-context';
import { KioskSessionEntity } from '../kiosk/kiosk-session.entity';
import { KioskSessionService } from '../kiosk/kiosk-session.service';
import { SessionEndedError, SessionNotFoundError } from '../kiosk/kiosk-session.type';
import { analyseScan, rejectionHint, ScanInputError, ScanRequest } from './scan/scan-geometry';
import { BodyMeasurementsInput, BodyScanInput } from './body-scan.input';
import { describeProfileChanges, outOfRange, profileChanges, profileFromEstimate, profileFromTyped } from './body-profile.mapper';
import { BodyProfile, MemberNotSignedInError, NoBodyProfileError, ScanRejectedError } from './body-profile.type';
import { BodyProfileSource, BodyScanEntity } from './body-scan.entity';
import { BodyProfileSaveChannel, SavedBodyProfileEntity } from './saved-body-profile.entity';
import { BodyMeasurementChange, NoPreviousBodyProfileError, PreviousBodyProfile } from './saved-body-profile.type';
import { InvalidInputError } from '../common/error-result.type';

/**
 * A body profile kept with its session and counted in the store's activity of the day, in one
 * statement (atomic on its own: both rows or neither) instead of a transaction of four. It writes
 * only while the session is active, holding the session row (FOR SHARE) until it is done: a session
 * ended meanwhile (by the kiosk, the sweeper or a new session) has had its body data deleted or
 * scheduled for deletion, and a profile written after that would never be.
 */
const KEEP_PROFILE_STATEMENT = {
  name: 'mf_keep_body_profile_v2',
  text: `WITH live AS (SELECT s.id FROM kiosk_session s WHERE s.id = $1 AND s.status = 'ACTIVE' FOR SHARE),
     scan AS (
       INSERT INTO body_scan (session_id, source, observables, profile, sex, quality, notes, model_version)
       SELECT live.id, $2, $3::jsonb, $4::jsonb, $5, $6::real, $7::text[], $8 FROM live RETURNING id, created_at),
     counted AS (${activityCounterSql('bodyScan', { storeId: '$9::uuid', day: '$10::date', n: '1' }, 'scan')})
   SELECT id, created_at FROM scan`,
};

type KeptProfile = Pick<BodyScanEntity, 'source' | 'observables' | 'profile' | 'sex' | 'quality' | 'notes' | 'modelVersion'>;

function toProfile(row: BodyScanEntity): BodyProfile {
  return BodyProfile.from(row.id, row.source, row.createdAt, row.quality, row.notes, row.profile, row.sex);
}

/**
 * Keeps a member's profile; a profile already kept there moves to `previous_*` (one level of undo:
 * whatever was there before is gone), with who replaced it and from which mirror's session. Saving
 * the very profile already kept (the same session saved from the mirror and the app) changes
 * nothing, so it cannot push the member's real previous profile out of reach.
 */
const SAVE_PROFILE_SQL = `INSERT INTO saved_body_profile AS saved (customer_id, source, profile, sex, quality, saved_at)
  VALUES ($1, $2, $3::jsonb, $4, $5::real, now())
  ON CONFLICT (customer_id) DO UPDATE SET
    previous_profile = saved.profile, previous_source = saved.source, previous_sex = saved.sex,
    previous_quality = saved.quality, previous_saved_at = saved.saved_at,
    replaced_via = $6, replaced_by_kiosk_id = $7, restored_at = NULL,
    source = EXCLUDED.source, profile = EXCLUDED.profile, sex = EXCLUDED.sex, quality = EXCLUDED.quality, saved_at = EXCLUDED.saved_at
  WHERE (saved.source, saved.profile, saved.sex, saved.quality) IS DISTINCT FROM (EXCLUDED.source, EXCLUDED.profile, EXCLUDED.sex, EXCLUDED.quality)`;

/** The previous profile becomes the current one again, with the time it was saved; nothing is left to undo. */
const RESTORE_PREVIOUS_SQL = `UPDATE saved_body_profile SET
    profile = previous_profile, source = previous_source, sex = previous_sex, quality = previous_quality, saved_at = previous_saved_at,
    previous_profile = NULL, previous_source = NULL, previous_sex = NULL, previous_quality = NULL, previous_saved_at = NULL,
    replaced_via = NULL, replaced_by_kiosk_id = NULL, restored_at = now()
  WHERE customer_id = $1 AND previous_profile IS NOT NULL`;

function savedToProfile(saved: SavedBodyProfileEntity): BodyProfile {
  const profile = BodyProfile.from(saved.customerId, saved.source as BodyProfileSource, saved.savedAt, saved.quality, ['saved by you'], saved.profile, saved.sex);
  profile.saved = { customerId: saved.customerId, previous: previousOf(saved) };
  return profile;
}

function previousOf(saved: SavedBodyProfileEntity): PreviousBodyProfile | null {
  if (!saved.previousProfile) return null;
  const changes = profileChanges(saved.previousProfile, saved.profile);
  const mirror = saved.replacedByKiosk ?? null;
  return Object.assign(new PreviousBodyProfile(), {
    savedAt: saved.previousSavedAt!,
    source: saved.previousSource as BodyProfileSource,
    replacedAt: saved.savedAt,
    replacedVia: saved.replacedVia!,
    replacedInStore: mirror?.store?.name ?? null,
    replacedByMirror: mirror?.label ?? null,
    changes: changes.map(BodyMeasurementChange.of),
    summary: describeProfileChanges(changes),
  });
}

/**
 * Scan to profile: checks the scan geometry, runs the measurement model, and keeps the result with
 * the session (deleted with it unless the member saves it).
 */
export class BodyService {
  /** Scans that arrive together share one pass through the networks (a pass costs about the same for 1 or 16). */
  private readonly estimates: TurnBatcher<BodyObservables, BodyEstimate>;

  constructor(
    private readonly sessions: KioskSessionService,
    private readonly model: BodyMeasurementModel,
  ) {
    this.estimates = new TurnBatcher((observations) => this.model.estimateBatch(observations));
  }

  async submitScan(ctx: RequestContext, sessionId: string, input: BodyScanInput): Promise<BodyProfile | ScanRejectedError | SessionNotFoundError | SessionEndedError> {
    const request: ScanRequest = {
      front: input.front,
      side: input.side ?? null,
      declaredHeightCm: input.declaredHeightCm,
      weightKg: input.weightKg ?? null,
      sex: input.sex,
    };
    // Validate the geometry before touching the session, so bad input changes nothing at all.
    let analysis;
    try {
      analysis = analyseScan(request);
    } catch (error) {
      if (error instanceof ScanInputError) throw badInput(`Invalid scan: ${error.message}`, `input.${error.field}`);
      throw error;
    }
    // The networks run while the session is looked up: submitted here, in the turn the request came
    // in, scans from several mirrors share a pass; after the look-up they would each come back on
    // their own.
    const estimating = analysis.ok ? this.estimates.submit(analysis.observables) : null;
    estimating?.catch(() => undefined); // awaited below unless the session check answers first
    const found = await this.sessions.requireActiveWithTimezone(ctx, sessionId);
    if (!('session' in found)) return found;
    if (!analysis.ok) return new ScanRejectedError(analysis.rejections, analysis.hint);
    const estimate = await estimating!;
    const profile = profileFromEstimate(estimate, analysis.observables, analysis.imputed, analysis.qualityFactors);
    // Kept profiles hold only what a body measures (what typed measurements accept too).
    const outside = outOfRange(profile);
    if (outside.length) {
      const reasons = outside.map((o) => ({ code: 'MEASUREMENT_OUT_OF_RANGE', message: `Estimated ${o.label} of ${Math.round(o.valueCm * 10) / 10} cm is outside ${o.range[0]}..${o.range[1]} cm` }));
      return new ScanRejectedError(reasons, rejectionHint('MEASUREMENT_OUT_OF_RANGE'));
    }
    const notes = [...analysis.notes, ...(analysis.imputed.length ? [`estimated without a silhouette: ${analysis.imputed.join(', ')}`] : [])];
    return this.keep(ctx, found, { source: BodyProfileSource.SCAN, observables: analysis.observables, profile, sex: input.sex, quality: analysis.quality, notes, modelVersion: this.model.version });
  }

  async submitMeasurements(ctx: RequestContext, sessionId: string, input: BodyMeasurementsInput): Promise<BodyProfile | SessionNotFoundError | SessionEndedError> {
    if (input.waistCm > input.chestCm * 1.6 || input.hipCm < input.waistCm * 0.6) {
      throw badInput('These measurements are not plausible together (check chest, waist and hip)', 'input.waistCm');
    }
    const found = await this.sessions.requireActiveWithTimezone(ctx, sessionId);
    if (!('session' in found)) return found;
    const { profile, estimated } = profileFromTyped(input);
    return this.keep(ctx, found, {
      source: BodyProfileSource.MANUAL,
      observables: null,
      profile,
      sex: input.sex,
      quality: estimated.length > 1 ? 0.7 : 0.9,
      notes: estimated.length ? [`estimated from height: ${estimated.join(', ')}`] : [],
      modelVersion: null,
    });
  }

  /** Keeps a profile with the session and counts it in the store's activity of the (store's local) day. */
  private async keep(ctx: RequestContext, found: { session: KioskSessionEntity; timezone: string }, kept: KeptProfile): Promise<BodyProfile | SessionEndedError> {
    const { session, timezone } = found;
    const [row] = await preparedQuery<{ id: string; created_at: Date }>(ctx.em, KEEP_PROFILE_STATEMENT, [
      session.id,
      kept.source,
      kept.observables === null ? null : JSON.stringify(kept.observables),
      JSON.stringify(kept.profile),
      kept.sex,
      kept.quality,
      kept.notes,
      kept.modelVersion,
      session.storeId,
      localDay(new Date(), timezone),
    ]);
    if (!row) return new SessionEndedError();
    return toProfile(Object.assign(new BodyScanEntity(), { ...kept, id: row.id, sessionId: session.id, purgeAfter: null, createdAt: new Date(row.created_at) }));
  }

  /** The newest profile of a session the caller may see, or null. */
  async latestForSession(ctx: RequestContext, sessionId: string): Promise<BodyProfile | null> {
    const row = await ctx.em.getRepository(BodyScanEntity).findOne({ where: { sessionId }, order: { createdAt: 'DESC' } });
    return row ? toProfile(row) : null;
  }

  /**
   * The newest profile of a session, kept in its signed-in member's account. A profile they had
   * saved is kept as the previous one, which they can restore from the app (`restorePrevious`). The
   * member asks from the app, for a session linked to them (ended or not: its body data lasts until
   * the grace period is over); the mirror asks for its own active session, and only once a member
   * has signed in on it, as nothing may outlive an anonymous visit.
   */
  async saveFromSession(ctx: RequestContext, sessionId: string): Promise<BodyProfile | SessionNotFoundError | SessionEndedError | NoBodyProfileError | MemberNotSignedInError> {
    const p = ctx.principal;
    if (p.kind === 'customer') {
      const session = await this.sessions.find(ctx, sessionId);
      if (!(session instanceof KioskSessionEntity)) return session;
      return this.keepLatest(ctx, p.customerId, session, BodyProfileSaveChannel.APP);
    }
    if (p.kind === 'kiosk') {
      const session = await this.sessions.requireActive(ctx, sessionId);
      if (!(session instanceof KioskSessionEntity)) return session;
      if (!session.customerId) return new MemberNotSignedInError();
      return this.keepLatest(ctx, session.customerId, session, BodyProfileSaveChannel.MIRROR);
    }
    throw forbidden('Only the signed-in member or their mirror can save a profile');
  }

  private async keepLatest(ctx: RequestContext, customerId: string, session: KioskSessionEntity, via: BodyProfileSaveChannel): Promise<BodyProfile | NoBodyProfileError> {
    const latest = await ctx.em.getRepository(BodyScanEntity).findOne({ where: { sessionId: session.id }, order: { createdAt: 'DESC' } });
    if (!latest) return new NoBodyProfileError();
    return inTransaction(ctx, async (tx) => {
      // The sex is overwritten too (null included): a profile saved again without one must not keep the old one.
      await tx.em.query(SAVE_PROFILE_SQL, [customerId, latest.source, JSON.stringify(latest.profile), latest.sex, latest.quality, via, session.kioskId]);
      return savedToProfile((await this.findSaved(tx, customerId))!);
    });
  }

  /** The member's saved row, with the mirror (and its store) that replaced the previous profile. */
  private findSaved(ctx: RequestContext, customerId: string): Promise<SavedBodyProfileEntity | null> {
    return ctx.em.getRepository(SavedBodyProfileEntity).findOne({ where: { customerId }, relations: { replacedByKiosk: { store: true } } });
  }

  async savedProfile(ctx: RequestContext): Promise<BodyProfile | null> {
    if (ctx.principal.kind !== 'customer') return null;
    const saved = await this.findSaved(ctx, ctx.principal.customerId);
    return saved ? savedToProfile(saved) : null;
  }

  /** The profile a saved profile replaced: to the member whose profile it is only, null to anyone else and for any other profile. */
  previousOf(ctx: RequestContext, profile: BodyProfile): PreviousBodyProfile | null {
    const p = ctx.principal;
    if (p.kind !== 'customer' || profile.saved?.customerId !== p.customerId) return null;
    return profile.saved.previous;
  }

  /**
   * Makes the member's previous saved profile the current one again (with the time it was saved);
   * the profile it replaced is deleted and nothing is left to undo. `previousSavedAt`, when given,
   * must be the previous profile's (as the app showed it): a mirror that saved again meanwhile has
   * made another profile the previous one, and restoring that one is not what the member asked for.
   */
  async restorePrevious(ctx: RequestContext, previousSavedAt: Date | null, replacedAt: Date | null = null): Promise<BodyProfile | NoPreviousBodyProfileError | InvalidInputError> {
    const p = ctx.principal;
    if (p.kind !== 'customer') throw forbidden('Only a member can restore their profile');
    return inTransaction(ctx, async (tx) => {
      // Held until the restore commits: a save arriving meanwhile waits, then replaces the restored profile.
      await tx.em.query(`SELECT 1 FROM saved_body_profile WHERE customer_id = $1 FOR UPDATE`, [p.customerId]);
      const saved = await this.findSaved(tx, p.customerId);
      // The same Undo again (a retry after an answer that was lost): the profile it asked for is the
      // saved one already, with nothing left to undo, so the answer is that profile, as the first time.
      if (saved?.restoredAt && !saved.previousProfile && previousSavedAt && saved.savedAt.getTime() === previousSavedAt.getTime()) return savedToProfile(saved);
      if (!saved?.previousProfile) return new NoPreviousBodyProfileError();
      if (previousSavedAt && saved.previousSavedAt!.getTime() !== previousSavedAt.getTime()) {
        return new InvalidInputError('previousSavedAt', 'Your saved sizes changed since you looked: the previous profile is another one now. Nothing was restored; look again');
      }
      // The current profile must be the one shown too: after an undo on another device and a new save
      // at a mirror, the same previous profile is back, and restoring it would delete a profile never shown.
      if (replacedAt && saved.savedAt.getTime() !== replacedAt.getTime()) {
        return new InvalidInputError('replacedAt', 'Your saved sizes changed since you looked: they were saved again. Nothing was restored; look again');
      }
      await tx.em.query(RESTORE_PREVIOUS_SQL, [p.customerId]);
      return savedToProfile((await this.findSaved(tx, p.customerId))!);
    });
  }

  /** Deletes the member's saved profile and the previous one kept with it; true when there was one. */
  async deleteSavedProfile(ctx: RequestContext): Promise<boolean> {
    if (ctx.principal.kind !== 'customer') throw forbidden('Only a member can delete their profile');
    const result = await ctx.em.getRepository(SavedBodyProfileEntity).delete({ customerId: ctx.principal.customerId });
    return (result.affected ?? 0) > 0;
  }
}
