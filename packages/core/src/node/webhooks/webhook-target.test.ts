import { describe, expect, it } from "vitest";
import { assertPublicWebhookTarget, isPrivateAddress, webhookUrlProblem } from "./webhook-target";

describe("webhook targets (SSRF guard)", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["172.20.0.5", true],
    ["192.168.1.10", true],
    ["169.254.169.254", true],
    ["100.64.1.1", true],
    ["0.0.0.0", true],
    ["::1", true],
    ["::", true],
    ["fd12:3456::1", true],
    ["fe80::1", true],
    ["::ffff:127.0.0.1", true],
    ["[::1]", true],
    ["not-an-ip", true],
    ["93.184.216.34", false],
    ["8.8.8.8", false],
    ["2606:4700:4700::1111", false],
    ["::ffff:8.8.8.8", false],
  ])("%s is private: %s", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it("refuses literal private hosts and names that resolve to one, with the address in the message", async () => {
    await expect(assertPublicWebhookTarget("http://127.0.0.1:8080/hook", { allowPrivate: false })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("127.0.0.1, a private or loopback address"),
    });
    await expect(assertPublicWebhookTarget("https://[::1]/hook", { allowPrivate: false })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // A public-looking name pointed at the metadata endpoint (or at two addresses, one private).
    const rebinding = async () => ["93.184.216.34", "169.254.169.254"];
    await expect(assertPublicWebhookTarget("https://hooks.example.com/x", { allowPrivate: false, resolve: rebinding })).rejects.toMatchObject({
      message: expect.stringContaining("169.254.169.254"),
    });
    const missing = async () => Promise.reject(new Error("ENOTFOUND"));
    await expect(assertPublicWebhookTarget("https://nowhere.invalid/x", { allowPrivate: false, resolve: missing })).rejects.toMatchObject({
      message: "The webhook host nowhere.invalid could not be found; check the URL.",
    });
  });

  it("from the URL alone: private literals and local names are refused, other names wait for delivery", () => {
    expect(webhookUrlProblem("http://localhost:3000/x")).toMatch(/localhost, a private or loopback address/);
    expect(webhookUrlProblem("http://printer.local/x")).toMatch(/printer.local/);
    expect(webhookUrlProblem("http://10.0.0.8/x")).toMatch(/10.0.0.8/);
    expect(webhookUrlProblem("https://hooks.example.com/x")).toBeNull();
    // A fully qualified name's trailing dot is the same host.
    expect(webhookUrlProblem("http://localhost./x")).toMatch(/localhost, a private or loopback address/);
    expect(webhookUrlProblem("http://printer.local./x")).toMatch(/printer.local/);
    expect(webhookUrlProblem("https://hooks.example.com./x")).toBeNull();
    expect(webhookUrlProblem("https://8.8.8.8/x")).toBeNull();
  });

  it("accepts public addresses, and anything when private targets are allowed", async () => {
    await expect(
      assertPublicWebhookTarget("https://hooks.example.com/x", { allowPrivate: false, resolve: async () => ["93.184.216.34"] }),
    ).resolves.toBeUndefined();
    await expect(assertPublicWebhookTarget("https://8.8.8.8/x", { allowPrivate: false })).resolves.toBeUndefined();
    await expect(assertPublicWebhookTarget("http://127.0.0.1:9/x", { allowPrivate: true })).resolves.toBeUndefined();
  });
});
