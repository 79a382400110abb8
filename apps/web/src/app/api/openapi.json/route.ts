import { buildOpenApiDocument } from "~/server/openapi/openapi-document";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Built once per process, on the first request: the routers do not change while it runs.
let body: string | undefined;

/** GET /api/openapi.json: the API for scripts as OpenAPI 3.1. Public: it describes, it holds nothing. */
export function GET(): Response {
  body ??= JSON.stringify(buildOpenApiDocument());
  return new Response(body, { headers: { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=3600" } });
}
