import { createHash, randomBytes } from "node:crypto";
import { createDb } from "@docvault/db";

/**
 * Who the benchmark uploads as: a user of its own with a personal API token, stored in the bench
 * database the way account.tokens.create stores one (only the token's SHA-256).
 */
export async function uploadHeaders(databaseUrl: string): Promise<Record<string, string>> {
  const db = createDb(databaseUrl, { max: 1 });
  try {
    const user = await db.user.create({ data: { email: `bench-${randomBytes(4).toString("hex")}@example.test` } });
    const token = `dvt_${randomBytes(32).toString("base64url")}`;
    await db.apiToken.create({
      data: {
        userId: user.id,
        name: "benchmark",
        tokenHash: createHash("sha256").update(token, "utf8").digest("hex"),
        prefix: token.slice(0, 10),
        scopes: ["documents:read", "documents:write"],
      },
    });
    return { authorization: `Bearer ${token}` };
  } finally {
    await db.$disconnect();
  }
}
