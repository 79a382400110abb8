// One lint configuration for every package: typescript-eslint's recommended rules plus the
// house rules of STYLE.md that a linter can check.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

/** A package may not import these (ARCHITECTURE.md: arrows point one way). */
const forbid = (groups, why) => ({
  files: ["**/*.ts", "**/*.tsx"],
  rules: { "no-restricted-imports": ["error", { patterns: [{ group: groups, message: why }] }] },
});

/** The package boundaries of ARCHITECTURE.md, one entry per package: a forbidden import fails lint. */
export const boundaries = {
  core: forbid(
    ["@docvault/*", "next", "next/*", "react", "react-dom", "@prisma/*", "bullmq", "ioredis"],
    "packages/core uses no other package of ours and nothing from Next, Prisma or BullMQ: the apps bring those.",
  ),
  db: forbid(
    ["@docvault/queue", "@docvault/telemetry", "@docvault/web", "@docvault/worker", "next", "next/*", "bullmq"],
    "packages/db may use packages/core, nothing else of ours.",
  ),
  queue: forbid(
    ["@docvault/web", "@docvault/worker", "next", "next/*", "@prisma/*"],
    "packages/queue serves both apps and imports neither (nor Next or Prisma: the database goes through packages/db).",
  ),
  telemetry: forbid(["@docvault/*", "next", "next/*", "@prisma/*", "bullmq"], "packages/telemetry is set-up only: it knows nothing of the domain or the apps."),
  client: forbid(
    ["@docvault/*", "!@docvault/client", "next", "next/*", "react", "react-dom", "@prisma/*", "bullmq", "ioredis"],
    "packages/client speaks to docvault over HTTP only: a script needs it and nothing else of ours.",
  ),
  web: forbid(["@docvault/worker", "bullmq"], "The web app never imports the worker; what they share lives in packages (queues through packages/queue)."),
  worker: forbid(["@docvault/web", "next", "next/*", "react", "react-dom"], "The worker never imports the web app; what they share lives in packages."),
};

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/generated/**", "**/*.config.*", "**/next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser }, parserOptions: { projectService: true } },
    rules: {
      // Promises the code forgets, or hands where a plain function is expected, lose errors silently.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read the environment only in env.ts (validated with zod)." }],
    },
  },
  // Plain JavaScript files (boot files, build scripts) are in no tsconfig: linted without types.
  { files: ["**/*.js", "**/*.mjs", "**/*.cjs"], ...tseslint.configs.disableTypeChecked },
  {
    // Test harnesses, scripts and example scripts configure processes through the environment on purpose.
    files: [
      "**/env.ts",
      "**/*.test.ts",
      "**/scripts/**",
      "**/examples/**",
      "**/*.config.ts",
      "**/testing/**",
      "support/**",
      "int/**",
      "e2e/**",
      "bench/**",
      "faults/**",
      "load/**",
      "bundle/**",
    ],
    rules: { "no-restricted-properties": "off" },
  },
);
