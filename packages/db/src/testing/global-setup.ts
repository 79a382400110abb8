// vitest globalSetup for integration tests: a fresh migrated database and a Redis key prefix per run.
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createTestDatabase, DEFAULT_TEST_DATABASE_URL } from "./test-database";

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- module augmentation needs an interface
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    queuePrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const db = await createTestDatabase(process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL);
  project.provide("databaseUrl", db.url);
  project.provide("redisUrl", process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
  project.provide("queuePrefix", `dvtest-${randomBytes(4).toString("hex")}`);
  return async () => {
    await db.drop();
  };
}
