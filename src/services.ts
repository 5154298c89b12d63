import { CatalogService } from './catalog/catalog.service';
import { OrderService } from './commerce/order.service';
import { ViewerService } from './identity/viewer.service';
import { KioskService } from './kiosk/kiosk.service';
import { StoreService } from './store/store.service';

/** The application's services, built once and handed to every resolver. */
export interface Services {
  catalog: CatalogService;
  stores: StoreService;
  kiosks: KioskService;
  orders: OrderService;
  viewer: ViewerService;
}

export function createServices(): Services {
  return {
    catalog: new CatalogService(),
    stores: new StoreService(),
    kiosks: new KioskService(),
    orders: new OrderService(),
    viewer: new ViewerService(),
  };
}
