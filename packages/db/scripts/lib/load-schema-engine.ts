// Loads @prisma/schema-engine-wasm in plain Node 20. The package's entry point imports the
// .wasm file as an ES module, which Node only allows behind --experimental-wasm-modules, so we
// instantiate the bytes ourselves and hand the instance to the package's JS glue.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

type TSchemaEngineModule = {
  SchemaEngine: typeof SchemaEngine;
  version: () => string;
};

// The strict base tsconfig has no DOM lib, so the WebAssembly global is typed here, minimally.
type TWebAssembly = {
  instantiate: (bytes: Uint8Array, imports: Record<string, object>) => Promise<{ instance: { exports: Record<string, unknown> } }>;
};

type TPanicRegistry = { message: string; set_message: (message: string) => void };

let loading: Promise<TSchemaEngineModule> | undefined;

/** The wasm schema engine module, instantiated once per process. */
export function loadSchemaEngine(): Promise<TSchemaEngineModule> {
  loading ??= instantiate();
  return loading;
}

async function instantiate(): Promise<TSchemaEngineModule> {
  // The glue reports Rust panics through this global; without it a panic becomes a TypeError.
  const globals = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: TPanicRegistry };
  globals.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: "",
    set_message(message: string) {
      this.message = `RuntimeError: ${message}`;
    },
  };

  const require = createRequire(import.meta.url);
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
  const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: TWebAssembly };
  const { instance } = await wasm.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start !== "function") throw new Error("@prisma/schema-engine-wasm: __wbindgen_start is missing");
  start();
  return { SchemaEngine: glue.SchemaEngine, version: glue.version };
}
