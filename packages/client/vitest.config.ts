import { vitestConfig } from "@docvault/vitest-config";

export default vitestConfig({ name: "client", kind: "unit" });
