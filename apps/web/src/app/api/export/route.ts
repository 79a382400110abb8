import { z } from "zod";
import { AppError } from "@docvault/core";
import { exportLines } from "~/server/export-documents";
import { httpRoute, requireCaller } from "~/server/http-route";
import { ZSearchFiltersSchema } from "~/server/trpc/search-router";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const ZExportQuerySchema = ZSearchFiltersSchema.extend({ format: z.enum(["csv", "json"]).default("json") });

/**
 * GET /api/export?format=csv|json[&q=&type=&status=&from=&to=]: the user's documents with their
 * fields (corrected values win), streamed as a download.
 */
export const GET = httpRoute(async (request, svc) => {
  const principal = await requireCaller(request, svc, "documents:read");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = ZExportQuerySchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("BAD_REQUEST", `Bad export parameter ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}. Use format=csv or format=json.`);
  }
  const { format, q, type, status, from, to } = parsed.data;
  const ownerId = principal.user.id;
  // Batch by batch on a read replica when there is one (each batch falls back to the primary on its own).
  const lines = exportLines((run) => svc.reads.read(run, { userId: ownerId }), { ownerId, query: q, documentType: type, status, from, to }, format);
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
});
