// `pnpm db:check`: exits 1, listing the differences, when prisma/schema.prisma and the committed
// migrations disagree. Uses Prisma's wasm schema engine and a scratch shadow database
// (dv_mig_shadow_*) on DATABASE_URL's server, default postgresql://postgres@127.0.0.1:5432/postgres;
// the role needs CREATEDB. (Not PGlite: it has a single database.)
// `--schema <path>` checks another schema file against the migrations.
import { findDrift } from "./lib/find-drift";
import { DEFAULT_ADMIN_URL, diffMigrationsToSchema, type TDiffOptions } from "./lib/schema-diff";

const schemaFlag = process.argv.indexOf("--schema");
const options: TDiffOptions = {
  databaseUrl: process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL,
  schemaPath: schemaFlag === -1 ? undefined : process.argv[schemaFlag + 1],
};

try {
  const drift = await findDrift(options);
  if (drift.length === 0) {
    console.log("prisma/schema.prisma and prisma/migrations agree.");
    process.exit(0);
  }
  console.error("Drift: the Prisma schema and prisma/migrations disagree. Going from the migrations to the schema:");
  for (const line of drift) console.error(`  ${line}`);
  const { output } = await diffMigrationsToSchema(options, true);
  console.error("\nSQL a new migration would contain (write it with `pnpm --filter @docvault/db exec tsx scripts/new-migration.ts <name>`):\n");
  console.error(output);
  process.exit(1);
} catch (error) {
  console.error("db:check could not compare the schema with the migrations:");
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
