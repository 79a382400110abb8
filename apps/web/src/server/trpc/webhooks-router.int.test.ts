// The webhooks router against the real PostgreSQL: the secret is shown once, lists never carry it,
// bad URLs are refused, and another user can neither see nor delete a hook.
import { afterAll, describe, expect, it } from "vitest";
import { aUser } from "@docvault/db/testing/factories";
import { createTestServices } from "../testing/test-services";

const { services, callerFor: as, close } = await createTestServices("w");

const callerFor = async () => as(await aUser(services().db));

describe("webhooks router", () => {
  afterAll(close);

  it("creates with a secret shown once, lists without it, deletes; another user gets NOT_FOUND", async () => {
    const alice = await callerFor();
    const bob = await callerFor();
    const created = await alice.webhooks.create({ url: "https://example.test/hooks/docvault", events: ["job.completed"] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.events).toEqual(["job.completed"]);
    const listed = await alice.webhooks.list();
    expect(listed).toEqual([{ id: created.id, url: created.url, events: ["job.completed"], createdAt: created.createdAt }]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(await bob.webhooks.list()).toEqual([]);
    await expect(bob.webhooks.delete({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await alice.webhooks.delete({ id: created.id })).toEqual({ deleted: true });
    expect(await alice.webhooks.list()).toEqual([]);
  });

  it("refuses URLs that are not http(s)", async () => {
    const alice = await callerFor();
    await expect(alice.webhooks.create({ url: "file:///etc/passwd" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(alice.webhooks.create({ url: "not a url" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const both = await alice.webhooks.create({ url: "https://hooks.example.test/hook" });
    expect(both.events).toEqual(["job.completed", "job.failed"]);
  });

  it("refuses loopback, private and local addresses (SSRF), with the reason", async () => {
    const alice = await callerFor();
    for (const url of [
      "http://127.0.0.1:9/hook",
      "http://[::1]/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://10.0.0.5/x",
      "http://localhost:3000/x",
    ]) {
      await expect(alice.webhooks.create({ url }), url).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining("a private or loopback address"),
      });
    }
    expect(await alice.webhooks.list()).toEqual([]);
  });

  it("#39 refuses trailing-dot hosts (localhost., 127.0.0.1., printer.local.) as the names they are", async () => {
    const alice = await callerFor();
    for (const url of ["http://localhost./x", "http://localhost../x", "http://127.0.0.1./hook", "http://printer.local./x", "http://metadata.internal./x"]) {
      await expect(alice.webhooks.create({ url }), url).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining("a private or loopback address"),
      });
    }
    expect(await alice.webhooks.list()).toEqual([]);
  });
});
