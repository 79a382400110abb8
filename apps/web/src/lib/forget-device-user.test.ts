// What the browser keeps when one person follows another on it, run on fake-indexeddb (a complete
// IndexedDB written in JavaScript; Node has none): the code under test is this app's own, on an
// IndexedDB that behaves as the browser's does. The end-to-end proof in a real Chromium is
// tests/e2e/shared-device.spec.ts; this covers what it cannot reach: the upgrade of a version-1
// database, and every kind of queue item at a change of user.
import "fake-indexeddb/auto";
import { openDB } from "idb";
import { describe, expect, it } from "vitest";
import { clientDb, CLIENT_DB_NAME, OWNERLESS_UPLOAD, type TCachedResult, type TQueuedUpload, type TUploadState } from "./client-db";
import { adoptUser, recordedUser } from "./device-user";
import { listUploads, pendingUploads } from "./upload-queue";

function upload(uploadId: string, ownerId: string | null, state: TUploadState): TQueuedUpload {
  const unsent = state === "queued" || state === "uploading";
  return {
    uploadId,
    ownerId,
    name: `${uploadId}.png`,
    type: "image/png",
    size: 2,
    sha256: uploadId.padEnd(64, "0"),
    blob: unsent ? new Blob(["ab"]) : null,
    state,
    error: null,
    documentId: unsent ? null : `doc-${uploadId}`,
    jobId: null,
    progress: null,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    leaseUntil: state === "uploading" ? Date.now() + 60_000 : 0,
    attempts: 0,
  };
}

function result(ownerId: string, sha256: string): TCachedResult {
  const view = { documentId: `doc-${sha256}`, filename: `${sha256}.png` } as TCachedResult["result"];
  return { ownerId, sha256, documentId: view.documentId, filename: view.filename, result: view, storedAt: Date.now(), bytes: 10 };
}

const byId = (items: TQueuedUpload[]) => Object.fromEntries(items.map((item) => [item.uploadId, item]));

describe("the browser's data when the user changes", () => {
  // First, while the database is still at version 1: clientDb() below upgrades it.
  it("an upgrade from version 1 never sends an upload whose owner it cannot know: no bytes, a sentence; results go", async () => {
    const v1 = await openDB(CLIENT_DB_NAME, 1, {
      upgrade(db) {
        const uploads = db.createObjectStore("uploads", { keyPath: "uploadId" });
        uploads.createIndex("by-state", "state");
        uploads.createIndex("by-created", "createdAt");
        const results = db.createObjectStore("results", { keyPath: "sha256" });
        results.createIndex("by-document", "documentId");
        results.createIndex("by-stored", "storedAt");
        db.createObjectStore("shared", { keyPath: "id" });
      },
    });
    const { ownerId: _queuedOwner, ...queued } = upload("v1-queued", null, "queued");
    const { ownerId: _doneOwner, ...done } = upload("v1-done", null, "done");
    await v1.put("uploads", queued);
    await v1.put("uploads", done);
    await v1.put("results", { sha256: "f".repeat(64), documentId: "doc-v1", storedAt: Date.now() });
    v1.close();

    const db = await clientDb();
    const uploads = byId(await db.getAll("uploads"));
    expect(Object.keys(uploads)).toEqual(["v1-queued"]);
    expect(uploads["v1-queued"]).toMatchObject({ ownerId: null, state: "failed", blob: null, error: OWNERLESS_UPLOAD });
    expect(await db.count("results")).toBe(0);
    // It shows to whoever is signed in (its name and the sentence; nothing can send it).
    expect((await listUploads("someone")).map((u) => u.uploadId)).toEqual(["v1-queued"]);
    expect(await pendingUploads("someone")).toEqual([]);
    await db.clear("uploads");
  });

  it("another user signing in removes what was kept for the person before, except their unsent files, which stay theirs", async () => {
    const db = await clientDb();
    await adoptUser("user-a");
    for (const item of [upload("a-queued", "user-a", "queued"), upload("a-sending", "user-a", "uploading"), upload("a-done", "user-a", "done")]) {
      await db.put("uploads", item);
    }
    await db.put("results", result("user-a", "a".repeat(64)));
    await db.put("shared", { id: "s1", blob: new Blob(["ab"]), name: "shared.png", type: "image/png", size: 2, sharedAt: Date.now(), from: null });

    await adoptUser("user-b");
    expect(await recordedUser()).toBe("user-b");
    expect(await db.count("results")).toBe(0);
    expect(await db.count("shared")).toBe(0);
    const left = byId(await db.getAll("uploads"));
    expect(Object.keys(left).sort()).toEqual(["a-queued", "a-sending"]);
    // The one cut off while sending is free again, for its owner's next sign-in.
    expect(left["a-sending"]).toMatchObject({ state: "queued", leaseUntil: 0, ownerId: "user-a" });
    expect(left["a-queued"]?.blob).toBeInstanceOf(Blob);
    expect(await listUploads("user-b")).toEqual([]);
    expect((await pendingUploads("user-a")).map((u) => u.uploadId).sort()).toEqual(["a-queued", "a-sending"]);
  });

  it("signing out keeps the person's unsent files for them, or removes them when they say so", async () => {
    const db = await clientDb();
    await db.clear("uploads");
    await adoptUser("user-c");
    await db.put("uploads", upload("c-queued", "user-c", "queued"));
    await db.put("uploads", upload("c-done", "user-c", "done"));
    await db.put("results", result("user-c", "c".repeat(64)));

    await adoptUser(null);
    expect(await recordedUser()).toBeNull();
    expect(await db.count("results")).toBe(0);
    expect((await db.getAll("uploads")).map((u) => u.uploadId)).toEqual(["c-queued"]);

    await adoptUser("user-c");
    await adoptUser(null, { discardPending: true });
    expect(await db.count("uploads")).toBe(0);
  });
});
