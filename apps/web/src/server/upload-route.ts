/**
 * The upload route's handler: what POST /api/upload does, whether Next's router hands the request
 * here (app/api/upload/route.ts) or the web server's fast lane does (http/fast-lane.ts).
 */
import { AppError, isAppError, readPriority } from "@docvault/core";
import { acceptUpload } from "./accept-upload";
import { httpRoute, requireCaller, unavailableResponse } from "./http-route";
import { refuseIfQueuedForAnother } from "./queued-for";
import type { TServices } from "./services";

/**
 * The request body as chunks, cut off with 408 when the client sends nothing for `idleMs` or the
 * whole body takes longer than `maxMs`: a client that trickles bytes cannot hold a connection (and
 * a staging file) open for ever.
 */
async function* readBody(body: ReadableStream<Uint8Array>, limits: { idleMs: number; maxMs: number }): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  const deadline = Date.now() + limits.maxMs;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      let timer: NodeJS.Timeout | undefined;
      const waitMs = Math.min(limits.idleMs, Math.max(0, deadline - Date.now()));
      const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), waitMs)));
      try {
        const next = await Promise.race([reader.read(), timeout]);
        if (next === "timeout") {
          // Not reader.cancel(): that destroys the socket before the 408 is written. The
          // response says Connection: close, so Node closes it once the answer is out.
          throw new AppError(
            "UPLOAD_TIMEOUT",
            Date.now() >= deadline
              ? `The upload took longer than ${Math.round(limits.maxMs / 60_000)} minutes and was stopped. Nothing was kept; try again on a better connection.`
              : `No data arrived for ${Math.round(limits.idleMs / 1000)} seconds, so the upload was stopped. Nothing was kept; send the file again.`,
          );
        }
        chunk = next;
      } catch (cause) {
        if (isAppError(cause)) throw cause;
        // The client went away mid-body: the partial file is removed by the store.
        throw new AppError("BAD_REQUEST", "The upload was cut off before the end. Nothing was kept; send the file again.", { cause });
      } finally {
        clearTimeout(timer);
      }
      if (chunk.done) return;
      yield chunk.value;
    }
  } finally {
    // A read may still be pending after a timeout; releasing rejects it, which is all we want.
    try {
      reader.releaseLock();
    } catch {
      // already released
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** The optional X-Upload-Id and X-Content-SHA256 headers, checked; an AppError when malformed. */
function idempotencyHeaders(headers: Headers): { uploadId?: string; claimedSha256?: string } | AppError {
  const uploadId = headers.get("x-upload-id")?.trim();
  const claimed = headers.get("x-content-sha256")?.trim();
  if (uploadId !== undefined && !UUID.test(uploadId)) {
    return new AppError("BAD_REQUEST", "X-Upload-Id must be a UUID (for example from crypto.randomUUID()), one per file.");
  }
  if (claimed !== undefined && !SHA256_HEX.test(claimed)) {
    return new AppError("BAD_REQUEST", "X-Content-SHA256 must be the file's SHA-256 as 64 hexadecimal characters.");
  }
  return {
    ...(uploadId ? { uploadId: uploadId.toLowerCase() } : {}),
    ...(claimed ? { claimedSha256: claimed.toLowerCase() } : {}),
  };
}

/**
 * POST /api/upload with the file as the raw body, its name in `X-Filename` (URI-encoded) and its
 * type in `Content-Type`; optionally `X-Upload-Id` (a UUID: a replay answers as the first request
 * did), `X-Content-SHA256` (hex: 422 when the bytes that arrived hash differently) and
 * `X-Upload-User` (the user id it was queued for: 409 under another user's session) and
 * `X-Priority` (1..10, 10 first: the capture page sends 8, bulk imports 2; 5 when absent).
 * 202 with the ids when accepted, 200 when this user has the same bytes already, 409 when the
 * upload id was used before for other bytes.
 */
export const receiveUpload = httpRoute(takeUpload, { unavailable: unavailableResponse, internal: "The upload could not be saved. Try again in a moment." });

async function takeUpload(request: Request, svc: TServices): Promise<Response> {
  const principal = await requireCaller(request, svc, "documents:write");
  refuseIfQueuedForAnother(principal.user.id, request.headers.get("x-upload-user"));
  await (await svc.rateLimits()).upload(principal.user.id);
  const declaredLength = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declaredLength) && declaredLength > svc.maxFileBytes) {
    throw new AppError(
      "FILE_TOO_LARGE",
      `The file is over the ${Math.round(svc.maxFileBytes / (1024 * 1024))} MB limit. Split the PDF or send a smaller photo.`,
    );
  }
  if (!request.body) throw new AppError("EMPTY_FILE", "The file is empty (0 bytes). Choose the file again or pick another one.");
  let filename = "document";
  try {
    filename = decodeURIComponent(request.headers.get("x-filename") ?? "document");
  } catch {
    throw new AppError("BAD_REQUEST", "The X-Filename header is not valid URI-encoded text.");
  }
  const idempotency = idempotencyHeaders(request.headers);
  if (idempotency instanceof AppError) throw idempotency;
  const priority = readPriority(request.headers.get("x-priority"));
  const result = await acceptUpload(svc, readBody(request.body, svc.uploadTimeouts), {
    filename,
    declaredType: request.headers.get("content-type"),
    ownerId: principal.user.id,
    ...idempotency,
    ...(priority === undefined ? {} : { priority }),
  });
  // 202: taken for reading (whether an engine runs or another upload's result is copied); 200: this user's own document again.
  return Response.json(result, { status: result.status === "accepted" ? 202 : 200 });
}
