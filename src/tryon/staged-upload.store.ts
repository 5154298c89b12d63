import { randomBytes } from 'node:crypto';
import { ByteLru } from './lru';

/** How long a staged upload waits for the mutation that uses it. */
export const STAGED_UPLOAD_TTL_MS = 10 * 60_000;
/** Largest body POST /tryon/uploads accepts. */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;

interface StagedUpload {
  owner: string;
  data: Buffer;
  expiresAt: number;
}

/**
 * Images too large for the GraphQL request body, sent first as raw bytes and then referenced by id
 * from a mutation. In memory, for the caller that sent them only, for ten minutes, used once.
 */
export class StagedUploadStore {
  private readonly uploads: ByteLru<string, StagedUpload>;

  constructor(maxBytes: number) {
    this.uploads = new ByteLru(maxBytes, (u) => u.data.length);
  }

  put(owner: string, data: Buffer, now = Date.now()): { uploadId: string; expiresAt: Date } | null {
    this.prune(now);
    const uploadId = randomBytes(18).toString('base64url');
    const expiresAt = now + STAGED_UPLOAD_TTL_MS;
    return this.uploads.set(uploadId, { owner, data, expiresAt }) ? { uploadId, expiresAt: new Date(expiresAt) } : null;
  }

  /** The bytes of an upload the owner staged and has not used yet. */
  get(owner: string, uploadId: string, now = Date.now()): Buffer | null {
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.owner !== owner || upload.expiresAt <= now) return null;
    return upload.data;
  }

  /** Forgets an upload once a mutation has used it. */
  consume(uploadId: string): void {
    this.uploads.delete(uploadId);
  }

  private prune(now: number): void {
    this.uploads.deleteWhere((_, u) => u.expiresAt <= now);
  }
}
