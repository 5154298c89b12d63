import { KioskActivityService } from './activity/kiosk-activity.service';
import { PrincipalCache } from './auth/principal-cache';
import { BodyService } from './body/body.service';
import type { BodyMeasurementModel } from './body/model/body-model';
import { SizeAdviceService } from './body/size/size-advice.service';
import { SizeChartService } from './catalog/size-chart.service';
import { SessionActivityWriter } from './kiosk/session-activity-writer';
import { KioskSessionService } from './kiosk/kiosk-session.service';
import { CartService } from './commerce/cart/cart.service';
import { CheckoutService } from './commerce/checkout/checkout.service';
import { PaymentStrategy, TestPaymentStrategy } from './commerce/checkout/payment.strategy';
import { HandoffService } from './commerce/handoff/handoff.service';
import { MemberSignInService } from './identity/sign-in/member-sign-in.service';
import { MemoryRateLimiter, RateLimiter } from './common/rate-limiter';
import { createAppPubSub } from './common/pubsub';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { PubSub } from 'type-graphql';
import { RecConfigService } from './recommend/config/rec-config.service';
import { ExperimentService } from './recommend/experiment/experiment.service';
import { ImpressionBuffer } from './recommend/serving/impression-buffer';
import { RecommendationService } from './recommend/serving/recommendation.service';
import { DraftReviewService } from './recommend/serving/draft-review.service';
import { RecommenderRegistry } from './recommend/training/recommender-registry';
import { RecommendationTrainingService } from './recommend/training/recommendation-training.service';
import { CatalogService } from './catalog/catalog.service';
import { OrderService } from './commerce/order.service';
import { ViewerService } from './identity/viewer.service';
import { FaceRecognitionService } from './identity/face/face-recognition.service';
import { KioskService } from './kiosk/kiosk.service';
import { StoreService } from './store/store.service';
import { TryOnService } from './tryon/tryon.service';

/** The application's services, built once and handed to every resolver. */
export interface Services {
  principals: PrincipalCache;
  catalog: CatalogService;
  stores: StoreService;
  kiosks: KioskService;
  orders: OrderService;
  viewer: ViewerService;
  sessions: KioskSessionService;
  /** Opt-in face recognition: enrolment, 1:N identification at the mirror, the in-memory index. */
  face: FaceRecognitionService;
  body: BodyService;
  sizeCharts: SizeChartService;
  sizeAdvice: SizeAdviceService;
  recommender: RecommenderRegistry;
  recConfigs: RecConfigService;
  experiments: ExperimentService;
  recommendations: RecommendationService;
  draftReview: DraftReviewService;
  impressions: ImpressionBuffer;
  carts: CartService;
  handoffs: HandoffService;
  checkout: CheckoutService;
  signIn: MemberSignInService;
  /** Try-on renders, camera frames and garment images (memory caches bounded by TRYON_CACHE_MB). */
  tryOn: TryOnService;
  /** Mirror activity counters per store and day, and the console's report over them. */
  activity: KioskActivityService;
  /** Training needs the running server's database; absent where no request is served. */
  training(): RecommendationTrainingService;
}

export interface ServiceOptions {
  kioskSessionIdleSeconds?: number;
  bodyDataGraceSeconds?: number;
  /** Loaded once at start-up; absent only where no request is served (schema emission). */
  bodyModel?: BodyMeasurementModel;
  /** For background training: the database it reads and writes, the bus for its progress. */
  runtime?: { dataSource: DataSource; databaseUrl: string; pubSub: PubSub; log: Logger };
  /** Shared counters across processes (Redis) or in-process. */
  rateLimiter?: RateLimiter;
  payments?: PaymentStrategy;
  /** Memory for the try-on's caches (TRYON_CACHE_MB), bytes. */
  tryOnCacheBytes?: number;
}

/** Stands in for the model where none is loaded: any use is a programming error, reported loudly. */
const NO_MODEL = new Proxy({} as BodyMeasurementModel, {
  get() {
    throw new Error('the body measurement model was not loaded');
  },
});

export function createServices(options: ServiceOptions = {}): Services {
  const principals = new PrincipalCache();
  const activity = new KioskActivityService();
  const sessions = new KioskSessionService({ idleSeconds: options.kioskSessionIdleSeconds ?? 300, graceSeconds: options.bodyDataGraceSeconds ?? 900 }, activity, new SessionActivityWriter(1_000, options.runtime?.log));
  const sizeCharts = new SizeChartService();
  const recommender = new RecommenderRegistry();
  const recConfigs = new RecConfigService();
  const runtime = options.runtime;
  const impressions = new ImpressionBuffer(runtime?.dataSource ?? null, runtime?.log);
  const experiments = new ExperimentService(impressions);
  const training = runtime ? new RecommendationTrainingService(runtime.dataSource, runtime.databaseUrl, recommender, runtime.pubSub, runtime.log) : null;
  const recommendations = new RecommendationService(sessions, recommender, recConfigs, experiments, impressions, runtime?.log);
  const carts = new CartService(sessions);
  const tryOn = new TryOnService(sessions, new SizeAdviceService(sessions), sizeCharts, { cacheBytes: options.tryOnCacheBytes ?? 256 * 1024 * 1024 }, activity);
  const limiter = options.rateLimiter ?? new MemoryRateLimiter();
  const bus = runtime?.pubSub ?? createAppPubSub();
  return {
    signIn: new MemberSignInService(sessions, limiter, bus),
    // SizeAdviceService is stateless: its own instance gives the same advice the mirror shows.
    tryOn,
    carts,
    handoffs: new HandoffService(carts, sizeCharts, limiter, bus, activity, runtime?.log, (ctx, sessionId) => tryOn.snapshotUrl(ctx, sessionId)),
    checkout: new CheckoutService(options.payments ?? new TestPaymentStrategy(), activity),
    recommender,
    recConfigs,
    experiments,
    impressions,
    recommendations,
    draftReview: new DraftReviewService(recConfigs, recommendations, recommender, runtime?.databaseUrl ?? null),
    training: () => {
      if (!training) throw new Error('training is not available in this process');
      return training;
    },
    sessions,
    face: new FaceRecognitionService(sessions),
    sizeCharts,
    body: new BodyService(sessions, options.bodyModel ?? NO_MODEL),
    sizeAdvice: new SizeAdviceService(sessions),
    principals,
    catalog: new CatalogService(),
    stores: new StoreService(),
    kiosks: new KioskService(principals),
    orders: new OrderService(),
    viewer: new ViewerService(),
    activity,
  };
}
