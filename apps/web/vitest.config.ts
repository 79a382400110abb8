import { fileURLToPath } from "node:url";
import { vitestConfig } from "@docvault/vitest-config";

export default vitestConfig({ name: "web", kind: "unit", alias: { "~": fileURLToPath(new URL("./src", import.meta.url)) } });
