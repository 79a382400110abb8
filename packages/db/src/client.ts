import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type TDb = InstanceType<typeof PrismaClient>;

/** A Prisma client over node-postgres (no native engine needed). One per process. */
export function createDb(databaseUrl: string, opts: { max?: number } = {}): TDb {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: opts.max ?? 10 });
  return new PrismaClient({ adapter });
}
