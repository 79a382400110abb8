// Integration tests run in a database of their own, created from TEST_DATABASE_URL's server
// and dropped afterwards, so they never touch other data.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "../migrate";

export const DEFAULT_TEST_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export type TTestDatabase = { url: string; name: string; drop(): Promise<void> };

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates `dv_test_<random>` on the server of baseUrl, applies the migrations, returns its URL. */
export async function createTestDatabase(baseUrl = DEFAULT_TEST_DATABASE_URL): Promise<TTestDatabase> {
  const name = `dv_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(baseUrl, name);
  await migrate(url);
  return {
    url,
    name,
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
