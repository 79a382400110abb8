// Progress events published by workers reach a subscriber (the web app) on either backend.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { TProgressEvent } from "@docvault/core";
import { createProgressPublisher, subscribeToProgress } from "./progress";
import { queueTargets } from "./testing/queue-targets";

// Not on PGlite: pglite-socket runs every connection in PGlite's one session, so a NOTIFY goes back
// to the connection that sent it and never reaches a LISTEN on another (README, backends).
const targets = (await queueTargets("progress")).filter((t) => t.name !== "pglite");

describe.each(targets)("progress events on $name", ({ connection }) => {
  it("delivers each step, in order, with the page being read", async () => {
    const received: TProgressEvent[] = [];
    const subscription = await subscribeToProgress(connection, (event) => received.push(event));
    const publisher = createProgressPublisher(connection);
    const ids = { jobId: randomUUID(), documentId: randomUUID() };
    const sent: TProgressEvent[] = [
      { ...ids, step: "validating" },
      { ...ids, step: "reading", page: 1, pages: 2 },
      { ...ids, step: "reading", page: 2, pages: 2 },
      { ...ids, step: "structuring" },
      { ...ids, step: "done" },
    ];
    try {
      for (const event of sent) await publisher.publishProgress(event);
      const deadline = Date.now() + 5_000;
      while (received.length < sent.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(received).toEqual(sent);
    } finally {
      await publisher.close();
      await subscription.close();
    }
  });
});
