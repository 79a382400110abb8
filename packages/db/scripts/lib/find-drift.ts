import { diffMigrationsToSchema, type TDiffOptions } from "./schema-diff";

/**
 * The differences between what the committed migrations build and what the Prisma schema
 * describes, one line each as Prisma words them ("[+] Added column `nickname`"); empty when
 * they agree. Throws if a migration does not apply cleanly to a fresh database.
 */
export async function findDrift(opts: TDiffOptions = {}): Promise<string[]> {
  const { changed, output } = await diffMigrationsToSchema(opts, false);
  if (!changed) return [];
  return output
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "");
}
