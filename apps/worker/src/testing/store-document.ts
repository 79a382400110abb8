// Test helper: what the upload route does before the queue, for worker tests (the worker never
// imports the web app): store the bytes, then record the Document and its ExtractionJob.
import type { TBlobStore } from "@docvault/core/node";
import { createDocumentWithJob, type TDb } from "@docvault/db";

export async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

export async function storeDocument(
  deps: { db: TDb; store: TBlobStore; ownerId: string },
  file: { bytes: Uint8Array; mimeType: string; filename: string; priority?: number },
) {
  const stored = await deps.store.putStream(once(file.bytes), { maxBytes: 50 << 20 });
  return createDocumentWithJob(deps.db, {
    ownerId: deps.ownerId,
    sha256: stored.sha256,
    originalFilename: file.filename,
    mimeType: file.mimeType,
    sizeBytes: stored.size,
    storageKey: stored.key,
    ...(file.priority === undefined ? {} : { priority: file.priority }),
  });
}
