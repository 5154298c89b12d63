import type { ChildProcess } from 'node:child_process';

/** The Node flag a server is started with for {@link GcTrace}: one line per collection on stdout. */
export const GC_TRACE_FLAG = '--trace-gc-nvp';

/** One garbage collection as V8 reports it with --trace-gc-nvp. */
export interface GcEvent {
  /** 's': young generation (scavenge); 'mc' / 'ms': full (mark-compact / mark-sweep). */
  kind: string;
  pauseMs: number;
  /** Bytes moved to the old generation (young collections). */
  promotedBytes: number;
}

/** The collections of one measured window. */
export interface GcSummary {
  youngCollections: number;
  /** Mean time between young collections over the window. */
  youngEveryMs: number | null;
  youngPauseP50Ms: number | null;
  youngPauseP90Ms: number | null;
  youngPauseMaxMs: number | null;
  promotedKbPerYoung: number | null;
  fullCollections: number;
  fullPauseMaxMs: number | null;
}

/** Reads one --trace-gc-nvp line ("... pause=2.1 ... gc=s ... promoted=104512 ..."), or null for any other line. */
export function parseGcLine(line: string): GcEvent | null {
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(line)?.[1];
  const kind = field('gc');
  const pause = Number(field('pause'));
  if (!kind || !Number.isFinite(pause)) return null;
  return { kind, pauseMs: pause, promotedBytes: Number(field('promoted') ?? 0) || 0 };
}

function quantile(sorted: number[], q: number): number | null {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null;
}

/** Summarises the collections of a window of `seconds`. */
export function summarizeGc(events: readonly GcEvent[], seconds: number): GcSummary {
  const young = events.filter((e) => e.kind === 's');
  const full = events.filter((e) => e.kind !== 's');
  const pauses = young.map((e) => e.pauseMs).sort((a, b) => a - b);
  const round = (v: number | null, digits = 1) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);
  return {
    youngCollections: young.length,
    youngEveryMs: young.length ? Math.round((seconds * 1000) / young.length) : null,
    youngPauseP50Ms: round(quantile(pauses, 0.5)),
    youngPauseP90Ms: round(quantile(pauses, 0.9)),
    youngPauseMaxMs: round(pauses.length ? pauses[pauses.length - 1] : null),
    promotedKbPerYoung: young.length ? Math.round(young.reduce((sum, e) => sum + e.promotedBytes, 0) / young.length / 1024) : null,
    fullCollections: full.length,
    fullPauseMaxMs: round(full.length ? Math.max(...full.map((e) => e.pauseMs)) : null),
  };
}

/**
 * Collects the collections a server started with {@link GC_TRACE_FLAG} reports, so that a benchmark
 * can say how often the server paused and for how long during each measured window: the pauses are
 * what every request in flight waits through, and the promoted bytes what made them long.
 */
export class GcTrace {
  private readonly events: GcEvent[] = [];
  private partial = '';

  constructor(child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (this.partial + chunk.toString()).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) {
        const event = parseGcLine(line);
        if (event) this.events.push(event);
      }
    });
  }

  /** Marks the start of a window; pass the mark to {@link since}. */
  mark(): number {
    return this.events.length;
  }

  since(mark: number, seconds: number): GcSummary {
    return summarizeGc(this.events.slice(mark), seconds);
  }
}
