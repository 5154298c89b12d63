import { StatementBatcher } from './statement-batcher';

/** A runner whose batches finish only when the test says so. */
function controllable() {
  const pending: { inputs: number[]; finish: (fail?: Error) => void }[] = [];
  const run = (inputs: number[]) =>
    new Promise<string[]>((resolve, reject) => pending.push({ inputs, finish: (fail) => (fail ? reject(fail) : resolve(inputs.map((i) => `answer ${i}`))) }));
  return { run, pending };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('StatementBatcher', () => {
  it('sends the look-ups of one turn together while few batches run, and coalesces what arrives while they do', async () => {
    const { run, pending } = controllable();
    const batcher = new StatementBatcher(run, { maxInFlight: 2, maxBatch: 3, keepSizes: true });
    const answers = [1, 2, 3, 4, 5, 6, 7].map((i) => batcher.load(i));
    // Nothing leaves before the turn ends; then two batches of at most three.
    expect(pending).toHaveLength(0);
    await tick();
    expect(pending.map((p) => p.inputs)).toEqual([[1, 2, 3], [4, 5, 6]]);
    // Both slots are taken: what arrives now waits for one.
    answers.push(batcher.load(8));
    await tick();
    expect(pending).toHaveLength(2);
    pending[0].finish();
    await tick();
    expect(pending.map((p) => p.inputs)).toEqual([[1, 2, 3], [4, 5, 6], [7, 8]]);
    pending[1].finish();
    pending[2].finish();
    expect(await Promise.all(answers)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `answer ${i}`));
    expect(batcher.batchSizes).toEqual([3, 3, 2]);
  });

  it('sends a lone look-up within the same turn (no timer)', async () => {
    const { run, pending } = controllable();
    const batcher = new StatementBatcher(run, { maxInFlight: 3, maxBatch: 64 });
    void batcher.load(1);
    await tick();
    expect(pending.map((p) => p.inputs)).toEqual([[1]]);
    pending[0].finish();
  });

  it('fails every look-up of a failed batch, and goes on with the next', async () => {
    const { run, pending } = controllable();
    const batcher = new StatementBatcher(run, { maxInFlight: 1, maxBatch: 10 });
    const first = batcher.load(1);
    await tick();
    const [second, third] = [batcher.load(2), batcher.load(3)];
    await tick();
    expect(pending.map((p) => p.inputs)).toEqual([[1]]);
    pending[0].finish();
    await tick();
    pending[1].finish(new Error('connection lost'));
    await expect(first).resolves.toBe('answer 1');
    await expect(second).rejects.toThrow('connection lost');
    await expect(third).rejects.toThrow('connection lost');
    const fourth = batcher.load(4);
    await tick();
    pending[2].finish();
    await expect(fourth).resolves.toBe('answer 4');
  });

  it('refuses a batch answered with the wrong number of rows', async () => {
    const batcher = new StatementBatcher(async (inputs: number[]) => inputs.slice(1).map(String), { maxInFlight: 1, maxBatch: 10 });
    await expect(batcher.load(1)).rejects.toThrow('a batch of 1 look-ups answered 0');
  });
});
