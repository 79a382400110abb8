import { fileURLToPath } from "node:url";
import { vitestConfig } from "@docvault/vitest-config";

export default vitestConfig({ name: "web", kind: "int", alias: { "~": fileURLToPath(new URL("./src", import.meta.url)) } });
