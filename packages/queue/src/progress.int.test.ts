// Progress events published by workers reach a subscriber (the web app) on either backend.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { PROGRESS_CHANNEL, type TProgressEvent } from "@docvault/core";
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

describe.each(targets.filter((t) => t.connection.kind === "postgres"))("a dropped LISTEN connection on $name", ({ connection }) => {
  it("is listened to again: events published after the drop still arrive", async () => {
    const received: TProgressEvent[] = [];
    const subscription = await subscribeToProgress(connection, (event) => received.push(event));
    const publisher = createProgressPublisher(connection);
    const admin = new pg.Client({ connectionString: connection.url });
    await admin.connect();
    try {
      // What a PostgreSQL restart or a proxy's idle cut does to the listening session.
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = $1 AND pid <> pg_backend_pid()",
        [`LISTEN ${PROGRESS_CHANNEL}`],
      );
      expect(killed.rowCount).toBeGreaterThanOrEqual(1);
      const ids = { jobId: randomUUID(), documentId: randomUUID() };
      const deadline = Date.now() + 15_000;
      while (received.length === 0 && Date.now() < deadline) {
        await publisher.publishProgress({ ...ids, step: "reading", page: 1, pages: 1 });
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(received[0]).toMatchObject({ ...ids, step: "reading" });
    } finally {
      await admin.end();
      await publisher.close();
      await subscription.close();
    }
  });
});
