import type { KioskActivityService } from '../activity/kiosk-activity.service';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import type { Principal } from '../auth/principal';
import { BodyScanEntity } from '../body/body-scan.entity';
import { KeypointInput } from '../body/body-scan.input';
import { NoBodyProfileError, ScanRejectedError } from '../body/body-profile.type';
import { canonicalKeypointName } from '../body/scan/keypoint-names';
import { rejectionHint, SCAN_THRESHOLDS } from '../body/scan/scan-geometry';
import { BodyProfileData, FitRegion, FitVerdict, GarmentTypeName, RegionFit as RegionFitData, regionFits, SizeAdviceInputError } from '../body/size/size-advice';
import { SizeAdviceService } from '../body/size/size-advice.service';
import { FitRegionEnum, FitVerdictEnum, NoSizeChartError, RegionFit, SizeAdvice } from '../body/size/size-advice.type';
import { ProductEntity } from '../catalog/product.entity';
import { Product } from '../catalog/product.type';
import { SizeChartService } from '../catalog/size-chart.service';
import { VariantEntity } from '../catalog/variant.entity';
import { Variant } from '../catalog/variant.type';
import { GarmentType } from '../common/enums';
import { ErrorResult, InvalidInputError, NotFoundError } from '../common/error-result.type';
import { badInput } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { KioskSessionEntity } from '../kiosk/kiosk-session.entity';
import { KioskSessionService } from '../kiosk/kiosk-session.service';
import { SessionEndedError, SessionNotFoundError } from '../kiosk/kiosk-session.type';
import { initTensorflow } from '../ml/backend';
import { BodyPose, CANVAS, FrameKeypoints, framePose, framePoseProblems, REQUIRED_FRAME_KEYPOINTS } from './body-pose';
import { drawFigure } from './figure';
import { CatalogImageService } from './catalog-image';
import { GarmentAssetService } from './garment-asset.service';
import { garmentLayout } from './garment-fit';
import { decodeBase64, decodeImage, inspectImage } from './image-input';
import { ByteLru } from './lru';
import { CachedRender, RenderCache } from './render-cache';
import { signRenderPath } from './render-url';
import { RenderFormatName, renderImage, RenderLayer } from './renderer';
import { SessionFrameStore } from './session-frame.store';
import { StagedUploadStore } from './staged-upload.store';
import { WarpNotDeterminedError } from './warp';
import { ImageInput, RenderTryOnOptions, SessionFrameInput, TryOnItemInput, UploadGarmentAssetInput } from './tryon.input';
import {
  GarmentAsset,
  ImageTooLargeError,
  InvalidGarmentAssetError,
  NotAGarmentError,
  NotAnImageError,
  RenderFormat,
  RenderImage,
  SessionFrame,
  TooManyItemsError,
  TryOnItem,
  TryOnMode,
  TryOnRender,
  TryOnSizeSource,
} from './tryon.types';

/** At most this many garments at once: one per layer. */
export const MAX_TRYON_ITEMS = 4;
/** Layers from the bottom up: trousers go over shoes, a top over trousers, a jacket over the top. */
export const LAYER_ORDER: readonly GarmentType[] = [GarmentType.SHOES, GarmentType.BOTTOM, GarmentType.TOP, GarmentType.OUTERWEAR];
const FORMAT_NAME: Record<RenderFormat, RenderFormatName> = { [RenderFormat.JPEG]: 'jpeg', [RenderFormat.PNG]: 'png', [RenderFormat.WEBP]: 'webp' };
const FORMAT_ENUM: Record<RenderFormatName, RenderFormat> = { jpeg: RenderFormat.JPEG, png: RenderFormat.PNG, webp: RenderFormat.WEBP };

type Chosen = { index: number; item: TryOnItemInput; variant: VariantEntity; product: ProductEntity };
type Sized = Chosen & { size: string; advisedSize: string | null; sizeSource: TryOnSizeSource; fits: RegionFitData[] };

const LENGTHS: FitRegion[] = ['LENGTH', 'SLEEVE', 'INSEAM'];
const WHERE: Record<FitRegion, string> = { CHEST: 'at the chest', WAIST: 'at the waist', HIP: 'at the hips', LENGTH: 'in length', SLEEVE: 'in the sleeves', INSEAM: 'in the leg', FOOT: 'at the toes' };

function fitWord(region: FitRegion, verdict: FitVerdict): string {
  if (LENGTHS.includes(region)) return { TIGHT: 'short', SNUG: 'a little short', REGULAR: 'right', LOOSE: 'long' }[verdict];
  if (region === 'FOOT') return { TIGHT: 'tight', SNUG: 'snug', REGULAR: 'right', LOOSE: 'roomy' }[verdict];
  return verdict.toLowerCase();
}

/** "L (advised M): loose at the chest (+18 cm), long in the sleeves (+6 cm)". */
export function fitNote(size: string, advisedSize: string | null, source: TryOnSizeSource, fits: RegionFitData[]): string {
  const head = source === TryOnSizeSource.ADVISED ? `${size} (advised)` : advisedSize && advisedSize !== size ? `${size} (advised ${advisedSize})` : size;
  const parts = fits
    .filter((f) => f.verdict !== 'REGULAR')
    .map((f) => `${fitWord(f.region, f.verdict)} ${WHERE[f.region]} (${f.differenceCm >= 0 ? '+' : ''}${f.differenceCm} cm)`);
  return `${head}: ${parts.length ? parts.join(', ') : fits.length ? 'a regular fit' : 'no size chart to compare with'}`;
}

function ownerOf(principal: Principal): string {
  switch (principal.kind) {
    case 'kiosk':
      return `kiosk:${principal.kioskId}`;
    case 'staff':
      return `staff:${principal.staffId}`;
    case 'customer':
      return `customer:${principal.customerId}`;
    case 'anonymous':
      return 'anonymous';
  }
}

/**
 * Try-ons: renders of the session's customer (their camera frame, or a figure from their profile)
 * wearing up to four garments in the advised size or the size asked for; camera frames kept in
 * memory for the session; merchandisers' garment images. Renders, frames and decoded images live in
 * memory only, bounded by TRYON_CACHE_MB, and a session's frame and renders go when it ends.
 */
export class TryOnService {
  /** The newest render of each session (its id in the render cache). */
  private readonly latestBySession = new Map<string, string>();
  readonly renders: RenderCache;
  readonly frames: SessionFrameStore;
  readonly uploads: StagedUploadStore;
  readonly assets: GarmentAssetService;
  /** Product pictures for galleries, drawn from the same garment images. */
  readonly catalogImages: CatalogImageService;
  /** Figures drawn from a scan's profile (body data: they go with their session, like frames). */
  readonly figures: ByteLru<string, { sessionId: string; pose: BodyPose; rgb: Buffer }>;

  constructor(
    private readonly sessions: KioskSessionService,
    private readonly sizeAdvice: SizeAdviceService,
    private readonly charts: SizeChartService,
    settings: { cacheBytes: number },
    private readonly activity: KioskActivityService,
  ) {
    const budget = settings.cacheBytes;
    this.assets = new GarmentAssetService(budget * 0.35);
    this.catalogImages = new CatalogImageService(this.assets);
    this.renders = new RenderCache(budget * 0.2);
    this.frames = new SessionFrameStore(budget * 0.2);
    this.uploads = new StagedUploadStore(budget * 0.15);
    this.figures = new ByteLru(budget * 0.1, (f) => f.rgb.length + 4096);
  }

  /** Renders the customer wearing the items, layered, sized; the image cached per session, items, sizes, fits and options. */
  async render(
    ctx: RequestContext,
    sessionId: string,
    items: TryOnItemInput[],
    options: RenderTryOnOptions | null | undefined,
  ): Promise<TryOnRender | SessionNotFoundError | SessionEndedError | NoBodyProfileError | NoSizeChartError | NotAGarmentError | TooManyItemsError | InvalidInputError> {
    if (items.length > MAX_TRYON_ITEMS) return new TooManyItemsError(items.length, MAX_TRYON_ITEMS);
    if (items.length === 0) return new InvalidInputError('items', 'Choose at least one garment to try on');
    const session = await this.sessions.requireActive(ctx, sessionId);
    if (!(session instanceof KioskSessionEntity)) return session;
    this.forgetOtherSessions(session);
    const scan = await ctx.em.getRepository(BodyScanEntity).findOne({ where: { sessionId }, order: { createdAt: 'DESC' } });
    if (!scan) return new NoBodyProfileError();

    const chosen = await this.choose(ctx, items);
    if (chosen instanceof ErrorResult) return chosen;
    const sized: Sized[] = [];
    for (const c of chosen) {
      const s = await this.sizeFor(ctx, session.id, scan.profile, c);
      if (s instanceof ErrorResult) return s;
      sized.push(s);
    }
    const frame = this.frames.get(session.id);
    const useFrame = frame && frame.sessionId === session.id && frame.kioskId === session.kioskId ? frame : undefined;
    const refs = await this.assets.refs(ctx, sized.map((s) => ({ product: s.product, colour: s.variant.colour })));
    const format = FORMAT_NAME[options?.format ?? RenderFormat.JPEG];
    const overlay = options?.fitOverlay ?? false;
    // The key holds everything the image depends on, the fits included (a garment is drawn as loose
    // as its fit says, and a chart edit or the member's kept size changes them). What the answer says
    // about the items (advised size, note, product) is built fresh on every request, cached or not.
    const key = createHash('sha256')
      .update(JSON.stringify([session.id, scan.id, useFrame?.version ?? null, sized.map((s, k) => [s.variant.id, s.size, refs[k].key, s.fits.map((f) => [f.region, f.verdict, f.differenceCm])]), format, overlay]))
      .digest('base64url');
    const drawn = sized.map((s, k) =>
      Object.assign(new TryOnItem(), {
        layer: s.product.garmentType,
        product: Product.from(s.product),
        variant: Variant.from(s.variant),
        size: s.size,
        advisedSize: s.advisedSize,
        sizeSource: s.sizeSource,
        assetSource: refs[k].source,
        fit: s.fits.map((f) => Object.assign(new RegionFit(), { region: f.region as FitRegionEnum, verdict: f.verdict as FitVerdictEnum, differenceCm: f.differenceCm })),
        note: fitNote(s.size, s.advisedSize, s.sizeSource, s.fits),
      }),
    );
    const hit = this.renders.findByKey(key);
    if (hit) {
      await this.activity.record(ctx, session.storeId, 'tryOnRender');
      return this.answer(ctx, hit, drawn, true);
    }

    const loaded = await Promise.all(refs.map((r) => this.assets.load(ctx, r)));
    const drawOn = (base: { pose: BodyPose; rgb: Buffer }) => {
      const layers: RenderLayer[] = sized.map((s, k) => {
        const layout = garmentLayout(loaded[k].anchors, base.pose, { garmentType: s.product.garmentType as GarmentTypeName, fits: s.fits, profile: scan.profile });
        return { asset: loaded[k].prepared, from: layout.from, to: layout.to, bands: overlay ? layout.bands : undefined };
      });
      return renderImage(base.rgb, base.pose.canvas, layers, format);
    };
    await initTensorflow();
    let mode = useFrame ? TryOnMode.CAMERA_FRAME : TryOnMode.FIGURE;
    let image;
    try {
      image = await drawOn(useFrame ? { pose: framePose(useFrame.keypoints, scan.profile), rgb: useFrame.rgb } : await this.figureFor(scan));
    } catch (error) {
      // Frames are checked at upload (framePoseProblems), but should garments still not fit on one,
      // the customer sees them on their figure (mode FIGURE says so) rather than an error.
      if (!useFrame || !(error instanceof WarpNotDeterminedError)) throw error;
      ctx.log.warn({ sessionId: session.id, reason: error.message }, 'garments could not be warped onto the camera frame: drawn on the figure');
      mode = TryOnMode.FIGURE;
      image = await drawOn(await this.figureFor(scan));
    }
    const render: CachedRender = {
      id: randomBytes(16).toString('base64url'),
      key,
      sessionId: session.id,
      kioskId: session.kioskId,
      image: image.data,
      format,
      width: image.width,
      height: image.height,
      mode,
      fitOverlay: overlay,
      createdAt: new Date(),
    };
    this.renders.put(render);
    // Renders live in memory only: the console's count is recorded now or never.
    await this.activity.record(ctx, session.storeId, 'tryOnRender');
    return this.answer(ctx, render, drawn, false);
  }

  /** The items as variants of wearable products, one per layer, in layer order. */
  private async choose(ctx: RequestContext, items: TryOnItemInput[]): Promise<Chosen[] | NotAGarmentError | InvalidInputError> {
    const ids = [...new Set(items.map((i) => i.variantId))];
    const variants = await ctx.em.getRepository(VariantEntity).findBy({ id: In(ids) });
    const products = variants.length ? await ctx.em.getRepository(ProductEntity).findBy({ id: In([...new Set(variants.map((v) => v.productId))]) }) : [];
    const variantById = new Map(variants.map((v) => [v.id, v]));
    const productById = new Map(products.map((p) => [p.id, p]));
    const chosen: Chosen[] = [];
    for (const [index, item] of items.entries()) {
      const field = `items[${index}].variantId`;
      const variant = variantById.get(item.variantId);
      if (!variant) {
        const isProduct = await ctx.em.getRepository(ProductEntity).exists({ where: { id: item.variantId } });
        return new NotAGarmentError(field, item.variantId, isProduct ? `${item.variantId} is a product, not a variant: pass one of its variants (its colour is drawn)` : `No garment or shoe variant has the id ${item.variantId}`);
      }
      const product = productById.get(variant.productId)!;
      if (!LAYER_ORDER.includes(product.garmentType)) return new NotAGarmentError(field, item.variantId, `${product.name} is not worn, so it cannot be tried on`);
      const clash = chosen.find((c) => c.product.garmentType === product.garmentType);
      if (clash) return new InvalidInputError(`items[${index}]`, `One ${product.garmentType.toLowerCase()} at a time: ${clash.product.name} is already item ${clash.index}`);
      chosen.push({ index, item, variant, product });
    }
    return chosen.sort((a, b) => LAYER_ORDER.indexOf(a.product.garmentType) - LAYER_ORDER.indexOf(b.product.garmentType));
  }

  /** The size to draw (advised, or asked for) and how it fits. The advice is the same the mirror shows. */
  private async sizeFor(ctx: RequestContext, sessionId: string, profile: BodyProfileData, c: Chosen): Promise<Sized | InvalidInputError | NoSizeChartError | NotFoundError | SessionNotFoundError | SessionEndedError | NoBodyProfileError> {
    const variants = await ctx.em.getRepository(VariantEntity).find({ where: { productId: c.product.id }, order: { sizeRank: 'ASC' } });
    const offered = [...new Set(variants.map((v) => v.sizeLabel))];
    let requested: string | null = null;
    if (c.item.size) {
      requested = offered.find((s) => s.toUpperCase() === c.item.size!.trim().toUpperCase()) ?? null;
      if (!requested) return new InvalidInputError(`items[${c.index}].size`, `${c.product.name} comes in ${offered.join(', ')}, not ${c.item.size}`);
    }
    const advice = await this.sizeAdvice.advise(ctx, sessionId, c.product.id);
    if (!(advice instanceof SizeAdvice)) {
      // Without a chart there is no advice, but an explicitly asked size can still be drawn.
      if (advice instanceof NoSizeChartError && requested) return { ...c, size: requested, advisedSize: null, sizeSource: TryOnSizeSource.REQUESTED, fits: [] };
      return advice;
    }
    const size = requested ?? advice.size;
    const sizeSource = requested && requested !== advice.size ? TryOnSizeSource.REQUESTED : TryOnSizeSource.ADVISED;
    let fits: RegionFitData[] = advice.fit.map((f) => ({ region: f.region as FitRegion, verdict: f.verdict as FitVerdict, differenceCm: f.differenceCm }));
    if (size !== advice.size) {
      const chart = await this.charts.forProduct(ctx, c.product.brand, c.product.garmentType, c.product.gender);
      const garments: Record<string, VariantEntity['garmentMeasurements']> = {};
      for (const v of variants) if (!garments[v.sizeLabel] && Object.keys(v.garmentMeasurements).length) garments[v.sizeLabel] = v.garmentMeasurements;
      try {
        fits = chart ? regionFits({ profile, garmentType: c.product.garmentType, fitType: c.product.fitType, chart: chart.rows, garments, offeredSizes: offered }, size) : [];
      } catch (error) {
        if (!(error instanceof SizeAdviceInputError)) throw error;
        fits = [];
      }
    }
    return { ...c, size, advisedSize: advice.size, sizeSource, fits };
  }

  private async figureFor(scan: BodyScanEntity): Promise<{ pose: BodyPose; rgb: Buffer }> {
    const cached = this.figures.get(scan.id);
    if (cached) return cached;
    const figure = { sessionId: scan.sessionId, ...(await drawFigure(scan.profile, CANVAS)) };
    this.figures.set(scan.id, figure);
    return figure;
  }

  /** A fresh signed URL of the session's latest render, for the phone's hand-off preview; null when there is none. */
  snapshotUrl(ctx: RequestContext, sessionId: string): string | null {
    const id = this.latestBySession.get(sessionId);
    const render = id ? this.renders.get(id) : undefined;
    if (!render) return null;
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + ctx.config.tryOn.renderUrlTtlSeconds * 1000);
    return ctx.config.tryOn.renderUrlBase + signRenderPath(ctx.config.tryOn.renderUrlKey, render.id, render.format, expiresAt);
  }

  /** The answer for a render: a fresh signed URL each time (the image itself is cached) and the items as they are now. */
  private answer(ctx: RequestContext, render: CachedRender, items: TryOnItem[], cached: boolean): TryOnRender {
    this.latestBySession.set(render.sessionId, render.id);
    if (this.latestBySession.size > 50_000) this.latestBySession.clear();
    const settings = ctx.config.tryOn;
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + settings.renderUrlTtlSeconds * 1000);
    return Object.assign(new TryOnRender(), {
      id: render.id,
      image: Object.assign(new RenderImage(), {
        url: settings.renderUrlBase + signRenderPath(settings.renderUrlKey, render.id, render.format, expiresAt),
        width: render.width,
        height: render.height,
        format: FORMAT_ENUM[render.format],
        expiresAt,
      }),
      mode: render.mode,
      cached,
      fitOverlay: render.fitOverlay,
      items,
    });
  }

  // -------------------------------------------------------------------------------------------
  // Camera frames
  // -------------------------------------------------------------------------------------------

  /**
   * Keeps a camera frame for the session's try-ons: in memory only (never in the database or on
   * disk), fitted to the render canvas, with the keypoints the kiosk detected on it. Replaces the
   * session's previous frame; a refusal changes nothing. A frame whose customer is not facing the
   * mirror, not upright or too far away (framePoseProblems) is a ScanRejectedError with its hint.
   */
  async uploadFrame(ctx: RequestContext, sessionId: string, input: SessionFrameInput): Promise<SessionFrame | SessionNotFoundError | SessionEndedError | NotAnImageError | ImageTooLargeError | NotFoundError | ScanRejectedError> {
    const named = this.frameKeypoints(input.keypoints);
    const bytes = this.imageBytes(ctx, input.image, 'input.image');
    if (!Buffer.isBuffer(bytes)) return bytes;
    const image = await inspectImage(bytes, 'input.image');
    if (!('data' in image)) return image;
    const session = await this.sessions.requireActive(ctx, sessionId);
    if (!(session instanceof KioskSessionEntity)) return session;
    this.forgetOtherSessions(session);
    const margin = 1 + SCAN_THRESHOLDS.coordinateMarginFraction;
    for (const { index, x, y } of named.values()) {
      if (x > image.width * margin) throw badInput(`x must be a pixel column within the frame (0..${image.width})`, `input.keypoints[${index}].x`);
      if (y > image.height * margin) throw badInput(`y must be a pixel row within the frame (0..${image.height})`, `input.keypoints[${index}].y`);
    }
    // A customer seen edge-on (left and right keypoints on one point) gives garments no width to be
    // drawn with: refused now, with the mirror's instruction, rather than failing every render later.
    const problems = framePoseProblems(Object.fromEntries(named), image);
    if (problems.length) return new ScanRejectedError(problems, rejectionHint(problems[0].code));
    // Letterboxed into the canvas: the whole customer stays in view whatever the camera's aspect.
    const scale = Math.min(CANVAS.width / image.width, CANVAS.height / image.height);
    const w = Math.max(1, Math.round(image.width * scale));
    const h = Math.max(1, Math.round(image.height * scale));
    const left = Math.floor((CANVAS.width - w) / 2);
    const top = Math.floor((CANVAS.height - h) / 2);
    let rgb: Buffer;
    try {
      rgb = await decodeImage(image)
        .resize(w, h, { fit: 'fill' })
        .extend({ left, top, right: CANVAS.width - w - left, bottom: CANVAS.height - h - top, background: { r: 0, g: 0, b: 0 } })
        .removeAlpha()
        .raw()
        .toBuffer();
    } catch {
      return new NotAnImageError('input.image', 'The image could not be decoded (truncated or corrupt)');
    }
    const keypoints: FrameKeypoints = {};
    for (const [name, p] of named) keypoints[name] = { x: left + p.x * (w / image.width), y: top + p.y * (h / image.height) };
    const receivedAt = new Date();
    this.frames.put({ sessionId: session.id, kioskId: session.kioskId, version: randomBytes(9).toString('base64url'), rgb, keypoints, sourceWidth: image.width, sourceHeight: image.height, receivedAt });
    if (input.image.uploadId) this.uploads.consume(input.image.uploadId);
    return Object.assign(new SessionFrame(), { sessionId: session.id, width: image.width, height: image.height, receivedAt });
  }

  /** Forgets the session's frame (back to privacy mode) and its renders; true when there was a frame. */
  async deleteFrame(ctx: RequestContext, sessionId: string): Promise<boolean> {
    const session = await this.sessions.find(ctx, sessionId);
    if (!(session instanceof KioskSessionEntity)) return false;
    this.renders.dropSession(session.id);
    return this.frames.delete(session.id);
  }

  /** Keypoint names and values of a frame; malformed input is BAD_USER_INPUT naming the field, as for scans. */
  private frameKeypoints(keypoints: KeypointInput[]): Map<string, { index: number; x: number; y: number }> {
    const named = new Map<string, { index: number; x: number; y: number; score: number }>();
    keypoints.forEach((k, index) => {
      const at = `input.keypoints[${index}]`;
      const name = canonicalKeypointName(k.name);
      if (!name) throw badInput(`unknown keypoint name ${JSON.stringify(k.name)}: expected a COCO-17 or BlazePose-33 name`, `${at}.name`);
      if (named.has(name)) throw badInput(`keypoint ${name} appears twice`, `${at}.name`);
      if (!Number.isFinite(k.x) || k.x < 0) throw badInput('x must be a pixel column within the frame', `${at}.x`);
      if (!Number.isFinite(k.y) || k.y < 0) throw badInput('y must be a pixel row within the frame', `${at}.y`);
      if (!Number.isFinite(k.score) || k.score < 0 || k.score > 1) throw badInput('score must be between 0 and 1', `${at}.score`);
      named.set(name, { index, x: k.x, y: k.y, score: k.score });
    });
    for (const [name, p] of [...named]) if (p.score < SCAN_THRESHOLDS.minKeypointScore) named.delete(name);
    const missing = REQUIRED_FRAME_KEYPOINTS.filter((n) => !named.has(n));
    if (missing.length) throw badInput(`the frame needs ${missing.join(', ')} (detected with a score of at least ${SCAN_THRESHOLDS.minKeypointScore})`, 'input.keypoints');
    return named;
  }

  // -------------------------------------------------------------------------------------------
  // Images sent inline or staged
  // -------------------------------------------------------------------------------------------

  /** Stages raw image bytes for the caller (POST /tryon/uploads). */
  stageUpload(principal: Principal, data: Buffer): { uploadId: string; expiresAt: Date } | null {
    return this.uploads.put(ownerOf(principal), data);
  }

  private imageBytes(ctx: RequestContext, image: ImageInput, field: string): Buffer | NotAnImageError | NotFoundError {
    const inline = typeof image.base64 === 'string' && image.base64.length > 0;
    const staged = typeof image.uploadId === 'string' && image.uploadId.length > 0;
    if (inline === staged) return new NotAnImageError(field, 'Send the image either inline as base64 or as the uploadId of POST /tryon/uploads');
    if (inline) return decodeBase64(image.base64!) ?? new NotAnImageError(field, 'The image is not valid base64');
    return this.uploads.get(ownerOf(ctx.principal), image.uploadId!) ?? new NotFoundError('Upload', `No upload ${image.uploadId} is waiting for you (uploads are kept 10 minutes and used once)`);
  }

  /** A merchandiser's garment image (validated by the asset service). */
  async uploadAsset(ctx: RequestContext, input: UploadGarmentAssetInput): Promise<GarmentAsset | NotFoundError | NotAnImageError | ImageTooLargeError | InvalidGarmentAssetError> {
    const bytes = this.imageBytes(ctx, input.image, 'input.image');
    if (!Buffer.isBuffer(bytes)) return bytes;
    const result = await this.assets.upload(ctx, input, bytes);
    if (result instanceof GarmentAsset && input.image.uploadId) this.uploads.consume(input.image.uploadId);
    return result;
  }

  // -------------------------------------------------------------------------------------------
  // Housekeeping
  // -------------------------------------------------------------------------------------------

  /**
   * A mirror has one open session: once it works in a new one, the frames and renders of its earlier
   * sessions go at once (the sweep would take them within seconds anyway).
   */
  private forgetOtherSessions(session: KioskSessionEntity): void {
    this.frames.deleteOtherSessions(session.kioskId, session.id);
    this.renders.dropOtherSessions(session.kioskId, session.id);
    // Figures do not know their kiosk: the sweep takes those of this mirror's ended sessions.
  }

  /** Whether renders of this session may still be served (it is active). Drops its frame and renders when not. */
  async sessionStillActive(dataSource: DataSource, sessionId: string): Promise<boolean> {
    const rows: unknown[] = await dataSource.query(`SELECT 1 FROM kiosk_session WHERE id = $1 AND status = 'ACTIVE'`, [sessionId]);
    if (rows.length) return true;
    this.frames.delete(sessionId);
    this.renders.dropSession(sessionId);
    this.figures.deleteWhere((_, f) => f.sessionId === sessionId);
    return false;
  }

  /** Run with the session housekeeping: forgets frames and renders of sessions that have ended. */
  async sweep(dataSource: DataSource): Promise<number> {
    const ids = [...new Set([...this.frames.sessionIds(), ...this.renders.sessionIds(), ...this.figures.values().map((f) => f.sessionId)])];
    if (!ids.length) return 0;
    const rows: { id: string }[] = await dataSource.query(`SELECT id FROM kiosk_session WHERE id = ANY($1) AND status = 'ACTIVE'`, [ids]);
    const active = new Set(rows.map((r) => r.id));
    let dropped = 0;
    for (const id of ids) {
      if (active.has(id)) continue;
      this.frames.delete(id);
      this.renders.dropSession(id);
      this.figures.deleteWhere((_, f) => f.sessionId === id);
      dropped++;
    }
    return dropped;
  }
}
