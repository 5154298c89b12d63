import { KioskActivityDayEntity } from '../activity/kiosk-activity-day.entity';
import { StaffUserEntity } from '../auth/staff-user.entity';
import { BodyScanEntity } from '../body/body-scan.entity';
import { SavedBodyProfileEntity } from '../body/saved-body-profile.entity';
import { InventoryEntity } from '../catalog/inventory.entity';
import { ProductEntity } from '../catalog/product.entity';
import { SizeChartEntity } from '../catalog/size-chart.entity';
import { VariantEntity } from '../catalog/variant.entity';
import { CartLineEntity } from '../commerce/cart/cart-line.entity';
import { CartEntity } from '../commerce/cart/cart.entity';
import { CheckoutRequestEntity } from '../commerce/checkout/checkout-request.entity';
import { CartHandoffEntity } from '../commerce/handoff/cart-handoff.entity';
import { OrderLineEntity } from '../commerce/order-line.entity';
import { OrderEntity } from '../commerce/order.entity';
import { CustomerEntity } from '../identity/customer.entity';
import { SignInRequestEntity } from '../identity/sign-in/sign-in-request.entity';
import { FaceConsentEntity } from '../identity/face/face-consent.entity';
import { FaceEnrolmentEntity } from '../identity/face/face-enrolment.entity';
import { FaceIdentificationEntity } from '../identity/face/face-identification.entity';
import { KioskSessionEntity } from '../kiosk/kiosk-session.entity';
import { KioskEntity } from '../kiosk/kiosk.entity';
import { StoreEntity } from '../store/store.entity';
import { RecConfigAuditEntity, RecConfigEntity } from '../recommend/config/rec-config.entity';
import { RecExperimentEntity } from '../recommend/experiment/rec-experiment.entity';
import { InteractionEventEntity } from '../recommend/interaction-event.entity';
import { RecImpressionEntity } from '../recommend/rec-impression.entity';
import { RecModelEntity } from '../recommend/training/rec-model.entity';
import { GarmentAssetEntity } from '../tryon/garment-asset.entity';

/** Every TypeORM entity, listed explicitly so that the same list works from `src/` and `dist/`. */
export const ENTITIES = [
  StoreEntity,
  KioskEntity,
  CustomerEntity,
  StaffUserEntity,
  ProductEntity,
  VariantEntity,
  SizeChartEntity,
  InventoryEntity,
  OrderEntity,
  OrderLineEntity,
  KioskSessionEntity,
  BodyScanEntity,
  SavedBodyProfileEntity,
  InteractionEventEntity,
  RecImpressionEntity,
  RecConfigEntity,
  RecConfigAuditEntity,
  RecModelEntity,
  RecExperimentEntity,
  FaceConsentEntity,
  FaceEnrolmentEntity,
  FaceIdentificationEntity,
  CartEntity,
  CartLineEntity,
  CartHandoffEntity,
  CheckoutRequestEntity,
  SignInRequestEntity,
  GarmentAssetEntity,
  KioskActivityDayEntity,
];
