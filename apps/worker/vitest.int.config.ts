import { vitestConfig } from "@docvault/vitest-config";

export default vitestConfig({ name: "worker", kind: "int" });
