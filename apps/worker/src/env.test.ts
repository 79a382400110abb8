import { describe, expect, it } from "vitest";
import { readEnv } from "./env";

describe("worker environment", () => {
  it("names the missing variable", () => {
    expect(() => readEnv({})).toThrow(/DATABASE_URL/);
  });

  it("applies defaults and derives the storage directory", () => {
    const env = readEnv({ DATABASE_URL: "postgresql://u@127.0.0.1:5432/db", DOCVAULT_HOME: "/tmp/dv" });
    expect(env.WORKER_CONCURRENCY).toBe(1);
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.STORAGE_DIR).toBe("/tmp/dv/files");
  });

  it("lets every type but identity documents leave for Mistral unless ESCALATE_TYPES says otherwise, and names a type it does not know", () => {
    const base = { DATABASE_URL: "postgresql://u@h/db" };
    expect(readEnv(base).ESCALATE_TYPES).toEqual(["receipt", "invoice", "utility_bill", "other"]);
    expect(readEnv({ ...base, ESCALATE_TYPES: " invoice, passport " }).ESCALATE_TYPES).toEqual(["invoice", "passport"]);
    // Empty counts as unset, as for every variable.
    expect(readEnv({ ...base, ESCALATE_TYPES: "" }).ESCALATE_TYPES).toEqual(["receipt", "invoice", "utility_bill", "other"]);
    expect(() => readEnv({ ...base, ESCALATE_TYPES: "receipt,tax_form" })).toThrow(
      /ESCALATE_TYPES\.1: Invalid option: expected one of "drivers_license"\|"passport"/,
    );
  });

  it("takes a language model on an OpenAI-compatible server, and asks for its model by name", () => {
    const base = { DATABASE_URL: "postgresql://u@h/db", LLM_BASE_URL: "http://127.0.0.1:11434/v1" };
    expect(readEnv({ ...base, LLM_MODEL: "qwen2.5:7b" })).toMatchObject({ LLM_MODEL: "qwen2.5:7b", LLM_TIMEOUT_MS: 120_000 });
    expect(() => readEnv(base)).toThrow(/LLM_MODEL: LLM_BASE_URL is set/);
    expect(() => readEnv({ ...base, LLM_BASE_URL: "ollama on port 11434", LLM_MODEL: "m" })).toThrow(/LLM_BASE_URL must be a URL/);
  });

  it("refuses a concurrency that is not a positive number", () => {
    expect(() => readEnv({ DATABASE_URL: "postgresql://u@h/db", WORKER_CONCURRENCY: "zero" })).toThrow(/WORKER_CONCURRENCY/);
  });
});
