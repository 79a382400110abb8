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

describe("web environment: proxies and accounts (issue 15)", () => {
  it("reads TRUSTED_PROXIES as a hop count or addresses, and says what is wrong with anything else", () => {
    expect(parseWebEnv(BASE).TRUSTED_PROXIES).toEqual({ kind: "none" });
    expect(parseWebEnv({ ...BASE, TRUSTED_PROXIES: "2" }).TRUSTED_PROXIES).toEqual({ kind: "hops", hops: 2 });
    expect(parseWebEnv({ ...BASE, TRUSTED_PROXIES: "10.0.0.0/8, ::1" }).TRUSTED_PROXIES.kind).toBe("cidrs");
    expect(() => parseWebEnv({ ...BASE, TRUSTED_PROXIES: "my-proxy" })).toThrow(/TRUSTED_PROXIES: "my-proxy" is neither a hop count nor an IP address/);
  });

  it("needs AUTH_URL with SMTP_URL or OIDC_ISSUER, and all three OIDC variables or none", () => {
    expect(() => parseWebEnv({ ...BASE, SMTP_URL: "smtp://mail.example.test:587" })).toThrow(/AUTH_URL: required with SMTP_URL or OIDC_ISSUER/);
    expect(() => parseWebEnv({ ...BASE, AUTH_URL: "https://docs.example.test", OIDC_ISSUER: "https://id.example.test" })).toThrow(
      /OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: set all three, or none/,
    );
    expect(() => parseWebEnv({ ...BASE, SMTP_URL: "http://mail.example.test" })).toThrow(/SMTP_URL must be smtp:\/\//);
    const full = parseWebEnv({
      ...BASE,
      AUTH_URL: "https://docs.example.test",
      SMTP_URL: "smtps://user:pass@mail.example.test:465",
      OIDC_ISSUER: "https://id.example.test/realms/home",
      OIDC_CLIENT_ID: "docvault",
      OIDC_CLIENT_SECRET: "secret",
      ALLOW_SIGN_UP: "false",
    });
    expect(full).toMatchObject({ ALLOW_SIGN_UP: false, OIDC_NAME: "single sign-on", SMTP_FROM: "docvault <docvault@localhost>" });
  });
});
