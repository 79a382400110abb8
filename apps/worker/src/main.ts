// Tracing starts before anything loads pg or undici, so their instrumentation patches them.
import { createLogger, currentTraceId, flushErrors, initSentry, startTracing } from "@docvault/telemetry";
import { readEnv } from "./env";

const env = readEnv();
const tracing = startTracing({ serviceName: "docvault-worker", otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
initSentry({ dsn: env.SENTRY_DSN, service: "worker" });
const log = createLogger({
  service: "worker",
  level: env.LOG_LEVEL,
  mixin: () => {
    const traceId = currentTraceId();
    return traceId ? { traceId } : {};
  },
});
const { configureLocalOcr, stopLocalOcr } = await import("@docvault/core/engines");
const { stopIdentityReaders } = await import("@docvault/core/pipeline");
configureLocalOcr({ engine: env.OCR_ENGINE, pdfEngine: env.OCR_PDF_ENGINE, languages: env.OCR_LANGUAGES, threads: env.OCR_THREADS });
const { startWorker } = await import("./start-worker");
const running = await startWorker(env, log);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "worker stopping: finishing current jobs");
  await running.stop();
  await stopLocalOcr();
  await stopIdentityReaders();
  await flushErrors();
  await tracing.shutdown();
  log.info("worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
