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

/**
 * What the capture page's uploads ask for: a person is waiting for each one, so it is read before
 * the API's default (5) and bulk imports (2). Core's JOB_PRIORITY.interactive, written out so the
 * capture bundle does not carry core's index (a unit test keeps them equal).
 */
export const INTERACTIVE_PRIORITY = 8;

/** The body of POST /api/upload's answer, and of the direct upload's finish (the same shape). */
export type TUploadBody = {
  documentId?: string;
  jobId?: string;
  jobStatus?: string;
  error?: { code?: string; message?: string };
};

/** The queue's reading of an upload's HTTP answer: accepted, the owner's to send, worth another try later, or refused. */
export function answerOf(status: number, body: TUploadBody): TUploadAnswer {
  if (status >= 200 && status < 300 && body.documentId && body.jobId) {
    return { kind: "accepted", documentId: body.documentId, jobId: body.jobId, jobStatus: body.jobStatus ?? "pending" };
  }
  const message = body.error?.message ?? `The upload failed (HTTP ${status}).`;
  if (status === 401 || (status === 409 && body.error?.code === "WRONG_ACCOUNT")) return { kind: "not-signed-in", message };
  // Busy or broken for now: the same bytes may well go through later.
  if (status === 408 || status === 429 || status >= 500) return { kind: "retry-later", message: `${message} It will be sent again.` };
  return { kind: "refused", message };
}
