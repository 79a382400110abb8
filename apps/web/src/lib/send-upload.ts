import { DIRECT_MIN_BYTES, sendDirect, STREAM } from "./send-direct-upload";
import type { TResumable } from "./send-resumable-upload";
import { answerOf, INTERACTIVE_PRIORITY, type TUploadAnswer, type TUploadBody, type TUploadRequest } from "./upload-request";

export { INTERACTIVE_PRIORITY, type TUploadAnswer, type TUploadRequest };

type TKnownBody = {
  known?: boolean;
  documentId?: string | null;
  jobId?: string | null;
  jobStatus?: string | null;
  error?: { code?: string; message?: string };
};

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Asks whether this account has the bytes already (read on another device, or sent before this
 * one's cache was cleared): then the answer is that document and nothing is sent, which on a phone
 * on a slow connection is most of the wait. Null: not known, or no clear answer (the upload decides).
 */
async function askIfKnown(request: TUploadRequest, headers: Record<string, string>): Promise<TUploadAnswer | null> {
  if (!SHA256_HEX.test(request.sha256)) return null;
  let response: Response;
  try {
    const query = new URLSearchParams({ queuedFor: request.ownerId });
    response = await fetch(`/api/v1/documents/by-hash/${request.sha256}?${query.toString()}`, { credentials: "same-origin", headers });
  } catch {
    return { kind: "offline" };
  }
  const body = (await response.json().catch(() => ({}))) as TKnownBody;
  if (response.ok && body.known && body.documentId && body.jobId) {
    return { kind: "accepted", documentId: body.documentId, jobId: body.jobId, jobStatus: body.jobStatus ?? "pending" };
  }
  if (response.status === 401 || (response.status === 409 && body.error?.code === "WRONG_ACCOUNT")) {
    return { kind: "not-signed-in", message: body.error?.message ?? "Sign in again to send this file." };
  }
  return null;
}

/**
 * Sends one file, after asking whether the account has it already: a file of 8 MiB or more straight
 * to the store when the server offers it (send-direct-upload.ts), else, for a queue that keeps where
 * it was left (`resumable`), in resumable chunks (send-resumable-upload.ts); smaller files, and
 * large ones with nowhere to keep an offset, to /api/upload in one request. Never throws, so a
 * queue can record every outcome.
 */
export async function sendUpload(request: TUploadRequest, headers: Record<string, string> = {}, resumable?: TResumable): Promise<TUploadAnswer> {
  const known = await askIfKnown(request, headers);
  if (known) return known;
  if (request.blob.size >= DIRECT_MIN_BYTES && SHA256_HEX.test(request.sha256)) {
    const direct = await sendDirect(request, headers);
    if (direct !== STREAM) return direct;
    if (resumable) return resumableUpload(request, headers, resumable);
  }
  return streamUpload(request, headers);
}

/** tus-js-client loads only for a large file, so the capture page's first load does not carry it. */
async function resumableUpload(request: TUploadRequest, headers: Record<string, string>, resumable: TResumable): Promise<TUploadAnswer> {
  let send: typeof import("./send-resumable-upload").sendResumable;
  try {
    send = (await import("./send-resumable-upload")).sendResumable;
  } catch {
    // Its script could not be loaded (offline before it was ever cached): the queue tries again later.
    return { kind: "offline" };
  }
  return send(request, headers, resumable);
}

/** The whole file in one request to POST /api/upload. */
async function streamUpload(request: TUploadRequest, headers: Record<string, string>): Promise<TUploadAnswer> {
  let response: Response;
  try {
    response = await fetch("/api/upload", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        ...headers,
        "content-type": request.type || "application/octet-stream",
        "x-filename": encodeURIComponent(request.name),
        "x-upload-id": request.uploadId,
        "x-content-sha256": request.sha256,
        "x-upload-user": request.ownerId,
        "x-priority": String(INTERACTIVE_PRIORITY),
      },
      body: request.blob,
    });
  } catch {
    // fetch rejects only when no answer came: offline, or the connection was cut.
    return { kind: "offline" };
  }
  return answerOf(response.status, (await response.json().catch(() => ({}))) as TUploadBody);
}
