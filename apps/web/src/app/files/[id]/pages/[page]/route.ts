import { AppError, isAppError } from "@docvault/core";
import { getDocumentView } from "@docvault/db";
import { httpRoute, requireCaller } from "~/server/http-route";
import { browserHasCurrent, revalidateHeaders, STORED_FILE_SAFETY } from "~/server/http/stored-file-headers";
import { pdfPageImage } from "~/server/pdf-page-images";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_NUMBER = /^[1-9][0-9]{0,5}$/;

/**
 * GET /files/:id/pages/:page (1-based) shows one page of a document to its owner, for the result
 * page's boxes: a PDF's page drawn as PNG; an image is its one page, answered by /files/:id. One
 * page per request, so a long PDF costs only the pages a person scrolls to. Same owner check,
 * scope and caching as /files/:id (see there).
 */
export const GET = httpRoute(async (request, svc, { params }: { params: Promise<{ id: string; page: string }> }) => {
  const { id, page } = await params;
  if (!UUID.test(id)) throw new AppError("BAD_REQUEST", "That is not a document id.");
  if (!PAGE_NUMBER.test(page)) throw new AppError("BAD_REQUEST", `"${page}" is not a page number: pages are numbered from 1.`);
  const n = Number(page);
  const principal = await requireCaller(request, svc, "documents:read", "Sign in to see this document.");
  // Someone else's document answers as a missing one: an id alone reveals nothing.
  const doc = await getDocumentView(svc.db, id, principal.user.id);
  if (!doc) throw new AppError("NOT_FOUND", "No such document.");
  if (doc.mimeType !== "application/pdf") {
    if (n > 1) throw new AppError("NOT_FOUND", `This document is an image, so it has one page; there is no page ${n}.`);
    return new Response(null, { status: 307, headers: { location: `/files/${doc.id}`, "cache-control": "private, no-cache" } });
  }
  const etag = `"${doc.id}-p${n}"`;
  if (browserHasCurrent(request, etag)) return new Response(null, { status: 304, headers: revalidateHeaders(etag) });
  const png = await pdfPageImage(doc.id, n, async () => {
    try {
      return await svc.store.get(doc.storageKey);
    } catch (error) {
      if (isAppError(error) && error.code === "NOT_FOUND") {
        throw new AppError("NOT_FOUND", "The stored file of this document is missing; upload it again.", { cause: error });
      }
      throw error;
    }
  });
  return new Response(new Uint8Array(png), {
    headers: { "content-type": "image/png", "content-length": String(png.length), ...revalidateHeaders(etag), ...STORED_FILE_SAFETY },
  });
});
