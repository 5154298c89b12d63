import { PrincipalCache } from './auth/principal-cache';
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
}

export function createServices(): Services {
  const principals = new PrincipalCache();
  return {
    principals,
    catalog: new CatalogService(),
    stores: new StoreService(),
    kiosks: new KioskService(principals),
    orders: new OrderService(),
    viewer: new ViewerService(),
  };
}
