import type { DataSource } from 'typeorm';
import { SessionActivityWriter } from './session-activity-writer';

describe('SessionActivityWriter', () => {
  it('writes every noted session in one statement, the latest moment of each', async () => {
    const query = jest.fn().mockResolvedValue([]);
    const ds = { query } as unknown as DataSource;
    const writer = new SessionActivityWriter(60_000);
    writer.note(ds, 'a', new Date(2000));
    writer.note(ds, 'b', new Date(1000));
    writer.note(ds, 'a', new Date(3000));
    writer.note(ds, 'a', new Date(2500));
    await writer.flush();
    expect(query).toHaveBeenCalledTimes(1);
    expect(query.mock.calls[0][1]).toEqual([['a', 'b'], [new Date(3000), new Date(1000)]]);
    await writer.flush();
    expect(query).toHaveBeenCalledTimes(1);
    await writer.stop();
  });

  it('keeps what a failed write held and writes it with the next one', async () => {
    const query = jest.fn().mockRejectedValueOnce(new Error('connection lost')).mockResolvedValue([]);
    const ds = { query } as unknown as DataSource;
    const warn = jest.fn();
    const writer = new SessionActivityWriter(60_000, { warn } as never);
    writer.note(ds, 'a', new Date(1000));
    writer.note(ds, 'b', new Date(1000));
    await writer.flush();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(writer.waiting).toBe(2);
    writer.note(ds, 'a', new Date(5000));
    await writer.stop();
    expect(query).toHaveBeenCalledTimes(2);
    expect(query.mock.calls[1][1]).toEqual([['a', 'b'], [new Date(5000), new Date(1000)]]);
    expect(writer.waiting).toBe(0);
  });

  it('writes by itself after its delay', async () => {
    jest.useFakeTimers();
    try {
      const query = jest.fn().mockResolvedValue([]);
      const writer = new SessionActivityWriter(1_000);
      writer.note({ query } as unknown as DataSource, 'a', new Date(1000));
      jest.advanceTimersByTime(999);
      expect(query).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(query).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
