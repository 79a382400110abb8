import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

/** What a personal API token may do. A browser session may do everything. */
export const API_SCOPES = ["documents:read", "documents:write"] as const;
export const ZApiScopeSchema = z.enum(API_SCOPES);
export type TApiScope = z.infer<typeof ZApiScopeSchema>;

const TOKEN_PREFIX = "dvt_";

/**
 * A new token: 32 random bytes (256 bits) after a recognisable prefix, so secret scanners and
 * people can tell what it is. Only its SHA-256 is stored: with this much entropy a fast hash is
 * enough (nothing to brute-force), and it lets the lookup be one indexed equality.
 */
export function generateApiToken(): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashApiToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function looksLikeApiToken(value: string): boolean {
  return value.startsWith(TOKEN_PREFIX) && value.length > TOKEN_PREFIX.length + 20 && value.length < 200;
}
