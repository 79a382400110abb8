import { vitestConfig } from "@docvault/vitest-config";

export default vitestConfig({ name: "telemetry", kind: "unit" });
