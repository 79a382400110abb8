// One lint configuration for every package: typescript-eslint's recommended rules plus the
// house rules of STYLE.md that a linter can check.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/generated/**", "**/*.config.*", "**/next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read the environment only in env.ts (validated with zod)." },
      ],
    },
  },
  {
    // Test harnesses and scripts configure processes through the environment on purpose.
    files: ["**/env.ts", "**/*.test.ts", "**/scripts/**", "**/*.config.ts", "**/testing/**", "support/**", "int/**", "e2e/**", "bench/**", "faults/**", "load/**"],
    rules: { "no-restricted-properties": "off" },
  },
);
