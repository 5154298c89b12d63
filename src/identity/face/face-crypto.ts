import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** An embedding as stored: AES-256-GCM ciphertext with its nonce, tag and the id of its key. */
export interface SealedEmbedding {
  iv: Buffer;
  ciphertext: Buffer;
  authTag: Buffer;
  keyId: string;
}

/** The stored embedding cannot be opened: another key, or the bytes were altered. */
export class FaceEmbeddingDecryptionError extends Error {
  override name = 'FaceEmbeddingDecryptionError';
}

/** A short, non-secret fingerprint of a key, stored beside each ciphertext. */
export function faceKeyId(key: Buffer): string {
  return 'k1-' + createHash('sha256').update('mirrorfit face embedding key id\0').update(key).digest('hex').slice(0, 16);
}

/**
 * Encrypts embeddings at rest with AES-256-GCM. The member's id is bound in as associated data, so a
 * ciphertext copied onto another member's row fails to open rather than identifying them.
 *
 * Seals with the current key; opens with the current key or any previous one (key rotation), chosen
 * by the key id stored beside the ciphertext. {@link isCurrent} tells which rows to re-encrypt.
 */
export class FaceEmbeddingCipher {
  readonly keyId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(
    private readonly key: Buffer,
    previousKeys: readonly Buffer[] = [],
  ) {
    if (key.length !== 32) throw new Error('the face embedding key must be 32 bytes (AES-256)');
    this.keyId = faceKeyId(key);
    for (const previous of previousKeys) {
      if (previous.length !== 32) throw new Error('a previous face embedding key must be 32 bytes (AES-256)');
      this.keys.set(faceKeyId(previous), previous);
    }
    this.keys.set(this.keyId, key);
  }

  /** The ids of every key this cipher can open with, the current one first. */
  get keyIds(): string[] {
    return [this.keyId, ...[...this.keys.keys()].filter((id) => id !== this.keyId)];
  }

  /** True when the embedding is sealed with the current key (else it should be re-encrypted). */
  isCurrent(sealed: Pick<SealedEmbedding, 'keyId'>): boolean {
    return sealed.keyId === this.keyId;
  }

  seal(customerId: string, vector: Float32Array): SealedEmbedding {
    const plain = Buffer.alloc(vector.length * 4);
    for (let i = 0; i < vector.length; i++) plain.writeFloatLE(vector[i], i * 4);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(aad(customerId));
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    plain.fill(0);
    return { iv, ciphertext, authTag: cipher.getAuthTag(), keyId: this.keyId };
  }

  open(customerId: string, sealed: SealedEmbedding): Float32Array {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new FaceEmbeddingDecryptionError(`encrypted with key ${sealed.keyId}, neither the configured key ${this.keyId} nor a previous one`);
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
      decipher.setAAD(aad(customerId));
      decipher.setAuthTag(sealed.authTag);
      plain = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
    } catch {
      throw new FaceEmbeddingDecryptionError('the stored embedding failed authentication');
    }
    const vector = new Float32Array(plain.length / 4);
    for (let i = 0; i < vector.length; i++) vector[i] = plain.readFloatLE(i * 4);
    plain.fill(0);
    return vector;
  }
}

function aad(customerId: string): Buffer {
  return Buffer.from(`mirrorfit:face-embedding:v1:${customerId}`);
}
