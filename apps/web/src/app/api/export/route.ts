import { z } from "zod";
import { AppError } from "@docvault/core";
import { authenticate, hasScope } from "~/server/auth/authenticate";
import { exportLines } from "~/server/export-documents";
import { services } from "~/server/services";
import { ZSearchFiltersSchema } from "~/server/trpc/search-router";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const ZExportQuerySchema = ZSearchFiltersSchema.extend({ format: z.enum(["csv", "json"]).default("json") });

function problem(error: AppError): Response {
  return Response.json({ error: { code: error.code, message: error.message } }, { status: error.status });
}

/**
 * GET /api/export?format=csv|json[&q=&type=&status=&from=&to=]: the user's documents with their
 * fields (corrected values win), streamed as a download.
 */
export async function GET(request: Request): Promise<Response> {
  const svc = services();
  const principal = await authenticate(request, svc);
  if (!principal) {
    return Response.json(
      { error: { code: "UNAUTHORIZED", message: "Sign in first (or send an API token as Authorization: Bearer)." } },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="docvault"' } },
    );
  }
  if (!hasScope(principal, "documents:read")) {
    return Response.json({ error: { code: "FORBIDDEN", message: "This API token lacks the documents:read scope. Create a token with it." } }, { status: 403 });
  }
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = ZExportQuerySchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return problem(new AppError("BAD_REQUEST", `Bad export parameter ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}. Use format=csv or format=json.`));
  }
  const { format, q, type, status, from, to } = parsed.data;
  const ownerId = principal.user.id;
  const lines = exportLines(svc.db, { ownerId, query: q, documentType: type, status, from, to }, format);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        svc.log.error({ err: error instanceof Error ? error.message : String(error) }, "export failed");
        controller.error(error);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="docvault-export-${stamp}.${format}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
