// Read routing against a real streaming replica: a primary made with initdb and a replica made from
// it with pg_basebackup -R, both on loopback ports of their own (testing/replica-pair.ts). Tried:
// reads reaching the replica, a user's own write read back at once, the replica held behind (WAL
// replay paused) and caught up, the replica stopped while reads run, and a replica URL where nothing
// listens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createDb, type TDb } from "./client";
import { migrate } from "./migrate";
import { createReadRouting, type TReadRouting, type TReplicaStatus } from "./read-replicas";
import { aDocument, aUser } from "./testing/factories";
import { startReplicaPair, type TReplicaPair } from "./testing/replica-pair";

let pair: TReplicaPair;
let primaryUrl = "";
let primary: TDb;
const opened: TReadRouting[] = [];

beforeAll(async () => {
  pair = await startReplicaPair();
  const admin = new pg.Client({ connectionString: pair.primaryUrl });
  await admin.connect();
  await admin.query("CREATE DATABASE docvault");
  await admin.end();
  primaryUrl = pair.primaryUrl.replace(/\/postgres$/, "/docvault");
  await migrate(primaryUrl);
  primary = createDb(primaryUrl, { max: 5 });
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.map((r) => r.close()));
  await primary?.$disconnect();
  await pair?.stop();
}, 30_000);

function routing(overrides: { replicaUrls?: string[]; maxLagMs?: number; checkEveryMs?: number } = {}) {
  const changes: TReplicaStatus[] = [];
  const fallbacks: string[] = [];
  const reads = createReadRouting({
    primary,
    replicaUrls: overrides.replicaUrls ?? [pair.onReplica(primaryUrl)],
    maxLagMs: overrides.maxLagMs ?? 500,
    checkEveryMs: overrides.checkEveryMs ?? 100,
    poolSize: 4,
    onChange: (status) => changes.push(status),
    onFallback: (name) => fallbacks.push(name),
  });
  opened.push(reads);
  return { reads, changes, fallbacks };
}

/** The one replica's status, as the routing last saw it. */
function first(reads: TReadRouting): TReplicaStatus {
  const [status] = reads.replicas();
  if (!status) throw new Error("the routing lists no replica");
  return status;
}

/** Which server answered: the replica is in recovery, the primary is not. */
const onReplica = (db: TDb) => db.$queryRaw<[{ r: boolean }]>`SELECT pg_is_in_recovery() AS r`.then(([row]) => row.r);

async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("reads on a streaming replica", () => {
  it("sends reads to the replica once a check finds it streaming and caught up, and they see the primary's rows", async () => {
    const { reads } = routing();
    await until(() => first(reads).usable, "the replica to be usable");
    const owner = await aUser(primary);
    const { document: doc } = await aDocument(primary, owner.id, { filename: "written-on-primary.pdf" });
    await until(() => reads.read(async (db) => (await db.document.findUnique({ where: { id: doc.id } })) !== null), "the row to be replayed on the replica");
    expect(await reads.read(onReplica)).toBe(true);
    expect(reads.replicas()[0]).toMatchObject({ usable: true, reason: null });
    expect(first(reads).lagMs).toBeLessThanOrEqual(500);
  });

  it("keeps a user's reads on the primary just after they wrote, so they see their own write; others still read the replica", async () => {
    const { reads } = routing();
    await until(() => first(reads).usable, "the replica to be usable");
    const writer = await aUser(primary);
    const other = await aUser(primary);
    // The replica is held behind, so only the primary has the new row.
    await pair.pauseReplay();
    try {
      const { document: doc } = await aDocument(primary, writer.id);
      reads.wrote(writer.id);
      const seen = await reads.read((db) => db.document.findUnique({ where: { id: doc.id } }), { userId: writer.id });
      expect(seen?.id).toBe(doc.id);
      expect(await reads.read(onReplica, { userId: writer.id })).toBe(false);
      expect(await reads.read(onReplica, { userId: other.id })).toBe(true);
    } finally {
      await pair.resumeReplay();
    }
  });

  it("stops reading from a replica that falls behind by more than the limit, and takes it back once it catches up", async () => {
    const { reads, changes } = routing({ maxLagMs: 300 });
    await until(() => first(reads).usable, "the replica to be usable");
    const owner = await aUser(primary);
    await pair.pauseReplay();
    try {
      // Writes keep coming while replay is held, so the replica falls further behind each moment.
      await until(async () => {
        await aDocument(primary, owner.id);
        return !first(reads).usable;
      }, "the replica to be set aside as behind");
      expect(first(reads).reason).toMatch(/behind the primary by more than 300 ms/);
      const { document: latest } = await aDocument(primary, owner.id, { filename: "only-on-primary.pdf" });
      // Behind: the read goes to the primary and sees the newest row.
      expect(await reads.read(onReplica)).toBe(false);
      expect(await reads.read((db) => db.document.findUnique({ where: { id: latest.id } }))).not.toBeNull();
    } finally {
      await pair.resumeReplay();
    }
    await until(() => first(reads).usable, "the replica to be taken back");
    expect(await reads.read(onReplica)).toBe(true);
    expect(changes.map((c) => c.usable)).toEqual([true, false, true]);
  });

  it("loses no read when the replica is stopped while reads run: each falls back to the primary, and the replica returns after its restart", async () => {
    const { reads, fallbacks } = routing();
    await until(() => first(reads).usable, "the replica to be usable");
    const owner = await aUser(primary);
    await aDocument(primary, owner.id);
    let running = true;
    const answered: boolean[] = [];
    const errors: unknown[] = [];
    // Four readers in a loop, each a list of the owner's documents, as the documents page asks.
    const readers = Array.from({ length: 4 }, async () => {
      while (running) {
        try {
          await reads.read((db) => db.document.findMany({ where: { ownerId: owner.id }, take: 50 }));
          answered.push(true);
        } catch (error) {
          errors.push(error);
        }
      }
    });
    await until(() => answered.length >= 20, "reads before the stop");
    const beforeStop = answered.length;
    await pair.stopReplica();
    await until(() => answered.length >= beforeStop + 50, "reads after the stop");
    expect(first(reads).usable).toBe(false);
    expect(await reads.read(onReplica)).toBe(false);
    await pair.startReplica();
    await until(() => first(reads).usable, "the restarted replica to be taken back");
    running = false;
    await Promise.all(readers);
    expect(errors).toEqual([]);
    expect(fallbacks.length).toBeGreaterThan(0);
    expect(await reads.read(onReplica)).toBe(true);
  }, 60_000);

  it("never uses a replica URL where nothing listens, and says why", async () => {
    const { reads } = routing({ replicaUrls: ["postgresql://postgres@127.0.0.1:1/docvault"] });
    await reads.checkNow();
    expect(reads.replicas()[0]).toMatchObject({ name: "127.0.0.1:1/docvault", usable: false });
    expect(first(reads).reason).toMatch(/^does not answer/);
    expect(await reads.read(onReplica)).toBe(false);
  });

  it("does not take the primary for a replica", async () => {
    const { reads } = routing({ replicaUrls: [primaryUrl] });
    await reads.checkNow();
    expect(reads.replicas()[0]).toMatchObject({ usable: false, reason: expect.stringMatching(/not a replica/) });
  });

  it("passes on a read's own error (a record not found) without blaming the replica", async () => {
    const { reads, fallbacks } = routing();
    await until(() => first(reads).usable, "the replica to be usable");
    await expect(reads.read((db) => db.document.findUniqueOrThrow({ where: { id: "00000000-0000-4000-8000-000000000000" } }))).rejects.toMatchObject({
      code: "P2025",
    });
    expect(fallbacks).toEqual([]);
    expect(first(reads).usable).toBe(true);
  });
});
