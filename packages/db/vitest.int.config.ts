import { vitestConfig } from "@docvault/vitest-config";

export default vitestConfig({ name: "db", kind: "int" });
