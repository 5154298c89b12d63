import * as crypto from 'node:crypto';
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** Node >= 20.12: one-shot hashing, without a Hash object (released through a weak handle in GC pauses). */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** Prefix that marks Mirrorfit kiosk device tokens (and lets secret scanners find leaked ones). */
export const KIOSK_TOKEN_PREFIX = 'mfk_';

/** SHA-256 hex of a secret; tokens are high-entropy so a fast hash is the right tool (no salt needed). */
export function hashSecret(secret: string): string {
  // Every kiosk request hashes its token to find its cached principal.
  if (oneShotHash) return oneShotHash('sha256', secret, 'hex');
  return createHash('sha256').update(secret).digest('hex');
}

/** A new kiosk device token: 256 random bits. */
export function newKioskToken(): string {
  return KIOSK_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * A development-only kiosk token derived from the development secret, so that the token printed at
 * start-up stays valid across restarts without storing it anywhere in clear.
 */
export function devKioskToken(devSecret: string, kioskId: string): string {
  return KIOSK_TOKEN_PREFIX + createHmac('sha256', devSecret).update(`kiosk:${kioskId}`).digest('base64url');
}

/** The visible start of a token, for telling devices apart in the console. */
export function tokenHint(token: string): string {
  return token.slice(0, KIOSK_TOKEN_PREFIX.length + 4);
}
