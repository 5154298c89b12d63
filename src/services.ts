import { PrincipalCache } from './auth/principal-cache';
import { BodyService } from './body/body.service';
import type { BodyMeasurementModel } from './body/model/body-model';
import { SizeAdviceService } from './body/size/size-advice.service';
import { SizeChartService } from './catalog/size-chart.service';
import { KioskSessionService } from './kiosk/kiosk-session.service';
import { CatalogService } from './catalog/catalog.service';
import { OrderService } from './commerce/order.service';
import { ViewerService } from './identity/viewer.service';
import { KioskService } from './kiosk/kiosk.service';
import { StoreService } from './store/store.service';

/** The application's services, built once and handed to every resolver. */
export interface Services {
  principals: PrincipalCache;
  catalog: CatalogService;
  stores: StoreService;
  kiosks: KioskService;
  orders: OrderService;
  viewer: ViewerService;
  sessions: KioskSessionService;
  body: BodyService;
  sizeCharts: SizeChartService;
  sizeAdvice: SizeAdviceService;
}

export interface ServiceOptions {
  kioskSessionIdleSeconds?: number;
  bodyDataGraceSeconds?: number;
  /** Loaded once at start-up; absent only where no request is served (schema emission). */
  bodyModel?: BodyMeasurementModel;
}

/** Stands in for the model where none is loaded: any use is a programming error, reported loudly. */
const NO_MODEL = new Proxy({} as BodyMeasurementModel, {
  get() {
    throw new Error('the body measurement model was not loaded');
  },
});

export function createServices(options: ServiceOptions = {}): Services {
  const principals = new PrincipalCache();
  const sessions = new KioskSessionService({ idleSeconds: options.kioskSessionIdleSeconds ?? 300, graceSeconds: options.bodyDataGraceSeconds ?? 900 });
  const sizeCharts = new SizeChartService();
  return {
    sessions,
    sizeCharts,
    body: new BodyService(sessions, options.bodyModel ?? NO_MODEL),
    sizeAdvice: new SizeAdviceService(sessions, sizeCharts),
    principals,
    catalog: new CatalogService(),
    stores: new StoreService(),
    kiosks: new KioskService(principals),
    orders: new OrderService(),
    viewer: new ViewerService(),
  };
}
