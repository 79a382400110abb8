// Test factories: the rows a test needs, written as the app writes them, each unique so test files
// sharing one database never collide. Only what a test states differs from the defaults.
import { randomBytes } from "node:crypto";
import type { TExtractionResult } from "@docvault/core";
import type { TDb } from "../client";
import { completeJob } from "../claim-and-complete";
import { createDocumentWithJob } from "../documents";

/** A user; the e-mail is `<name>-<random>@example.test` unless given. */
export async function aUser(db: TDb, opts: { email?: string; name?: string; role?: "user" | "admin" } = {}) {
  const email = opts.email ?? `${opts.name?.toLowerCase() ?? "user"}-${randomBytes(4).toString("hex")}@example.test`;
  return db.user.create({ data: { email, ...(opts.name ? { name: opts.name } : {}), ...(opts.role ? { role: opts.role } : {}) } });
}

/** A SHA-256 nobody uploaded, and the content key it would be stored under. */
export function aSha256(): { sha256: string; storageKey: string } {
  const sha256 = randomBytes(32).toString("hex");
  return { sha256, storageKey: `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}` };
}

/** A document and its pending job, as an upload records them (the bytes themselves are not stored). */
export async function aDocument(db: TDb, ownerId: string, opts: { filename?: string; mimeType?: string; sizeBytes?: number; sha256?: string } = {}) {
  const key = opts.sha256 ? { sha256: opts.sha256, storageKey: `sha256/${opts.sha256.slice(0, 2)}/${opts.sha256.slice(2, 4)}/${opts.sha256}` } : aSha256();
  const { document, job } = await createDocumentWithJob(db, {
    ownerId,
    ...key,
    originalFilename: opts.filename ?? "receipt.png",
    mimeType: opts.mimeType ?? "image/png",
    sizeBytes: opts.sizeBytes ?? 10,
  });
  return { document, job };
}

/** aDocument whose job completed with `result`, as the worker stores it. */
export async function aCompletedExtraction(
  db: TDb,
  ownerId: string,
  result: TExtractionResult & { classification?: { type: string } },
  opts: Parameters<typeof aDocument>[2] = {},
) {
  const { document, job } = await aDocument(db, ownerId, opts);
  await completeJob(db, { id: job.id, documentId: document.id, sha256: document.sha256 }, result);
  return { document, job };
}
