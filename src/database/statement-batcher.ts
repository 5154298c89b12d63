/**
 * Coalesces concurrent look-ups of one kind into one statement per batch: look-ups made in the same
 * turn of the event loop leave together at its end (setImmediate: no timer, so an idle server adds no
 * latency), while fewer than `maxInFlight` batches are running; beyond that, look-ups wait and leave
 * together, up to `maxBatch` at a time, as soon as a running batch comes back. Under load a request
 * then shares its database round trip (and PostgreSQL's parse, plan and executor start-up) with the
 * others that arrived meanwhile.
 *
 * `run` gets the inputs of a batch and must answer one output per input, in the same order; if it
 * throws, every look-up of that batch fails with the same error.
 */
export class StatementBatcher<I, O> {
  private queue: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** Sizes of the batches sent, for tests and diagnostics. */
  readonly batchSizes: number[] = [];

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly options: { maxInFlight: number; maxBatch: number; keepSizes?: boolean } = { maxInFlight: 2, maxBatch: 64 },
  ) {}

  load(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      if (this.options.keepSizes) this.batchSizes.push(batch.length);
      this.inFlight++;
      this.run(batch.map((b) => b.input))
        .then((outputs) => {
          if (outputs.length !== batch.length) throw new Error(`a batch of ${batch.length} look-ups answered ${outputs.length}`);
          batch.forEach((b, i) => b.resolve(outputs[i]));
        })
        .catch((error: unknown) => batch.forEach((b) => b.reject(error)))
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }
}
