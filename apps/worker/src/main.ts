import { pino } from "pino";
import { stopIdentityReaders, stopTesseract } from "@docvault/core/engines";
import { readEnv } from "./env";
import { startWorker } from "./start-worker";

const env = readEnv();
const log = pino({ level: env.LOG_LEVEL, base: { service: "worker" } });
const running = await startWorker(env, log);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "worker stopping: finishing current jobs");
  await running.stop();
  await stopTesseract();
  await stopIdentityReaders();
  log.info("worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
