import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

/**
 * Writes kiosk sessions' last activity off the request path: a read (a recommendation list, a size
 * advice) notes the moment here, and one statement a second records every session noted meanwhile.
 * The idle timeout counts in minutes, so the row may lag by that second; a request no longer waits
 * for a write of its own, and thirty mirrors whose activity falls due together no longer queue thirty
 * UPDATEs in front of everyone's reads (bench:recs's open loop showed those bursts as its slowest
 * answers). Writes inside a mutation's transaction stay there, so that they roll back with it.
 *
 * A failed write keeps its moments for the next one (a later moment of the same session wins); the
 * sweeper flushes before ending idle sessions, and the server flushes when it stops. Another server
 * process's writer may not have written yet: idleness is judged with that lag allowed for
 * (KioskSessionService.idleAfterMs).
 */
export class SessionActivityWriter {
  private pending = new Map<string, Date>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private dataSource: DataSource | null = null;

  constructor(
    /** Longest a noted moment waits before its write starts. */
    readonly delayMs = 1_000,
    private readonly log?: Logger,
  ) {}

  /** Notes that the session was active at `at`; written within `delayMs`. */
  note(dataSource: DataSource, sessionId: string, at: Date): void {
    this.dataSource = dataSource;
    const known = this.pending.get(sessionId);
    if (!known || known < at) this.pending.set(sessionId, at);
    this.schedule();
  }

  /** A write `delayMs` from now, unless one is already due. */
  private schedule(): void {
    if (this.timer || !this.pending.size) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.delayMs);
    this.timer.unref();
  }

  /** How many sessions wait to be written. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Writes what is noted now (after any write already running); a failure is logged and retried later. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    if (!this.pending.size || !this.dataSource) return;
    const batch = this.pending;
    this.pending = new Map();
    const dataSource = this.dataSource;
    this.running = (async () => {
      try {
        await dataSource.query(
          `UPDATE kiosk_session s SET last_activity_at = v.at
           FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at)
           WHERE s.id = v.id AND s.status = 'ACTIVE' AND s.last_activity_at < v.at`,
          [[...batch.keys()], [...batch.values()]],
        );
      } catch (error) {
        for (const [id, at] of batch) {
          const newer = this.pending.get(id);
          if (!newer || newer < at) this.pending.set(id, at);
        }
        this.log?.warn({ err: error, sessions: batch.size }, 'recording kiosk session activity failed; retrying with the next write');
        this.schedule();
      } finally {
        this.running = null;
      }
    })();
    await this.running;
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }
}
