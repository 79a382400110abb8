// /api/openapi.json as a script's tooling reads it: valid OpenAPI 3.1 (the official schemas, through
// @seriousme/openapi-schema-validator), and describing exactly the routes the app serves.
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { GET } from "~/app/api/openapi.json/route";
import { REST_PREFIX } from "../trpc/rest-meta";
import { appRouter } from "../trpc/root";

type TOperation = { operationId?: string; parameters?: { in: string; name: string }[]; security?: unknown[]; responses: Record<string, unknown> };
type TDocument = { openapi: string; paths: Record<string, Record<string, TOperation>> };

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

async function servedDocument(): Promise<{ response: Response; document: TDocument }> {
  const response = GET();
  return { response, document: (await response.json()) as TDocument };
}

function operations(document: TDocument) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] as TOperation })),
  );
}

/** The Next route module that answers `path` (the app's folders: [id] for {id}, v1's catch-all). */
function routeModuleOf(path: string): string {
  if (path.startsWith(`${REST_PREFIX}/`)) return "~/app/api/v1/[...path]/route";
  return `~/app${path.replace(/\{(\w+)\}/g, "[$1]")}/route`;
}

describe("GET /api/openapi.json", () => {
  it("is valid OpenAPI 3.1, public and cacheable", async () => {
    const { response, document } = await servedDocument();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toMatch(/public/);
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("names each operation once, declares every path parameter, and asks for the bearer token", async () => {
    const { document } = await servedDocument();
    const all = operations(document);
    const ids = all.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, operation } of all) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (operation.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
      expect(declared.sort(), path).toEqual(templated.sort());
      expect(operation.security, path).toEqual([{ bearerAuth: [] }]);
      expect(operation.responses["401"], path).toBeDefined();
    }
  });

  it("describes every procedure with REST meta under /api/v1, and only those", async () => {
    const { document } = await servedDocument();
    // At run time _def.procedures is flat (dotted path -> procedure); its type is the nested router.
    const flat = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { openapi?: { method: string; path: string } } } }>;
    const procedures = Object.values(flat)
      .map((procedure) => procedure._def.meta?.openapi)
      .filter((openapi) => openapi !== undefined)
      .map(({ method, path }) => `${method.toLowerCase()} ${REST_PREFIX}${path}`);
    const documented = operations(document)
      .filter(({ path }) => path.startsWith(`${REST_PREFIX}/`))
      .map(({ method, path }) => `${method} ${path}`);
    expect(documented.sort()).toEqual(procedures.sort());
    // What scripts use (README, "API for scripts") is among them.
    expect(documented).toEqual(
      expect.arrayContaining([
        "get /api/v1/jobs/{jobId}",
        "get /api/v1/documents/{documentId}/result",
        "get /api/v1/search",
        "post /api/v1/webhooks",
        "get /api/v1/me",
      ]),
    );
  });

  it("lists only routes the app has, each exporting the documented method", async () => {
    const { document } = await servedDocument();
    const all = operations(document);
    expect(all.map(({ path }) => path)).toEqual(expect.arrayContaining(["/api/upload", "/api/export", "/files/{id}"]));
    for (const { path, method } of all) {
      const route = (await import(/* @vite-ignore */ routeModuleOf(path))) as Record<string, unknown>;
      expect(typeof route[method.toUpperCase()], `${method} ${path}`).toBe("function");
    }
  });
});
