// Errors as the real dependencies raise them (a closed port, a full disk, Prisma on a stopped
// database) are "down"; a request's own mistakes are not.
import { writeFile } from "node:fs/promises";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { AppError } from "@docvault/core";
import { createDb } from "@docvault/db";
import { freePort } from "@docvault/db/embedded";
import { isDependencyDown } from "./dependency-down";
import { unavailableResponse } from "./http-route";

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("isDependencyDown", () => {
  it("PostgreSQL on a closed port, through pg and through Prisma", async () => {
    const port = await freePort();
    const url = `postgresql://postgres@127.0.0.1:${port}/docvault`;
    const client = new pg.Client({ connectionString: url });
    expect(isDependencyDown(await caught(() => client.connect()))).toBe(true);
    const db = createDb(url);
    expect(isDependencyDown(await caught(() => db.document.count()))).toBe(true);
    await db.$disconnect();
  });

  it("a full disk (writing to /dev/full)", async () => {
    const error = await caught(() => writeFile("/dev/full", Buffer.alloc(1024)));
    expect((error as { code?: string }).code).toBe("ENOSPC");
    expect(isDependencyDown(error)).toBe(true);
  });

  it("not the request's own mistakes", () => {
    expect(isDependencyDown(new AppError("TYPE_MISMATCH", "The file claims to be a PNG image but is not."))).toBe(false);
    expect(isDependencyDown(new Error("Unexpected token in JSON"))).toBe(false);
    expect(isDependencyDown(undefined)).toBe(false);
  });

  it("answers 503 with Retry-After and a sentence", async () => {
    const response = unavailableResponse();
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/send the file again/);
  });
});
