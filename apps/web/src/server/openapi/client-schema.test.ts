// @docvault/client's types are generated from this document: the committed file must be what the
// document gives today. After changing a procedure's schema or meta, rewrite it with
//   pnpm --filter @docvault/web exec vitest run src/server/openapi/client-schema.test.ts -u
// (tests/int/api-client.int.test.ts checks the same against the document a running app serves).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { schemaSource } from "@docvault/client/generate";
import { buildOpenApiDocument } from "./openapi-document";

const committed = join(dirname(createRequire(import.meta.url).resolve("@docvault/client/generate")), "generated/schema.d.ts");

describe("@docvault/client's generated types", () => {
  it("are what openapi-typescript makes of /api/openapi.json today", async () => {
    await expect(await schemaSource(buildOpenApiDocument())).toMatchFileSnapshot(committed);
  });
});
