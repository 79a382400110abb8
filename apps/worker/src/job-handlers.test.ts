import { describe, expect, it } from "vitest";
import { checkHandlers, isTaken, type TJobHandler } from "./job-handlers";

const handler: TJobHandler = { handle: () => Promise.resolve("completed"), concurrency: 1 };

describe("the job handler registry", () => {
  it("accepts one entry per queue: a handler, or the reason the worker leaves the queue to others", () => {
    const handlers = { extract: handler, escalate: { notTaken: "WORKER_MODE=ocr" } };
    expect(() => checkHandlers(handlers)).not.toThrow();
    expect([isTaken(handlers.extract), isTaken(handlers.escalate)]).toEqual([true, false]);
  });

  it("refuses to start when a queue has no handler, naming the queue", () => {
    expect(() => checkHandlers({ extract: handler })).toThrow("The worker cannot start: the escalate queue has no handler");
  });

  it("refuses a handler for a queue that does not exist", () => {
    expect(() => checkHandlers({ extract: handler, escalate: handler, thumbnails: handler })).toThrow(
      '"thumbnails" is not a queue (queues: extract, escalate)',
    );
  });
});
