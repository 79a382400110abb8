// The worker's staging sweeper removes what a crash left in the store's staging area at start-up.
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, expect, it } from "vitest";
import { FsBlobStore } from "@docvault/core/node";
import { startStagingSweeper } from "./staging-sweeper";

let root = "";
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

it("sweeps staging files older than the age at start-up and keeps younger ones", async () => {
  root = await mkdtemp(join(tmpdir(), "dv-staging-"));
  await mkdir(join(root, "tmp"));
  await writeFile(join(root, "tmp", "crashed"), "half an upload");
  await writeFile(join(root, "tmp", "in-flight"), "an upload still arriving");
  const old = new Date(Date.now() - 2 * 3_600_000);
  await utimes(join(root, "tmp", "crashed"), old, old);
  const sweeper = startStagingSweeper({ store: new FsBlobStore(root), log: pino({ level: "silent" }), maxAgeMs: 3_600_000, intervalMs: 60_000 });
  try {
    expect(await sweeper.first).toBe(1);
    expect(await readdir(join(root, "tmp"))).toEqual(["in-flight"]);
  } finally {
    sweeper.stop();
  }
});
