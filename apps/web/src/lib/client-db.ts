/**
 * The browser's own database (IndexedDB through idb), shared by the pages and the service worker:
 * the upload queue, the result cache and files shared into the app. Nothing here imports React,
 * so the service worker bundle can use it too.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { TResultView } from "./result-view";

export type TUploadState = "queued" | "uploading" | "processing" | "done" | "failed";

export type TUploadProgress = { step: string; page?: number; pages?: number };

export type TQueuedUpload = {
  /** Client-generated idempotency key, sent as X-Upload-Id: a replay never makes a second document. */
  uploadId: string;
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
  attempts: number;
};

export type TCachedResult = {
  sha256: string;
  documentId: string;
  filename: string;
  result: TResultView;
  storedAt: number;
  /** Approximate size of the entry, for the statistics. */
  bytes: number;
};

export type TSharedFile = { id: string; blob: Blob; name: string; type: string; sharedAt: number };

type TClientSchema = DBSchema & {
  uploads: { key: string; value: TQueuedUpload; indexes: { "by-state": TUploadState; "by-created": number } };
  results: { key: string; value: TCachedResult; indexes: { "by-document": string; "by-stored": number } };
  shared: { key: string; value: TSharedFile };
};

export type TClientDb = IDBPDatabase<TClientSchema>;

export const CLIENT_DB_NAME = "docvault";
const CLIENT_DB_VERSION = 1;

let opening: Promise<TClientDb> | undefined;

/** One connection per page or worker; reopened if the browser closes it. */
export function clientDb(): Promise<TClientDb> {
  opening ??= openDB<TClientSchema>(CLIENT_DB_NAME, CLIENT_DB_VERSION, {
    upgrade(db) {
      const uploads = db.createObjectStore("uploads", { keyPath: "uploadId" });
      uploads.createIndex("by-state", "state");
      uploads.createIndex("by-created", "createdAt");
      const results = db.createObjectStore("results", { keyPath: "sha256" });
      results.createIndex("by-document", "documentId");
      results.createIndex("by-stored", "storedAt");
      db.createObjectStore("shared", { keyPath: "id" });
    },
    terminated() {
      opening = undefined;
    },
  });
  return opening;
}
