// The account, admin and documents routers through createCaller against the real PostgreSQL and
// Redis: who may call what, ownership, and the life of an API token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTextPdf } from "@docvault/core/testing";
import { aUser } from "@docvault/db/testing/factories";
import { createTestServices, once } from "../testing/test-services";

const { services, callerFor: as, close } = await createTestServices("r");
const { acceptUpload } = await import("../accept-upload");
const { createCaller } = await import("./root");
const { createContextInner } = await import("./trpc");
const { authenticate } = await import("../auth/authenticate");
const { createTokenCache } = await import("../auth/token-cache");

describe("routers", () => {
  let alice: { id: string; email: string };
  let bob: { id: string; email: string };
  let admin: { id: string; email: string; role: string };
  let aliceDoc: string;
  const anonymous = () => as(null);

  beforeAll(async () => {
    const { db } = services();
    alice = await aUser(db, { email: "alice-r@example.test" });
    bob = await aUser(db, { email: "bob-r@example.test" });
    admin = await aUser(db, { email: "admin-r@example.test", role: "admin" });
    const pdf = await makeTextPdf([["Alice's private invoice"]]);
    const accepted = await acceptUpload(services(), once(pdf), { filename: "alice.pdf", declaredType: "application/pdf", ownerId: alice.id });
    aliceDoc = accepted.documentId;
  });
  afterAll(close);

  it("answers UNAUTHORIZED to every call without a user", async () => {
    await expect(anonymous().documents.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous().account.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("shows a document to its owner and answers another user exactly as for a missing id", async () => {
    expect((await as(alice).documents.get({ id: aliceDoc })).filename).toBe("alice.pdf");
    expect((await as(alice).documents.list()).map((d) => d.id)).toEqual([aliceDoc]);
    expect(await as(bob).documents.list()).toEqual([]);
    const missing = "00000000-0000-4000-8000-000000000000";
    const theirs = await as(bob)
      .documents.get({ id: aliceDoc })
      .catch((e: unknown) => e);
    const none = await as(bob)
      .documents.get({ id: missing })
      .catch((e: unknown) => e);
    expect(theirs).toMatchObject({ code: "NOT_FOUND", message: "No such document." });
    expect(none).toMatchObject({ code: "NOT_FOUND", message: "No such document." });
    await expect(as(bob).documents.delete({ id: aliceDoc })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await as(alice).documents.get({ id: aliceDoc })).id).toBe(aliceDoc);
  });

  it("creates a token shown once, stores only its hash, scopes it, and revokes it", async () => {
    const { db } = services();
    const created = await as(alice).account.tokens.create({ name: "backup script", scopes: ["documents:read"] });
    expect(created.token).toMatch(/^dvt_[A-Za-z0-9_-]{43}$/);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.apiToken.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.token);
    const listed = await as(alice).account.tokens.list();
    expect(listed.map((t) => t.id)).toContain(created.apiToken.id);
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const principal = await authenticate({ headers: new Headers({ authorization: `Bearer ${created.token}` }) });
    expect(principal).toMatchObject({ via: "token", user: { id: alice.id }, scopes: ["documents:read"] });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: created.apiToken.id } })).lastUsedAt).not.toBeNull();
    if (!principal) throw new Error("token did not authenticate");
    const viaToken = createCaller(createContextInner({ services: services(), principal }));
    expect((await viaToken.documents.list()).map((d) => d.id)).toEqual([aliceDoc]);
    await expect(viaToken.documents.delete({ id: aliceDoc })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // A token cannot mint tokens.
    await expect(viaToken.account.tokens.create({ name: "more", scopes: ["documents:write"] })).rejects.toMatchObject({ code: "FORBIDDEN" });

    await expect(as(bob).account.tokens.revoke({ id: created.apiToken.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await authenticate({ headers: new Headers({ authorization: `Bearer ${created.token}` }) })).not.toBeNull();
    expect(await as(alice).account.tokens.revoke({ id: created.apiToken.id })).toEqual({ revoked: true });
    expect(await authenticate({ headers: new Headers({ authorization: `Bearer ${created.token}` }) })).toBeNull();
  });

  it("keeps a token it looked up for a few seconds: revoked in another web process, it stops working there within that bound", async () => {
    const created = await as(alice).account.tokens.create({ name: "nightly import", scopes: ["documents:read"] });
    const bearer = { headers: new Headers({ authorization: `Bearer ${created.token}` }) };
    // Another web process of the same deployment: its own token cache (API_TOKEN_CACHE_MS 400 here), the same database.
    const other = { ...services(), tokens: createTokenCache({ ttlMs: 400 }) };
    const { db } = services();
    expect(await authenticate(bearer, other)).toMatchObject({ via: "token", user: { id: alice.id } });
    // Within the bound the second request is answered from the cache: had it gone to the database, the lookup would
    // have set the cleared lastUsedAt again.
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: created.apiToken.id } })).lastUsedAt).not.toBeNull();
    await db.apiToken.update({ where: { id: created.apiToken.id }, data: { lastUsedAt: null } });
    expect(await authenticate(bearer, other)).toMatchObject({ via: "token", user: { id: alice.id } });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: created.apiToken.id } })).lastUsedAt).toBeNull();
    // Revoked through this process: forgotten here at once, and there once its 400 ms are up.
    expect(await as(alice).account.tokens.revoke({ id: created.apiToken.id })).toEqual({ revoked: true });
    expect(await authenticate(bearer)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await authenticate(bearer, other)).toBeNull();
  });

  it("refuses a token without a name or without scopes with a sentence", async () => {
    await expect(as(alice).account.tokens.create({ name: " ", scopes: ["documents:read"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as(alice).account.tokens.create({ name: "x", scopes: [] })).rejects.toThrow(/at least one scope/);
  });

  it("tells who is calling", async () => {
    expect(await as(alice).account.me()).toMatchObject({ id: alice.id, email: alice.email, via: "session", scopes: ["documents:read", "documents:write"] });
  });

  it("gives admin stats to admins only", async () => {
    await expect(as(alice).admin.stats()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const stats = await as(admin).admin.stats();
    expect(stats.users).toBeGreaterThanOrEqual(3);
    expect(stats.documents).toBeGreaterThanOrEqual(1);
    expect(stats.cache.layers.postgres).toBeDefined();
    expect(Object.keys(stats.queue).length).toBeGreaterThan(0);
  });

  it("ends every session of a user", async () => {
    const { db } = services();
    await db.session.create({ data: { userId: bob.id, token: "bob-session-1", expiresAt: new Date(Date.now() + 3_600_000) } });
    expect(await as(bob).account.signOutEverywhere()).toEqual({ sessionsEnded: 1 });
    expect(await db.session.count({ where: { userId: bob.id } })).toBe(0);
  });
});
