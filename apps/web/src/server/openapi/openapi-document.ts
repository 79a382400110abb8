import { generateOpenApiDocument } from "trpc-to-openapi";
import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { ERROR_CODES, ZDocumentTypeSchema, ZJobStatusSchema, type TErrorCode } from "@docvault/core";
import { ZUploadResultSchema } from "../accept-upload";
import { REST_PREFIX } from "../trpc/rest-meta";
import { appRouter } from "../trpc/root";

type TOpenApiDocument = ReturnType<typeof generateOpenApiDocument>;

/**
 * /api/openapi.json: the script-facing API as OpenAPI 3.1. The REST procedures (meta `rest(...)`,
 * served under /api/v1) come from their zod `.input()`/`.output()` by trpc-to-openapi; the routes
 * that are not tRPC (upload: a raw body; export and files: streamed downloads) are added here,
 * their schemas in zod too. Every failure, REST or not, answers the one problem body.
 */

export const ZProblemSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CODES) as [TErrorCode, ...TErrorCode[]]),
      /** A sentence a person can act on. */
      message: z.string(),
    }),
  })
  .meta({ id: "Problem", description: "Every failure: the code (its HTTP status is fixed) and what to do." });

const problem = (description: string) => ({ description, content: { "application/json": { schema: ZProblemSchema } } });

/** What any protected route may answer besides its own outcomes. */
const COMMON_FAILURES = {
  "401": problem("No session and no valid API token (send Authorization: Bearer <token>)."),
  "403": problem("The token lacks the scope this needs."),
  "503": problem("A service docvault needs is down for a moment; Retry-After says when to try again."),
};

const ZSearchFilterParamsSchema = z.object({
  q: z.string().max(500).optional().meta({ description: "Words to find in filenames, text and field values; each matches as a prefix." }),
  type: ZDocumentTypeSchema.optional(),
  status: ZJobStatusSchema.optional(),
  from: z.string().optional().meta({ description: "Uploaded at or after this instant (ISO 8601).", format: "date-time" }),
  to: z.string().optional().meta({ description: "Uploaded before this instant (ISO 8601).", format: "date-time" }),
});

const MANUAL_PATHS: ZodOpenApiPathsObject = {
  "/api/upload": {
    post: {
      operationId: "upload",
      tags: ["documents"],
      summary: "Upload one file as the raw request body",
      description:
        "Safe to retry with the same X-Upload-Id: a replay answers as the first request did and creates nothing. " +
        "Large files over a shaky network: tus 1.0 resumable uploads at /api/uploads/tus (same auth and limits; metadata filename, filetype, uploadId, sha256, priority).",
      security: [{ bearerAuth: [] }],
      requestParams: {
        header: z.object({
          "x-filename": z.string().optional().meta({ description: "The file's name, URI-encoded (encodeURIComponent)." }),
          "x-upload-id": z.uuid().optional().meta({ description: "One UUID per file (idempotency key): keep it to retry." }),
          "x-content-sha256": z
            .string()
            .regex(/^[0-9a-f]{64}$/i)
            .optional()
            .meta({ description: "The file's SHA-256 in hex: bytes damaged on the way are refused with 422, nothing kept." }),
          "x-priority": z
            .string()
            .regex(/^(?:[1-9]|10)$/)
            .optional()
            .meta({ description: "1 to 10, 10 read first: 8 for a person waiting (the capture page sends it), 5 when absent, 2 for bulk imports." }),
        }),
      },
      requestBody: {
        required: true,
        description: "The file's bytes; Content-Type is its type (application/pdf, image/jpeg, image/png, image/webp, image/tiff, ...).",
        content: { "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } } },
      },
      responses: {
        "202": { description: "Accepted: a job reads it (jobId).", content: { "application/json": { schema: ZUploadResultSchema } } },
        "200": {
          description: "Known: you have sent these bytes before (or a replay of a known answer).",
          content: { "application/json": { schema: ZUploadResultSchema } },
        },
        "400": problem("Bad headers, or the body was cut off."),
        ...COMMON_FAILURES,
        "408": problem("The upload stalled or took too long."),
        "409": problem("UPLOAD_ID_CONFLICT: the X-Upload-Id was used before for other bytes; WRONG_ACCOUNT."),
        "413": problem("Over MAX_FILE_BYTES."),
        "415": problem("Not a supported type, or the bytes are not what the type says."),
        "422": problem("The SHA-256 does not match, or the file is damaged."),
        "429": problem("Too many uploads this minute; Retry-After says when."),
      },
    },
  },
  "/api/export": {
    get: {
      operationId: "export",
      tags: ["search"],
      summary: "Your documents with their fields, streamed as CSV (one line per field) or JSON",
      security: [{ bearerAuth: [] }],
      requestParams: { query: ZSearchFilterParamsSchema.extend({ format: z.enum(["csv", "json"]).optional().meta({ description: "Default json." }) }) },
      responses: {
        "200": {
          description: "A download (Content-Disposition: attachment).",
          content: { "text/csv": { schema: { type: "string" } }, "application/json": { schema: { type: "array", items: {} } } },
        },
        "400": problem("A bad filter."),
        ...COMMON_FAILURES,
      },
    },
  },
  "/files/{id}": {
    get: {
      operationId: "file",
      tags: ["documents"],
      summary: "A document's stored file, as uploaded",
      security: [{ bearerAuth: [] }],
      requestParams: { path: z.object({ id: z.uuid() }) },
      responses: {
        "200": {
          description: "The file's bytes, with its Content-Type.",
          content: { "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } } },
        },
        "304": { description: "Your copy (If-None-Match) is current." },
        "400": problem("Not a document id."),
        ...COMMON_FAILURES,
        "404": problem("No such document."),
      },
    },
  },
};

const DESCRIPTION = [
  "docvault's API for scripts. Authenticate every call with `Authorization: Bearer <API token>` (Settings → API tokens;",
  "reads need documents:read, uploads and changes documents:write). Upload with POST /api/upload, poll",
  "GET /api/v1/jobs/{jobId} until status is completed (or failed/cancelled), then read",
  "GET /api/v1/documents/{documentId}/result. Every failure answers `{ error: { code, message } }`.",
  "Live progress (server-sent events) is the tRPC subscription /api/trpc/jobs.onProgress, described in the README.",
].join(" ");

const PROBLEM_CONTENT = { "application/json": { schema: { $ref: "#/components/schemas/Problem" } } };

/**
 * Error responses in the problem shape the REST handler answers (rest-handler.ts) instead of
 * trpc-to-openapi's own; 404 where a path names an id (and not where none can be missing), 415 for
 * a POST body that is not JSON, 503 everywhere, 429 where a rate limit applies.
 */
function withProblemResponses(document: TOpenApiDocument): TOpenApiDocument {
  const schemas = document.components?.schemas ?? {};
  for (const name of Object.keys(schemas)) if (name.startsWith("error.")) delete schemas[name];
  const paths: NonNullable<TOpenApiDocument["paths"]> = {};
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (path in MANUAL_PATHS) {
      paths[path] = item;
      continue;
    }
    // The procedures' meta paths are relative to where the REST handler is served.
    paths[`${REST_PREFIX}${path}`] = item;
    for (const operation of [item.get, item.post, item.delete]) {
      if (!operation?.responses) continue;
      const responses = operation.responses as Record<string, { description: string; content?: unknown }>;
      delete responses["404"];
      if (path.includes("{")) responses["404"] = { description: "No such thing of yours (another user's id answers the same)." };
      responses["503"] = { description: "A service docvault needs is down for a moment; Retry-After says when to try again." };
      if (operation === item.post) responses["415"] = { description: "The body must be JSON (Content-Type: application/json)." };
      if (operation.operationId === "jobs-retry") responses["429"] = { description: "Too many retries this hour; Retry-After says when." };
      if (operation.operationId === "documents-split" || operation.operationId === "documents-suggestRegions") {
        responses["413"] = { description: "The stored photo has more pixels than uploads may." };
        responses["422"] = { description: "The stored PDF or photo is damaged, or the PDF encrypted or over the page limit." };
      }
      if (operation.operationId === "documents-split") {
        responses["429"] = { description: "Too many uploads this minute (a split counts as one); Retry-After says when." };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400) response.content = PROBLEM_CONTENT;
      }
    }
  }
  return { ...document, paths };
}

/** The document, built from the routers and the routes above; the server URL is relative, so it fits any host. */
export function buildOpenApiDocument(): TOpenApiDocument {
  return withProblemResponses(
    generateOpenApiDocument(appRouter, {
      title: "docvault API",
      version: "1",
      description: DESCRIPTION,
      baseUrl: "/",
      tags: ["documents", "jobs", "results", "search", "webhooks", "tokens"],
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "A personal API token (dvt_…), made in Settings." } },
      paths: MANUAL_PATHS,
    }),
  );
}
