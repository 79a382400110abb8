import { createReadStream } from "node:fs";
import { join } from "node:path";
import { FileStore } from "@tus/file-store";
import { Server } from "@tus/server";
import { isAppError, readPriority, type AppError } from "@docvault/core";
import { env } from "~/env";
import { acceptUpload } from "./accept-upload";
import { requireCaller } from "./http-route";
import { refuseIfQueuedForAnother } from "./queued-for";
import { services } from "./services";

export const TUS_PATH = "/api/uploads/tus";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

const refuse = (status: number, code: string, message: string) => ({ status_code: status, body: JSON.stringify({ error: { code, message } }) });
/** A domain error as tus-node wants a refusal: the same problem body and status as every other route. */
const refusal = (error: AppError) => refuse(error.status, error.code, error.message);

/** The caller's user id (a session or token allowed to write), and never another account's queued file (X-Upload-User). */
async function writerOf(req: Request): Promise<string> {
  try {
    const userId = (await requireCaller(req, services(), "documents:write")).user.id;
    refuseIfQueuedForAnother(userId, req.headers.get("x-upload-user"));
    return userId;
  } catch (error) {
    throw isAppError(error) ? refusal(error) : error;
  }
}

const holder = globalThis as unknown as { docvaultTus?: Server };

/**
 * Resumable uploads (tus 1.0): a phone that loses the network asks HEAD for the offset the server
 * has and sends the rest. Same checks as POST /api/upload (auth, size while streaming, upload id,
 * claimed hash, X-Upload-User); the finished file goes through acceptUpload and its partial copy is
 * removed. Metadata: filename, filetype, uploadId (UUID), sha256 (hex), priority. Each upload belongs
 * to its creator.
 */
export function tusServer(): Server {
  if (holder.docvaultTus) return holder.docvaultTus;
  const directory = join(env().DOCVAULT_HOME, "tus");
  // Unfinished uploads expire (the server says when, in Upload-Expires) and are swept with their partial files.
  const expiryMs = env().TUS_UPLOAD_EXPIRY_MS;
  const datastore = new FileStore({ directory, expirationPeriodInMilliseconds: expiryMs });
  const server = new Server({
    path: TUS_PATH,
    datastore,
    maxSize: () => services().maxFileBytes,
    respectForwardedHeaders: false,
    // tus's own "Maximum size exceeded" becomes the sentence every other way in gives.
    onResponseError(_req, error) {
      if (!("status_code" in error) || error.status_code !== 413) return undefined;
      const limitMb = Math.round(services().maxFileBytes / (1024 * 1024));
      return refuse(413, "FILE_TOO_LARGE", `The file is over the ${limitMb} MB limit. Split the PDF or send a smaller photo.`);
    },
    async onIncomingRequest(req, uploadId) {
      const ownerId = await writerOf(req);
      if (!uploadId || req.method === "POST" || req.method === "OPTIONS") return;
      const upload = await datastore.getUpload(uploadId).catch(() => null);
      // Another user's upload answers as a missing one.
      if (!upload || upload.metadata?.ownerId !== ownerId) throw refuse(404, "NOT_FOUND", "No such upload.");
    },
    async onUploadCreate(req, upload) {
      const ownerId = await writerOf(req);
      // A new resumable upload counts against the same per-user limit as POST /api/upload.
      try {
        await (await services().rateLimits()).upload(ownerId);
      } catch (error) {
        if (isAppError(error)) throw refusal(error);
        throw error;
      }
      const meta = upload.metadata ?? {};
      if (meta.uploadId && !UUID.test(meta.uploadId)) throw refuse(400, "BAD_REQUEST", "Metadata uploadId must be a UUID, one per file.");
      if (meta.sha256 && !SHA256_HEX.test(meta.sha256))
        throw refuse(400, "BAD_REQUEST", "Metadata sha256 must be the file's SHA-256 as 64 hexadecimal characters.");
      try {
        readPriority(meta.priority);
      } catch (error) {
        if (isAppError(error)) throw refusal(error);
        throw error;
      }
      return { metadata: { ...meta, ownerId } };
    },
    async onUploadFinish(_req, upload) {
      const svc = services();
      const meta = upload.metadata ?? {};
      try {
        const result = await acceptUpload(svc, createReadStream(join(directory, upload.id)), {
          filename: meta.filename ?? "document",
          declaredType: meta.filetype ?? null,
          ownerId: meta.ownerId ?? "",
          ...(meta.uploadId ? { uploadId: meta.uploadId.toLowerCase() } : {}),
          ...(meta.sha256 ? { claimedSha256: meta.sha256.toLowerCase() } : {}),
          ...priorityOf(meta.priority),
        });
        return { status_code: result.status === "accepted" ? 202 : 200, headers: { "content-type": "application/json" }, body: JSON.stringify(result) };
      } catch (error) {
        if (isAppError(error)) throw refusal(error);
        svc.log.error({ err: error instanceof Error ? error.message : String(error) }, "tus upload could not be accepted");
        throw refuse(500, "INTERNAL", "The upload could not be saved. Try again in a moment.");
      } finally {
        // The stored copy (content-addressed) is the one kept; the partial file is never needed again.
        await datastore.remove(upload.id).catch(() => undefined);
      }
    },
  });
  holder.docvaultTus = server;
  const sweep = setInterval(() => void sweepExpiredTusUploads(), Math.min(expiryMs, 15 * 60_000));
  sweep.unref();
  return server;
}

/** Removes unfinished tus uploads older than TUS_UPLOAD_EXPIRY_MS (their partial files too); returns how many. */
export async function sweepExpiredTusUploads(): Promise<number> {
  try {
    return await tusServer().cleanUpExpiredUploads();
  } catch (error) {
    services().log.warn({ err: error instanceof Error ? error.message : String(error) }, "expired tus uploads could not be swept; will retry");
    return 0;
  }
}

/** A tus upload's `priority` metadata (checked when the upload was created), as acceptUpload takes it. */
function priorityOf(raw: string | null | undefined): { priority?: number } {
  const priority = readPriority(raw);
  return priority === undefined ? {} : { priority };
}
