import type { TDb } from "@docvault/db";
import { generateApiToken, type TApiScope } from "../auth/api-token";

/** Stores a personal API token for a user, as account.tokens.create does, and returns the token. */
export async function createTestToken(db: TDb, userId: string, scopes: TApiScope[] = ["documents:read", "documents:write"]) {
  const minted = generateApiToken();
  const row = await db.apiToken.create({
    data: { userId, name: "test token", tokenHash: minted.hash, prefix: minted.prefix, scopes },
  });
  return { id: row.id, token: minted.token };
}
