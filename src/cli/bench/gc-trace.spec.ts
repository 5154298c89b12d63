import { parseGcLine, summarizeGc } from './gc-trace';

// Lines as Node 20 prints them with --trace-gc-nvp (shortened: the parser only needs its fields).
const young = (pause: number, promoted: number) =>
  `[7082:0x34b06d70]    24846 ms: pause=${pause} mutator=155.3 gc=s reduce_memory=0 time_to_safepoint=0.00 scavenge=5.18 allocated=53767496 promoted=${promoted} new_space_survived=1437512 nodes_promoted=0 promotion_rate=92.5%`;
const full = (pause: number) => `[7082:0x34b06d70]    25010 ms: pause=${pause} mutator=12.6 gc=mc reduce_memory=0 incremental_steps_count=68 promoted=0`;

describe('GC trace', () => {
  it('reads a collection line and ignores everything else the server prints', () => {
    expect(parseGcLine(young(6.2, 1268384))).toEqual({ kind: 's', pauseMs: 6.2, promotedBytes: 1268384 });
    expect(parseGcLine(full(8.5))).toEqual({ kind: 'mc', pauseMs: 8.5, promotedBytes: 0 });
    expect(parseGcLine('{"level":30,"msg":"serving GraphQL"}')).toBeNull();
    expect(parseGcLine('')).toBeNull();
  });

  it('summarises a window: how often the young generation was collected, its pauses and promotion, and full collections', () => {
    const events = [1, 2, 3, 4, 10].map((p, i) => parseGcLine(young(p, (i + 1) * 1024))!).concat([parseGcLine(full(7.5))!]);
    expect(summarizeGc(events, 1)).toEqual({
      youngCollections: 5,
      youngEveryMs: 200,
      youngPauseP50Ms: 3,
      youngPauseP90Ms: 10,
      youngPauseMaxMs: 10,
      promotedKbPerYoung: 3,
      fullCollections: 1,
      fullPauseMaxMs: 7.5,
    });
    expect(summarizeGc([], 10)).toMatchObject({ youngCollections: 0, youngEveryMs: null, youngPauseP50Ms: null, fullCollections: 0, fullPauseMaxMs: null });
  });
});
