import { vitestConfig } from "@docvault/vitest-config";

export default vitestConfig({ name: "web", kind: "unit" });
