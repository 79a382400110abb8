/**
 * One statement for many callers: a call made while the statement before it is still running waits
 * and goes with the others that arrived meanwhile, in one `run` of at most `maxBatch` inputs. A call
 * on a quiet process runs at once, alone: nothing waits for a batch to fill, so latency does not
 * grow; under load, batches grow with it (what a worker finishing 16 jobs at a time needs).
 *
 * `run` answers one output per input, in order. When a batch of several fails as a whole (a row
 * refused, a deadlock), each input is run again alone, so one bad input fails only its own call.
 */
export function batchCalls<I, O>(run: (inputs: I[]) => Promise<O[]>, opts: { maxBatch: number }): (input: I) => Promise<O> {
  type TWaiting = { input: I; resolve: (output: O) => void; reject: (error: unknown) => void };
  let waiting: TWaiting[] = [];
  let running = false;

  async function runAlone(call: TWaiting): Promise<void> {
    try {
      const [output] = await run([call.input]);
      call.resolve(output as O);
    } catch (error) {
      call.reject(error);
    }
  }

  async function runBatch(batch: TWaiting[]): Promise<void> {
    if (batch.length === 1 && batch[0]) return runAlone(batch[0]);
    let outputs: O[];
    try {
      outputs = await run(batch.map((call) => call.input));
    } catch {
      // Which input the whole batch failed for is not known: each gets its own answer.
      await Promise.all(batch.map(runAlone));
      return;
    }
    if (outputs.length !== batch.length) {
      const error = new Error(`a batched statement answered ${outputs.length} rows for ${batch.length} calls`);
      for (const call of batch) call.reject(error);
      return;
    }
    batch.forEach((call, i) => call.resolve(outputs[i] as O));
  }

  async function drain(): Promise<void> {
    running = true;
    while (waiting.length > 0) {
      const batch = waiting.slice(0, opts.maxBatch);
      waiting = waiting.slice(batch.length);
      await runBatch(batch);
    }
    running = false;
  }

  return (input) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      if (!running) void drain();
    });
}

/** At most this many calls in one statement by default: the inputs of a busy worker's jobs and then some. */
const MAX_BATCH = 32;
const batchers = new WeakMap<object, Map<string, unknown>>();

/**
 * The batcher of `owner` (a database client) for one kind of call, made on first use: callers of a
 * process share it without passing it around. A kind names the statement and every option baked
 * into `run`, so calls that differ in them are never batched together.
 */
export function batcherFor<I, O>(owner: object, kind: string, run: (inputs: I[]) => Promise<O[]>, opts = { maxBatch: MAX_BATCH }): (input: I) => Promise<O> {
  let ofOwner = batchers.get(owner);
  if (!ofOwner) batchers.set(owner, (ofOwner = new Map()));
  let batcher = ofOwner.get(kind) as ((input: I) => Promise<O>) | undefined;
  if (!batcher) {
    batcher = batchCalls(run, opts);
    ofOwner.set(kind, batcher);
  }
  return batcher;
}
