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
    expect(() => other.open(member, sealed)).toThrow(/not the configured key/);
    expect(() => other.open(member, { ...sealed, keyId: other.keyId })).toThrow(FaceEmbeddingDecryptionError);
  });

  it('needs a 256-bit key', () => {
    expect(() => new FaceEmbeddingCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
