import { ByteLru } from './lru';
import { RenderFormatName } from './renderer';
import { TryOnMode } from './tryon.types';

/** A finished render: the encoded image and how it was drawn (the items' notes are built per request). */
export interface CachedRender {
  id: string;
  /** Everything the image depends on: session, body profile, frame, items, sizes, fits, assets, options. */
  key: string;
  sessionId: string;
  kioskId: string;
  image: Buffer;
  format: RenderFormatName;
  width: number;
  height: number;
  mode: TryOnMode;
  fitOverlay: boolean;
  createdAt: Date;
}

/**
 * Renders in memory, by id (for the image route) and by key (so the same request is answered from
 * the cache). Dropped with their session, and least recently used first under memory pressure.
 */
export class RenderCache {
  private readonly byId: ByteLru<string, CachedRender>;
  private readonly idByKey = new Map<string, string>();
  hits = 0;
  misses = 0;

  constructor(maxBytes: number) {
    this.byId = new ByteLru(maxBytes, (r) => r.image.length + 2048, (_, r) => {
      if (this.idByKey.get(r.key) === r.id) this.idByKey.delete(r.key);
    });
  }

  findByKey(key: string): CachedRender | undefined {
    const id = this.idByKey.get(key);
    const render = id ? this.byId.get(id) : undefined;
    if (render) this.hits++;
    else this.misses++;
    return render;
  }

  get(id: string): CachedRender | undefined {
    return this.byId.get(id);
  }

  put(render: CachedRender): void {
    if (this.byId.set(render.id, render)) this.idByKey.set(render.key, render.id);
  }

  dropSession(sessionId: string): number {
    return this.byId.deleteWhere((_, r) => r.sessionId === sessionId);
  }

  /** Drops the renders of the kiosk's other sessions (a mirror has one session at a time). */
  dropOtherSessions(kioskId: string, sessionId: string): number {
    return this.byId.deleteWhere((_, r) => r.kioskId === kioskId && r.sessionId !== sessionId);
  }

  sessionIds(): string[] {
    return [...new Set(this.byId.values().map((r) => r.sessionId))];
  }

  get size(): number {
    return this.byId.size;
  }
}
