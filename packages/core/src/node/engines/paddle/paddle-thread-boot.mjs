// Worker threads do not inherit the TypeScript loader of the process that starts them: this
// plain-JavaScript entry registers tsx for the thread, then runs the thread's TypeScript module.
import { workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

await tsImport(workerData.entry, import.meta.url);
