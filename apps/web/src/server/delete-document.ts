import { AppError } from "@docvault/core";
import { deleteDocument } from "@docvault/db";
import type { TServices } from "./services";

// Another user's document answers NOT_FOUND exactly like a missing one: ids never reveal what exists.
export const NO_SUCH_DOCUMENT = "No such document.";

/**
 * Deletes one of the owner's documents with its jobs, results and cache entry, and its stored
 * file when no other document uses it. NOT_FOUND for a missing id and for another user's alike.
 */
export async function deleteOwnDocument(services: TServices, documentId: string, ownerId: string): Promise<{ fileRemoved: boolean }> {
  const gone = await deleteDocument(services.db, documentId, ownerId);
  if (!gone) throw new AppError("NOT_FOUND", NO_SUCH_DOCUMENT);
  await services.cache.forget(gone.sha256);
  if (gone.storageKey) await services.store.delete(gone.storageKey);
  return { fileRemoved: gone.storageKey !== null };
}
