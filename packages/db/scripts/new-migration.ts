// `tsx scripts/new-migration.ts <name> [--empty]`: writes prisma/migrations/<timestamp>_<name>/
// migration.sql with the SQL that takes the database from the committed migrations to
// prisma/schema.prisma, the same SQL `prisma migrate dev --create-only` writes (computed by
// Prisma's wasm schema engine on a scratch shadow database; see scripts/lib/schema-diff.ts).
// Review it, edit it if needed (data backfills, renames Prisma sees as drop + add), commit it.
// With --empty it writes an empty migration to fill in by hand (data migrations, SQL Prisma does
// not model). It does not apply anything: run `pnpm db:migrate` for that.
// Differences with `migrate dev`: no data-loss warnings are prepended, so read DROP statements.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { MIGRATIONS_DIR } from "../src/migrate";
import { DEFAULT_ADMIN_URL, diffMigrationsToSchema, LOCKFILE } from "./lib/schema-diff";

const EMPTY_MIGRATION = "-- This is an empty migration.";

/** Prisma's naming: slugified with "_", at most 200 characters. */
function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z\d])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z\d]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
}

/** UTC YYYYMMDDHHMMSS, as Prisma prefixes migration folders. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

const args = process.argv.slice(2);
const empty = args.includes("--empty");
const name = slugify(args.filter((arg) => !arg.startsWith("--")).join(" "));
if (name === "") {
  console.error("Usage: tsx scripts/new-migration.ts <name> [--empty]   e.g. tsx scripts/new-migration.ts add user nickname");
  process.exit(1);
}

try {
  let script = EMPTY_MIGRATION;
  if (!empty) {
    const diff = await diffMigrationsToSchema({ databaseUrl: process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL }, true);
    if (!diff.changed) {
      console.log("prisma/schema.prisma and prisma/migrations already agree: no migration written (use --empty to write one by hand).");
      process.exit(0);
    }
    script = diff.output;
  }
  const folder = path.join(MIGRATIONS_DIR, `${timestamp(new Date())}_${name}`);
  if (existsSync(folder)) throw new Error(`${folder} already exists`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, "migration.sql"), script, "utf8");
  await writeFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), LOCKFILE, "utf8");
  console.log(`Wrote ${path.relative(process.cwd(), path.join(folder, "migration.sql"))}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
