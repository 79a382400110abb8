/**
 * Who benchmarks and fault runs upload as: a user with a personal API token (documents:read and
 * documents:write), created in the run's database the way the account page does, so requests go
 * through the same authentication as a script's.
 */
import { createHash, randomBytes } from "node:crypto";
import { createApiToken, createDb } from "@docvault/db";

export async function uploadHeaders(databaseUrl: string): Promise<Record<string, string>> {
  const db = createDb(databaseUrl);
  try {
    const user = await db.user.create({ data: { email: `bench-${randomBytes(4).toString("hex")}@example.test`, name: "Benchmark" } });
    const token = `dvt_${randomBytes(32).toString("base64url")}`;
    await createApiToken(db, {
      userId: user.id,
      name: "benchmark",
      tokenHash: createHash("sha256").update(token, "utf8").digest("hex"),
      prefix: token.slice(0, 10),
      scopes: ["documents:read", "documents:write"],
    });
    return { authorization: `Bearer ${token}` };
  } finally {
    await db.$disconnect();
  }
}
