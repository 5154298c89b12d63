import { createHmac, timingSafeEqual } from 'node:crypto';
import { RENDER_EXTENSION, RenderFormatName } from './renderer';

/*
 * Render images are served by URL so that the mirror can put them straight into an <img>: the URL
 * is the capability. It names the render and an expiry, signed with HMAC-SHA256 under
 * RENDER_URL_KEY; the route refuses a changed id, format or expiry (forged) and a past expiry.
 */

export const RENDER_PATH_PREFIX = '/renders/';
const ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const FORMAT_BY_EXTENSION: Record<string, RenderFormatName> = Object.fromEntries(Object.entries(RENDER_EXTENSION).map(([format, ext]) => [ext, format as RenderFormatName]));

function signature(key: string, id: string, ext: string, expires: number): string {
  return createHmac('sha256', key).update(`render:${id}.${ext}:${expires}`).digest('base64url');
}

/** The path and query of a render image valid until `expiresAt` (whole seconds). */
export function signRenderPath(key: string, id: string, format: RenderFormatName, expiresAt: Date): string {
  const ext = RENDER_EXTENSION[format];
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${RENDER_PATH_PREFIX}${id}.${ext}?exp=${expires}&sig=${signature(key, id, ext, expires)}`;
}

export type RenderUrlCheck = { ok: true; id: string; format: RenderFormatName; expiresAt: Date } | { ok: false; reason: 'MALFORMED' | 'FORGED' | 'EXPIRED' };

/**
 * Checks a request for `/renders/<file>?exp=..&sig=..`. The signature is compared in constant time
 * and before the expiry, so an attacker learns nothing from the answer but "no".
 */
export function verifyRenderRequest(key: string, file: string, exp: unknown, sig: unknown, now: Date = new Date()): RenderUrlCheck {
  const dot = file.lastIndexOf('.');
  const id = file.slice(0, dot);
  const ext = file.slice(dot + 1);
  const format = FORMAT_BY_EXTENSION[ext];
  if (dot < 0 || !ID_PATTERN.test(id) || !format || typeof exp !== 'string' || !/^\d{1,12}$/.test(exp) || typeof sig !== 'string' || sig.length > 100) return { ok: false, reason: 'MALFORMED' };
  const expected = Buffer.from(signature(key, id, ext, Number(exp)));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'FORGED' };
  const expiresAt = new Date(Number(exp) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'EXPIRED' };
  return { ok: true, id, format, expiresAt };
}
