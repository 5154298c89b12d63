import { TurnBatcher } from './turn-batcher';

describe('TurnBatcher', () => {
  it('runs what is submitted in one turn as one batch, answering each caller in order', async () => {
    const run = jest.fn((xs: number[]) => xs.map((x) => x * 10));
    const batcher = new TurnBatcher(run);
    const answers = await Promise.all([1, 2, 3].map((x) => batcher.submit(x)));
    expect(answers).toEqual([10, 20, 30]);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith([1, 2, 3]);
  });

  it('starts a new batch in a later turn', async () => {
    const run = jest.fn((xs: number[]) => xs.map((x) => -x));
    const batcher = new TurnBatcher(run);
    expect(await batcher.submit(1)).toBe(-1);
    expect(await batcher.submit(2)).toBe(-2);
    expect(run.mock.calls).toEqual([[[1]], [[2]]]);
  });

  it('fails only the caller whose input fails', async () => {
    const run = jest.fn((xs: number[]) =>
      xs.map((x) => {
        if (x < 0) throw new Error(`bad input ${x}`);
        return x + 1;
      }),
    );
    const batcher = new TurnBatcher(run);
    const settled = await Promise.allSettled([batcher.submit(1), batcher.submit(-5), batcher.submit(3)]);
    expect(settled).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('bad input -5') },
      { status: 'fulfilled', value: 4 },
    ]);
  });

  it('rejects a lone caller with the batch error, and when a batch function miscounts', async () => {
    await expect(
      new TurnBatcher<number, number>(() => {
        throw new Error('boom');
      }).submit(1),
    ).rejects.toThrow('boom');
    const miscounting = new TurnBatcher<number, number>(() => []);
    await expect(Promise.all([miscounting.submit(1), miscounting.submit(2)])).rejects.toThrow('returned 0 results for 1 inputs');
  });
});
