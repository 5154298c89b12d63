import { randomBytes } from 'node:crypto';
import { ByteLru } from './lru';

/** How long a staged upload waits for the mutation that uses it. */
export const STAGED_UPLOAD_TTL_MS = 10 * 60_000;
/** Largest body POST /tryon/uploads accepts. */
export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;

interface StagedUpload {
  id: string;
  owner: string;
  data: Buffer;
  expiresAt: number;
}

/**
 * Images too large for the GraphQL request body, sent first as raw bytes and then referenced by id
 * from a mutation. In memory, for the caller that sent them only, for ten minutes, used once.
 *
 * An upload once accepted stays until it is used or expires: when the store is full a caller's new
 * upload may push out that caller's own oldest waiting uploads, never anyone else's (least recently
 * used eviction let one busy caller silently drop every other caller's accepted uploads). A caller
 * holds at most `perOwnerBytes`; when there is no room even so, the new upload is refused (503) and
 * nothing waiting is lost.
 */
export class StagedUploadStore {
  private readonly uploads: ByteLru<string, StagedUpload>;
  private readonly perOwnerBytes: number;

  constructor(maxBytes: number, perOwnerBytes = Math.max(MAX_UPLOAD_BYTES, maxBytes / 2)) {
    // Nothing is ever evicted by the LRU itself: put() makes room first or refuses.
    this.uploads = new ByteLru(maxBytes, (u) => u.data.length);
    this.perOwnerBytes = Math.min(perOwnerBytes, maxBytes);
  }

  put(owner: string, data: Buffer, now = Date.now()): { uploadId: string; expiresAt: Date } | null {
    this.prune(now);
    if (data.length > this.perOwnerBytes) return null;
    // The caller's own uploads, oldest first, make room: first for the caller's share, then for the store.
    const mine = this.uploads.values().filter((u) => u.owner === owner);
    let ownBytes = mine.reduce((n, u) => n + u.data.length, 0);
    const free = () => this.uploads.maxBytes - this.uploads.bytes;
    const othersBlock = () => free() + mine.reduce((n, u) => n + u.data.length, 0) < data.length;
    if (othersBlock()) return null;
    for (const u of mine) {
      if (ownBytes + data.length <= this.perOwnerBytes && free() >= data.length) break;
      this.uploads.delete(u.id);
      ownBytes -= u.data.length;
    }
    const uploadId = randomBytes(18).toString('base64url');
    const expiresAt = now + STAGED_UPLOAD_TTL_MS;
    return this.uploads.set(uploadId, { id: uploadId, owner, data, expiresAt }) ? { uploadId, expiresAt: new Date(expiresAt) } : null;
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
