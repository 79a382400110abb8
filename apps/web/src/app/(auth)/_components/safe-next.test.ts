// Security table row #28 (security.int.test.ts): ?next= after sign-in never leaves the site.
import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next";

describe("the page after sign-in (?next=)", () => {
  // Values as URLSearchParams.get() hands them over, i.e. decoded once.
  const query = (raw: string) => new URLSearchParams(`next=${raw}`).get("next");

  it.each([
    ["/%09/evil.example", "a tab, which browsers drop"],
    ["/%0a/evil.example", "a newline"],
    ["/%0d/evil.example", "a carriage return"],
    ["//evil.example", "protocol-relative"],
    ["/\\evil.example", "a backslash, which browsers read as a slash"],
    ["/%5Cevil.example", "an encoded backslash"],
    ["%2F%2Fevil.example", "an encoded //"],
    ["/%252F%252Fevil.example", "a doubly encoded //"],
    ["https://evil.example/", "an absolute URL"],
    ["javascript:alert(1)", "a script URL"],
    ["/ /evil.example", "a space"],
    ["/%E2%80%A8/evil.example", "a line separator"],
    ["", "nothing"],
  ])("%s (%s) stays on the site: /", (raw) => {
    expect(safeNextPath(query(raw))).toBe("/");
  });

  it.each([
    ["/queue", "/queue"],
    ["/result?id=42", "/result?id=42"],
    ["/documents%3Fpage%3D2", "/documents?page=2"],
  ])("%s is followed", (raw, expected) => {
    expect(safeNextPath(query(raw))).toBe(expected);
  });
});
