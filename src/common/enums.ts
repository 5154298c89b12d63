/** Sports the catalogue is organised by. */
export enum Sport {
  RUNNING = 'RUNNING',
  FOOTBALL = 'FOOTBALL',
  TRAINING = 'TRAINING',
  OUTDOOR = 'OUTDOOR',
  SKI = 'SKI',
}

/** Who a product is cut for. */
export enum Gender {
  MEN = 'MEN',
  WOMEN = 'WOMEN',
  UNISEX = 'UNISEX',
}

/** How a garment is cut relative to the body; drives the ease added over body measurements. */
export enum FitType {
  SLIM = 'SLIM',
  REGULAR = 'REGULAR',
  RELAXED = 'RELAXED',
}

/** Where on the body a product is worn; also the layering order of a try-on. */
export enum GarmentType {
  TOP = 'TOP',
  BOTTOM = 'BOTTOM',
  OUTERWEAR = 'OUTERWEAR',
  SHOES = 'SHOES',
}

/** The size system of a variant's size label. */
export enum SizeSystem {
  /** XS, S, M, L, XL, XXL */
  ALPHA = 'ALPHA',
  /** EU shoe sizes 36..47 */
  EU_SHOE = 'EU_SHOE',
}

/** Staff roles. Admins can do everything merchandisers can. */
export enum StaffRole {
  MERCHANDISER = 'MERCHANDISER',
  ADMIN = 'ADMIN',
}

/** Where an order came from. */
export enum OrderChannel {
  KIOSK_HANDOFF = 'KIOSK_HANDOFF',
  APP = 'APP',
  STORE = 'STORE',
  IMPORT = 'IMPORT',
}

export enum OrderStatus {
  PLACED = 'PLACED',
  PAID = 'PAID',
  FULFILLED = 'FULFILLED',
  CANCELLED = 'CANCELLED',
}

/** SQL `IN (...)` list for a CHECK constraint over an enum's values. */
export function sqlIn(e: Record<string, string>): string {
  return Object.values(e)
    .map((v) => `'${v}'`)
    .join(', ');
}
