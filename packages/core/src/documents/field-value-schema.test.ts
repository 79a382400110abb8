import { describe, expect, it } from "vitest";
import { fieldValueSchema } from "./field-value-schema";

describe("fieldValueSchema", () => {
  it("gives the value schema of a field of a type", () => {
    const total = fieldValueSchema("receipt", "total");
    expect(total?.safeParse("12.50").success).toBe(true);
    expect(total?.safeParse("twelve").success).toBe(false);
    expect(total?.safeParse(null).success).toBe(true);
    expect(fieldValueSchema("passport", "dateOfBirth")?.safeParse("1990-02-31x").success).toBe(false);
  });

  it("is null for a field the type does not have, including inherited object keys", () => {
    expect(fieldValueSchema("receipt", "dateOfBirth")).toBeNull();
    expect(fieldValueSchema("receipt", "constructor")).toBeNull();
  });
});
