import { randomBytes } from 'node:crypto';
import { FaceEmbeddingCipher, FaceEmbeddingDecryptionError, faceKeyId } from './face-crypto';

describe('FaceEmbeddingCipher (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const cipher = new FaceEmbeddingCipher(key);
  const vector = Float32Array.from({ length: 128 }, (_, i) => Math.sin(i) / 8);
  const member = '8e0f3c1e-1111-4c2b-9a55-3f7c0f9d2a10';

  it('round-trips an embedding exactly', () => {
    const sealed = cipher.seal(member, vector);
    expect(sealed.iv).toHaveLength(12);
    expect(sealed.authTag).toHaveLength(16);
    expect(sealed.ciphertext).toHaveLength(128 * 4);
    expect(sealed.keyId).toBe(faceKeyId(key));
    expect(Array.from(cipher.open(member, sealed))).toEqual(Array.from(vector));
  });

  it('does not contain the plaintext, and never repeats a nonce', () => {
    const a = cipher.seal(member, vector);
    const b = cipher.seal(member, vector);
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    const plain = Buffer.from(vector.buffer);
    expect(a.ciphertext.includes(plain.subarray(0, 16))).toBe(false);
  });

  it('refuses a tampered ciphertext, another member, and another key', () => {
    const sealed = cipher.seal(member, vector);
    const tampered = { ...sealed, ciphertext: Buffer.from(sealed.ciphertext) };
    tampered.ciphertext[5] ^= 1;
    expect(() => cipher.open(member, tampered)).toThrow(FaceEmbeddingDecryptionError);
    expect(() => cipher.open('another-member', sealed)).toThrow(FaceEmbeddingDecryptionError);
    const other = new FaceEmbeddingCipher(randomBytes(32));
    expect(() => other.open(member, sealed)).toThrow(/neither the configured key/);
    expect(() => other.open(member, { ...sealed, keyId: other.keyId })).toThrow(FaceEmbeddingDecryptionError);
  });

  it('needs 256-bit keys', () => {
    expect(() => new FaceEmbeddingCipher(randomBytes(16))).toThrow(/32 bytes/);
    expect(() => new FaceEmbeddingCipher(randomBytes(32), [randomBytes(31)])).toThrow(/previous face embedding key must be 32 bytes/);
  });

  it('after a rotation opens what a previous key sealed, and seals only with the current key', () => {
    const sealedBefore = cipher.seal(member, vector);
    const rotated = new FaceEmbeddingCipher(randomBytes(32), [randomBytes(32), key]);
    expect(rotated.keyIds).toHaveLength(3);
    expect(rotated.keyIds[0]).toBe(rotated.keyId);
    expect(rotated.isCurrent(sealedBefore)).toBe(false);
    expect(Array.from(rotated.open(member, sealedBefore))).toEqual(Array.from(vector));
    const sealedAfter = rotated.seal(member, vector);
    expect(sealedAfter.keyId).toBe(rotated.keyId);
    expect(rotated.isCurrent(sealedAfter)).toBe(true);
    // The old key alone cannot open it: every process needs the new key before one re-encrypts.
    expect(() => cipher.open(member, sealedAfter)).toThrow(FaceEmbeddingDecryptionError);
    // A previous key's id with bytes that do not authenticate is still refused.
    expect(() => rotated.open(member, { ...sealedBefore, authTag: randomBytes(16) })).toThrow(/failed authentication/);
  });
});
