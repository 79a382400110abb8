import { vitestConfig } from "@docvault/vitest-config";

export default vitestConfig({ name: "tests", kind: "int" });
