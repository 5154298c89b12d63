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

  it('fails every look-up of a batch whose error is not about its inputs, without retrying, and goes on with the next', async () => {
    const { run, pending } = controllable();
    const batcher = new StatementBatcher(run, { maxInFlight: 1, maxBatch: 10, isolate: (error) => !/connection/.test(String(error)) });
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
    // [1], [2, 3], [4]: nothing was tried again.
    expect(pending.map((p) => p.inputs)).toEqual([[1], [2, 3], [4]]);
    pending[2].finish();
    await expect(fourth).resolves.toBe('answer 4');
  });

  it('a bad look-up in a shared batch fails alone, with its own error; the others get their answers', async () => {
    // Like PostgreSQL with a malformed id among the array parameters: the whole statement fails.
    const sent: number[][] = [];
    const run = async (inputs: number[]) => {
      sent.push(inputs);
      const bad = inputs.find((i) => i < 0);
      if (bad !== undefined) throw new Error(`invalid input ${bad}`);
      return inputs.map((i) => `answer ${i}`);
    };
    const batcher = new StatementBatcher(run, { maxInFlight: 3, maxBatch: 64, keepSizes: true });
    const inputs = [1, 2, 3, -4, 5, 6, 7, 8];
    const answers = await Promise.allSettled(inputs.map((i) => batcher.load(i)));
    expect(answers.map((a) => (a.status === 'fulfilled' ? a.value : (a.reason as Error).message))).toEqual(['answer 1', 'answer 2', 'answer 3', 'invalid input -4', 'answer 5', 'answer 6', 'answer 7', 'answer 8']);
    // One batch sent; its failing halves were tried again down to the bad look-up: 1 + 2 + 2 + 2 statements.
    expect(batcher.batchSizes).toEqual([8]);
    expect(sent).toHaveLength(7);
    expect(sent[sent.length - 1]).toEqual([-4]);
  });

  it('two bad look-ups each fail with their own error', async () => {
    const run = async (inputs: string[]) => {
      const bad = inputs.find((i) => !/^\d+$/.test(i));
      if (bad !== undefined) throw new Error(`bad ${bad}`);
      return inputs.map(Number);
    };
    const batcher = new StatementBatcher(run, { maxInFlight: 1, maxBatch: 64 });
    const answers = await Promise.allSettled(['1', 'x', '3', 'y'].map((i) => batcher.load(i)));
    expect(answers.map((a) => (a.status === 'fulfilled' ? a.value : (a.reason as Error).message))).toEqual([1, 'bad x', 3, 'bad y']);
  });

  it('keeps its slot while it retries the halves of a failed batch', async () => {
    const { run, pending } = controllable();
    const batcher = new StatementBatcher(run, { maxInFlight: 1, maxBatch: 10 });
    const [a, b] = [batcher.load(1), batcher.load(2)];
    await tick();
    pending[0].finish(new Error('bad'));
    await tick();
    // The halves go out; a look-up arriving now waits for them.
    const c = batcher.load(3);
    await tick();
    expect(pending.map((p) => p.inputs)).toEqual([[1, 2], [1], [2]]);
    pending[1].finish();
    pending[2].finish(new Error('bad 2'));
    await expect(a).resolves.toBe('answer 1');
    await expect(b).rejects.toThrow('bad 2');
    await tick();
    expect(pending.map((p) => p.inputs)).toEqual([[1, 2], [1], [2], [3]]);
    pending[3].finish();
    await expect(c).resolves.toBe('answer 3');
  });

  it('refuses a batch answered with the wrong number of rows', async () => {
    const batcher = new StatementBatcher(async (inputs: number[]) => inputs.slice(1).map(String), { maxInFlight: 1, maxBatch: 10 });
    await expect(batcher.load(1)).rejects.toThrow('a batch of 1 look-ups answered 0');
  });
});
