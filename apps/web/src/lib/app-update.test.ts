// When a new version may take over the page: only once no upload is being sent. Run on the app's
// own upload queue (upload-queue.ts) over fake-indexeddb, as forget-device-user.test.ts does; the
// banner and the worker's hand-over in a real Chromium are in tests/e2e/app-update.spec.ts.
import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { isBeingSent, noUploadBeingSent } from "./app-update";
import { clientDb, type TQueuedUpload, type TUploadState } from "./client-db";
import { adoptUser } from "./device-user";
import { updateUpload } from "./upload-queue";

function upload(uploadId: string, state: TUploadState, leaseUntil: number): TQueuedUpload {
  return {
    uploadId,
    ownerId: "user-u",
    name: `${uploadId}.png`,
    type: "image/png",
    size: 2,
    sha256: uploadId.padEnd(64, "0"),
    blob: state === "processing" ? null : new Blob(["ab"]),
    state,
    error: null,
    documentId: null,
    jobId: null,
    progress: null,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    leaseUntil,
    attempts: 0,
  };
}

/** Whether the promise has settled by now (after the queue's reads, which take a few ticks). */
async function settled(promise: Promise<void>, waitMs = 150): Promise<boolean> {
  return Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), waitMs))]);
}

describe("a new version waits for the uploads being sent", () => {
  afterEach(async () => (await clientDb()).clear("uploads"));

  it("an upload is being sent while its sender's lease runs; queued, read or failed ones are not", () => {
    const now = Date.now();
    expect(isBeingSent(upload("a", "uploading", now + 30_000), now)).toBe(true);
    // The sender went away mid-upload (tab closed): once its lease ran out nobody is sending it.
    expect(isBeingSent(upload("b", "uploading", now - 1), now)).toBe(false);
    for (const state of ["queued", "processing", "done", "failed"] as const) expect(isBeingSent(upload("c", state, now + 30_000), now)).toBe(false);
  });

  it("goes at once when nothing is being sent (queued files are sent again after the reload)", async () => {
    await adoptUser("user-u");
    await (await clientDb()).put("uploads", upload("waiting", "queued", 0));
    expect(await settled(noUploadBeingSent())).toBe(true);
  });

  it("waits while a file is being sent and goes when the queue says it was accepted", async () => {
    await adoptUser("user-u");
    await (await clientDb()).put("uploads", upload("sending", "uploading", Date.now() + 60_000));
    const ready = noUploadBeingSent();
    expect(await settled(ready)).toBe(false);
    await updateUpload("sending", () => ({ state: "processing", blob: null, leaseUntil: 0 }));
    expect(await settled(ready, 2_000)).toBe(true);
  });

  it("goes when a sender that went away lets its lease run out, with no change in the queue", async () => {
    await adoptUser("user-u");
    await (await clientDb()).put("uploads", upload("abandoned", "uploading", Date.now() + 400));
    const ready = noUploadBeingSent();
    expect(await settled(ready)).toBe(false);
    // Read again on the clock (every second): the lease is over by then.
    expect(await settled(ready, 2_500)).toBe(true);
  });
});
