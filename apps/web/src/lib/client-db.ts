/**
 * The browser's own database (IndexedDB through idb), shared by the pages and the service worker:
 * the upload queue, the result cache, files shared into the app, and whose data this browser holds.
 * Uploads and results carry the id of the user they belong to: one browser may serve several
 * people in turn (see device-user.ts). Nothing here imports React, so the service worker bundle
 * can use it too.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { TResultView } from "./result-view";

export type TUploadState = "queued" | "uploading" | "processing" | "done" | "failed";

export type TUploadProgress = { step: string; page?: number; pages?: number };

export type TQueuedUpload = {
  /** Client-generated idempotency key, sent as X-Upload-Id: a replay never makes a second document. */
  uploadId: string;
  /** The user who added it: it is sent only while they are signed in (X-Upload-User), shown only to them. Null: kept from before uploads had owners. */
  ownerId: string | null;
  name: string;
  type: string;
  size: number;
  sha256: string;
  /** The bytes, kept until the server has accepted them. */
  blob: Blob | null;
  state: TUploadState;
  error: string | null;
  documentId: string | null;
  jobId: string | null;
  progress: TUploadProgress | null;
  createdAt: number;
  updatedAt: number;
  /** While uploading: until when the sender holds the item; after that another sender may take it. */
  leaseUntil: number;
  /** A large file sent in resumable chunks: its upload's URL on the server and the bytes the server has, so a later try goes on from there. Absent on items kept before. */
  resumeUrl?: string | null;
  bytesSent?: number;
  attempts: number;
};

export type TCachedResult = {
  /** The user this result was kept for; part of the key, so one user's lookup never finds another's. */
  ownerId: string;
  sha256: string;
  documentId: string;
  filename: string;
  result: TResultView;
  storedAt: number;
  /** Approximate size of the entry, for the statistics. */
  bytes: number;
};

export type TSharedFile = {
  id: string;
  blob: Blob;
  name: string;
  type: string;
  size: number;
  sharedAt: number;
  /** The origin of the page that posted the form when it was not this app (another website); null from the share sheet. */
  from: string | null;
};

/**
 * Whose data this browser holds now: the last user the app saw signed in, or null after a sign-out.
 * `forgetting` is set while the data of the user before is being removed (done again at the next
 * start if that was cut short).
 */
export type TDeviceUserRecord = {
  key: "user";
  userId: string | null;
  since: number;
  forgetting?: { previous: string | null; discardPendingOf: string | null };
};

type TClientSchema = DBSchema & {
  uploads: { key: string; value: TQueuedUpload; indexes: { "by-state": TUploadState; "by-created": number; "by-owner": string } };
  results: {
    key: [string, string];
    value: TCachedResult;
    indexes: { "by-owner-document": [string, string]; "by-owner-stored": [string, number]; "by-stored": number };
  };
  shared: { key: string; value: TSharedFile };
  meta: { key: string; value: TDeviceUserRecord };
};

export type TClientDb = IDBPDatabase<TClientSchema>;

export const CLIENT_DB_NAME = "docvault";
const CLIENT_DB_VERSION = 2;

/** Said of an upload kept from version 1, which did not record whose it was. */
export const OWNERLESS_UPLOAD =
  "Added before this app noted who adds each file, so it was not sent: it could have gone into another person's account. Add the file again.";

let opening: Promise<TClientDb> | undefined;

/** One connection per page or worker; reopened if the browser closes it. */
export function clientDb(): Promise<TClientDb> {
  opening ??= openDB<TClientSchema>(CLIENT_DB_NAME, CLIENT_DB_VERSION, {
    // idb types upgrade as returning nothing, but awaits on `tx` run inside the versionchange transaction, as idb documents.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        const uploads = db.createObjectStore("uploads", { keyPath: "uploadId" });
        uploads.createIndex("by-state", "state");
        uploads.createIndex("by-created", "createdAt");
      }
      if (oldVersion >= 1) {
        // Version 1 kept results and shared files for whoever used the browser: they go, as at a sign-out.
        db.deleteObjectStore("results");
        db.deleteObjectStore("shared");
      }
      const results = db.createObjectStore("results", { keyPath: ["ownerId", "sha256"] });
      results.createIndex("by-owner-document", ["ownerId", "documentId"]);
      results.createIndex("by-owner-stored", ["ownerId", "storedAt"]);
      results.createIndex("by-stored", "storedAt");
      db.createObjectStore("shared", { keyPath: "id" });
      db.createObjectStore("meta", { keyPath: "key" });
      const uploads = tx.objectStore("uploads");
      uploads.createIndex("by-owner", "ownerId");
      // Uploads of version 1 have no owner: one not sent yet is never sent (it could reach the
      // wrong account); its bytes go, and the line says why. Those already sent are the server's now.
      for (let cursor = await uploads.openCursor(); cursor; cursor = await cursor.continue()) {
        const item = cursor.value;
        const unsent = item.state === "queued" || item.state === "uploading" || (item.state === "failed" && item.blob !== null);
        if (unsent) await cursor.update({ ...item, ownerId: null, state: "failed", blob: null, error: OWNERLESS_UPLOAD, leaseUntil: 0 });
        else await cursor.delete();
      }
    },
    terminated() {
      opening = undefined;
    },
  });
  return opening;
}
