/**
 * Coalesces concurrent look-ups of one kind into one statement per batch: look-ups made in the same
 * turn of the event loop leave together at its end (setImmediate: no timer, so an idle server adds no
 * latency), while fewer than `maxInFlight` batches are running; beyond that, look-ups wait and leave
 * together, up to `maxBatch` at a time, as soon as a running batch comes back. Under load a request
 * then shares its database round trip (and PostgreSQL's parse, plan and executor start-up) with the
 * others that arrived meanwhile.
 *
 * `run` gets the inputs of a batch and must answer one output per input, in the same order. A batch
 * is shared by unrelated requests, so one bad input must not fail the others: when `run` throws for a
 * batch of several look-ups (and `isolate` says the error may come from one input), the batch is split
 * in two halves and each is run again, down to single look-ups; a bad look-up then fails alone, with
 * its own error, and the rest get their answers at the cost of about 2·log2(n) more statements. An
 * error that is not about the inputs (connection lost, timeout: `isolate` false) fails the whole batch
 * at once rather than being tried again per look-up.
 */
export class StatementBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** Sizes of the batches sent (not counting retries of halves), for tests and diagnostics. */
  readonly batchSizes: number[] = [];
  private readonly isolate: (error: unknown) => boolean;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly options: { maxInFlight: number; maxBatch: number; keepSizes?: boolean; isolate?: (error: unknown) => boolean } = { maxInFlight: 2, maxBatch: 64 },
  ) {
    this.isolate = options.isolate ?? (() => true);
  }

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
      // The slot stays taken while halves of a failed batch are retried.
      void this.settle(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** Runs a batch and answers each look-up; a failed batch of several is retried in halves. Never rejects. */
  private async settle(batch: Pending<I, O>[]): Promise<void> {
    let outputs: O[];
    try {
      outputs = await this.run(batch.map((b) => b.input));
      if (outputs.length !== batch.length) throw new Error(`a batch of ${batch.length} look-ups answered ${outputs.length}`);
    } catch (error) {
      let split = false;
      try {
        split = batch.length > 1 && this.isolate(error);
      } catch {
        // A predicate that throws decides nothing: fail the batch as it is.
      }
      if (!split) {
        for (const b of batch) b.reject(error);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await Promise.all([this.settle(batch.slice(0, half)), this.settle(batch.slice(half))]);
      return;
    }
    batch.forEach((b, i) => b.resolve(outputs[i]));
  }
}

interface Pending<I, O> {
  input: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}
