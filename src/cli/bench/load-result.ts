import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** What a load run measured. */
export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  requests: number;
  /** Server CPU (all threads) per answered request, and cores it used, when its pid was given (Linux). */
  serverCpuMsPerRequest?: number;
  serverCores?: number;
}

/**
 * Starts counting a server's CPU (all threads); the returned function gives its CPU per answered
 * request and the cores it used since then, or nothing without a pid or /proc.
 */
export function serverCpuMeter(pid: number | undefined): (requests: number, seconds: number) => Partial<LoadResult> {
  const before = pid ? cpuSecondsOf(pid) : null;
  return (requests, seconds) => {
    const after = pid && before !== null ? cpuSecondsOf(pid) : null;
    if (before === null || after === null || requests === 0) return {};
    return { serverCpuMsPerRequest: Math.round(((after - before) * 1000 * 1000) / requests) / 1000, serverCores: Math.round(((after - before) / seconds) * 100) / 100 };
  };
}

/**
 * CPU seconds (user + system, all threads) a process has used, from /proc: the server's cost per
 * request is steadier than requests/s when other work shares the machine. Null where /proc is absent.
 */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond();
  } catch {
    return null;
  }
}

let ticks: number | undefined;
function clockTicksPerSecond(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}
