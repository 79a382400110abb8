import { describe, expect, it } from "vitest";
import { parseWebEnv } from "./env";

const BASE = { DATABASE_URL: "postgresql://localhost/docvault" };

describe("web environment: accounts and limits", () => {
  it("refuses to run in production without AUTH_SECRET, naming it", () => {
    expect(() => parseWebEnv({ ...BASE, NODE_ENV: "production" })).toThrow(/AUTH_SECRET: required in production/);
  });

  it("refuses a short AUTH_SECRET", () => {
    expect(() => parseWebEnv({ ...BASE, AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET must be at least 32 characters/);
  });

  it("takes a production secret, admin emails (trimmed, lower case) and limits", () => {
    const env = parseWebEnv({
      ...BASE,
      NODE_ENV: "production",
      AUTH_SECRET: "x".repeat(40),
      ADMIN_EMAILS: " Admin@Example.test, ops@example.test ,",
      UPLOAD_RATE_PER_MINUTE: "25",
    });
    expect(env.AUTH_SECRET).toBe("x".repeat(40));
    expect(env.ADMIN_EMAILS).toEqual(["admin@example.test", "ops@example.test"]);
    expect(env.UPLOAD_RATE_PER_MINUTE).toBe(25);
    expect(env.SIGN_IN_RATE_PER_EMAIL).toBe(10);
  });

  it("falls back to a development secret outside production", () => {
    expect(parseWebEnv({ ...BASE, NODE_ENV: "development" }).AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("refuses a non-numeric rate", () => {
    expect(() => parseWebEnv({ ...BASE, UPLOAD_RATE_PER_MINUTE: "lots" })).toThrow(/UPLOAD_RATE_PER_MINUTE/);
  });
});
