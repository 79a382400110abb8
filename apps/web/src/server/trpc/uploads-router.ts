import { finishDirectUpload, startDirectUpload, ZFinishDirectInputSchema, ZStartDirectInputSchema, ZStartDirectResultSchema } from "../direct-upload";
import { ZUploadResultSchema } from "../accept-upload";
import { rest } from "./rest-meta";
import { createTRPCRouter, documentsWriteProcedure } from "./trpc";

export const uploadsRouter = createTRPCRouter({
  /** A presigned multipart upload straight to the bucket for a large file, or "stream" (use POST /api/upload). */
  startDirect: documentsWriteProcedure
    .meta(
      rest(
        "POST",
        "/uploads/direct",
        "documents",
        "Start a direct upload of a large file to the store, or be told to stream it",
        'With STORAGE_DRIVER=s3 and a file of 8 MiB or more: presigned part URLs. PUT part n (bytes from (n-1)·partSize) to its URL, keep each answer\'s ETag, then call finish. Otherwise {"mode":"stream"}: POST the file to /api/upload. queuedFor (optional): the user id a device queued the file for; another account\'s session is answered 409 WRONG_ACCOUNT, as POST /api/upload answers X-Upload-User.',
      ),
    )
    .input(ZStartDirectInputSchema)
    .output(ZStartDirectResultSchema)
    .mutation(({ ctx, input }) => startDirectUpload(ctx.services, ctx.user.id, input)),

  /** Completes the upload; the server reads the stored object, checks size and SHA-256 and records it as any upload. */
  finishDirect: documentsWriteProcedure
    .meta(
      rest(
        "POST",
        "/uploads/direct/{uploadKey}/finish",
        "documents",
        "Finish a direct upload: the server checks the stored file and records it",
        "Answers as POST /api/upload does (status accepted or known). A file whose size or SHA-256 differs from the one announced is refused (422) and nothing is kept. queuedFor (optional): the user id a device queued the file for; another account's session is answered 409 WRONG_ACCOUNT, as POST /api/upload answers X-Upload-User.",
      ),
    )
    .input(ZFinishDirectInputSchema)
    .output(ZUploadResultSchema)
    .mutation(({ ctx, input }) => finishDirectUpload(ctx.services, ctx.user.id, input)),
});
