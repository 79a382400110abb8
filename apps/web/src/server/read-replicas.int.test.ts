// The web app on a primary with a real streaming replica (DATABASE_REPLICA_URLS), both started by
// the test (initdb + pg_basebackup -R, @docvault/db/testing/replica-pair): lists, search, export and
// the admin dashboard read the replica; a user who just changed something reads the primary; the
// replica stopped while people read costs no request. The routing's own cases (lag, a replica that
// never answers, a read's own errors) are in packages/db/src/read-replicas.int.test.ts.
import { afterAll, describe, expect, it } from "vitest";
import { PIPELINE_VERSION } from "@docvault/core";
import { createTestDatabase } from "@docvault/db/testing";
import { aCompletedExtraction, aUser } from "@docvault/db/testing/factories";
import { startReplicaPair } from "@docvault/db/testing/replica-pair";
import { createTestServices } from "./testing/test-services";

const pair = await startReplicaPair();
const database = await createTestDatabase(pair.primaryUrl);
// A generous lag limit: replay is held in one test so that what the replica answers can be told
// from what the primary answers, and the replica must stay in use meanwhile.
const { services, callerFor, close } = await createTestServices("rr", {
  databaseUrl: database.url,
  env: { DATABASE_REPLICA_URLS: pair.onReplica(database.url), DATABASE_REPLICA_MAX_LAG_MS: "60000" },
});
const { exportLines } = await import("./export-documents");

afterAll(async () => {
  await close();
  await database.drop();
  await pair.stop();
}, 30_000);

/** A receipt's stored analysis, as the worker writes it. */
const RECEIPT = {
  pipelineVersion: PIPELINE_VERSION,
  engines: ["paddle" as const],
  pages: [],
  text: "CORNER SHOP TOTAL 12.50",
  confidence: 0.9,
  classification: { type: "receipt", confidence: 0.9 },
  document: {
    type: "receipt",
    fields: {
      merchant: { value: "Corner Shop", confidence: 0.9, source: null, method: "ocr-rules" },
      total: { value: "12.50", confidence: 0.9, source: null, method: "ocr-rules" },
    },
  },
  barcodes: [],
  warnings: [],
};

async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const replicaInUse = () => services().reads.replicas()[0]?.usable === true;

/** Everything a person reads from the replica, once: list, search, review queue, failed jobs, export, dashboard. */
async function readEverything(user: { id: string }, admin: { id: string; role: string }) {
  const caller = callerFor(user);
  const [list, search, review, failed, dashboard, stats] = await Promise.all([
    caller.documents.list(),
    caller.search.query({ q: "corner" }),
    caller.extractions.reviewQueue(),
    caller.jobs.failed(),
    callerFor(admin).admin.dashboard({ days: 7 }),
    callerFor(admin).admin.stats(),
  ]);
  let exported = "";
  for await (const line of exportLines((run) => services().reads.read(run, { userId: user.id }), { ownerId: user.id }, "csv")) exported += line;
  return { list, search, review, failed, dashboard, stats, exported };
}

describe("the web app with a read replica", () => {
  it("reads lists from the replica, and a user who just changed something from the primary", async () => {
    const db = services().db;
    const alice = await aUser(db);
    const bob = await aUser(db);
    await aCompletedExtraction(db, alice.id, RECEIPT, { filename: "first.png" });
    await until(replicaInUse, "the replica to be in use");
    await until(async () => (await callerFor(alice).documents.list()).length === 1, "alice's first document on the replica");

    await pair.pauseReplay();
    try {
      // Written as the worker writes a result: no request of alice's, so her reads stay on the replica,
      // which (held) has not got it.
      const { document: second } = await aCompletedExtraction(db, alice.id, RECEIPT, { filename: "second.png" });
      expect((await callerFor(alice).documents.list()).map((d) => d.filename)).toEqual(["first.png"]);
      expect(replicaInUse()).toBe(true);
      // Her own change (a delete through the API) sends her reads to the primary: she sees it at once.
      await callerFor(alice).documents.delete({ id: second.id });
      const { document: third } = await aCompletedExtraction(db, alice.id, RECEIPT, { filename: "third.png" });
      expect((await callerFor(alice).documents.list()).map((d) => d.filename)).toEqual(["third.png", "first.png"]);
      expect((await callerFor(alice).search.query({ q: "corner" })).items.map((i) => i.documentId)).toContain(third.id);
      // Bob changed nothing: his reads are still the replica's.
      await aCompletedExtraction(db, bob.id, RECEIPT, { filename: "bobs.png" });
      expect(await callerFor(bob).documents.list()).toEqual([]);
    } finally {
      await pair.resumeReplay();
    }
    await until(async () => (await callerFor(bob).documents.list()).length === 1, "bob's document replayed on the replica");
  });

  it("loses no request when the replica stops while people read, and reads it again once it is back", async () => {
    const db = services().db;
    const carol = await aUser(db);
    const admin = await aUser(db, { role: "admin" });
    await aCompletedExtraction(db, carol.id, RECEIPT, { filename: "carol.png" });
    await until(replicaInUse, "the replica to be in use");
    await until(async () => (await callerFor(carol).documents.list()).length === 1, "carol's document on the replica");

    let running = true;
    let rounds = 0;
    const errors: unknown[] = [];
    const readers = Array.from({ length: 3 }, async () => {
      while (running) {
        try {
          const seen = await readEverything(carol, admin);
          expect(seen.list.map((d) => d.filename)).toEqual(["carol.png"]);
          expect(seen.search.items).toHaveLength(1);
          expect(seen.exported).toContain("Corner Shop");
          expect(seen.stats.documents).toBeGreaterThan(0);
          rounds++;
        } catch (error) {
          errors.push(error);
        }
      }
    });
    await until(() => rounds >= 3, "reads before the stop");
    await pair.stopReplica();
    const atStop = rounds;
    await until(() => rounds >= atStop + 6, "reads after the stop");
    expect(replicaInUse()).toBe(false);
    await pair.startReplica();
    await until(replicaInUse, "the restarted replica to be in use again");
    const atRestart = rounds;
    await until(() => rounds >= atRestart + 3, "reads after the restart");
    running = false;
    await Promise.all(readers);
    expect(errors).toEqual([]);
  }, 60_000);
});
