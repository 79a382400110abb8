import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type TDb = InstanceType<typeof PrismaClient>;

/**
 * How long a transaction may wait for a pooled connection, and run. Prisma's defaults (2 s, 5 s)
 * turned a busy pool into errors: under 200 concurrent uploads (`pnpm test:load`) 160 of 2,000
 * answered 503 "Unable to start a transaction in the given time" while PostgreSQL was up. Waiting
 * in line is what a busy pool should do; a database that is down fails at connect, not here.
 */
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 };

/** A Prisma client over node-postgres (no native engine needed). One per process. */
export function createDb(databaseUrl: string, opts: { max?: number } = {}): TDb {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: opts.max ?? 10 });
  return new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
}
