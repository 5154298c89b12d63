import type { BodyProfileFieldsFragment } from '../gql/graphql';

export type BodyProfile = BodyProfileFieldsFragment;

/**
 * The server would not keep the scan's camera frame for try-ons (the customer in it is not facing the
 * mirror, not upright or too far away): try-ons are drawn on a figure, and the hint says how to do
 * better on a new scan.
 */
export interface FrameRefusal {
  hint: string;
  /** Machine-readable reasons (NOT_FACING, TOO_FAR, NOT_STANDING_STRAIGHT). */
  codes: string[];
}

export interface KioskIdentity {
  token: string;
  kioskLabel: string;
  storeName: string;
  currency: string;
  faceRecognitionEnabled: boolean;
}

/** One customer's visit, from tapping the attract screen to the wipe. */
export interface Visit {
  sessionId: string;
  profile: BodyProfile | null;
  /** Set when the latest scan's camera frame was refused; null when it was kept or there was none. */
  frameRefusal: FrameRefusal | null;
  memberName: string | null;
  /** Products tried on, newest last (drives the "after try-on" rail). */
  tried: string[];
  cartCount: number;
}

export type Screen = 'attract' | 'scan' | 'measure' | 'shop' | 'cart' | 'wiped';
