import { Worker } from 'node:worker_threads';
import { GraphQLError } from 'graphql';
import { HeldOutEvaluationRunner } from './held-out-evaluation-runner';
import type { HeldOutEvaluationJob } from './held-out-evaluation-worker';

/** A stand-in worker: answers `done` with its job's `sample` after `ms`, or runs `script` instead. */
const STAND_IN = `const { parentPort, workerData } = require('node:worker_threads');
setTimeout(() => parentPort.postMessage({ type: 'done', members: workerData.sample, draft: null, published: null, fitSeconds: 0, seconds: 0 }), workerData.ms);`;

function runnerWithStandIns(maxWaiting: number, script = STAND_IN, timeLimitMs?: number) {
  const runner = new HeldOutEvaluationRunner(maxWaiting, timeLimitMs);
  const seen = { started: [] as number[], alive: 0, most: 0 };
  (runner as unknown as { spawnWorker(job: HeldOutEvaluationJob): Worker }).spawnWorker = (job) => {
    const worker = new Worker(script, { eval: true, workerData: job });
    seen.started.push(job.sample);
    seen.most = Math.max(seen.most, ++seen.alive);
    worker.once('exit', () => seen.alive--);
    return worker;
  };
  return { runner, seen };
}

const job = (sample: number, ms = 50) => ({ sample, ms }) as unknown as HeldOutEvaluationJob;
const code = (error: unknown) => (error instanceof GraphQLError ? error.extensions.code : undefined);

describe('draft evaluations in a worker thread', () => {
  it('run one at a time, in the order asked, and refuse more than may wait', async () => {
    const { runner, seen } = runnerWithStandIns(2);
    const asked = [1, 2, 3, 4].map((n) => runner.run(job(n)).then((o) => o.members, (error: unknown) => error));
    const [first, second, third, fourth] = await Promise.all(asked);
    expect([first, second, third]).toEqual([1, 2, 3]);
    expect(code(fourth)).toBe('CONFLICT');
    expect((fourth as Error).message).toMatch(/one at a time and 2 are waiting/);
    expect(seen.started).toEqual([1, 2, 3]);
    expect(seen.most).toBe(1);
    // Once they are done, the next one runs at once.
    expect((await runner.run(job(5))).members).toBe(5);
  });

  it('reject when the evaluation fails or its worker dies, and run the next one', async () => {
    const failing = runnerWithStandIns(1, `require('node:worker_threads').parentPort.postMessage({ type: 'failed', error: 'no database' })`).runner;
    await expect(failing.run(job(1))).rejects.toThrow('the draft evaluation failed: no database');
    const throwing = runnerWithStandIns(1, `throw new Error('broken')`).runner;
    await expect(throwing.run(job(1))).rejects.toThrow(/stopped before it answered \(exit code 1: broken\)/);
    const exiting = runnerWithStandIns(1, `process.exit(3)`).runner;
    await expect(exiting.run(job(1))).rejects.toThrow(/stopped before it answered \(exit code 3\)/);
    (exiting as unknown as { spawnWorker(job: HeldOutEvaluationJob): Worker }).spawnWorker = () => {
      throw new Error('not built');
    };
    await expect(exiting.run(job(1))).rejects.toThrow('the draft evaluation worker could not be started: not built');
    const { runner } = runnerWithStandIns(1);
    await expect(runner.run(job(1))).resolves.toMatchObject({ members: 1 });
  });

  it('stop a worker that runs past the time limit, and run the next one', async () => {
    const { runner, seen } = runnerWithStandIns(1, STAND_IN, 300);
    const stuck = runner.run(job(1, 60_000));
    const next = runner.run(job(2));
    await expect(stuck).rejects.toThrow('the draft evaluation took longer than 0.3 s and was stopped');
    await expect(next).resolves.toMatchObject({ members: 2 });
    expect(seen.alive).toBe(0);
  });

  it('on shutdown, stop the running worker, refuse those waiting and any asked later', async () => {
    const { runner, seen } = runnerWithStandIns(3);
    const running = runner.run(job(1, 60_000)).catch((error: unknown) => error);
    const waiting = runner.run(job(2)).catch((error: unknown) => error);
    for (let i = 0; i < 500 && seen.alive === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(seen.alive).toBe(1);
    await runner.shutdown();
    expect(seen.alive).toBe(0);
    for (const outcome of [await running, await waiting]) {
      expect(code(outcome)).toBe('CONFLICT');
      expect((outcome as Error).message).toMatch(/shutting down/);
    }
    await expect(runner.run(job(3))).rejects.toThrow(/shutting down/);
    expect(seen.started).toEqual([1]);
  });
});
