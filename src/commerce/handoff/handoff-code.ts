import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

/** Letters that cannot be misread for one another or spell much: no vowels, no Y. */
export const CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const CODE_LENGTH = 8;

/** A new typed fallback code, uniformly random over the alphabet (~34.6 bits). */
export function newHandoffCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** "XXXX-XXXX" for the screen. */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A typed code as entered (any case, dashes or spaces), or null when it cannot be a code. */
export function normaliseCode(input: string): string | null {
  const letters = input.toUpperCase().replace(/[\s-]/g, '');
  if (letters.length !== CODE_LENGTH) return null;
  for (const ch of letters) if (!CODE_ALPHABET.includes(ch)) return null;
  return letters;
}

/** The QR's one-time token: 256 random bits. */
export function newHandoffToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Codes are short, so they are hashed with a server key: a leaked table cannot be brute-forced offline. */
export function hashCode(code: string, key: string): string {
  return createHmac('sha256', key).update(code).digest('hex');
}
