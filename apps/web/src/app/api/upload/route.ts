import { AppError, isAppError } from "@docvault/core";
import { acceptUpload } from "~/server/accept-upload";
import { services } from "~/server/services";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

async function* readBody(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function problem(error: AppError): Response {
  return Response.json({ error: { code: error.code, message: error.message } }, { status: error.status });
}

/**
 * POST /api/upload with the file as the raw body, its name in `X-Filename` (URI-encoded) and its
 * type in `Content-Type`. 202 with the ids when accepted, 200 when the same bytes are already known.
 */
export async function POST(request: Request): Promise<Response> {
  const svc = services();
  const declaredLength = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declaredLength) && declaredLength > svc.maxFileBytes) {
    return problem(
      new AppError(
        "FILE_TOO_LARGE",
        `The file is over the ${Math.round(svc.maxFileBytes / (1024 * 1024))} MB limit. Split the PDF or send a smaller photo.`,
      ),
    );
  }
  if (!request.body) return problem(new AppError("EMPTY_FILE", "The file is empty (0 bytes). Choose the file again or pick another one."));
  let filename = "document";
  try {
    filename = decodeURIComponent(request.headers.get("x-filename") ?? "document");
  } catch {
    return problem(new AppError("BAD_REQUEST", "The X-Filename header is not valid URI-encoded text."));
  }
  try {
    const result = await acceptUpload(svc, readBody(request.body), {
      filename,
      declaredType: request.headers.get("content-type"),
      ownerId: await svc.localUserId(),
    });
    // 202: queued for reading; 200: a result exists already (this user's, or another upload of the same bytes).
    return Response.json(result, { status: result.status === "accepted" ? 202 : 200 });
  } catch (error) {
    if (isAppError(error)) {
      svc.log.info({ code: error.code }, "upload refused");
      return problem(error);
    }
    svc.log.error({ err: error instanceof Error ? error.message : String(error) }, "upload failed");
    return problem(new AppError("INTERNAL", "The upload could not be saved. Try again in a moment."));
  }
}
