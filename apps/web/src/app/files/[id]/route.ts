import { AppError } from "@docvault/core";
import { getDocumentView } from "@docvault/db";
import { httpRoute, requireCaller } from "~/server/http-route";
import { browserHasCurrent, revalidateHeaders, STORED_FILE_SAFETY } from "~/server/http/stored-file-headers";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * GET /files/:id streams a document's stored file to its owner, for the result page's image.
 * Never served from a cache without this check: a browser may be shared by several people, so
 * its copy must be revalidated every time (no-cache), and the owner check runs before the 304
 * that confirms it (the bytes under a document id never change, so the id is the ETag).
 */
export const GET = httpRoute(async (request, svc, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  if (!UUID.test(id)) throw new AppError("BAD_REQUEST", "That is not a document id.");
  // The original bytes are a read: a token made only to upload (documents:write) may not fetch them.
  const principal = await requireCaller(request, svc, "documents:read", "Sign in to see this document.");
  // Someone else's document answers as a missing one: an id alone reveals nothing.
  const doc = await getDocumentView(svc.db, id, principal.user.id);
  if (!doc) throw new AppError("NOT_FOUND", "No such document.");
  const caching = revalidateHeaders(`"${doc.id}"`);
  if (browserHasCurrent(request, caching.etag)) return new Response(null, { status: 304, headers: caching });
  let source: AsyncIterable<Uint8Array>;
  try {
    source = await svc.store.getStream(doc.storageKey);
  } catch {
    throw new AppError("NOT_FOUND", "The stored file of this document is missing; upload it again.");
  }
  const iterator = source[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": doc.mimeType,
      "content-length": String(doc.sizeBytes),
      ...caching,
      ...STORED_FILE_SAFETY,
    },
  });
});
