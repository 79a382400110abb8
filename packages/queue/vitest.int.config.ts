import { vitestConfig } from "@docvault/vitest-config";

export default vitestConfig({ name: "queue", kind: "int" });
