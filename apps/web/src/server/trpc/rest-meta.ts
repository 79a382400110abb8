import type { OpenApiMeta } from "trpc-to-openapi";

/** Where the REST face of the tRPC procedures is served (app/api/v1/[...path]/route.ts). */
export const REST_PREFIX = "/api/v1";

type TRestTag = "documents" | "jobs" | "results" | "search" | "webhooks" | "tokens";

/**
 * A procedure scripts use, also answered as REST at `REST_PREFIX + path` (the handler strips the
 * prefix before routing; the OpenAPI document adds it back) and described in
 * /api/openapi.json. Every one needs an API token (or a session): `protect` is always on.
 */
export function rest(method: "GET" | "POST" | "DELETE", path: `/${string}`, tag: TRestTag, summary: string, description?: string): OpenApiMeta {
  return { openapi: { method, path, tags: [tag], summary, protect: true, ...(description ? { description } : {}) } };
}
