/**
 * One upload request: the raw bytes with their name, type, client upload id, SHA-256 and the user
 * it was queued for in headers.
 */
export type TUploadRequest = { uploadId: string; blob: Blob; name: string; type: string; sha256: string; ownerId: string };

export type TUploadAnswer =
  | { kind: "accepted"; documentId: string; jobId: string; jobStatus: string }
  | { kind: "offline" }
  | { kind: "retry-later"; message: string }
  /** No session, or another user's (401, or 409 WRONG_ACCOUNT): the upload waits for its owner. */
  | { kind: "not-signed-in"; message: string }
  | { kind: "refused"; message: string };

type TUploadBody = {
  documentId?: string;
  jobId?: string;
  jobStatus?: string;
  error?: { code?: string; message?: string };
};

/**
 * What the capture page's uploads ask for: a person is waiting for each one, so it is read before
 * the API's default (5) and bulk imports (2). Core's JOB_PRIORITY.interactive, written out so the
 * capture bundle does not carry core's index (a unit test keeps them equal).
 */
export const INTERACTIVE_PRIORITY = 8;

type TKnownBody = {
  known?: boolean;
  documentId?: string | null;
  jobId?: string | null;
  jobStatus?: string | null;
  error?: { code?: string; message?: string };
};

/**
 * Asks whether this account has the bytes already (read on another device, or sent before this
 * one's cache was cleared): then the answer is that document and nothing is sent, which on a phone
 * on a slow connection is most of the wait. Null: not known, or no clear answer (the upload decides).
 */
async function askIfKnown(request: TUploadRequest, headers: Record<string, string>): Promise<TUploadAnswer | null> {
  if (!/^[0-9a-f]{64}$/.test(request.sha256)) return null;
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
 * Sends one file to /api/upload, after asking whether the account has it already; never throws,
 * so a queue can record every outcome.
 */
export async function sendUpload(request: TUploadRequest, headers: Record<string, string> = {}): Promise<TUploadAnswer> {
  const known = await askIfKnown(request, headers);
  if (known) return known;
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
  const body = (await response.json().catch(() => ({}))) as TUploadBody;
  if (response.ok && body.documentId && body.jobId) {
    return { kind: "accepted", documentId: body.documentId, jobId: body.jobId, jobStatus: body.jobStatus ?? "pending" };
  }
  const message = body.error?.message ?? `The upload failed (HTTP ${response.status}).`;
  if (response.status === 401 || (response.status === 409 && body.error?.code === "WRONG_ACCOUNT")) return { kind: "not-signed-in", message };
  // Busy or broken for now: the same bytes may well go through later.
  if (response.status === 408 || response.status === 429 || response.status >= 500) {
    return { kind: "retry-later", message: `${message} It will be sent again.` };
  }
  return { kind: "refused", message };
}
