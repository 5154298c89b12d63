import http from 'node:http';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { LoadResult, serverCpuMeter } from './load-result';

export interface OpenLoopOptions {
  rate: number;
  seconds: number;
  connections: number;
  warmupSeconds?: number;
  perRequestHeaders?: Record<string, string>[];
  serverPid?: number;
}

/**
 * Open-loop load: requests are sent at evenly spaced moments, `rate` per second, whether or not
 * earlier ones have been answered (as a fleet of mirrors would send them), over keep-alive
 * connections (at most `connections` open; a request waits for a free one). Latency is measured from
 * the moment a request was due, not from when a connection was free, so a stall counts against every
 * request it delays (no coordinated omission). autocannon's rate option is no substitute: each
 * connection sends as fast as it can until its share of the second is used up, in bursts.
 *
 * The first `warmupSeconds` (default 2) run at the same rate and are not counted: a fleet's mirrors
 * hold their connections open, while this client starts with none and with its own code not yet
 * compiled; opening the connections and that compiling made the first ~100 ms of a run its slowest
 * answers, which at 1% of a 10 s run is the p99 by itself.
 */
export async function driveAtRateHere(url: string, bodies: string[], options: OpenLoopOptions): Promise<LoadResult> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const interval = 1000 / options.rate;
  let errors = 0;
  let non2xx = 0;
  const sendOne = (k: number, due: number, latencies: number[] | null) =>
    new Promise<void>((resolve) => {
      const body = bodies[k % bodies.length];
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(options.perRequestHeaders?.[k % bodies.length] ?? {}) } },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            if (latencies) {
              if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
              latencies.push(performance.now() - due);
            }
            resolve();
          });
        },
      );
      req.on('error', () => {
        if (latencies) errors++;
        resolve();
      });
      req.end(body);
    });
  /** Sends `total` requests at the rate from now; resolves when all are sent, with their promises. */
  const phase = (total: number, latencies: number[] | null) => {
    const inFlight: Promise<void>[] = [];
    const start = performance.now();
    let sent = 0;
    return new Promise<Promise<void>[]>((resolve) => {
      const tick = () => {
        const now = performance.now();
        while (sent < total && start + sent * interval <= now) {
          inFlight.push(sendOne(sent, start + sent * interval, latencies));
          sent++;
        }
        if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
        else resolve(inFlight);
      };
      tick();
    });
  };
  // Warm-up: the measured phase starts on time, right after the last warm-up request was sent.
  await phase(Math.round(options.rate * (options.warmupSeconds ?? 2)), null);
  const latencies: number[] = [];
  const cpu = serverCpuMeter(options.serverPid);
  const start = performance.now();
  await Promise.all(await phase(Math.round(options.rate * options.seconds), latencies));
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 10) / 10 : 0);
  return {
    requestsPerSecond: Math.round(latencies.length / elapsed),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors,
    non2xx,
    requests: latencies.length,
    ...cpu(latencies.length, elapsed),
  };
}

/**
 * driveAtRate on a worker thread of its own: the client's pauses count as latency in an open loop, and
 * the bench process that seeded the database and trained the model carries a heap whose major
 * collections stalled it for up to 30 ms (seen with --trace-gc), at a few hundred requests a second
 * the p99 of a 10 s run by themselves. The worker holds nothing but this loop.
 */
export function driveAtRate(url: string, bodies: string[], options: OpenLoopOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'open-loop.js'), { workerData: { url, bodies, options } });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`open-loop worker exited with ${code}`))));
  });
}

if (!isMainThread && parentPort && (workerData as { url?: string } | null)?.url) {
  const { url, bodies, options } = workerData as { url: string; bodies: string[]; options: OpenLoopOptions };
  const port = parentPort;
  driveAtRateHere(url, bodies, options).then(
    (result) => port.postMessage(result),
    (error: unknown) => {
      throw error;
    },
  );
}
