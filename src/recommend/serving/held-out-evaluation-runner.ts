import { Worker } from 'node:worker_threads';
import { conflict } from '../../common/errors';
import { workerScript } from '../training/worker-script';
import type { HeldOutEvaluationJob, HeldOutEvaluationMessage } from './held-out-evaluation-worker';

/** A finished evaluation, as the worker answered it. */
export type HeldOutEvaluationOutcome = Extract<HeldOutEvaluationMessage, { type: 'done' }>;

/** Evaluations that may wait for the running one, per process, before more are refused. */
export const MAX_WAITING_EVALUATIONS = 3;

/**
 * Longest an evaluation may run before its worker is stopped: 15 s measured for a 100k-shopper x
 * 20k-item retailer, so ten times that is a worker stuck (a lock, a statement that does not return),
 * which would otherwise hold the one slot, and every evaluation after it, until the server restarts.
 */
export const EVALUATION_TIME_LIMIT_MS = 180_000;

const shuttingDown = () => conflict('The server is shutting down: evaluate the draft again in a moment');

/**
 * Runs draft evaluations (a refit of the model and the scoring of two rule sets: seconds of CPU for a
 * large retailer) in a worker thread, so that the server goes on answering mirrors meanwhile.
 *
 * One worker at a time per process: a second evaluation waits for the first rather than being
 * refused, since a merchandiser who asks for one expects an answer, and waiting a few seconds behind
 * a colleague's is what they would get from one worker anyway; running both at once would only share
 * the same cores with the mirrors. Beyond {@link MAX_WAITING_EVALUATIONS} waiting, more are refused
 * (CONFLICT) so that a client cannot stack up work that no one will wait for.
 */
export class HeldOutEvaluationRunner {
  private busy = false;
  private readonly waiting: { start: () => void; refuse: (error: Error) => void }[] = [];
  private worker: Worker | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly maxWaiting = MAX_WAITING_EVALUATIONS,
    private readonly timeLimitMs = EVALUATION_TIME_LIMIT_MS,
  ) {}

  /**
   * Runs `job` in a worker thread when it is its turn. Rejects when the worker fails or dies (the
   * server goes on), with CONFLICT when too many are waiting or the server is shutting down.
   */
  async run(job: HeldOutEvaluationJob): Promise<HeldOutEvaluationOutcome> {
    await this.turn();
    try {
      return await this.inWorker(job);
    } finally {
      this.next();
    }
  }

  /** Refuses what waits and stops the running worker (server shutdown); resolves once it has exited. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    for (const waiting of this.waiting.splice(0)) waiting.refuse(shuttingDown());
    if (this.worker) await this.worker.terminate();
    await this.exited;
  }

  private turn(): Promise<void> {
    if (this.stopped) return Promise.reject(shuttingDown());
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxWaiting) {
      return Promise.reject(conflict(`Draft evaluations run one at a time and ${this.waiting.length} are waiting already: try again when they are done`));
    }
    return new Promise((start, refuse) => this.waiting.push({ start, refuse }));
  }

  private next(): void {
    const waiting = this.waiting.shift();
    if (waiting) waiting.start();
    else this.busy = false;
  }

  private inWorker(job: HeldOutEvaluationJob): Promise<HeldOutEvaluationOutcome> {
    return new Promise((resolve, reject) => {
      let worker: Worker;
      try {
        worker = this.spawnWorker(job);
      } catch (error) {
        reject(new Error(`the draft evaluation worker could not be started: ${error instanceof Error ? error.message : String(error)}`));
        return;
      }
      this.worker = worker;
      let answer: HeldOutEvaluationMessage | null = null;
      let crash: Error | null = null;
      let timedOut = false;
      const limit = setTimeout(() => {
        timedOut = true;
        void worker.terminate();
      }, this.timeLimitMs);
      limit.unref();
      worker.on('message', (message: HeldOutEvaluationMessage) => (answer = message));
      // Listened to, a worker's uncaught error ends the worker only, not the server.
      worker.on('error', (error) => (crash = error));
      // Messages posted before the worker ended are delivered before 'exit'.
      this.exited = new Promise((exited) =>
        worker.once('exit', (code) => {
          clearTimeout(limit);
          this.worker = null;
          exited();
          if (answer?.type === 'done') resolve(answer);
          else if (this.stopped) reject(shuttingDown());
          else if (timedOut) reject(new Error(`the draft evaluation took longer than ${this.timeLimitMs / 1000} s and was stopped`));
          else if (answer?.type === 'failed') reject(new Error(`the draft evaluation failed: ${answer.error}`));
          else reject(new Error(`the draft evaluation worker stopped before it answered (exit code ${code}${crash ? `: ${crash.message}` : ''})`));
        }),
      );
    });
  }

  /** Starts the worker thread (a method of its own so that tests can make it fail). */
  private spawnWorker(job: HeldOutEvaluationJob): Worker {
    // The model's arrays are copied to the worker, not transferred: the server keeps serving them.
    return new Worker(workerScript(__dirname, 'held-out-evaluation-worker', 'draft evaluation'), { workerData: job });
  }
}
