import { Initial1795330341705 } from './1795330341705-Initial';
import { KioskSessionsAndBodyScans1795331850350 } from './1795331850350-KioskSessionsAndBodyScans';
import { Recommendations1795332513468 } from './1795332513468-Recommendations';
import { FaceRecognition1795340000000 } from './1795340000000-FaceRecognition';
import { CartsAndHandoff1795340100000 } from './1795340100000-CartsAndHandoff';
import { MemberSignIn1795340200000 } from './1795340200000-MemberSignIn';
import { TryOn1795340300000 } from './1795340300000-TryOn';
import { KioskActivity1795340400000 } from './1795340400000-KioskActivity';
import { SessionSignalIndex1795340500000 } from './1795340500000-SessionSignalIndex';
import { RecImpressions1795340600000 } from './1795340600000-RecImpressions';
import { ImpressionLists1795340800000 } from './1795340800000-ImpressionLists';
import { BodyScanSex1795340900000 } from './1795340900000-BodyScanSex';
import { StockChanges1795340700000 } from './1795340700000-StockChanges';
import { VariantGtin14Index1795341000000 } from './1795341000000-VariantGtin14Index';
import { FaceIdentificationSessionIndex1795341100000 } from './1795341100000-FaceIdentificationSessionIndex';
import { RecImpressionCustomerIndex1795341200000 } from './1795341200000-RecImpressionCustomerIndex';
import { ProductSkuPrefixIndex1795341300000 } from './1795341300000-ProductSkuPrefixIndex';
import { SavedBodyProfileSex1795341400000 } from './1795341400000-SavedBodyProfileSex';
import { SavedBodyProfilePrevious1795341500000 } from './1795341500000-SavedBodyProfilePrevious';
import { SavedBodyProfileRestoredAt1795341600000 } from './1795341600000-SavedBodyProfileRestoredAt';

/** Every migration in order; listed explicitly so the same list works from `src/` and `dist/`. */
export const MIGRATIONS: Function[] = [
  Initial1795330341705,
  KioskSessionsAndBodyScans1795331850350,
  Recommendations1795332513468,
  FaceRecognition1795340000000,
  CartsAndHandoff1795340100000,
  MemberSignIn1795340200000,
  TryOn1795340300000,
  KioskActivity1795340400000,
  SessionSignalIndex1795340500000,
  RecImpressions1795340600000,
  StockChanges1795340700000,
  ImpressionLists1795340800000,
  BodyScanSex1795340900000,
  VariantGtin14Index1795341000000,
  FaceIdentificationSessionIndex1795341100000,
  RecImpressionCustomerIndex1795341200000,
  ProductSkuPrefixIndex1795341300000,
  SavedBodyProfileSex1795341400000,
  SavedBodyProfilePrevious1795341500000,
  SavedBodyProfileRestoredAt1795341600000,
];
