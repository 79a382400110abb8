import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from "openapi-typescript";

/**
 * The source of src/schema.d.ts for an OpenAPI document (what /api/openapi.json serves), by
 * openapi-typescript with its defaults. Tests compare it with the committed file, so the client's
 * types cannot drift from the server; the web app's client-schema test rewrites it with `-u`.
 */
export async function schemaSource(document: object): Promise<string> {
  return COMMENT_HEADER + astToString(await openapiTS(document as OpenAPI3));
}
