import { vitestConfig } from "@docvault/vitest-config";

export default vitestConfig({ name: "core", kind: "unit" });
