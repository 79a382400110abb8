import type { TDb } from "./client";

export type TNewApiToken = { userId: string; name: string; tokenHash: string; prefix: string; scopes: string[] };

const LISTED = { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

export async function createApiToken(db: TDb, input: TNewApiToken) {
  return db.apiToken.create({ data: input, select: LISTED });
}

export async function listApiTokens(db: TDb, userId: string) {
  return db.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: LISTED });
}

/** Revokes one of the user's tokens; false when the id is not theirs (or does not exist). */
export async function revokeApiToken(db: TDb, userId: string, id: string): Promise<boolean> {
  const updated = await db.apiToken.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (updated.count > 0) return true;
  // Revoking an already revoked token of one's own is not an error.
  return (await db.apiToken.count({ where: { id, userId } })) > 0;
}

/**
 * The live token with this hash and its owner, stamping its last use. Null for an unknown or
 * revoked token. The stamp is written at most once a minute per token, not on every request.
 */
export async function useApiToken(db: TDb, tokenHash: string) {
  const token = await db.apiToken.findUnique({
    where: { tokenHash },
    select: { id: true, scopes: true, revokedAt: true, lastUsedAt: true, user: { select: { id: true, email: true, name: true, role: true } } },
  });
  if (!token || token.revokedAt) return null;
  const now = new Date();
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  return { tokenId: token.id, scopes: token.scopes, user: token.user };
}
