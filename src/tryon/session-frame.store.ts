import { FrameKeypoints } from './body-pose';
import { ByteLru } from './lru';

/** A customer's camera frame, fitted to the render canvas; never written to the database or to disk. */
export interface StoredFrame {
  sessionId: string;
  kioskId: string;
  /** Changes with every upload, so that renders made from an older frame are not reused. */
  version: string;
  /** Raw RGB of the canvas (the frame letterboxed into it). */
  rgb: Buffer;
  /** Keypoints in canvas pixels. */
  keypoints: FrameKeypoints;
  sourceWidth: number;
  sourceHeight: number;
  receivedAt: Date;
}

/**
 * Camera frames by session, in memory only. A frame is found by its session's id and nothing else,
 * so a render can only ever use its own session's frame; it goes when the session ends (sweep) or
 * when the kiosk deletes it, and under memory pressure (least recently used first).
 */
export class SessionFrameStore {
  private readonly frames: ByteLru<string, StoredFrame>;

  constructor(maxBytes: number) {
    this.frames = new ByteLru(maxBytes, (f) => f.rgb.length + 1024);
  }

  put(frame: StoredFrame): void {
    this.frames.set(frame.sessionId, frame);
  }

  get(sessionId: string): StoredFrame | undefined {
    return this.frames.get(sessionId);
  }

  delete(sessionId: string): boolean {
    return this.frames.delete(sessionId);
  }

  /** Forgets the frames of the kiosk's other sessions: a mirror serves one customer at a time. */
  deleteOtherSessions(kioskId: string, sessionId: string): number {
    let n = 0;
    for (const f of this.frames.values()) if (f.kioskId === kioskId && f.sessionId !== sessionId && this.frames.delete(f.sessionId)) n++;
    return n;
  }

  sessionIds(): string[] {
    return this.frames.values().map((f) => f.sessionId);
  }

  get size(): number {
    return this.frames.size;
  }
}
