import { vitestConfig } from "@docvault/vitest-config";

// The whole-app files each start their own processes on a database, storage and ports of their own;
// the production server's spends five minutes trickling one upload, so the others run beside it.
export default vitestConfig({ name: "tests", kind: "int", parallelFiles: 2 });
