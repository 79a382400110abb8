// `pnpm db:migrate`: applies the pending migrations in prisma/migrations to DATABASE_DIRECT_URL,
// else DATABASE_URL. Migrations hold a session-level advisory lock, which PgBouncer's transaction
// pooling cannot keep: behind PgBouncer, DATABASE_DIRECT_URL names the server itself.
import { migrate } from "../src/migrate";

const databaseUrl = process.env.DATABASE_DIRECT_URL || process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set. Set it to the PostgreSQL connection string to migrate, e.g.");
  console.error("  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/docvault pnpm db:migrate");
  process.exit(1);
}

try {
  const { applied } = await migrate(databaseUrl, { log: (msg) => console.log(msg) });
  if (applied.length === 0) console.log("No pending migrations: the database is up to date.");
  else console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
