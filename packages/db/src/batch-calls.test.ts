import { describe, expect, it } from "vitest";
import { batchCalls } from "./batch-calls";

/** A statement that answers each input doubled, keeps the batches it was given, and ends when told. */
function fakeStatement(opts: { refuse?: (input: number) => boolean; answer?: (inputs: number[]) => number[] } = {}) {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const run = async (inputs: number[]) => {
    batches.push(inputs);
    await new Promise<void>((resolve) => pending.push(resolve));
    if (inputs.some((input) => opts.refuse?.(input))) throw new Error(`refused ${inputs.join(",")}`);
    return opts.answer ? opts.answer(inputs) : inputs.map((input) => input * 2);
  };
  /** Lets every statement running now end, and waits until the answers are handed out. */
  const finishRunning = async () => {
    for (const end of pending.splice(0)) end();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { run, batches, finishRunning };
}

describe("batchCalls", () => {
  it("runs a call on a quiet batcher at once and alone", async () => {
    const statement = fakeStatement();
    const call = batchCalls(statement.run, { maxBatch: 8 });
    const answer = call(1);
    expect(statement.batches).toEqual([[1]]);
    await statement.finishRunning();
    expect(await answer).toBe(2);
  });

  it("sends the calls made while a statement runs together in the next one, each with its own answer", async () => {
    const statement = fakeStatement();
    const call = batchCalls(statement.run, { maxBatch: 8 });
    const answers = [1, 2, 3, 4].map((input) => call(input));
    expect(statement.batches).toEqual([[1]]);
    await statement.finishRunning();
    expect(statement.batches).toEqual([[1], [2, 3, 4]]);
    await statement.finishRunning();
    expect(await Promise.all(answers)).toEqual([2, 4, 6, 8]);
  });

  it("never puts more than maxBatch calls in one statement", async () => {
    const statement = fakeStatement();
    const call = batchCalls(statement.run, { maxBatch: 3 });
    const answers = [1, 2, 3, 4, 5, 6, 7, 8].map((input) => call(input));
    for (let i = 0; i < 4; i++) await statement.finishRunning();
    expect(statement.batches).toEqual([[1], [2, 3, 4], [5, 6, 7], [8]]);
    expect(await Promise.all(answers)).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
  });

  it("runs each call of a failed batch alone, so only the one the statement refuses fails", async () => {
    const statement = fakeStatement({ refuse: (input) => input === 3 });
    const call = batchCalls(statement.run, { maxBatch: 8 });
    const answers = [1, 2, 3, 4].map((input) => call(input).then(String, (error: Error) => error.message));
    await statement.finishRunning(); // [1]
    await statement.finishRunning(); // [2, 3, 4] refused as a whole
    expect(statement.batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
    await statement.finishRunning();
    expect(await Promise.all(answers)).toEqual(["2", "4", "refused 3", "8"]);
    // The batcher keeps serving calls after a failure.
    const later = call(5);
    await statement.finishRunning();
    expect(await later).toBe(10);
  });

  it("fails every call of a batch whose statement answered a different number of rows", async () => {
    const statement = fakeStatement({ answer: (inputs) => (inputs.length > 1 ? [0] : inputs) });
    const call = batchCalls(statement.run, { maxBatch: 8 });
    const answers = [1, 2, 3].map((input) => call(input).then(String, (error: Error) => error.message));
    await statement.finishRunning();
    await statement.finishRunning();
    expect(await Promise.all(answers)).toEqual(["1", "a batched statement answered 1 rows for 2 calls", "a batched statement answered 1 rows for 2 calls"]);
  });
});
