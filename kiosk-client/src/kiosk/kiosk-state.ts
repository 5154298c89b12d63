import type { BodyProfileFieldsFragment } from '../gql/graphql';

export type BodyProfile = BodyProfileFieldsFragment;

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
  memberName: string | null;
  /** Products tried on, newest last (drives the "after try-on" rail). */
  tried: string[];
  cartCount: number;
}

export type Screen = 'attract' | 'scan' | 'measure' | 'shop' | 'cart' | 'wiped';
